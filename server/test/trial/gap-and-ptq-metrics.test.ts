import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { lookupTrialConstructor } from '../../src/core/builtins/trial-vocabulary.js';
import { initBackend } from '../../src/numerics/backend.js';
import { generate } from '../../src/trial/data/index.js';
import { evaluateMetrics, findMetric, metricNeeds } from '../../src/trial/metrics/registry.js';
import type { TrialPlan } from '../../src/trial/protocol.js';
import { runTrial } from '../../src/trial/trial.js';

// The metrics the regularisation and quantisation families need: accuracy on the training split and the
// generalisation gap (train − validation accuracy; regularisers narrow it under label noise), and accuracy
// after 4-bit post-training quantisation (what a quantize=4 model is set against).

before(async () => { await initBackend(); });

describe('train_accuracy, accuracy_gap, int4_accuracy', () => {
  it('are in the trial vocabulary and the engine, with the same direction', () => {
    for (const name of ['train_accuracy', 'accuracy_gap', 'int4_accuracy']) {
      const v = lookupTrialConstructor(name, 'metric');
      const m = findMetric(name);
      assert.ok(v && m, name);
      assert.equal(v.higherIsBetter, m.higherIsBetter, name);
    }
    assert.equal(findMetric('accuracy_gap')!.higherIsBetter, false);
    assert.deepEqual(metricNeeds([{ name: 'accuracy_gap' }]), { int8: false, int4: false, float: false, teacher: false, train: true });
    assert.deepEqual(metricNeeds([{ name: 'int4_accuracy' }]), { int8: false, int4: true, float: false, teacher: false, train: false });
  });

  it('read the training split against its own labels (hand-computed)', () => {
    const dataset = generate('blobs', { classes: 2, n: 2 }, 0);
    // Two training points, both predicted as class 0; four validation points, one predicted right.
    const train = { ...dataset.train, n: 2, labels: Int32Array.from([0, 1]) };
    const val = { ...dataset.val, n: 4, labels: Int32Array.from([0, 1, 1, 1]) };
    const d = { ...dataset, train, val };
    const o = {
      dataset: d, split: val,
      classProbs: Float32Array.from([0.9, 0.1, 0.8, 0.2, 0.7, 0.3, 0.6, 0.4]),
      trainProbs: Float32Array.from([0.9, 0.1, 0.6, 0.4]),
    };
    const m = evaluateMetrics([{ name: 'accuracy' }, { name: 'train_accuracy' }, { name: 'accuracy_gap' }], o);
    assert.deepEqual(m, { accuracy: 0.25, train_accuracy: 0.5, accuracy_gap: 0.25 });
    assert.throws(() => evaluateMetrics([{ name: 'int4_accuracy' }], o), /int4_accuracy needs class probabilities from its own evaluation pass/);
    assert.throws(() => evaluateMetrics([{ name: 'accuracy_gap' }], { ...o, trainProbs: undefined }), /accuracy_gap needs/);
  });

  it('in a trial: the gap is train minus validation accuracy, and a 4-bit QAT model’s int4 accuracy is its accuracy', async () => {
    const plan: TrialPlan = {
      trial: 't', data: { generator: 'blobs', args: { classes: 3, n: 100, label_noise: 0.3 } }, model: { kind: 'mlp', hidden: [32] },
      loss: { kind: 'reference', name: 'ce' }, compare: [], optimizer: { kind: 'adam', lr: 0.02 }, steps: 40, seeds: [1],
      metrics: [{ name: 'accuracy' }, { name: 'train_accuracy' }, { name: 'accuracy_gap' }, { name: 'int4_accuracy' }],
    };
    const f = (await runTrial(plan, 'wasm')).runs[0].final;
    assert.ok(f.train_accuracy > 0.4 && f.train_accuracy <= 1, `train ${f.train_accuracy}`);
    assert.ok(Math.abs(f.accuracy_gap - (f.train_accuracy - f.accuracy)) < 1e-12);
    assert.ok(f.int4_accuracy >= 0 && f.int4_accuracy <= 1);
    // The deployed model of quantize=4 already has 4-bit weights: quantising again changes nothing.
    const q = (await runTrial({ ...plan, model: { kind: 'mlp', hidden: [32], quantize: 4 } }, 'wasm')).runs[0].final;
    assert.equal(q.int4_accuracy, q.accuracy);
  });
});
