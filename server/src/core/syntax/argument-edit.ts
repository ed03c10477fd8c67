import type { TextEdit } from '../diagnostics/diagnostic.js';
import type * as A from './ast.js';

/**
 * The edit that gives a constructor one more argument: `mlp` → `mlp(dropout=0.1)`,
 * `mlp(hidden=[8])` → `mlp(hidden=[8], dropout=0.1)`. Undefined for anything else, and for a call whose
 * `)` is missing (its syntax error comes first).
 */
export function addArgument(e: A.Expr, argument: string, text: string): TextEdit | undefined {
  if (e.kind === 'Name') return { span: e.span, newText: `${e.name}(${argument})` };
  if (e.kind !== 'Call') return undefined;
  const close = e.argsSpan.end - 1;
  if (text[close] !== ')') return undefined;
  return { span: { start: close, end: close }, newText: e.args.length ? `, ${argument}` : argument };
}
