import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { analyze } from '../../src/core/analysis/analyze.js';
import { initBackend } from '../../src/numerics/backend.js';
import { compileLoss, type ContextValues } from '../../src/numerics/compile.js';

// Values finite in exact arithmetic stay finite in float32, value and gradient: logits of ±30 and
// ±100, residuals of 100, probabilities of exactly 0 and 1. (The exact numbers are checked against
// PyTorch in builtins-reference.test.ts; here every loss is swept.)

before(async () => {
  await initBackend();
});

const L30 = [30, -30, 30, -30, 0.5, -2];
const L100 = [100, -100, 100, -100, 0.5, -2];
const Y = [1, 0, 0, 1, 1, 0];
const Z3 = [[100, -100, 0], [-100, 100, 5], [30, -30, 0], [0, -30, 30]];
const Y3 = [0, 0, 1, 2];
const P01 = [[1, 0, 0], [0, 0.5, 0.5], [0, 1, 0], [0.2, 0.3, 0.5]];

interface Sweep {
  readonly expr: string;
  readonly inputs: Record<string, [string, unknown]>;
  readonly context?: ContextValues;
}

const SWEEPS: Sweep[] = [];
for (const z of [L30, L100]) {
  const bin = { z: ['logits', z] as [string, unknown], y: ['binary', Y] as [string, unknown] };
  for (const expr of [
    'focal(z, y)', 'focal(z, y, gamma=0.5)', 'focal(z, y, gamma=0.25, alpha=-1)', 'focal(z, y, gamma=0)', 'bce(z, y)',
    'hinge(z, y)', 'squared_hinge(z, y)', 'sum(log_sigmoid(z)) + sum(log_sigmoid(-z))', 'sum(softplus(z))', 'sum(sigmoid(z))',
    'sum(tanh(z))', 'gan_g(z)', 'gan_g(z, kind="minimax")', 'gan_g(z, kind="ls")', 'gan_d(z, -z)', 'gan_d(z, z, kind="hinge")',
    'ragan_d(z, -z)', 'ragan_g(z, -z)', 'rsgan_d(z, -z)', 'rsgan_g(z, -z)', 'dice(sigmoid(z), y)', 'tversky(sigmoid(z), y)',
    'focal_tversky(sigmoid(z), y, gamma=2)', 'mean(square(grad(sum(log_sigmoid(z)), z)))',
  ]) {
    SWEEPS.push({ expr, inputs: expr.includes('(z)') && !expr.includes('y') ? { z: bin.z } : bin });
  }
  SWEEPS.push({ expr: 'asl(z, y)', inputs: { z: ['logits', [z, z]], y: ['multilabel', [Y, [0, 1, 1, 0, 0, 1]]] } });
  SWEEPS.push({ expr: 'asl(z, y, clip=0, gamma_pos=0.5)', inputs: { z: ['logits', [z, z]], y: ['multilabel', [Y, [0, 1, 1, 0, 0, 1]]] } });
}
const multi = { z: ['logits', Z3] as [string, unknown], y: ['labels', Y3] as [string, unknown] };
for (const expr of [
  'ce(z, y)', 'ce(z, y, weight=[1, 5, 20], label_smoothing=0.1)', 'focal(z, y)', 'focal(z, y, gamma=0.5, alpha=[0.2, 0.3, 0.5])',
  'nll(log_softmax(z), y)', 'sum(softmax(z))', 'sum(log_softmax(z))', 'sum(logsumexp(z))', 'ldam(z, y, class_counts)',
  'mean(square(grad(ce(z, y), z)))', 'dice(softmax(z), onehot(y, 3))',
]) {
  SWEEPS.push({ expr, inputs: multi, context: { class_counts: [100, 10, 1] } });
}
SWEEPS.push({ expr: 'kd(s, t)', inputs: { s: ['logits', Z3], t: ['teacher', [...Z3].reverse()] } });
SWEEPS.push({ expr: 'kd(s, t, T=1)', inputs: { s: ['logits', Z3], t: ['teacher', [...Z3].reverse()] } });
SWEEPS.push({ expr: 'kl(softmax(s), softmax(t))', inputs: { s: ['logits', Z3], t: ['logits', [...Z3].reverse()] } });
SWEEPS.push({ expr: 'kl(p, q) + js(p, q)', inputs: { p: ['probs', P01], q: ['probs', [[0.5, 0.5, 0], [0.1, 0.4, 0.5], [0.01, 0.98, 0.01], [0.2, 0.3, 0.5]]] } });
SWEEPS.push({ expr: 'js(p, q)', inputs: { p: ['probs', P01], q: ['probs', [[0, 1, 0], [1, 0, 0], [0, 0, 1], [0.2, 0.3, 0.5]]] } });
SWEEPS.push({ expr: 'dice(p, y) + tversky(p, y) + focal_tversky(p, y, gamma=2)', inputs: { p: ['probs', [0, 1, 1, 0, 0.5]], y: ['binary', [0, 1, 0, 1, 1]] } });
SWEEPS.push({ expr: 'ce(z, q)', inputs: { z: ['logits', Z3], q: ['probs', P01] } });
SWEEPS.push({ expr: 'bce(z, q)', inputs: { z: ['logits', [100, -100, 30]], q: ['probs', [0, 1, 0.5]] } });
for (const expr of ['log_cosh(x, t)', 'huber(x, t)', 'smooth_l1(x, t)', 'mse(x, t)', 'mae(x, t)', 'quantile(x, t, q=0.9)']) {
  SWEEPS.push({ expr, inputs: { x: ['target', [100, -100, 0.3, 50]], t: ['target', [0, 0, 0, -50]] } });
}
SWEEPS.push({ expr: 'contrastive(d, y)', inputs: { d: ['real', [100, 0, 1e-4, 3]], y: ['binary', [1, 1, 0, 0]] } });
SWEEPS.push({ expr: 'triplet(a, p, n)', inputs: { a: ['features', [[0, 0], [100, -100]]], p: ['features', [[0, 0], [-100, 100]]], n: ['features', [[0, 0], [100, -100]]] } });
SWEEPS.push({ expr: 'infonce(q, k) + infonce(q, q)', inputs: { q: ['features', [[100, 0], [0, 100], [0, 0]]], k: ['features', [[100, 1], [1, 100], [1e-3, 0]]] } });
SWEEPS.push({ expr: 'rkd_distance(a, b) + rkd_angle(a, b)', inputs: { a: ['features', [[0, 0], [0, 0], [100, 100], [1, -1]]], b: ['features', [[1, 1], [1, 1], [-100, 0], [2, 2]]] } });
SWEEPS.push({ expr: 'center(f, y)', inputs: { f: ['features', [[100, -100], [0, 0]]], y: ['labels', [0, 1]] } });
SWEEPS.push({ expr: 'mean(square(norm(grad(sum(tanh(x)), x), axis=-1) - 1))', inputs: { x: ['real', [[100, -100], [0, 0], [30, 3]]] } });
SWEEPS.push({ expr: 'sum(norm(x, axis=-1)) + norm(x)', inputs: { x: ['real', [[0, 0], [3, 4]]] } });
SWEEPS.push({ expr: 'uncertainty(mse(x, t), mae(x, t))', inputs: { x: ['target', [100, -100]], t: ['target', [0, 0]] } });
SWEEPS.push({ expr: 'sum(fakequant(x, bits=4) * x) + sum(fakequant(x, scale=0.5))', inputs: { x: ['real', [100, -100, 0, 1e-3]] } });
SWEEPS.push({ expr: 'sum(fakequant(x, bits=8))', inputs: { x: ['real', [0, 0, 0]] } });

describe('extreme inputs keep values and gradients finite', () => {
  for (const s of SWEEPS) {
    const names = Object.keys(s.inputs);
    test(`${s.expr} at ${JSON.stringify(Object.fromEntries(names.map((n) => [n, s.inputs[n]![1]])))}`.slice(0, 200), () => {
      const src = `loss t(${names.map((n) => `${n}: ${s.inputs[n]![0]}`).join(', ')}) = ${s.expr}\n`;
      const a = analyze(src);
      const errors = a.diagnostics.filter((d) => d.severity === 'error');
      assert.deepEqual(errors.map((d) => d.message), []);
      const loss = compileLoss(a, 't');
      const diff = names.filter((n) => !['labels', 'binary', 'multilabel'].includes(s.inputs[n]![0]));
      const bad: string[] = [];
      tf.tidy(() => {
        const inputs = Object.fromEntries(names.map((n) => [n, tf.tensor(s.inputs[n]![1] as number[])]));
        const context = s.context?.class_counts ? { class_counts: tf.tensor1d(s.context.class_counts as number[]) } : {};
        const r = loss.valueAndGrads(inputs, diff, { context });
        const v = r.value.dataSync()[0]!;
        if (!Number.isFinite(v)) bad.push(`value ${v}`);
        for (const n of diff) {
          const g = Array.from(r.grads[n]!.dataSync());
          if (g.some((x) => !Number.isFinite(x))) bad.push(`∂/∂${n} = [${g.join(', ')}]`);
        }
      });
      assert.deepEqual(bad, []);
    });
  }
});
