import * as tf from '@tensorflow/tfjs-core';
import * as O from '../../ops.js';
import { KernelError, type Kernel, type KernelArgs, type T } from '../kernel.js';

// 8. Quantisation. `fakequant` is symmetric signed fake quantisation with a straight-through estimator
// (PyTorch's fake_quantize_per_tensor_affine: round half to even, gradient 1 where round(x/s) lies in
// [−2^(b−1), 2^(b−1) − 1], 0 outside); a given scale gets LSQ's gradient (round(x/s) − x/s inside, the
// clipped level outside). Without a scale, s = max|x| / (2^(b−1) − 1), held constant. `quant_noise`
// adds one step of uniform noise during training steps, and is `fakequant` otherwise (as deployed).

function bitsOf(fn: string, a: KernelArgs): number {
  const b = a.number('bits');
  if (!Number.isInteger(b) || b < 2 || b > 32) throw new KernelError(`${fn}: bits must be an integer from 2 to 32, got ${b}`);
  return b;
}

const ops = new Map<number, (x: T, s: T) => T>();

function fakeQuantOp(bits: number): (x: T, s: T) => T {
  let op = ops.get(bits);
  if (op) return op;
  const qmax = 2 ** (bits - 1) - 1;
  const qmin = -(2 ** (bits - 1));
  const levels = O.constant((x, s) => tf.round(tf.div(x, s)));
  op = O.defineOp(
    (x, s) => tf.mul(tf.clipByValue(tf.round(tf.div(x, s)), qmin, qmax), s),
    (dy, [x, s]) => {
      const r = levels(x!, s!);
      const inside = tf.mul(O.compare('>=', r, tf.scalar(qmin)), O.compare('<=', r, tf.scalar(qmax)));
      const clipped = O.clamp(r, tf.scalar(qmin), tf.scalar(qmax));
      const dqds = tf.add(tf.mul(inside, tf.sub(r, tf.div(x!, s!))), tf.mul(tf.sub(1, inside), clipped));
      return [tf.mul(dy, inside), O.unbroadcast(tf.mul(dy, dqds), s!.shape)];
    },
  ) as (x: T, s: T) => T;
  ops.set(bits, op);
  return op;
}

/** The observer scale max|x| / (2^(b−1) − 1), a constant (1 when x is all zeros, so q = 0). */
function observedScale(x: T, bits: number): T {
  const m = O.stopGradient(O.extremum('max', O.abs(x), undefined, false));
  const s = tf.div(m, 2 ** (bits - 1) - 1);
  return O.select(O.compare('>', s, tf.scalar(0)), s, tf.scalar(1));
}

export const QUANTISATION_KERNELS: readonly Kernel[] = [
  {
    name: 'fakequant',
    
    run: (a) => {
      const bits = bitsOf('fakequant', a);
      const x = a.tensor('x');
      const given = a.optTensor('scale');
      if (given && given.dataSync().some((v) => !(v > 0))) throw new KernelError('fakequant: scale must be positive');
      return fakeQuantOp(bits)(x, given ?? observedScale(x, bits));
    },
  },
  {
    name: 'quant_noise',
    
    run: (a, rt) => {
      const bits = bitsOf('quant_noise', a);
      const x = a.tensor('x');
      if (!rt.training()) return fakeQuantOp(bits)(x, observedScale(x, bits));
      const noise = O.stopGradient(tf.randomUniform(x.shape, -0.5, 0.5, 'float32', rt.seed()));
      const step = tf.div(O.stopGradient(O.extremum('max', O.abs(x), undefined, false)), 2 ** (bits - 1) - 1);
      return tf.add(x, tf.mul(step, noise));
    },
  },
];
