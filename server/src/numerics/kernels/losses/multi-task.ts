import * as tf from '@tensorflow/tfjs-core';
import * as O from '../../ops.js';
import { KernelError, type Kernel, type T } from '../kernel.js';

// 2. Multi-task fusion. Uncertainty weighting owns one learnable log-variance per task (named s1, s2, …);
// the other combiners' weights are set by the trial (per-task gradients, loss history) and default to
// what they are before any training: Σ L_k (gradnorm, dwa, pcgrad) and the mean (mgda).

function scalars(fn: string, ls: T[]): T[] {
  for (const [i, l] of ls.entries()) {
    if (l.rank !== 0) throw new KernelError(`${fn}: task loss ${i + 1} is not a scalar (shape [${l.shape.join(', ')}]); reduce it first, e.g. with mean()`);
  }
  return ls;
}

export const MULTI_TASK_KERNELS: readonly Kernel[] = [
  {
    name: 'uncertainty',
    run: (a, rt) => {
      const ls = scalars('uncertainty', a.list('l'));
      const terms = ls.map((l, k) => {
        const s = rt.learnable(`s${k + 1}`, () => tf.scalar(0));
        return tf.add(tf.mul(O.exp(tf.neg(s)), l), s);
      });
      return tf.addN(terms);
    },
  },
  {
    name: 'dwa',
    run: (a, rt) => {
      const ls = scalars('dwa', a.list('l'));
      if (!(a.number('T') > 0)) throw new KernelError(`dwa: T must be positive, got ${a.number('T')}`);
      return rt.combine('dwa', ls, ls.map(() => 1));
    },
  },
  {
    name: 'pcgrad',
    run: (a, rt) => {
      const ls = scalars('pcgrad', a.list('l'));
      return rt.combine('pcgrad', ls, ls.map(() => 1));
    },
  },
  {
    name: 'mgda',
    run: (a, rt) => {
      const ls = scalars('mgda', a.list('l'));
      return rt.combine('mgda', ls, ls.map(() => 1 / ls.length));
    },
  },
];
