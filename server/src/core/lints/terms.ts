import type * as A from '../syntax/ast.js';
import { unparen } from '../syntax/ast.js';
import type { LintContext } from './context.js';

// The algebraic shape of a loss expression, for the semantic lints: a signed sum of terms, each term a
// product of factors. `let` bindings are looked through, so `let soft = T^2 * kl(…)` … `return a + soft`
// decomposes the same way as the expression written inline.

export interface Term {
  /** The term as written (a `let` name stays a name here; its value is decomposed by `factors`). */
  readonly expr: A.Expr;
  /** +1 or −1: the sign the term enters the sum with. */
  readonly sign: 1 | -1;
}

export interface Factor {
  /** What the factor stands for (parentheses and `let`s looked through). */
  readonly expr: A.Expr;
  /** The factor as written in the term (where to point a diagnostic or insert a fix). */
  readonly at: A.Expr;
  /** +1 for a multiplier, −1 for a divisor. */
  readonly power: 1 | -1;
}

export interface Product {
  readonly factors: readonly Factor[];
  /** The sign contributed by unary minuses inside the product. */
  readonly sign: 1 | -1;
}

/**
 * How many `let`s one decomposition may look through. Bindings can share subexpressions
 * (`let b = a * a`, `let c = b * b`, …), so unbounded expansion would grow exponentially; past the
 * budget a name simply stays one opaque term or factor.
 */
const LET_BUDGET = 64;

/** Splits `e` into signed additive terms: `a - 0.1*b + -c` → +a, −0.1*b, −c. */
export function additiveTerms(ctx: LintContext, e: A.Expr): Term[] {
  const out: Term[] = [];
  const expand = letExpander(ctx);
  const visit = (x: A.Expr, sign: 1 | -1, depth: number): void => {
    const seen = depth < 32 ? expand(x) : unparen(x);
    if (seen.kind === 'Binary' && (seen.op === '+' || seen.op === '-')) {
      visit(seen.left, sign, depth + 1);
      visit(seen.right, seen.op === '-' ? flip(sign) : sign, depth + 1);
    } else if (seen.kind === 'Unary') {
      visit(seen.operand, seen.op === '-' ? flip(sign) : sign, depth + 1);
    } else {
      out.push({ expr: unparen(x), sign });
    }
  };
  visit(e, 1, 0);
  return out;
}

/** Splits a term into multiplicative factors: `-0.5 * w * L / n` → 0.5, w, L, n⁻¹ with sign −1. */
export function factors(ctx: LintContext, e: A.Expr): Product {
  const out: Factor[] = [];
  let sign: 1 | -1 = 1;
  const expand = letExpander(ctx);
  const visit = (x: A.Expr, power: 1 | -1, depth: number): void => {
    const seen = depth < 32 ? expand(x) : unparen(x);
    if (seen.kind === 'Binary' && (seen.op === '*' || seen.op === '/')) {
      visit(seen.left, power, depth + 1);
      visit(seen.right, seen.op === '/' ? (power === 1 ? -1 : 1) : power, depth + 1);
    } else if (seen.kind === 'Unary') {
      if (seen.op === '-') sign = flip(sign);
      visit(seen.operand, power, depth + 1);
    } else {
      out.push({ expr: seen, at: unparen(x), power });
    }
  };
  visit(e, 1, 0);
  return { factors: out, sign };
}

/** `ctx.see`, until the budget of `let` expansions is spent; then names stay names. */
function letExpander(ctx: LintContext): (x: A.Expr) => A.Expr {
  let budget = LET_BUDGET;
  return (x) => {
    const u = unparen(x);
    if (u.kind !== 'Name' || budget <= 0) return u;
    budget--;
    return ctx.see(u);
  };
}

function flip(s: 1 | -1): 1 | -1 {
  return s === 1 ? -1 : 1;
}
