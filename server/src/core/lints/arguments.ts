import type { Interval } from '../analysis/interval.js';
import { format } from '../analysis/interval.js';
import { diagnostic, type Diagnostic, type RelatedInformation } from '../diagnostics/diagnostic.js';
import type * as A from '../syntax/ast.js';
import { unparen, walkExpr } from '../syntax/ast.js';
import { bindArguments, type LintContext } from './context.js';

// argument-out-of-range: a hyperparameter passed to a builtin outside the record's `valid` interval (an
// error when the value is known) or its `recommended` one (a warning), and a value passed to a user loss
// outside the range that loss declares (`gamma = 2 in [0, 5]`).

export function argumentRangeLints(ctx: LintContext, root: A.Expr, out: Diagnostic[]): void {
  walkExpr(root, (e) => {
    if (e.kind !== 'Call') return;
    const d = ctx.calleeOf(e);
    if (d?.kind === 'builtin') checkBuiltinCall(ctx, e, d.builtin.name, d.builtin.params, out);
    else if (d?.kind === 'loss') checkLossCall(ctx, e, d.decl, out);
  });
}

type BuiltinParams = Parameters<typeof bindArguments>[1];

function checkBuiltinCall(ctx: LintContext, call: A.Call, fn: string, params: BuiltinParams, out: Diagnostic[]): void {
  const bound = bindArguments(call, params);
  for (const p of params) {
    if (p.kind !== 'hyper' || (!p.valid && !p.recommended)) continue;
    for (const arg of bound.get(p.name) ?? []) {
      const known = knownNumber(ctx, arg);
      const range = known !== undefined ? { lo: known, hi: known } : constantRange(ctx, arg);
      if (!range) continue;
      const what = known !== undefined ? `\`${p.name}\` = ${fmt(known)}` : `\`${p.name}\` (\`${ctx.quote(arg)}\`, range ${format(range)})`;
      const valid = p.valid && toInterval(p.valid);
      const recommended = p.recommended && toInterval(p.recommended);
      if (valid && outside(range, valid)) {
        out.push(diagnostic('argument-out-of-range', arg.span, `${what} is outside the valid range ${format(valid)} of \`${fn}\``, { severity: 'error' }));
      } else if (valid && partlyOutside(range, valid)) {
        out.push(diagnostic('argument-out-of-range', arg.span, `${what} can leave the valid range ${format(valid)} of \`${fn}\``));
      } else if (recommended && known !== undefined && outside(range, recommended)) {
        out.push(diagnostic('argument-out-of-range', arg.span, `${what} is outside the range ${format(recommended)} recommended for \`${fn}\``));
      }
    }
  }
}

function checkLossCall(ctx: LintContext, call: A.Call, decl: A.LossDecl, out: Diagnostic[]): void {
  let position = 0;
  for (const a of call.args) {
    const p = a.name ? decl.params.find((q) => q.name.name === a.name!.name) : decl.params[position++];
    if (!p?.range || p.role) continue;
    const lo = knownNumber(ctx, p.range.lo);
    const hi = knownNumber(ctx, p.range.hi);
    if (lo === undefined || hi === undefined || lo > hi) continue;
    const declared = { lo, hi };
    const known = knownNumber(ctx, a.value);
    const range = known !== undefined ? { lo: known, hi: known } : constantRange(ctx, a.value);
    if (!range || !partlyOutside(range, declared)) continue;
    const what = known !== undefined ? `\`${p.name.name}\` = ${fmt(known)}` : `\`${p.name.name}\` (range ${format(range)})`;
    const related: RelatedInformation[] = !isImported(ctx, decl)
      ? [{ span: p.range.span, message: `\`${decl.name?.name ?? 'the loss'}\` declares \`${p.name.name}\` ${ctx.source(p.range.span)}` }]
      : [];
    out.push(diagnostic('argument-out-of-range', a.value.span,
      `${what} ${outside(range, declared) ? 'is outside' : 'can leave'} the range ${format(declared)} that \`${decl.name?.name ?? 'the loss'}\` declares for it`,
      { related }));
  }
}

/** A loss declared in another file: its spans do not belong to this document. */
function isImported(ctx: LintContext, decl: A.LossDecl): boolean {
  return !ctx.analysis.file.declarations.includes(decl);
}

/** The number an argument certainly is: from the analysis, else a literal (trial fields may lack values). */
export function knownNumber(ctx: LintContext, e: A.Expr): number | undefined {
  const v = ctx.value(e)?.value;
  if (v !== undefined) return v;
  const u = unparen(e);
  if (u.kind === 'Number') return u.value;
  if (u.kind === 'Unary') {
    const x = knownNumber(ctx, u.operand);
    return x === undefined ? undefined : u.op === '-' ? -x : x;
  }
  return undefined;
}

function constantRange(ctx: LintContext, e: A.Expr): Interval | undefined {
  const info = ctx.value(e);
  return info?.constant ? info.range : undefined;
}

const toInterval = ([lo, hi]: readonly [number, number]): Interval => ({ lo, hi });
const outside = (r: Interval, allowed: Interval): boolean => r.hi < allowed.lo || r.lo > allowed.hi;
const partlyOutside = (r: Interval, allowed: Interval): boolean => r.lo < allowed.lo || r.hi > allowed.hi;

function fmt(x: number): string {
  return String(Number(x.toPrecision(6)));
}
