import type { Interval } from './interval.js';
import { union } from './interval.js';
import type * as A from '../syntax/ast.js';
import { unparen } from '../syntax/ast.js';

// Plain interval arithmetic forgets that the two `y`s of `y * a + (1 - y) * b` are the same value, and
// gives p_t = y·p + (1 − y)·(1 − p) the range [0, 2] instead of [0, 1] — which then makes (1 − p_t)
// look negative and the focal loss look unbounded below. With y ∈ [0, 1] the sum is a convex
// combination of a and b, so its range is the hull of theirs. That idiom is everywhere in loss code
// (p_t, α_t, label smoothing), so the range analysis recognises it.

/**
 * The range of `m * a + (1 - m) * b` (factors in either order, terms in either order) when `m`'s range
 * lies in [0, 1]; `undefined` when `e` is not of that shape.
 */
export function convexCombinationRange(e: A.Binary, rangeOf: (x: A.Expr) => Interval | undefined): Interval | undefined {
  if (e.op !== '+') return undefined;
  for (const [first, second] of [[e.left, e.right], [e.right, e.left]] as const) {
    for (const [m, a] of splitProduct(first)) {
      const mr = rangeOf(m);
      if (!mr || mr.lo < 0 || mr.hi > 1) continue;
      for (const [oneMinus, b] of splitProduct(second)) {
        const om = unparen(oneMinus);
        if (om.kind !== 'Binary' || om.op !== '-' || !isLiteralOne(om.left) || !sameExpr(om.right, m)) continue;
        const ar = rangeOf(a);
        const br = rangeOf(b);
        if (ar && br) return union(ar, br);
      }
    }
  }
  return undefined;
}

/** `x * y` as the two ways of reading it as (weight, value). */
function splitProduct(e: A.Expr): [A.Expr, A.Expr][] {
  const u = unparen(e);
  return u.kind === 'Binary' && u.op === '*' ? [[u.left, u.right], [u.right, u.left]] : [];
}

function isLiteralOne(e: A.Expr): boolean {
  const u = unparen(e);
  return u.kind === 'Number' && u.value === 1;
}

/**
 * Structural equality. Within one expression the same name always means the same definition (scopes
 * are lexical and nothing is reassigned), so equal trees denote equal values.
 */
export function sameExpr(a: A.Expr, b: A.Expr): boolean {
  a = unparen(a);
  b = unparen(b);
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'Name': return a.name === (b as A.NameRef).name;
    case 'Number': return a.value === (b as A.NumberLiteral).value;
    case 'String': return a.value === (b as A.StringLiteral).value;
    case 'Unary': return a.op === (b as A.Unary).op && sameExpr(a.operand, (b as A.Unary).operand);
    case 'Binary': {
      const bb = b as A.Binary;
      return a.op === bb.op && sameExpr(a.left, bb.left) && sameExpr(a.right, bb.right);
    }
    case 'Vector': {
      const bv = b as A.VectorLiteral;
      return a.items.length === bv.items.length && a.items.every((x, i) => sameExpr(x, bv.items[i]));
    }
    case 'Call': {
      const bc = b as A.Call;
      return a.callee.name === bc.callee.name && a.args.length === bc.args.length &&
        a.args.every((x, i) => x.name?.name === bc.args[i].name?.name && sameExpr(x.value, bc.args[i].value));
    }
    default: return false;
  }
}
