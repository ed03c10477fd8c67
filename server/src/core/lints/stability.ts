import type { Interval } from '../analysis/interval.js';
import { format, reachesZero } from '../analysis/interval.js';
import { diagnostic, type Diagnostic, type Fix, type RelatedInformation } from '../diagnostics/diagnostic.js';
import type { ValueInfo } from '../analysis/model.js';
import type { BuiltinFunction } from '../builtins/types.js';
import type * as A from '../syntax/ast.js';
import { unparen, walkExpr } from '../syntax/ast.js';
import { isAtomic, type LintContext } from './context.js';
import { rangeOrigins } from './origins.js';

// Numerical-stability lints, found by the range (interval/sign) analysis: a singular point of a builtin
// (log, sqrt: the record's `singularAt`) inside the argument's range, a divisor whose range reaches 0, an
// exp whose argument is unbounded above, a power with exponent below 1 on a base that reaches 0, and the
// naive forms of log-sigmoid / log-softmax whose stable builtins exist.

/** exp overflows float32 (max ≈ 3.4e38) above this argument. */
export const EXP_OVERFLOW_AT = Math.log(3.4028234663852886e38);

/** The clamp floors the quick fixes insert (Keras/tfjs epsilon for log and division, F.normalize's for sqrt). */
const LOG_EPS = '1e-7';
const SQRT_EPS = '1e-12';

const canReachZeroOrBelow = (r: Interval): boolean => r.lo <= 0;

export function stabilityLints(ctx: LintContext, loss: A.LossDecl, out: Diagnostic[]): void {
  for (const s of loss.body) {
    walkExpr(s.kind === 'Learn' ? s.init : s.value, (e) => {
      if (e.kind === 'Call') checkCall(ctx, e, out);
      else if (e.kind === 'Binary' && e.op === '/') checkDivision(ctx, e, out);
      else if (e.kind === 'Binary' && (e.op === '^' || e.op === '**')) checkPower(ctx, e, out);
    });
  }
}

function checkCall(ctx: LintContext, call: A.Call, out: Diagnostic[]): void {
  const b = ctx.builtinOf(call);
  if (!b) return;
  const first = call.args.find((a) => !a.name)?.value;
  if (!first) return;
  if (b.name === 'log' && naiveLogForm(ctx, call, first, out)) return;
  if (b.singularAt) checkSingular(ctx, call, b, first, out);
  if (b.name === 'exp') checkExp(ctx, call, first, out);
}

/** log(sigmoid(z)), log(softmax(z)), log(1 − sigmoid(z)), also through `let`s: reports and returns true. */
function naiveLogForm(ctx: LintContext, log: A.Call, arg: A.Expr, out: Diagnostic[]): boolean {
  const via: A.LetStatement[] = [];
  const inner = ctx.see(arg, via);
  const related = (what: A.Expr): RelatedInformation[] => [
    ...via.map((l) => ({ span: l.name.span, message: `\`${l.name.name}\` = ${ctx.quote(l.value)}` })),
    ...(via.length ? [{ span: what.span, message: `\`${ctx.quote(what)}\` is computed here` }] : []),
  ];
  // `p` = sigmoid(z) when the argument is written through a `let`, else just `sigmoid(z)`.
  const named = (what: string): string => (ctx.quote(arg) === what ? `\`${what}\`` : `\`${ctx.quote(arg)}\` = ${what}`);
  const replaceLog = (title: string, newText: string): Fix[] => [{ title, edits: [{ span: log.span, newText }], preferred: true }];

  const sigmoid = ctx.builtinCall(inner, 'sigmoid');
  if (sigmoid) {
    const z = soleArgument(sigmoid);
    if (!z) return false;
    out.push(diagnostic('unstable-log-sigmoid', log.span,
      `log of ${named(`sigmoid(${ctx.quote(z)})`)}: sigmoid underflows to 0 for very negative logits (float32: below about −88), where the log is −∞; log_sigmoid(${ctx.quote(z)}) computes the same value stably`,
      { related: related(inner), fixes: replaceLog(`Use log_sigmoid(${ctx.quote(z)})`, `log_sigmoid(${ctx.source(z.span)})`) }));
    return true;
  }
  const softmax = ctx.builtinCall(inner, 'softmax');
  if (softmax) {
    const args = ctx.source(softmax.argsSpan);
    out.push(diagnostic('unstable-log-softmax', log.span,
      `log of ${named(ctx.quote(softmax))}: a probability that underflows to 0 makes the log −∞; log_softmax computes z − logsumexp(z) stably`,
      { related: related(inner), fixes: args.endsWith(')') ? replaceLog('Use log_softmax', `log_softmax${args}`) : [] }));
    return true;
  }
  if (inner.kind === 'Binary' && inner.op === '-' && isOne(inner.left)) {
    const via2: A.LetStatement[] = [];
    const s = ctx.see(inner.right, via2);
    via.push(...via2);
    const sigmoid1m = ctx.builtinCall(s, 'sigmoid');
    if (sigmoid1m) {
      const z = soleArgument(sigmoid1m);
      if (!z) return false;
      const negZ = negatedSource(ctx, z);
      out.push(diagnostic('unstable-log1m-sigmoid', log.span,
        `log of ${named(`1 - sigmoid(${ctx.quote(z)})`)}: the difference rounds to 0 for logits above about 17 (float32), where the log is −∞; log_sigmoid(${negZ}) is the same value, computed stably`,
        { related: related(s), fixes: replaceLog(`Use log_sigmoid(${negZ})`, `log_sigmoid(${negZ})`) }));
      return true;
    }
  }
  return false;
}

function checkSingular(ctx: LintContext, call: A.Call, b: BuiltinFunction, arg: A.Expr, out: Diagnostic[]): void {
  const r = ctx.value(arg)?.range;
  if (!r || !canReachZeroOrBelow(r) || ctx.isBroken(arg)) return;
  const isLogLike = b.singularAt === 'zero';
  const what = `${b.name} of \`${ctx.quote(arg)}\`, whose range ${format(r)}`;
  const message = isLogLike
    ? r.hi <= 0
      ? `${what} is never positive: the value is −∞ or NaN`
      : `${what} reaches ${r.lo < 0 ? 'below ' : ''}0: the value is −∞${r.lo < 0 ? ' (NaN below 0)' : ''} and the gradient infinite there`
    : `${what} reaches ${r.lo < 0 ? 'below ' : ''}0: the gradient is infinite at 0${r.lo < 0 ? ' and the value NaN below it' : ''}`;
  const eps = isLogLike ? LOG_EPS : SQRT_EPS;
  // Clamping the argument is only the same function for an elementwise builtin (not for a norm).
  const fixes: Fix[] = b.result === 'elementwise'
    ? [{ title: `Clamp the argument: ${b.name}(clamp(${ctx.quote(arg, 24)}, lo=${eps}))`, edits: [{ span: arg.span, newText: `clamp(${ctx.source(arg.span)}, lo=${eps})` }] }]
    : [];
  out.push(diagnostic(isLogLike ? 'log-of-zero' : 'sqrt-at-zero', arg.span, message, { related: rangeOrigins(ctx, arg, canReachZeroOrBelow), fixes }));
}

function checkExp(ctx: LintContext, call: A.Call, arg: A.Expr, out: Diagnostic[]): void {
  const info = ctx.value(arg);
  if (!info || info.range.hi <= EXP_OVERFLOW_AT || ctx.isBroken(arg)) return;
  // exp(−s) of a learned scalar (uncertainty weighting's log-variance) stays finite when the loss has its
  // counter-term; when it does not, weight-collapse says so. Only tensor data can overflow here.
  if (isLearnedScalar(ctx, arg, info)) return;
  const bound = info.range.hi === Infinity ? `is unbounded above (range ${format(info.range)})` : `reaches ${format(info.range)}`;
  out.push(diagnostic('exp-overflow', arg.span,
    `exp of \`${ctx.quote(arg)}\`, which ${bound}: float32 exp overflows to Infinity above ${EXP_OVERFLOW_AT.toFixed(1)}, and Infinity turns into NaN downstream`,
    { related: rangeOrigins(ctx, arg, (r) => r.hi > EXP_OVERFLOW_AT) }));
}

function checkDivision(ctx: LintContext, e: A.Binary, out: Diagnostic[]): void {
  const info = ctx.value(e.right);
  const r = info?.range;
  if (!info || !r || !reachesZero(r) || ctx.isBroken(e.right)) return;
  // A function of a learned scalar (`2 * exp(s)`) stays finite, so it meets an end of its range like
  // [0, ∞] only in the limit; it can be exactly 0 only by crossing it, when the range spans both signs.
  if (isLearnedScalar(ctx, e.right, info) && !(r.lo < 0 && r.hi > 0)) return;
  const text = ctx.source(unparen(e.right).span);
  // A clamp keeps the divisor's sign only when the sign is known.
  const fixes: Fix[] =
    r.lo >= 0 && r.hi > 0 ? [{ title: `Clamp the divisor: clamp(${ctx.quote(e.right, 24)}, lo=${LOG_EPS})`, edits: [{ span: e.right.span, newText: `clamp(${text}, lo=${LOG_EPS})` }] }]
    : r.hi <= 0 && r.lo < 0 ? [{ title: `Clamp the divisor: clamp(${ctx.quote(e.right, 24)}, hi=-${LOG_EPS})`, edits: [{ span: e.right.span, newText: `clamp(${text}, hi=-${LOG_EPS})` }] }]
    : [];
  const message = r.lo === 0 && r.hi === 0
    ? `division by \`${ctx.quote(e.right)}\`, which is always 0`
    : `division by \`${ctx.quote(e.right)}\`, whose range ${format(r)} reaches 0: the quotient and its gradient are infinite or NaN there`;
  out.push(diagnostic('division-by-zero', e.right.span, message, { related: rangeOrigins(ctx, e.right, reachesZero), fixes }));
}

function checkPower(ctx: LintContext, e: A.Binary, out: Diagnostic[]): void {
  const base = ctx.value(e.left)?.range;
  const exponent = ctx.value(e.right)?.range;
  if (!base || !exponent || !reachesZero(base) || exponent.lo >= 1 || ctx.isBroken(e)) return;
  const exp = unparen(e.right);
  const expText = exponent.lo === exponent.hi ? `the exponent is ${fmt(exponent.lo)}` : `the exponent \`${ctx.quote(e.right)}\` can be below 1 (range ${format(exponent)})`;
  const related = rangeOrigins(ctx, e.left, reachesZero);
  if (exp.kind === 'Name') related.push(...rangeOrigins(ctx, exp, (r) => r.lo < 1).filter((o) => !related.some((x) => x.span.start === o.span.start)));
  out.push(diagnostic('pow-nan-gradient', e.span,
    `\`${ctx.quote(e)}\`: the base \`${ctx.quote(e.left)}\` can reach 0 (range ${format(base)}) and ${expText}: the gradient γ·b^(γ−1) is infinite or NaN where the base is 0`,
    { related }));
}

/** A scalar computed from `learn` values (and constants) only: a log-variance, a learned weight. */
function isLearnedScalar(ctx: LintContext, e: A.Expr, info: ValueInfo): boolean {
  if (info.scalar !== true || info.learns.size === 0) return false;
  return ctx.dependencies(e).every((d) => d.kind === 'learn' || (d.kind === 'param' && !d.param.role) || d.kind === 'constant');
}

function soleArgument(c: A.Call): A.Expr | undefined {
  return c.args.length === 1 && !c.args[0].name ? c.args[0].value : undefined;
}

/** The literal 1 (a hyperparameter whose default is 1 is not: the rewrite must hold for every value). */
function isOne(e: A.Expr): boolean {
  const u = unparen(e);
  return u.kind === 'Number' && u.value === 1;
}

/** Source text of −z, without double negation and with parentheses where precedence needs them. */
function negatedSource(ctx: LintContext, z: A.Expr): string {
  const u = unparen(z);
  if (u.kind === 'Unary' && u.op === '-') return ctx.source(u.operand.span);
  return isAtomic(z) || z.kind === 'Binary' && z.op === '^' ? `-${ctx.source(z.span)}` : `-(${ctx.source(z.span)})`;
}

function fmt(x: number): string {
  return String(Number(x.toPrecision(4)));
}
