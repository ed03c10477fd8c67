// Closed real intervals with ±Infinity ends, for the sign/range analysis behind the stability lints.
// Arithmetic is conservative: the true range of an expression is always inside the computed one.

export interface Interval {
  readonly lo: number;
  readonly hi: number;
}

export const ALL: Interval = { lo: -Infinity, hi: Infinity };
export const NONNEG: Interval = { lo: 0, hi: Infinity };
export const UNIT: Interval = { lo: 0, hi: 1 };

export const point = (x: number): Interval => ({ lo: x, hi: x });
export const interval = (lo: number, hi: number): Interval => ({ lo, hi });

/** The interval contains 0 (the value can reach exactly 0). */
export const reachesZero = (a: Interval): boolean => a.lo <= 0 && a.hi >= 0;
export const isPoint = (a: Interval): boolean => a.lo === a.hi;
export const union = (a: Interval, b: Interval): Interval => ({ lo: Math.min(a.lo, b.lo), hi: Math.max(a.hi, b.hi) });

// 0 · ∞ is taken as 0 for bounds: a factor that is exactly 0 kills any other.
const mulB = (x: number, y: number): number => (x === 0 || y === 0 ? 0 : x * y);

export function add(a: Interval, b: Interval): Interval {
  return { lo: a.lo + b.lo, hi: a.hi + b.hi };
}

export function neg(a: Interval): Interval {
  return { lo: -a.hi, hi: -a.lo };
}

export function sub(a: Interval, b: Interval): Interval {
  return add(a, neg(b));
}

export function mul(a: Interval, b: Interval): Interval {
  const c = [mulB(a.lo, b.lo), mulB(a.lo, b.hi), mulB(a.hi, b.lo), mulB(a.hi, b.hi)];
  return { lo: Math.min(...c), hi: Math.max(...c) };
}

export function div(a: Interval, b: Interval): Interval {
  if (reachesZero(b)) {
    if (b.lo === 0 && b.hi > 0) return mul(a, { lo: 1 / b.hi, hi: Infinity });
    if (b.hi === 0 && b.lo < 0) return mul(a, { lo: -Infinity, hi: 1 / b.lo });
    return ALL;
  }
  return mul(a, { lo: 1 / b.hi, hi: 1 / b.lo });
}

/** Applies a monotonically increasing function to both ends. */
export function monotone(a: Interval, f: (x: number) => number): Interval {
  return { lo: f(a.lo), hi: f(a.hi) };
}

/** Applies a monotonically decreasing function. */
export function antitone(a: Interval, f: (x: number) => number): Interval {
  return { lo: f(a.hi), hi: f(a.lo) };
}

export function abs(a: Interval): Interval {
  if (a.lo >= 0) return a;
  if (a.hi <= 0) return neg(a);
  return { lo: 0, hi: Math.max(-a.lo, a.hi) };
}

export function square(a: Interval): Interval {
  const m = abs(a);
  return { lo: m.lo * m.lo, hi: m.hi * m.hi };
}

/** b^e for a point exponent; other exponents give the conservative hull. */
export function pow(b: Interval, e: Interval): Interval {
  if (isPoint(e)) {
    const k = e.lo;
    if (k === 0) return point(1);
    if (Number.isInteger(k)) {
      if (k > 0 && k % 2 === 0) {
        const m = abs(b);
        return { lo: m.lo ** k, hi: m.hi ** k };
      }
      if (k > 0) return monotone(b, (x) => x ** k);
    }
    if (b.lo >= 0) return k > 0 ? monotone(b, (x) => x ** k) : antitone(b, (x) => x ** k);
  }
  if (b.lo >= 0) {
    const c = [b.lo ** e.lo, b.lo ** e.hi, b.hi ** e.lo, b.hi ** e.hi].filter((x) => !Number.isNaN(x));
    return c.length ? { lo: Math.min(...c), hi: Math.max(...c) } : NONNEG;
  }
  return ALL;
}

export function min2(a: Interval, b: Interval): Interval {
  return { lo: Math.min(a.lo, b.lo), hi: Math.min(a.hi, b.hi) };
}

export function max2(a: Interval, b: Interval): Interval {
  return { lo: Math.max(a.lo, b.lo), hi: Math.max(a.hi, b.hi) };
}

export function clampTo(a: Interval, lo: number, hi: number): Interval {
  return { lo: Math.min(Math.max(a.lo, lo), hi), hi: Math.max(Math.min(a.hi, hi), lo) };
}

export function format(a: Interval): string {
  const f = (x: number): string => (x === Infinity ? '∞' : x === -Infinity ? '−∞' : String(Number(x.toPrecision(4))));
  return `[${f(a.lo)}, ${f(a.hi)}]`;
}
