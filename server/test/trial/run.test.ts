import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initBackend } from '../../src/numerics/backend.js';
import { generate } from '../../src/trial/data/index.js';
import { headsFor } from '../../src/trial/bind.js';
import { MLP_DEFAULTS, Mlp } from '../../src/trial/models/mlp.js';
import { optimizerSpec } from '../../src/trial/optim/optimizer.js';
import { runOne, type RunSpec } from '../../src/trial/run.js';
import type { TrialLoss } from '../../src/trial/loss.js';
import { tf } from '../../src/trial/tfjs.js';
import { bce, cbWeights, ce, focal, mse, terms } from './hand-losses.js';

before(async () => { await initBackend(); });

function spec(loss: TrialLoss, over: Partial<RunSpec> = {}, data = generate('blobs', { classes: 2, n: 200, imbalance: 0.1, noise: 0.6 }, 1)): RunSpec {
  const model = new Mlp({ ...MLP_DEFAULTS, hidden: [16, 16] }, data.inputDim, headsFor(data, [loss]));
  return {
    label: loss.label, seed: 1, dataset: data, model, initialWeights: model.init(1), loss,
    optimizer: optimizerSpec('adam', { lr: 0.02 }), steps: 60, batch: 10_000, metrics: [{ name: 'accuracy' }, { name: 'balanced_accuracy' }],
    recordEvery: 10, ...over,
  };
}

describe('run loop', () => {
  it('trains: the loss falls and accuracy is recorded every k steps and at the end', async () => {
    const r = await runOne(spec(bce));
    assert.equal(r.stop, 'completed');
    assert.equal(r.stepsCompleted, 60);
    const loss = r.series.loss;
    assert.equal(loss.length, 60);
    assert.ok(loss[59][1] < loss[0][1] * 0.7, `loss ${loss[0][1]} → ${loss[59][1]}`);
    assert.deepEqual(r.series.accuracy.map((p) => p[0]), [0, 10, 20, 30, 40, 50, 59]);
    assert.ok(r.final.accuracy > 0.8);
    assert.equal(r.diverged, null);
  });

  it('is deterministic: same seed and weights give identical series; minibatches and dropout too', async () => {
    const s = spec(focal, { batch: 32, model: new Mlp({ ...MLP_DEFAULTS, hidden: [16], dropout: 0.2 }, 2, [{ name: 'logits', dim: 1, squeeze: true }]) });
    const init = s.model.init(3);
    const a = await runOne({ ...s, initialWeights: init, steps: 20 });
    const b = await runOne({ ...s, initialWeights: init, steps: 20 });
    assert.deepEqual(a.series.loss, b.series.loss);
    const c = await runOne({ ...s, initialWeights: init, steps: 20, seed: 2 });
    assert.notDeepEqual(a.series.loss, c.series.loss);
  });

  it('multi-class CE with class-balanced weights raises balanced accuracy on long-tailed blobs', async () => {
    const data = generate('blobs', { classes: 3, n: 500, imbalance: 0.02, noise: 0.7 }, 4);
    const plain = await runOne(spec(ce(), { steps: 150 }, data));
    const cb = await runOne(spec(ce(cbWeights(0.999), 'ce(weight=cb_weights(class_counts))'), { steps: 150 }, data));
    assert.ok(cb.final.balanced_accuracy > plain.final.balanced_accuracy + 0.03, `${cb.final.balanced_accuracy} vs ${plain.final.balanced_accuracy}`);
  });

  it('records each term, its gradient norm, and learned values (uncertainty weighting moves s)', async () => {
    const data = generate('multitask', { reg_noise: 0.5 }, 1);
    const loss = terms('uncertainty', [{ name: 'z', role: 'logits' }, { name: 'y', role: 'labels' }, { name: 'p', role: 'target' }, { name: 't', role: 'target' }], {
      cls: (i, _c, l) => tf.add(tf.mul(tf.exp(tf.neg(l.s1)), tf.mean(tf.neg(tf.sum(tf.mul(tf.logSoftmax(i.z as tf.Tensor2D), tf.oneHot(i.y as tf.Tensor1D, 2)), 1)))), l.s1) as tf.Scalar,
      reg: (i, _c, l) => tf.add(tf.mul(tf.exp(tf.neg(l.s2)), tf.mean(tf.square(tf.sub(i.p, i.t)))), l.s2) as tf.Scalar,
    }, [{ name: 's1', shape: [], init: 0 }, { name: 's2', shape: [], init: 0 }]);
    const r = await runOne(spec(loss, { steps: 40, metrics: [{ name: 'accuracy' }, { name: 'mse' }] }, data));
    assert.equal(r.series['loss/cls'].length, 40);
    assert.equal(r.series['grad_norm/reg'].length, 5);
    assert.ok(r.series['grad_norm/cls'].every(([, v]) => v > 0));
    assert.equal(r.series['learned/s1'].length, 5);
    assert.notEqual(r.learned.s1, 0);
    assert.ok('mse' in r.final && 'accuracy' in r.final);
  });

  it('stops at the step a term goes non-finite and names that term', async () => {
    const loss = terms('fragile', [{ name: 'z', role: 'logits' }, { name: 'y', role: 'binary' }], {
      fit: (i) => tf.mean(tf.square(tf.sub(i.z, i.y))),
      bad: (i, ctx) => tf.mul(tf.log(tf.scalar(7 - ctx.step)), tf.mean(tf.square(i.z))) as tf.Scalar, // log(0) = −inf at step 7
    });
    const r = await runOne(spec(loss, { steps: 50 }));
    assert.equal(r.stop, 'diverged');
    assert.deepEqual(r.diverged, { step: 7, term: 'bad' });
    assert.equal(r.stepsCompleted, 7);
    assert.ok(Number.isFinite(r.final.accuracy), 'metrics come from the last finite weights');
  });

  it('names a term whose value is finite but whose gradient is not', async () => {
    const loss = terms('sqrt-at-zero', [{ name: 'z', role: 'logits' }, { name: 'y', role: 'binary' }], {
      fit: (i) => tf.mean(tf.square(tf.sub(i.z, i.y))),
      root: (i, ctx) => tf.sqrt(tf.mul(tf.mean(tf.square(i.z)), ctx.step >= 3 ? 0 : 1)) as tf.Scalar,
    });
    const r = await runOne(spec(loss, { steps: 20 }));
    assert.deepEqual(r.diverged, { step: 3, term: 'root' });
  });

  it('stops when asked, between steps, at the step count it was asked at', async () => {
    const r = await runOne(spec(bce, { steps: 100_000 }), { shouldStop: (step) => step >= 25 });
    assert.equal(r.stop, 'cancelled');
    assert.equal(r.stepsCompleted, 25);
  });

  it('stops at the wall-time budget', async () => {
    let t = 0;
    const r = await runOne(spec(bce, { steps: 1000, maxWallMs: 100 }), { now: () => (t += 10) });
    assert.equal(r.stop, 'wall_budget');
    assert.ok(r.stepsCompleted < 1000);
  });

  it('fits regression through two target inputs (prediction, then data)', async () => {
    const data = generate('regression', { outliers: 0 }, 2);
    const r = await runOne(spec(mse, { steps: 150, metrics: [{ name: 'mse' }] }, data));
    assert.ok(r.final.mse < 0.5, `mse ${r.final.mse}`);
  });

  it('applies PCGrad and MGDA combiners to per-term gradients', async () => {
    for (const combiner of ['pcgrad', 'mgda'] as const) {
      const loss = terms(combiner, [{ name: 'z', role: 'logits' }, { name: 'y', role: 'binary' }], {
        a: (i) => tf.mean(tf.square(tf.sub(i.z, i.y))),
        b: (i) => tf.mean(tf.square(tf.add(i.z, 0.5))),
      }, [], combiner);
      const r = await runOne(spec(loss, { steps: 15 }));
      assert.equal(r.stop, 'completed');
      assert.equal(r.series['grad_norm/a'].length, 3); // steps 0, 10 and the last
      if (combiner === 'mgda') assert.equal(r.series['weight/a'].length, 15);
    }
  });

  it('leaves no tensor behind after 20 runs, including cancelled and diverged ones', async () => {
    const start = tf.memory().numTensors;
    const bad = terms('bad', [{ name: 'z', role: 'logits' }, { name: 'y', role: 'binary' }], {
      x: (i, ctx) => tf.mul(tf.log(tf.scalar(3 - ctx.step)), tf.mean(i.z)) as tf.Scalar,
    });
    for (let k = 0; k < 20; k++) {
      const which = k % 4;
      if (which === 0) await runOne(spec(bce, { steps: 5 }));
      if (which === 1) await runOne(spec(focal, { steps: 5, batch: 16 }));
      if (which === 2) await runOne(spec(bad, { steps: 10 }));
      if (which === 3) await runOne(spec(bce, { steps: 50 }), { shouldStop: (s) => s >= 2 });
    }
    assert.equal(tf.memory().numTensors, start);
  });

  it('rejects a loss that does not reduce to a scalar, with its label', async () => {
    const bad: TrialLoss = { ...bce, label: 'vec', evaluate: (i) => ({ total: i.z as tf.Scalar, terms: [] }) };
    const start = tf.memory().numTensors;
    await assert.rejects(runOne(spec(bad, { steps: 2 })), /vec.*not a scalar|scalar/);
    assert.equal(tf.memory().numTensors, start);
  });
});
