import type { Interval } from '../analysis/interval.js';
import { ROLES } from '../builtins/roles.js';
import type * as A from '../syntax/ast.js';
import { unparen } from '../syntax/ast.js';
import type { LintContext } from './context.js';

// "Is this expression surely unbounded below?" — the confirmation behind `unbounded-below`.
//
// Interval arithmetic is sound but not exact: it forgets that the two `z`s of `logsumexp(z) - gather(z, y)`
// are the same tensor, so that expression (cross-entropy, ≥ 0) gets the range [−∞, ∞]. A warning that the
// loss "can decrease without bound" must not rest on such an artefact. This pass follows the expression
// and answers yes only along paths where the missing bound is certain: an unbounded input passed through
// increasing functions, sums with a term bounded on the other side, products with a constant or an
// independent factor of known sign, and the functions whose own range is unbounded (log_softmax,
// log_sigmoid, log of a probability). Anything it cannot vouch for (a ratio of dependent quantities, a
// loss call, a learned scalar) counts as bounded.

/** Answers already given, per expression and direction: `let`s share subexpressions, so without it the walk could be exponential. */
const memo = new WeakMap<LintContext, Map<A.Expr, boolean>[]>();

/** s = +1: is `e` surely unbounded below? s = −1: surely unbounded above? */
export function surelyUnbounded(ctx: LintContext, e: A.Expr, s: 1 | -1, depth = 0): boolean {
  if (depth > 48) return false;
  let tables = memo.get(ctx);
  if (!tables) memo.set(ctx, (tables = [new Map(), new Map()]));
  const table = tables[s === 1 ? 0 : 1];
  const known = table.get(e);
  if (known !== undefined) return known;
  table.set(e, false); // a cycle (impossible in valid code) answers "not sure"
  const answer = decide(ctx, e, s, depth);
  table.set(e, answer);
  return answer;
}

function decide(ctx: LintContext, e: A.Expr, s: 1 | -1, depth: number): boolean {
  const range = ctx.value(e)?.range;
  if (!range || !open(range, s)) return false;
  const x = unparen(e);
  const again = (y: A.Expr, t: 1 | -1): boolean => surelyUnbounded(ctx, y, t, depth + 1);
  switch (x.kind) {
    case 'Name': {
      const d = ctx.definitionOf(x);
      if (d?.kind === 'let') return again(d.stmt.value, s);
      if (d?.kind === 'param' && d.param.role) {
        const role = d.param.role.name as keyof typeof ROLES;
        return role in ROLES && open(ROLES[role].values, s);
      }
      return d?.kind === 'context' && d.value.role !== undefined;
    }
    case 'Unary':
      return again(x.operand, x.op === '-' ? flip(s) : s);
    case 'Binary': {
      const l = ctx.value(x.left)?.range;
      const r = ctx.value(x.right)?.range;
      if (!l || !r) return false;
      switch (x.op) {
        case '+': return (again(x.left, s) && closedOpposite(r, s)) || (again(x.right, s) && closedOpposite(l, s));
        case '-': return (again(x.left, s) && closedOpposite(negate(r), s)) || (again(x.right, flip(s)) && closedOpposite(l, s));
        case '*': return scaled(ctx, x.left, x.right, s, depth) || scaled(ctx, x.right, x.left, s, depth);
        case '/': {
          const c = ctx.value(x.right);
          return c?.constant === true && signOf(c.range) !== 0 && again(x.left, signOf(c.range) === 1 ? s : flip(s));
        }
        default: return false;
      }
    }
    case 'Call': return call(ctx, x, s, depth);
    default: return false;
  }
}

/** Builtins that never decrease in their first tensor argument: an unbounded argument stays unbounded. */
const INCREASING = new Set(['sum', 'mean', 'logsumexp', 'gather', 'log', 'exp', 'sqrt', 'log_sigmoid', 'softplus', 'relu', 'clamp', 'stopgrad', 'round', 'floor', 'min', 'max', 'transpose', 'concat']);
/** Builtins of |x| that are unbounded above when their argument is unbounded either way. */
const EVEN = new Set(['square', 'abs', 'norm']);
/** Builtins whose result has no lower bound by itself, for unbounded (logit) arguments. */
const OWN_LOWER_BOUND_MISSING = new Set(['log_softmax', 'log_sigmoid']);

function call(ctx: LintContext, c: A.Call, s: 1 | -1, depth: number): boolean {
  const b = ctx.builtinOf(c);
  if (!b || b.category === 'loss' || b.category === 'combiner') return false;
  const args = c.args.filter((a) => !a.name).map((a) => a.value);
  const first = args[0];
  if (!first) return false;
  const again = (y: A.Expr, t: 1 | -1): boolean => surelyUnbounded(ctx, y, t, depth + 1);
  if (s === 1 && OWN_LOWER_BOUND_MISSING.has(b.name) && again(first, 1)) return true;
  if (s === 1 && b.name === 'log' && reachesZeroSurely(ctx, first)) return true;
  if (EVEN.has(b.name)) return s === -1 && (again(first, 1) || again(first, -1));
  if (INCREASING.has(b.name)) return b.name === 'concat' ? args.some((a) => again(a, s)) : again(first, s);
  return false;
}

/** A probability input, or the output of sigmoid/softmax: its log does reach −∞ for logits far enough out. */
function reachesZeroSurely(ctx: LintContext, e: A.Expr): boolean {
  const x = ctx.see(e);
  if (x.kind === 'Name') {
    const d = ctx.definitionOf(x);
    return d?.kind === 'param' && d.param.role?.name === 'probs';
  }
  if (x.kind === 'Call') {
    const b = ctx.builtinOf(x);
    const arg = x.args.find((a) => !a.name)?.value;
    if (b?.resultRole !== 'probs' || arg === undefined) return false;
    // sigmoid(z) → 0 as z → −∞; a softmax entry → 0 as the logits spread either way.
    return surelyUnbounded(ctx, arg, 1) || (b.result !== 'elementwise' && surelyUnbounded(ctx, arg, -1));
  }
  return false;
}

/** `k * x` with k a constant of known sign, or a factor of known sign that does not depend on x's inputs. */
function scaled(ctx: LintContext, k: A.Expr, x: A.Expr, s: 1 | -1, depth: number): boolean {
  const kv = ctx.value(k);
  if (!kv) return false;
  const sign = signOf(kv.range);
  if (sign === 0) return false;
  const independent = kv.constant || disjointInputs(ctx, k, x);
  // A non-constant factor of known sign may also be 0 (a binary mask): it must be able to be nonzero.
  return independent && surelyUnbounded(ctx, x, sign === 1 ? s : flip(s), depth + 1);
}

function disjointInputs(ctx: LintContext, a: A.Expr, b: A.Expr): boolean {
  const da = new Set(ctx.dependencies(a));
  return !ctx.dependencies(b).some((d) => da.has(d));
}

/** +1 when every value is ≥ 0 and some is > 0, −1 for the mirror case, 0 otherwise. */
function signOf(r: Interval): 1 | -1 | 0 {
  if (r.lo >= 0 && r.hi > 0) return 1;
  if (r.hi <= 0 && r.lo < 0) return -1;
  return 0;
}

const flip = (s: 1 | -1): 1 | -1 => (s === 1 ? -1 : 1);
const negate = (r: Interval): Interval => ({ lo: -r.hi, hi: -r.lo });
/** The range is open (infinite) on the side s looks at. */
const open = (r: Interval, s: 1 | -1): boolean => (s === 1 ? r.lo === -Infinity : r.hi === Infinity);
/** The range is bounded on the side that could compensate: above when s looks below, and vice versa. */
const closedOpposite = (r: Interval, s: 1 | -1): boolean => (s === 1 ? r.hi < Infinity : r.lo > -Infinity);
