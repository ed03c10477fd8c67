import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initBackend } from '../../src/numerics/backend.js';
import type { TrialPlan } from '../../src/trial/protocol.js';
import { runTrial } from '../../src/trial/trial.js';
import { tf } from '../../src/trial/tfjs.js';

before(async () => { await initBackend(); });

const TEXT = `
## Sigmoid focal loss (Lin et al., 2017).
loss focal_bin(z: logits, y: binary, gamma = 2.0 in [0, 5], alpha = 0.25 in [0, 1]) {
  let p  = sigmoid(z)
  let pt = y * p + (1 - y) * (1 - p)
  let at = y * alpha + (1 - y) * (1 - alpha)
  return mean(-at * (1 - pt)^gamma * log(pt))
}
loss mt(z: logits, y: labels, x: target, t: target) = uncertainty(ce(z, y), mse(x, t))
`;
const src = (expr: string) => ({ kind: 'source' as const, text: TEXT, expr });

const plan = (over: Partial<TrialPlan>): TrialPlan => ({
  trial: 't', data: { generator: 'blobs', args: { classes: 2, n: 300, imbalance: 0.1 } }, model: { kind: 'mlp', hidden: [16] },
  loss: src('focal_bin(gamma=2)'), compare: [src('bce')], optimizer: { kind: 'adam', lr: 0.02 }, steps: 40, seeds: [0],
  metrics: [{ name: 'balanced_accuracy' }], ...over,
});

describe('trial losses compiled from .loss source', () => {
  it('runs a user loss with a hyperparameter override against a builtin baseline, inputs bound by role', async () => {
    const r = await runTrial(plan({}), 'wasm');
    assert.deepEqual(r.runs.map((x) => x.label), ['focal_bin(gamma=2)', 'bce']);
    for (const run of r.runs) {
      assert.equal(run.stop, 'completed');
      assert.ok(run.series.loss[39][1] < run.series.loss[0][1], `${run.label} did not train`);
    }
  });

  it('splits a weighted sum into top-level terms with their own series', async () => {
    const r = await runTrial(plan({ loss: src('0.7 * focal(gamma=2) + 0.3 * bce'), compare: [] }), 'wasm');
    const s = r.runs[0].series;
    assert.ok(s['loss/0.7 * focal(gamma=2)'] && s['loss/0.3 * bce'], Object.keys(s).join(', '));
    const [, total] = s.loss[5], a = s['loss/0.7 * focal(gamma=2)'][5][1], b = s['loss/0.3 * bce'][5][1];
    assert.ok(Math.abs(total - (a + b)) < 1e-5);
    assert.ok(s['grad_norm/0.3 * bce'].length > 0);
  });

  it('optimises builtin learnable state (uncertainty weights) and regression targets on multitask data', async () => {
    const r = await runTrial(plan({ data: { generator: 'multitask', args: { reg_noise: 0.5 } }, loss: src('mt'), compare: [], metrics: [{ name: 'accuracy' }, { name: 'mse' }], steps: 60 }), 'wasm');
    const run = r.runs[0];
    assert.equal(run.stop, 'completed');
    assert.ok(Object.keys(run.learned).length >= 2, JSON.stringify(run.learned));
    assert.ok(Object.values(run.learned).some((v) => Math.abs(v) > 1e-3), 'learned values moved');
  });

  it('compiles builtin regression losses with (prediction, target) inputs', async () => {
    const r = await runTrial(plan({ data: { generator: 'regression', args: {} }, loss: src('huber(delta=1)'), compare: [src('mse')], metrics: [{ name: 'mae' }], steps: 150 }), 'wasm');
    for (const run of r.runs) assert.ok(run.final.mae < 1.5, `${run.label}: mae ${run.final.mae}`);
  });

  it('leaves no tensor behind', async () => {
    const start = tf.memory().numTensors;
    await runTrial(plan({ steps: 3 }), 'wasm');
    assert.equal(tf.memory().numTensors, start);
  });
});
