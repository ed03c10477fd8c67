import * as tf from '@tensorflow/tfjs-core';
import * as O from '../ops.js';
import { KernelError, TensorList, type Kernel, type KernelArgs, type T } from './kernel.js';

// Reductions: no axis reduces every element to a scalar; `axis=k` reduces that axis and drops it
// (kept with size 1 under `keepdims=true`). max/min with a second tensor are elementwise instead.

function axisOf(a: KernelArgs, x: T): number | undefined {
  const k = a.optNumber('axis');
  if (k === undefined) return undefined;
  try {
    return O.normAxis(k, x.rank);
  } catch (e) {
    throw new KernelError((e as Error).message);
  }
}

function noAxisForList(fn: string, a: KernelArgs): void {
  if (a.optNumber('axis') !== undefined) throw new KernelError(`${fn}: 'weights' is a list of tensors of different shapes; reduce it without axis=`);
}

export function sumAll(v: T | TensorList): T {
  return v instanceof TensorList ? tf.addN(v.items.map((w) => tf.sum(w))) : tf.sum(v);
}

function meanAll(v: T | TensorList): T {
  if (!(v instanceof TensorList)) return tf.mean(v);
  const n = v.items.reduce((s, w) => s + w.size, 0);
  return tf.div(sumAll(v), Math.max(n, 1));
}

function extremum(kind: 'max' | 'min'): Kernel {
  return {
    name: kind,
    run: (a) => {
      const b = a.optTensor('b');
      if (b) return kind === 'max' ? O.maximum(a.tensor('a'), b) : O.minimum(a.tensor('a'), b);
      const v = a.tensorOrList('a');
      if (v instanceof TensorList) {
        noAxisForList(kind, a);
        const parts = v.items.map((w) => O.extremum(kind, w, undefined, false));
        return O.extremum(kind, tf.stack(parts), undefined, false);
      }
      return O.extremum(kind, v, axisOf(a, v), a.bool('keepdims'));
    },
  };
}

export const REDUCTION_KERNELS: readonly Kernel[] = [
  {
    name: 'sum',
    run: (a) => {
      const v = a.tensorOrList('x');
      if (v instanceof TensorList) return noAxisForList('sum', a), sumAll(v);
      const ax = axisOf(a, v);
      return ax === undefined ? tf.sum(v, undefined, a.bool('keepdims')) : tf.sum(v, ax, a.bool('keepdims'));
    },
  },
  {
    name: 'mean',
    run: (a) => {
      const v = a.tensorOrList('x');
      if (v instanceof TensorList) return noAxisForList('mean', a), meanAll(v);
      const ax = axisOf(a, v);
      return ax === undefined ? tf.mean(v, undefined, a.bool('keepdims')) : tf.mean(v, ax, a.bool('keepdims'));
    },
  },
  extremum('max'),
  extremum('min'),
  {
    name: 'norm',
    run: (a) => {
      const p = a.number('p');
      if (!(p >= 1) || !Number.isFinite(p)) throw new KernelError(`norm: p must be a number ≥ 1, got ${p}`);
      const v = a.tensorOrList('x');
      if (v instanceof TensorList) {
        noAxisForList('norm', a);
        return O.norm(tf.concat(v.items.map((w) => tf.reshape(w, [-1]))), p, undefined, false);
      }
      return O.norm(v, p, axisOf(a, v), a.bool('keepdims'));
    },
  },
  {
    name: 'logsumexp',
    run: (a) => {
      const x = a.tensor('x');
      if (x.rank === 0) return x;
      return O.logSumExp(x, axisOf(a, x) ?? x.rank - 1, a.bool('keepdims'));
    },
  },
];
