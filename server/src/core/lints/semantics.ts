import type { Interval } from '../analysis/interval.js';
import * as I from '../analysis/interval.js';
import type { Definition, LossInfo } from '../analysis/model.js';
import { diagnostic, type Diagnostic, type Fix, type RelatedInformation } from '../diagnostics/diagnostic.js';
import type * as A from '../syntax/ast.js';
import { unparen } from '../syntax/ast.js';
import { callsWithin, isAtomic, type LintContext } from './context.js';
import { additiveTerms, factors, type Factor, type Product, type Term } from './terms.js';
import { surelyUnbounded } from './unbounded.js';

// Lints about the loss as an objective to minimise, read from the algebraic shape of its return value
// (a signed sum of products, `let`s looked through) and the ranges of the parts:
// - weight-collapse: a learned value that only ever multiplies loss terms, with no counter-term;
// - negative-loss-weight: a loss term entering the sum with a negative constant weight;
// - kd-missing-t2: a term comparing temperature-softened distributions without the T² factor;
// - constant-loss: a return value that depends on no input and no learned value;
// - unbounded-below: whatever else makes the return value's range reach −∞.

const COMPARISONS = new Set(['==', '!=', '<', '<=', '>', '>=']);

export function semanticLints(ctx: LintContext, loss: A.LossDecl, info: LossInfo | undefined, out: Diagnostic[]): void {
  const ret = loss.body.find((s): s is A.ReturnStatement => s.kind === 'Return')?.value;
  if (!ret || ctx.isBroken(ret)) return;
  const name = loss.name?.name ?? 'this loss';

  if (constantLoss(ctx, loss, name, ret, out)) return;
  const terms = additiveTerms(ctx, ret);
  const products = terms.map((t) => factors(ctx, t.expr));
  let explained = weightCollapse(ctx, loss, ret, terms, products, out);
  explained = negativeWeights(ctx, terms, products, out) || explained;
  missingT2(ctx, terms, products, out);
  if (!explained && info?.scalar !== false) unboundedBelow(ctx, name, ret, terms, out);
}

/** A loss value: a builtin loss or combiner, a user loss, or a sum of those. */
function isLossy(ctx: LintContext, e: A.Expr): boolean {
  if (ctx.value(e)?.isLoss) return true;
  const u = ctx.see(e);
  if (u.kind === 'Call') {
    const d = ctx.calleeOf(u);
    return d?.kind === 'loss' || (d?.kind === 'builtin' && (d.builtin.category === 'loss' || d.builtin.category === 'combiner'));
  }
  if (u.kind === 'Binary' && (u.op === '+' || u.op === '-')) return isLossy(ctx, u.left) && isLossy(ctx, u.right);
  return false;
}

/** Adversarial objectives are meant to be unbounded and to maximise the other player's loss. */
function isAdversarial(ctx: LintContext, e: A.Expr): boolean {
  if (ctx.dependencies(e).some((d) => d.kind === 'param' && d.param.role?.name === 'critic')) return true;
  return callsWithin(ctx, e).some((c) => ctx.builtinOf(c)?.family === 'adversarial');
}

function mentions(ctx: LintContext, e: A.Expr, def: (d: Definition) => boolean): boolean {
  return ctx.dependencies(e).some(def);
}

/** The range of a product of factors (divisors inverted). */
function productRange(ctx: LintContext, fs: readonly Factor[]): Interval | undefined {
  let r: Interval = I.point(1);
  for (const f of fs) {
    const fr = ctx.value(f.expr)?.range ?? ctx.value(f.at)?.range;
    if (!fr) return undefined;
    r = f.power === 1 ? I.mul(r, fr) : I.div(r, fr);
  }
  return r;
}

function constantLoss(ctx: LintContext, loss: A.LossDecl, name: string, ret: A.Expr, out: Diagnostic[]): boolean {
  if (ctx.value(ret)?.constant === false) return false;
  const deps = ctx.dependencies(ret);
  const varying = deps.some((d) =>
    (d.kind === 'param' && d.param.role !== undefined) || d.kind === 'learn' || (d.kind === 'context' && d.value.role === 'weights'));
  // Calls of losses or builtins with learnable state (center's prototypes) vary even without inputs here.
  const stateful = callsWithin(ctx, ret).some((c) => {
    const d = ctx.calleeOf(c);
    return d?.kind === 'loss' ? !isConstantLossDecl(d.decl) : d?.kind === 'builtin' && d.builtin.learnable === true;
  });
  if (varying || stateful) return false;
  const inputs = loss.params.filter((p) => p.role);
  const related: RelatedInformation[] = inputs.map((p) => ({ span: p.name.span, message: `the input \`${p.name.name}\` is not used by the return value` }));
  out.push(diagnostic('constant-loss', ret.span,
    `\`${name}\` returns \`${ctx.quote(ret)}\`, which depends on no tensor input and no learned value: its gradient is 0 and training does nothing`,
    { related }));
  return true;
}

/** A called user loss is taken as varying unless it takes no tensor input at all. */
function isConstantLossDecl(decl: A.LossDecl): boolean {
  return !decl.params.some((p) => p.role) && !decl.body.some((s) => s.kind === 'Learn');
}

function weightCollapse(ctx: LintContext, loss: A.LossDecl, ret: A.Expr, terms: readonly Term[], products: readonly Product[], out: Diagnostic[]): boolean {
  let reported = false;
  for (const learn of loss.body) {
    if (learn.kind !== 'Learn') continue;
    const isThis = (d: Definition): boolean => d.kind === 'learn' && d.stmt === learn;
    const weightings: { factors: Factor[]; product: Product }[] = [];
    let elsewhere = false;
    terms.forEach((term, i) => {
      if (elsewhere || !mentions(ctx, term.expr, isThis)) return;
      const product = products[i];
      const lossFactors = product.factors.filter((f) => f.power === 1 && isLossy(ctx, f.expr));
      if (lossFactors.length === 0) {
        elsewhere = true; // a standalone term: the counter-term
        return;
      }
      const weighting: Factor[] = [];
      for (const f of product.factors) {
        if (!mentions(ctx, f.expr, isThis)) continue;
        if (lossFactors.includes(f)) elsewhere = true; // used inside a loss's arguments: not a weight
        else weighting.push(f);
      }
      if (weighting.length) weightings.push({ factors: weighting, product });
    });
    if (elsewhere || weightings.length === 0) continue;
    const first = weightings[0];
    const coefficient = productRange(ctx, first.factors);
    // A weight bounded away from 0 (`(1 + s^2) * L`) has a finite minimiser: no collapse.
    if (!coefficient || coefficient.lo > 0) continue;
    const name = learn.name.name;
    const weight = first.factors.map((f) => (f.power === 1 ? ctx.quote(f.at) : `1/${ctx.quote(f.at)}`)).join(' · ');
    const fixes = counterTermFix(ctx, ret, learn, first.factors, first.product);
    const advice = fixes.length
      ? `add the counter-term \`+ ${name}\` (Kendall et al. 2018)`
      : `weight the term by \`exp(-${name})\` and add the counter-term \`+ ${name}\` (Kendall et al. 2018), or use \`uncertainty(…)\``;
    out.push(diagnostic('weight-collapse', first.factors[0].at.span,
      `the learned \`${name}\` only weights loss terms (as \`${weight}\`, range ${I.format(coefficient)}) and appears in no term of its own: minimising the total drives that weight to 0 (or below) and switches the loss off; ${advice}`,
      { related: [{ span: learn.name.span, message: `\`${name}\` is learned here` }], fixes }));
    reported = true;
  }
  return reported;
}

/** For an `exp(-s)` (or `/exp(s)`) weight: append `+ c·s`, c the constant coefficient of the term. */
function counterTermFix(ctx: LintContext, ret: A.Expr, learn: A.LearnStatement, weighting: readonly Factor[], product: Product): Fix[] {
  if (weighting.length !== 1) return [];
  const w = weighting[0];
  const exp = ctx.builtinCall(w.expr, 'exp');
  if (!exp || exp.args.length !== 1) return [];
  const arg = unparen(exp.args[0].value);
  const isLearn = (e: A.Expr): boolean => {
    const d = ctx.binding(e);
    return d?.kind === 'learn' && d.stmt === learn;
  };
  const negated = arg.kind === 'Unary' && arg.op === '-' && isLearn(arg.operand);
  if (!(negated && w.power === 1) && !(isLearn(arg) && w.power === -1)) return [];
  const top = unparen(ret);
  if (top.kind === 'Binary' && COMPARISONS.has(top.op)) return [];
  let c = 1;
  for (const f of product.factors) {
    if (f === w || isLossy(ctx, f.expr)) continue;
    const v = ctx.value(f.expr)?.value;
    if (v === undefined || !Number.isFinite(v) || v === 0) return [];
    c *= f.power === 1 ? v : 1 / v;
  }
  if (c <= 0) return [];
  const name = learn.name.name;
  const term = c === 1 ? name : `${Number(c.toPrecision(6))} * ${name}`;
  return [{ title: `Add the counter-term \`+ ${term}\``, edits: [{ span: { start: ret.span.end, end: ret.span.end }, newText: ` + ${term}` }] }];
}

function negativeWeights(ctx: LintContext, terms: readonly Term[], products: readonly Product[], out: Diagnostic[]): boolean {
  let reported = false;
  terms.forEach((term, i) => {
    const product = products[i];
    const lossFactors = product.factors.filter((f) => f.power === 1 && isLossy(ctx, f.expr));
    if (lossFactors.length !== 1) return;
    const lossFactor = lossFactors[0];
    const others = product.factors.filter((f) => f !== lossFactor);
    // Only fixed weights: a learned or data-dependent coefficient is another lint's business.
    if (others.some((f) => ctx.value(f.expr)?.constant !== true)) return;
    const lossRange = ctx.value(lossFactor.expr)?.range ?? ctx.value(lossFactor.at)?.range;
    if (!lossRange || lossRange.lo < 0 || isAdversarial(ctx, lossFactor.expr)) return;
    const magnitude = productRange(ctx, others);
    if (!magnitude) return;
    const weight = term.sign * product.sign === 1 ? magnitude : I.neg(magnitude);
    if (weight.hi >= 0) return;
    const w = weight.lo === weight.hi ? `weight ${fmt(weight.lo)}` : `a negative weight (range ${I.format(weight)})`;
    out.push(diagnostic('negative-loss-weight', term.expr.span,
      `the loss term \`${ctx.quote(lossFactor.at)}\` (range ${I.format(lossRange)}) enters the total with ${w}: minimising the total maximises that term`));
    reported = true;
  });
  return reported;
}

interface Softened {
  readonly call: A.Call;
  /** The temperature expression as written in the division. */
  readonly temperature: A.Expr;
  readonly key: unknown;
}

function missingT2(ctx: LintContext, terms: readonly Term[], products: readonly Product[], out: Diagnostic[]): void {
  terms.forEach((term, i) => {
    const softened = callsWithin(ctx, term.expr).map((c) => softenedCall(ctx, c)).filter((s): s is Softened => s !== undefined);
    if (softened.length === 0) return;
    const byKey = new Map<unknown, Softened[]>();
    for (const s of softened) byKey.set(s.key, [...(byKey.get(s.key) ?? []), s]);
    const hasTeacher = ctx.dependencies(term.expr).some((d) => d.kind === 'param' && d.param.role?.name === 'teacher');
    const group = [...byKey.values()].find((g) => g.length >= 2 || hasTeacher);
    if (!group) return;
    const t = group[0].temperature;
    const product = products[i];
    const holder = product.factors.find((f) => callsWithin(ctx, f.at).some((c) => group.some((s) => s.call === c)));
    const power = product.factors.filter((f) => f !== holder).reduce((sum, f) => sum + temperaturePower(ctx, f, group[0].key, t), 0);
    if (power >= 2) return;
    const at = holder?.at ?? term.expr;
    const tText = isAtomic(unparen(t)) ? ctx.source(t.span) : `(${ctx.source(t.span)})`;
    const range = ctx.value(t)?.range;
    const fixes: Fix[] = holder && holder.power === 1 && power === 0
      ? [{ title: `Multiply by ${tText}^2`, edits: [{ span: { start: at.span.start, end: at.span.start }, newText: `${tText}^2 * ` }] }]
      : [];
    out.push(diagnostic('kd-missing-t2', at.span,
      `\`${ctx.quote(at)}\` compares distributions softened by the temperature \`${ctx.quote(t)}\`${range && range.lo !== range.hi ? ` (up to ${fmt(range.hi)})` : ''} but is not multiplied by ${tText}^2: its gradient shrinks as 1/T², so the soft term fades as T grows (Hinton et al. 2015)`,
      { related: group.map((s) => ({ span: s.call.span, message: `softened by \`${ctx.quote(t)}\` here` })), fixes }));
  });
}

/** softmax(z / T), log_softmax(z / T), sigmoid(z / T) with a constant T that can exceed 1. */
function softenedCall(ctx: LintContext, c: A.Call): Softened | undefined {
  const b = ctx.builtinOf(c);
  if (!b || (b.resultRole !== 'probs' && b.resultRole !== 'logprobs')) return undefined;
  const first = c.args.find((a) => !a.name)?.value;
  if (!first) return undefined;
  const x = ctx.see(first);
  if (x.kind !== 'Binary' || x.op !== '/') return undefined;
  const info = ctx.value(x.right);
  if (!info?.constant || info.scalar === false || !(info.range.hi > 1)) return undefined;
  return { call: c, temperature: x.right, key: temperatureKey(ctx, x.right) };
}

/** Identity of a temperature: the definition it names, or its literal value. */
function temperatureKey(ctx: LintContext, e: A.Expr): unknown {
  const s = ctx.see(e);
  if (s.kind === 'Name') return ctx.definitionOf(s) ?? `name:${s.name}`;
  if (s.kind === 'Number') return `number:${s.value}`;
  return `text:${ctx.source(s.span).replace(/\s+/g, '')}`;
}

/** How many times the factor multiplies by T: T → 1, T^2 / square(T) → 2, a literal equal to T² → 2. */
function temperaturePower(ctx: LintContext, f: Factor, key: unknown, t: A.Expr): number {
  const e = f.expr;
  const isT = (x: A.Expr): boolean => temperatureKey(ctx, x) === key;
  let k = 0;
  if (isT(e)) k = 1;
  else if (e.kind === 'Binary' && (e.op === '^' || e.op === '**') && isT(e.left)) k = ctx.value(e.right)?.value ?? 0;
  else if (ctx.builtinCall(e, 'square')?.args.length === 1 && isT((e as A.Call).args[0].value)) k = 2;
  else {
    // A number equal to T² counts only when T is one fixed number (not a hyperparameter with a range).
    const tr = ctx.value(t)?.range;
    const v = ctx.value(e)?.value;
    if (tr && tr.lo === tr.hi && v !== undefined && tr.lo > 1) {
      if (Math.abs(v - tr.lo * tr.lo) < 1e-9 * v) k = 2;
      else if (Math.abs(v - tr.lo) < 1e-9 * v) k = 1;
    }
  }
  return k * f.power;
}

function unboundedBelow(ctx: LintContext, name: string, ret: A.Expr, terms: readonly Term[], out: Diagnostic[]): void {
  const r = ctx.value(ret)?.range;
  if (!r || r.lo !== -Infinity || !surelyUnbounded(ctx, ret, 1)) return;
  const culprits = terms.filter((t) => surelyUnbounded(ctx, t.expr, t.sign));
  // Adversarial objectives are bounded by the other player, not by their own terms.
  if (culprits.length > 0 && culprits.every((t) => isAdversarial(ctx, t.expr))) return;
  if (culprits.length === 0 && isAdversarial(ctx, ret)) return;
  const related: RelatedInformation[] = culprits.filter((t) => t.expr.span.start !== ret.span.start || t.expr.span.end !== ret.span.end).slice(0, 3).map((t) => ({
    span: t.expr.span,
    message: `${t.sign === 1 ? '' : '−'}\`${ctx.quote(t.expr)}\` has no lower bound (range ${I.format(t.sign === 1 ? ctx.value(t.expr)!.range : I.neg(ctx.value(t.expr)!.range))})`,
  }));
  out.push(diagnostic('unbounded-below', ret.span,
    `\`${name}\` can decrease without bound: its value ranges over ${I.format(r)}, so minimising it diverges instead of fitting the data`,
    { related }));
}

function fmt(x: number): string {
  return x === Infinity ? '∞' : x === -Infinity ? '−∞' : String(Number(x.toPrecision(4))).replace('-', '−');
}
