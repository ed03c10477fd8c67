import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/numerics/backend.js';
import * as O from '../../src/numerics/ops.js';

// Second derivatives of every activation and mask the trials use (gradient penalties, R1, WGAN-GP,
// double backprop): the Hessian-vector product from nested tf.grad against a Richardson-extrapolated
// finite difference of the gradient. tfjs's own ops fail this (silently wrong or throwing), which is
// why ops.ts exists: the last test keeps that diagnosis honest.

before(async () => {
  await initBackend();
});

const X = [-1.3, -0.4, 0.3, 0.9, 2.1];
const W = [0.7, -1.1, 0.5, 1.3, -0.6];
const V = [0.3, 0.2, -0.5, 0.4, 0.1];
const c = (v: number) => tf.scalar(v);

type F = (x: tf.Tensor) => tf.Tensor;

/** |H·v − FD(∇)·v| / (1 + |FD|), largest over elements. */
function hessianError(f: F): number {
  return tf.tidy(() => {
    const w = tf.tensor1d(W);
    const v = tf.tensor1d(V);
    const g = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(f(x), w)) as tf.Scalar);
    const hv = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(g(x), v)) as tf.Scalar)(tf.tensor1d(X));
    const d = (h: number) => tf.div(tf.sub(g(tf.add(tf.tensor1d(X), tf.mul(v, h))), g(tf.sub(tf.tensor1d(X), tf.mul(v, h)))), 2 * h);
    const fd = tf.div(tf.sub(tf.mul(d(5e-3), 4), d(1e-2)), 3);
    return tf.max(tf.div(tf.abs(tf.sub(hv, fd)), tf.add(1, tf.abs(fd)))).dataSync()[0]!;
  });
}

const ACTIVATIONS: Record<string, F> = {
  tanh: O.tanh,
  sigmoid: O.sigmoid,
  exp: O.exp,
  softplus: O.softplus,
  log_sigmoid: O.logSigmoid,
  elu: O.elu,
  gelu: O.gelu,
  relu: (x) => tf.mul(O.relu(x), x),
  leaky_relu: (x) => tf.mul(O.leakyRelu(x, 0.2), x),
  relu6: (x) => tf.mul(O.relu6(tf.mul(x, 4)), x),
  abs: (x) => tf.mul(O.abs(x), x),
  maximum: (x) => tf.mul(O.maximum(x, c(0.5)), x),
  minimum: (x) => tf.mul(O.minimum(x, c(0.5)), x),
  clamp: (x) => tf.mul(O.clamp(x, c(-1), c(1)), x),
  where: (x) => O.select(O.compare('>', x, c(0)), tf.square(x), tf.mul(tf.square(x), 3)),
  softmax: (x) => tf.mul(O.softmax(x), tf.tensor1d([1, 2, 3, 4, 5])),
  log_softmax: (x) => tf.mul(O.logSoftmax(x), tf.tensor1d([1, 2, 3, 4, 5])),
  logsumexp: (x) => tf.mul(O.logSumExp(x, 0, false), x),
  max_reduction: (x) => tf.mul(O.extremum('max', x, undefined, false), x),
  min_reduction: (x) => tf.mul(O.extremum('min', x, 0, false), x),
  pow: (x) => O.pow(tf.add(x, 3), c(2.5)),
  pow_tensor_exponent: (x) => O.pow(tf.add(x, 3), x),
  norm2: (x) => tf.mul(O.norm(x, 2, undefined, false), x),
  norm3: (x) => tf.mul(O.norm(x, 3, 0, false), x),
  gather: (x) => tf.mul(O.gatherLast(tf.reshape(tf.square(x), [1, 5]), tf.tensor1d([2])), x),
};

describe('second derivatives against finite differences', () => {
  for (const [name, f] of Object.entries(ACTIVATIONS)) {
    test(name, () => {
      const err = hessianError(f);
      assert.ok(err < 1e-3, `Hessian-vector product off by ${err}`);
    });
  }

  test('a third derivative through the recursive ops is exact too (tanh)', () => {
    // d³/dx³ tanh = −2 sech² x (1 − 3 tanh² x), summed against w.
    const x = tf.tensor1d(X);
    const g1 = (t: tf.Tensor) => tf.grad((u: tf.Tensor) => tf.sum(O.tanh(u)) as tf.Scalar)(t);
    const g2 = (t: tf.Tensor) => tf.grad((u: tf.Tensor) => tf.sum(g1(u)) as tf.Scalar)(t);
    const g3 = tf.grad((u: tf.Tensor) => tf.sum(g2(u)) as tf.Scalar)(x).arraySync() as number[];
    const want = X.map((v) => {
      const t = Math.tanh(v);
      return -2 * (1 - t * t) * (1 - 3 * t * t);
    });
    g3.forEach((v, i) => assert.ok(Math.abs(v - want[i]!) < 1e-4, `x=${X[i]}: ${v} vs ${want[i]}`));
  });
});

test("tfjs's own activations fail at second order (the reason for ops.ts)", () => {
  const native: Record<string, F> = { tanh: tf.tanh, sigmoid: tf.sigmoid, exp: tf.exp, elu: tf.elu, leakyRelu: (x) => tf.mul(tf.leakyRelu(x, 0.2), x) };
  for (const [name, f] of Object.entries(native)) {
    let failed = false;
    try {
      failed = hessianError(f) > 1e-3;
    } catch {
      failed = true;
    }
    assert.ok(failed, `tf.${name} now differentiates correctly twice: ops.ts may no longer need its version`);
  }
});
