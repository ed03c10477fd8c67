import assert from 'node:assert/strict';
import { analyze } from '../../src/core/analysis/analyze.js';
import type { BuiltinFunction } from '../../src/core/builtins/types.js';
import { lookupFunction } from '../../src/core/builtins/table.js';
import { exprToLatex, lossToLatex, lossLatexDocumentFragment, type LatexContext } from '../../src/core/latex/index.js';
import type { LossDecl } from '../../src/core/syntax/ast.js';
import { parse } from '../../src/core/syntax/parse.js';
import { expectInline } from './expect-inline.js';

// Test drivers. They live outside the *.test.ts files so that expect-inline's call-site lookup lands on
// the test's own line (the first stack frame in a .test.ts file).

export interface CheckOptions {
  /** Parameters of the wrapping loss (`x: real` by default). */
  readonly params?: string;
  /** Extra declarations after the loss (user losses the expression calls). */
  readonly extra?: string;
  /** Builtin records that replace or extend the table for this check. */
  readonly builtins?: readonly BuiltinFunction[];
  /** Resolve names through `analyze` instead of the AST alone. */
  readonly analyzed?: boolean;
}

function lossOf(src: string, options: CheckOptions): { decl: LossDecl; ctx: LatexContext } {
  // With `analyzed`, the analysis's own AST is rendered: its references are keyed by those nodes' spans.
  const analysis = options.analyzed ? analyze(src) : undefined;
  const file = analysis?.file ?? parse(src).file;
  const decl = file.declarations.find((d): d is LossDecl => d.kind === 'Loss');
  assert.ok(decl, `no loss in ${src}`);
  const overrides = new Map((options.builtins ?? []).map((b) => [b.name, b]));
  const ctx: LatexContext = {
    file,
    loss: decl,
    ...(analysis ? { analysis } : {}),
    ...(overrides.size ? { lookupBuiltin: (n: string) => overrides.get(n) ?? lookupFunction(n) } : {}),
  };
  return { decl, ctx };
}

/** The TeX of the expression `expr` written as the body of `loss f(params) = expr`. */
export function texOf(expr: string, options: CheckOptions = {}): string {
  const src = `loss f(${options.params ?? 'x: real'}) = ${expr}\n${options.extra ?? ''}`;
  const { decl, ctx } = lossOf(src, options);
  const ret = decl.body.find((s) => s.kind === 'Return');
  assert.ok(ret && ret.kind === 'Return', `no return in ${src}`);
  return exprToLatex(ret.value, ctx);
}

export function checkExpr(expr: string, expected: string, options: CheckOptions = {}): void {
  expectInline(texOf(expr, options), expected);
}

/** `formula` and `where` lines of the first loss in `src`, one per line. */
export function checkLoss(src: string, expected: string, options: CheckOptions = {}): void {
  const { decl, ctx } = lossOf(src, options);
  const r = lossToLatex(decl, ctx);
  expectInline([r.formula, ...r.where.map((w) => `where ${w}`)].join('\n'), expected);
}

export function checkFragment(src: string, expected: string, environment: 'align*' | 'aligned' = 'align*'): void {
  const { decl, ctx } = lossOf(src, {});
  expectInline(lossLatexDocumentFragment(decl, ctx, { environment }), expected);
}
