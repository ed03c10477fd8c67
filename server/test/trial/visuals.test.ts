import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initBackend } from '../../src/numerics/backend.js';
import type { LandscapeMsg, RunSummaryMsg, TrialPlan } from '../../src/trial/protocol.js';
import { runTrial } from '../../src/trial/trial.js';
import { tf } from '../../src/trial/tfjs.js';

// The trial view's pictures: the loss landscape (one sample, confidence in its true class swept) and the
// decision boundary of 2-D classifiers, computed by the engine only when the plan asks for visuals.

before(async () => { await initBackend(); });

const TEXT = `
loss focal_bin(z: logits, y: binary, gamma = 2.0 in [0, 5]) {
  let p  = sigmoid(z)
  let pt = y * p + (1 - y) * (1 - p)
  return mean(-(1 - pt)^gamma * log(pt))
}
`;
const src = (expr: string) => ({ kind: 'source' as const, text: TEXT, expr });

const plan = (over: Partial<TrialPlan>): TrialPlan => ({
  trial: 't', data: { generator: 'blobs', args: { classes: 2, n: 200, imbalance: 0.2 } }, model: { kind: 'mlp', hidden: [16] },
  loss: src('focal_bin(gamma=2)'), compare: [{ kind: 'reference', name: 'ce' }], optimizer: { kind: 'adam', lr: 0.03 }, steps: 60, seeds: [0, 1],
  metrics: [{ name: 'accuracy' }], visuals: true, ...over,
});

describe('trial visuals', () => {
  it('sends the landscape of every loss before training: cross-entropy is −log p with gradient p − 1', async () => {
    let landscape: LandscapeMsg | undefined;
    let runsBefore = -1;
    const runs: RunSummaryMsg[] = [];
    await runTrial(plan({}), 'wasm', { onLandscape: (l) => { landscape = l; runsBefore = runs.length; }, onRunDone: (_i, r) => runs.push(r) });
    assert.ok(landscape, 'no landscape');
    assert.equal(runsBefore, 0, 'the landscape comes before the first run finishes');
    assert.equal(landscape.axis, 'confidence');
    assert.equal(landscape.trueClass, 1, 'the rarest class');
    assert.deepEqual(landscape.curves.map((c) => c.label), ['focal_bin(gamma=2)', 'ce']);
    const ce = landscape.curves[1];
    landscape.x.forEach((p, i) => {
      assert.ok(Math.abs(ce.loss[i]! - -Math.log(p)) < 1e-4, `ce loss at p=${p}: ${ce.loss[i]}`);
      assert.ok(Math.abs(ce.grad[i]! - (p - 1)) < 1e-4, `ce gradient at p=${p}: ${ce.grad[i]}`);
    });
    const focal = landscape.curves[0];
    landscape.x.forEach((p, i) => {
      const expected = -((1 - p) ** 2) * Math.log(p);
      assert.ok(Math.abs(focal.loss[i]! - expected) < 1e-4, `focal loss at p=${p}: ${focal.loss[i]} vs ${expected}`);
      assert.ok(focal.loss[i]! <= ce.loss[i]! + 1e-6, 'focal never above ce');
    });
  });

  it('attaches a decision boundary to first-seed runs on 2-D data that matches the training points', async () => {
    const r = await runTrial(plan({}), 'wasm');
    const first = r.runs.filter((x) => x.seed === 0);
    const second = r.runs.filter((x) => x.seed === 1);
    assert.equal(first.length, 2);
    for (const run of second) assert.equal(run.boundary, undefined, 'only the first seed carries a picture');
    for (const run of first) {
      const b = run.boundary!;
      assert.ok(b, `${run.label} has no boundary`);
      assert.equal(b.predicted.length, b.size * b.size);
      assert.equal(b.confidence.length, b.size * b.size);
      assert.ok(b.points.length > 0);
      assert.ok(new Set(b.predicted).size === 2, 'both classes appear on the plane');
      // The cell under each training point mostly predicts its label (the model trained).
      const [x0, x1, y0, y1] = b.extent;
      let agree = 0;
      for (const [x, y, cls] of b.points) {
        const c = Math.min(b.size - 1, Math.floor(((x - x0) / (x1 - x0)) * b.size));
        const row = Math.min(b.size - 1, Math.floor(((y1 - y) / (y1 - y0)) * b.size));
        if (b.predicted[row * b.size + c] === cls) agree++;
      }
      assert.ok(agree / b.points.length > 0.8, `${run.label}: ${agree} of ${b.points.length} points agree`);
    }
  });

  it('computes nothing of this without visuals, and regression gets a residual landscape', async () => {
    let called = false;
    const r = await runTrial(plan({ visuals: false, seeds: [0], steps: 5 }), 'wasm', { onLandscape: () => { called = true; } });
    assert.equal(called, false);
    assert.ok(r.runs.every((x) => x.boundary === undefined));
    let l: LandscapeMsg | undefined;
    await runTrial(plan({ data: { generator: 'regression', args: {} }, loss: { kind: 'reference', name: 'mse' }, compare: [], metrics: [{ name: 'mae' }], seeds: [0], steps: 5 }), 'wasm', { onLandscape: (x) => { l = x; } });
    assert.equal(l?.axis, 'residual');
    const mse = l!.curves[0];
    const mid = Math.floor(l!.x.length / 2);
    assert.ok(Math.abs(mse.loss[mid]!) < 1e-6 && Math.abs(mse.grad[mid]!) < 1e-6, 'zero at zero residual');
    l!.x.forEach((x, i) => assert.ok(Math.abs(mse.grad[i]! - 2 * x) < 1e-3 * Math.max(1, Math.abs(x)), `mse gradient 2r at r=${x}: ${mse.grad[i]}`));
  });

  it('leaves no tensor behind', async () => {
    await runTrial(plan({ seeds: [0], steps: 5 }), 'wasm', { onLandscape: () => {} });
    const before = tf.memory().numTensors;
    await runTrial(plan({ seeds: [0], steps: 5 }), 'wasm', { onLandscape: () => {} });
    assert.equal(tf.memory().numTensors, before);
  });
});
