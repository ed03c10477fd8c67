import * as tf from '@tensorflow/tfjs-core';
import { withLogs } from '../log-twins.js';
import * as O from '../ops.js';
import { fmt, requireLabelValues, sameShape } from './checks.js';
import { KernelError, type Kernel, type KernelArgs, type T } from './kernel.js';

// Tensor operations. softmax and log_softmax go through the exact log-sum-exp; gather and onehot are
// dense (tfjs's gather gradient needs a kernel the wasm backend lacks, and is not second-order safe).

function axis(a: KernelArgs, name: string, x: T): number {
  try {
    return O.normAxis(a.number(name), Math.max(x.rank, 1));
  } catch (e) {
    throw new KernelError(`${name}: ${(e as Error).message}`);
  }
}

export const TENSOR_KERNELS: readonly Kernel[] = [
  {
    name: 'softmax',
    run: (a) => {
      const z = a.tensor('z');
      if (z.rank === 0) return tf.onesLike(z);
      const logp = O.logSoftmax(z, axis(a, 'axis', z));
      return withLogs(O.exp(logp), logp);
    },
  },
  {
    name: 'log_softmax',
    run: (a) => {
      const z = a.tensor('z');
      return z.rank === 0 ? tf.zerosLike(z) : O.logSoftmax(z, axis(a, 'axis', z));
    },
  },
  {
    name: 'onehot',
    run: (a) => {
      const y = a.tensor('y');
      const C = a.number('C');
      if (!Number.isInteger(C) || C < 1) throw new KernelError(`onehot: C must be a positive integer, got ${C}`);
      // Labels outside 0…C−1 give an all-zero row (the builtin's documented convention).
      return O.oneHot(y, C);
    },
  },
  {
    name: 'gather',
    run: (a) => {
      const z = a.tensor('z');
      const y = a.tensor('y');
      if (z.rank < 1) throw new KernelError(`gather: z must have a last axis to index, got a scalar`);
      const want = z.shape.slice(0, -1);
      if (!sameShape(y.shape, want)) throw new KernelError(`gather: y has shape ${fmt(y.shape)} but z has shape ${fmt(z.shape)}; y needs one index per row, shape ${fmt(want)}`);
      requireLabelValues('gather', 'y', y, z.shape[z.rank - 1]!);
      return O.gatherLast(z, y);
    },
  },
  {
    name: 'matmul',
    run: (a) => {
      let x = a.tensor('a');
      let y = a.tensor('b');
      if (x.rank === 0 || y.rank === 0) throw new KernelError('matmul: both factors need at least one axis (use * for scalars)');
      const vecA = x.rank === 1;
      const vecB = y.rank === 1;
      if (vecA) x = tf.expandDims(x, 0);
      if (vecB) y = tf.expandDims(y, 1);
      const k1 = x.shape[x.rank - 1];
      const k2 = y.shape[y.rank - 2];
      if (k1 !== k2) throw new KernelError(`matmul: a has shape ${fmt(a.tensor('a').shape)} and b has shape ${fmt(a.tensor('b').shape)}; the last axis of a (${k1}) must equal the second-to-last of b (${k2})`);
      let r = tf.matMul(x, y);
      if (vecA) r = tf.squeeze(r, [r.rank - 2]);
      if (vecB) r = tf.squeeze(r, [r.rank - 1]);
      return r;
    },
  },
  {
    name: 'transpose',
    run: (a) => {
      const x = a.tensor('x');
      if (x.rank < 2) return x;
      const i = axis(a, 'a', x);
      const j = axis(a, 'b', x);
      const perm = x.shape.map((_, k) => k);
      perm[i] = j;
      perm[j] = i;
      return tf.transpose(x, perm);
    },
  },
  {
    name: 'concat',
    run: (a) => {
      const x = a.tensor('a');
      const y = a.tensor('b');
      if (x.rank !== y.rank || x.rank === 0) throw new KernelError(`concat: a has shape ${fmt(x.shape)} and b has shape ${fmt(y.shape)}; they need the same number of axes (at least one)`);
      const k = axis(a, 'axis', x);
      if (x.shape.some((d, i) => i !== k && d !== y.shape[i])) throw new KernelError(`concat: a has shape ${fmt(x.shape)} and b has shape ${fmt(y.shape)}; every axis but ${k} must match`);
      return tf.concat([x, y], k);
    },
  },
];
