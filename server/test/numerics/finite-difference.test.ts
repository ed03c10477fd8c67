import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/numerics/backend.js';
import { compileLoss } from '../../src/numerics/compile.js';
import { analyseCase, contextOf, loadBuiltinCases, tensorsOf } from './reference-cases.js';

// Gradients against finite differences, independently of PyTorch: for every builtin case, the
// directional derivative ∇L·v along random directions v against a Richardson-extrapolated central
// difference of L itself. The `grad2_*` cases differentiate Σ(∇ₓf)², so this checks second-order
// autodiff through every activation as well. Excluded, by definition: straight-through estimators
// (fakequant, quant_noise), stopgrad, and the extreme-input cases (float32 differences of values
// near ±100 have no digits left; PyTorch checks those).

const EXCLUDED = /fakequant|quant_noise|stopgrad|^extreme_/;
const cases = loadBuiltinCases().filter((c) => !EXCLUDED.test(c.name) && !EXCLUDED.test(c.expr));

before(async () => {
  await initBackend();
});

/**
 * A deterministic pseudo-random direction, each entry scaled to its input (|x| + 0.05), so that a step
 * stays inside the domain of inputs near a boundary (probabilities of 0.01).
 */
function direction(x: tf.Tensor, seed: number): tf.Tensor {
  let s = seed >>> 0;
  const r = Array.from({ length: x.size }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32) * 2 - 1;
  });
  return tf.mul(tf.tensor(r, [...x.shape]), tf.add(tf.abs(x), 0.05));
}

describe('first-order gradients against finite differences', () => {
  for (const c of cases) {
    test(`${c.name}: ${c.expr}`, () => {
      const loss = compileLoss(analyseCase(c), 't');
      const state = { context: contextOf(c.context) };
      const problems: string[] = [];
      tf.tidy(() => {
        const inputs = tensorsOf(c.inputs);
        const { grads } = loss.valueAndGrads(inputs, c.grad, state);
        const at = (name: string, v: tf.Tensor, h: number) => loss.evaluate({ ...inputs, [name]: tf.add(inputs[name]!, tf.mul(v, h)) }, state).dataSync()[0]!;
        c.grad.forEach((name, k) => {
          for (const seed of [1, 2]) {
            const v = direction(inputs[name]!, 7919 * (k + 1) + seed);
            const analytic = tf.sum(tf.mul(grads[name]!, v)).dataSync()[0]!;
            const d = (h: number) => (at(name, v, h) - at(name, v, -h)) / (2 * h);
            const h = 1e-2;
            const fd = (4 * d(h / 2) - d(h)) / 3;
            if (!(Math.abs(fd - analytic) <= 2e-3 * (1 + Math.abs(analytic)))) {
              problems.push(`∂/∂${name}·v (seed ${seed}): autodiff ${analytic}, finite difference ${fd}`);
            }
          }
        });
      });
      assert.deepEqual(problems, [], problems.join('\n'));
    });
  }
});
