import { DataError } from './types.js';

// Class sizes with the long-tail profile of Cui et al. (2019): counts decay geometrically from the
// largest class (n) to the rarest (n · imbalance). `imbalance` is the ratio rarest / most frequent.

export function longTailCounts(classes: number, n: number, imbalance: number): number[] {
  if (!Number.isInteger(classes) || classes < 1) throw new DataError(`classes must be a positive integer, got ${classes}`);
  if (!Number.isInteger(n) || n < 1) throw new DataError(`n must be a positive integer, got ${n}`);
  if (!(imbalance > 0 && imbalance <= 1)) throw new DataError(`imbalance must be in (0, 1] (rarest / most frequent), got ${imbalance}`);
  if (classes === 1) return [n];
  const counts: number[] = [];
  for (let c = 0; c < classes; c++) counts.push(Math.max(1, Math.round(n * Math.pow(imbalance, c / (classes - 1)))));
  return counts;
}

/** Per-class size of the balanced validation split for a largest class of n. */
export function validationPerClass(n: number): number {
  return Math.min(500, Math.max(50, Math.round(n / 2)));
}

/** Observed count of each class in a label array. */
export function countClasses(labels: Int32Array, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (const y of labels) counts[y]++;
  return counts;
}

export function checkFraction(name: string, v: number, max = 1): void {
  if (!(v >= 0 && v <= max)) throw new DataError(`${name} must be in [0, ${max}], got ${v}`);
}

export function checkPositive(name: string, v: number): void {
  if (!(v > 0) || !Number.isFinite(v)) throw new DataError(`${name} must be a positive number, got ${v}`);
}

export function checkCount(name: string, v: number, min = 1): void {
  if (!Number.isInteger(v) || v < min) throw new DataError(`${name} must be an integer ≥ ${min}, got ${v}`);
}
