import type { BuiltinFunction, BuiltinParam } from '../core/builtins/types.js';
import type * as A from '../core/syntax/ast.js';

// Signatures as text, the way they are written in `.loss`: shared by hover, completion, signature help and
// the outline so that all of them show a function the same way.

export function paramText(p: A.Parameter, text: string): string {
  let s = p.name.name;
  if (p.role) s += `: ${p.role.name}`;
  if (p.defaultValue) s += ` = ${text.slice(p.defaultValue.span.start, p.defaultValue.span.end)}`;
  if (p.range) s += ` in [${text.slice(p.range.lo.span.start, p.range.lo.span.end)}, ${text.slice(p.range.hi.span.start, p.range.hi.span.end)}]`;
  return s;
}

export function lossSignature(decl: A.LossDecl, text: string): string {
  return `loss ${decl.name?.name ?? '?'}(${decl.params.map((p) => paramText(p, text)).join(', ')})`;
}

export function builtinParamText(p: BuiltinParam): string {
  let s = p.name;
  // Many builtins accept every score-like role; the first ones say enough in a one-line signature.
  if (p.kind === 'tensor' && p.roles?.length) s += `: ${p.roles.length > 3 ? `${p.roles.slice(0, 2).join('|')}|…` : p.roles.join('|')}`;
  else if (p.kind === 'loss') s += ': loss';
  else if (p.kind === 'wrt') s += ': input';
  if (p.default !== undefined) s += ` = ${formatDefault(p.default)}`;
  if (p.variadic) s += ', …';
  return s;
}

export function formatDefault(v: number | string | boolean | null): string {
  if (v === null) return 'none';
  if (typeof v === 'string') return JSON.stringify(v);
  return String(v);
}

export function builtinSignature(b: BuiltinFunction): string {
  return `${b.name}(${b.params.map(builtinParamText).join(', ')})`;
}

/** `[0, 5]` with ∞ for open ends. */
export function intervalText(r: readonly [number, number]): string {
  const f = (x: number): string => (x === Infinity ? '∞' : x === -Infinity ? '−∞' : String(x));
  return `[${f(r[0])}, ${f(r[1])}]`;
}
