import * as I from '../analysis/interval.js';
import type { Interval } from '../analysis/interval.js';

// Interval helpers shared by the builtin records' `range` functions. Every helper is sound: the true
// image of its inputs lies inside what it returns (checked against scalar references in the tests).

type Args = Readonly<Record<string, Interval>>;

/** The interval of an argument, or `fallback` when the caller did not pass it. */
export function arg(args: Args, name: string, fallback: Interval = I.ALL): Interval {
  return args[name] ?? fallback;
}

/** A hyperparameter's interval, or the point of its default. */
export function hyperArg(args: Args, name: string, def: number): Interval {
  return args[name] ?? I.point(def);
}

// Scalar forms, written the stable way so that ends at ±Infinity evaluate cleanly.
export const softplus = (x: number): number => (x === Infinity ? Infinity : Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))));
export const logSigmoid = (x: number): number => -softplus(-x);
export const sigmoid = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

/** Round half to even (PyTorch, TensorFlow), unlike Math.round. */
export function roundHalfEven(x: number): number {
  if (!Number.isFinite(x)) return x;
  const f = Math.floor(x);
  const d = x - f;
  if (d < 0.5) return f;
  if (d > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;
}

/**
 * The sum of n ≥ 1 elements, each in `a`, for an unknown n: one element gives `a`, more elements push
 * the ends towards ±∞ unless they are 0.
 */
export function sumOf(a: Interval): Interval {
  const lo = a.lo >= 0 ? a.lo : -Infinity;
  const hi = a.hi <= 0 ? a.hi : Infinity;
  return I.interval(lo, hi);
}

/**
 * A combination Σ w_k L_k with w_k ≥ 0 (weights not known): the sign of the terms survives, nothing
 * else does.
 */
export function nonnegCombination(h: Interval): Interval {
  return I.interval(h.lo >= 0 ? 0 : -Infinity, h.hi <= 0 ? 0 : Infinity);
}

/** cos over an interval: ±1 wherever the interval contains a multiple of π of the right parity. */
export function cosRange(a: Interval): Interval {
  if (!Number.isFinite(a.lo) || !Number.isFinite(a.hi) || a.hi - a.lo >= 2 * Math.PI) return I.interval(-1, 1);
  const cl = Math.cos(a.lo);
  const ch = Math.cos(a.hi);
  let lo = Math.min(cl, ch);
  let hi = Math.max(cl, ch);
  // Multiples kπ inside [lo, hi]: even k is a maximum (1), odd k a minimum (−1).
  for (let k = Math.ceil(a.lo / Math.PI); k * Math.PI <= a.hi; k++) {
    if (k % 2 === 0) hi = 1;
    else lo = -1;
  }
  return I.interval(lo, hi);
}

/** The interval of |r| for r in `a`. */
export const absRange = I.abs;

/**
 * A function of |r| that is nondecreasing in |r| (and so even): its image over r ∈ `a`.
 */
export function evenIncreasing(a: Interval, f: (m: number) => number): Interval {
  const m = I.abs(a);
  return I.interval(f(m.lo), f(m.hi));
}

/**
 * Widens an interval by a relative hair, for results computed through several rounded steps. Exact
 * ends (0, ±∞) stay put, so `[0, …)` keeps promising non-negativity.
 */
export function widen(a: Interval, rel = 1e-12): Interval {
  const pad = (x: number): number => (Number.isFinite(x) ? Math.abs(x) * rel : 0);
  return I.interval(a.lo - pad(a.lo), a.hi + pad(a.hi));
}
