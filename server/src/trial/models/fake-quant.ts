import { tf } from '../tfjs.js';

// Per-tensor symmetric fake quantisation of weights with the straight-through estimator:
// q(w) = s · clamp(round(w/s), −2^(b−1), 2^(b−1)−1), s = max|w| / (2^(b−1)−1) held constant;
// gradient dy where round(w/s) lies inside the clamp range, 0 outside (PyTorch
// fake_quantize_per_tensor_affine). With s from max|w| every weight is in range, so the STE passes dy.
// tf.round rounds half to even, like PyTorch.

const cache = new Map<number, (w: tf.Tensor) => tf.Tensor>();

export function fakeQuantWeights(bits: number): (w: tf.Tensor) => tf.Tensor {
  if (!Number.isInteger(bits) || bits < 2 || bits > 16) throw new Error(`quantize must be an integer number of bits in [2, 16], got ${bits}`);
  let f = cache.get(bits);
  if (!f) {
    const qmax = 2 ** (bits - 1) - 1, qmin = -(2 ** (bits - 1));
    const op = (w: tf.Tensor, save: tf.GradSaveFunc) => {
      const scale = tf.div(tf.maximum(tf.max(tf.abs(w)), 1e-12), qmax);
      const q = tf.clipByValue(tf.round(tf.div(w, scale)), qmin, qmax);
      save([w, scale]);
      return {
        value: tf.mul(q, scale),
        gradFunc: (dy: tf.Tensor | tf.Tensor[], [ws, s]: tf.Tensor[]) => {
          const r = tf.round(tf.div(ws, s));
          return tf.mul(dy as tf.Tensor, tf.cast(tf.logicalAnd(tf.greaterEqual(r, qmin), tf.lessEqual(r, qmax)), 'float32'));
        },
      };
    };
    f = tf.customGrad(op as unknown as Parameters<typeof tf.customGrad>[0]) as (w: tf.Tensor) => tf.Tensor;
    cache.set(bits, f);
  }
  return f;
}
