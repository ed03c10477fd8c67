import * as tf from '@tensorflow/tfjs-core';
import { KernelError, type T } from './kernel.js';

// Argument checks shared by the loss kernels: each failure names the parameter, its shape and what
// was expected, so `losslab eval` and a trial can say exactly what is wrong.

export const fmt = (shape: readonly number[]) => `[${shape.join(', ')}]`;

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

export function requireSameShape(fn: string, an: string, a: T, bn: string, b: T): void {
  if (!sameShape(a.shape, b.shape)) {
    throw new KernelError(`${fn}: ${an} has shape ${fmt(a.shape)} but ${bn} has shape ${fmt(b.shape)}; they must match`);
  }
}

export function requireRank(fn: string, name: string, x: T, min: number, what: string): void {
  if (x.rank < min) throw new KernelError(`${fn}: ${name} must be ${what}, got shape ${fmt(x.shape)}`);
}

/** Class indices for logits z (class axis last): shape z.shape[:-1], integers in 0…C−1. */
export function requireLabelsFor(fn: string, z: T, zn: string, y: T, yn: string): void {
  requireRank(fn, zn, z, 1, 'scores with the class axis last');
  if (z.rank === 1 && y.rank >= 1) {
    throw new KernelError(`${fn}: ${zn} has shape ${fmt(z.shape)}, a single row of class scores; class indices ${yn} (shape ${fmt(y.shape)}) need N×C scores with the class axis last`);
  }
  const want = z.shape.slice(0, -1);
  if (!sameShape(y.shape, want)) {
    throw new KernelError(`${fn}: ${yn} has shape ${fmt(y.shape)} but ${zn} has shape ${fmt(z.shape)}; class indices need shape ${fmt(want)} (one per row of ${zn})`);
  }
  requireLabelValues(fn, yn, y, z.shape[z.rank - 1]!);
}

export function requireLabelValues(fn: string, name: string, y: T, numClasses: number): void {
  const v = y.dataSync();
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    if (!Number.isInteger(c) || c < 0 || c >= numClasses) {
      throw new KernelError(`${fn}: ${name} must hold class indices 0…${numClasses - 1}, found ${c}`);
    }
  }
}

/** The elements of a constant tensor, as doubles (for weights computed from class counts). */
export function values(x: T): number[] {
  return Array.from(x.dataSync());
}

export function meanAll(x: T): T {
  return tf.mean(x);
}
