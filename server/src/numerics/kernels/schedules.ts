import * as tf from '@tensorflow/tfjs-core';
import { KernelError, type Kernel, type KernelRuntime } from './kernel.js';

// Schedules of training progress τ ∈ [0, 1] (0 outside a trial unless `--context` gives it).
// They are constants for the gradient, so they are computed in double precision.

function progress(rt: KernelRuntime): number {
  const p = rt.context('progress');
  if (p === undefined) return 0;
  return typeof p === 'number' ? p : p.dataSync()[0]!;
}

export const SCHEDULE_KERNELS: readonly Kernel[] = [
  {
    name: 'ramp',
    run: (a, rt) => {
      const from = a.number('from');
      const to = a.number('to');
      const s = a.number('start');
      const e = a.number('end');
      if (e < s) throw new KernelError(`ramp: end (${e}) must not be before start (${s})`);
      const t = progress(rt);
      const f = e === s ? (t >= s ? 1 : 0) : Math.min(1, Math.max(0, (t - s) / (e - s)));
      return tf.scalar(from + (to - from) * f);
    },
  },
  {
    name: 'cosine',
    run: (a, rt) => {
      const from = a.number('from');
      const to = a.number('to');
      return tf.scalar(to + ((from - to) * (1 + Math.cos(Math.PI * progress(rt)))) / 2);
    },
  },
  {
    name: 'warmup',
    run: (a, rt) => {
      const v = a.number('value');
      const u = a.number('until');
      return tf.scalar(u <= 0 ? v : v * Math.min(1, progress(rt) / u));
    },
  },
];
