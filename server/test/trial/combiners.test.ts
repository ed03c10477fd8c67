import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initBackend } from '../../src/numerics/backend.js';
import { pcgrad } from '../../src/trial/combiners.js';
import type { TrialPlan } from '../../src/trial/protocol.js';
import { DwaWeights, GradNormWeights } from '../../src/trial/task-weights.js';
import { runTrial } from '../../src/trial/trial.js';
import { tf } from '../../src/trial/tfjs.js';

// Task combiners written in a `.loss` file (pcgrad, mgda, gradnorm, dwa) reach the trial through the
// compiler's combine callback: the trial sees the task losses and decides the update.

before(async () => { await initBackend(); });

const TEXT = `
loss twice(z: logits, y: labels) = ce(z, y) + ce(z, y)
loss pc_same(z: logits, y: labels) = pcgrad(ce(z, y), ce(z, y))
loss ce_reg(z: logits, y: labels) = ce(z, y) + 0.01 * l2(weights)
loss pc_half_reg(z: logits, y: labels) = 0.5 * pcgrad(ce(z, y), ce(z, y)) + 0.01 * l2(weights)
loss mg_same(z: logits, y: labels) = mgda(ce(z, y), ce(z, y))
loss gn(z: logits, y: labels, r: target, t: target) = gradnorm(ce(z, y), mse(r, t), alpha=1.5)
loss dw(z: logits, y: labels, r: target, t: target) = dwa(ce(z, y), mse(r, t), T=2)
loss pc(z: logits, y: labels, r: target, t: target) = pcgrad(ce(z, y), mse(r, t))
loss plain_sum(z: logits, y: labels, r: target, t: target) = ce(z, y) + mse(r, t)
`;
const src = (expr: string) => ({ kind: 'source' as const, text: TEXT, expr });
const plan = (over: Partial<TrialPlan>): TrialPlan => ({
  trial: 't', data: { generator: 'blobs', args: { classes: 3, n: 120 } }, model: { kind: 'mlp', hidden: [16, 16] },
  loss: src('pc_same'), compare: [], optimizer: { kind: 'adam', lr: 0.01 }, steps: 30, batch: 64, seeds: [0],
  metrics: [{ name: 'accuracy' }], recordEvery: 10, ...over,
});
const losses = (r: Awaited<ReturnType<typeof runTrial>>, label: string) => r.runs.find((x) => x.label === label)!.series.loss.map((p) => p[1]);

function assertClose(a: number[], b: number[], what: string): void {
  assert.equal(a.length, b.length, what);
  a.forEach((x, i) => assert.ok(Math.abs(x - b[i]) <= 1e-4 * Math.max(1, Math.abs(b[i])), `${what}, step ${i}: ${x} vs ${b[i]}`));
}

describe('task combiners from .loss', () => {
  it('pcgrad of two agreeing tasks is the plain sum, also scaled and next to another term (the rest keeps its own gradient)', async () => {
    const r = await runTrial(plan({ loss: src('pc_same'), compare: [src('twice'), src('pc_half_reg'), src('ce_reg')] }), 'wasm');
    assertClose(losses(r, 'pc_same'), losses(r, 'twice'), 'pcgrad(ce, ce) vs ce + ce');
    assertClose(losses(r, 'pc_half_reg'), losses(r, 'ce_reg'), '0.5·pcgrad(ce, ce) + l2 vs ce + l2');
    const run = r.runs.find((x) => x.label === 'pc_same')!;
    assert.ok(run.series['loss/ce(z, y)'] && run.series['grad_norm/ce(z, y)'], Object.keys(run.series).join(', '));
  });

  it('mgda of two equal tasks is their mean, with weights ½ and ½', async () => {
    const r = await runTrial(plan({ loss: src('mg_same'), compare: [src('ce')] }), 'wasm');
    assertClose(losses(r, 'mg_same'), losses(r, 'ce'), 'mgda(ce, ce) vs ce');
    for (const name of ['weight/ce(z, y)', 'weight/ce(z, y) #2']) {
      const w = r.runs[0].series[name];
      assert.equal(w.length, 30, name);
      for (const [, v] of w) assert.ok(Math.abs(v - 0.5) < 1e-6);
    }
  });

  const multitask = { generator: 'multitask', args: { classes: 2, n: 200, scale: 10 } };
  it('gradnorm and dwa weights move from 1, stay positive and sum to the number of tasks', async () => {
    const r = await runTrial(plan({ data: multitask, loss: src('gn'), compare: [src('dw')], steps: 40, metrics: [{ name: 'accuracy' }, { name: 'mse' }] }), 'wasm');
    for (const run of r.runs) {
      const a = run.series['weight/ce(z, y)'], b = run.series['weight/mse(r, t)'];
      assert.ok(a && b, `${run.label}: ${Object.keys(run.series).join(', ')}`);
      a.forEach(([, w], i) => { assert.ok(w > 0 && b[i][1] > 0); assert.ok(Math.abs(w + b[i][1] - 2) < 1e-9); });
      assert.ok(a.some(([, w]) => Math.abs(w - 1) > 1e-3), `${run.label} weights never moved`);
      assert.ok(run.stop === 'completed' && Number.isFinite(run.final.mse));
    }
    // DWA: weight 1 for the first two epochs (400 samples / batch 64 = 7 steps each).
    const dwa = r.runs.find((x) => x.label === 'dw')!.series['weight/ce(z, y)'];
    assert.ok(dwa.slice(0, 14).every(([, w]) => w === 1), JSON.stringify(dwa.slice(0, 15)));
  });

  it('pcgrad on a classification and a regression task differs from their plain sum', async () => {
    const r = await runTrial(plan({ data: multitask, loss: src('pc'), compare: [src('plain_sum')], steps: 20, metrics: [{ name: 'mse' }] }), 'wasm');
    assert.notDeepEqual(losses(r, 'pc'), losses(r, 'plain_sum'));
    assert.ok(r.runs.every((x) => x.stop === 'completed'));
  });

  it('PCGrad projects conflicting gradients off each other', () => {
    const [g1, g2] = [tf.tensor1d([1, 0]), tf.tensor1d([-1, 1])];
    const d = pcgrad([g1, g2]);
    const v = d.dataSync();
    // g1' = g1 − (g1·g2/|g2|²) g2 = [0.5, 0.5]; g2' = g2 − (g2·g1/|g1|²) g1 = [0, 1].
    assert.deepEqual(Array.from(v).map((x) => Math.round(x * 1e6) / 1e6), [0.5, 1.5]);
    tf.dispose([g1, g2, d]);
  });

  it('GradNorm raises the weight of the task that trains slowest; DWA that of the task whose loss fell least', () => {
    const gn = new GradNormWeights(2, 1.5);
    for (let t = 0; t < 50; t++) gn.update([Math.exp(-0.1 * t), 1], [1, 1], 0.01);
    assert.ok(gn.weights[1] > 1 && gn.weights[0] < 1, JSON.stringify(gn.weights));
    const dwa = new DwaWeights(2, 2, 1);
    for (const l of [[1, 1], [0.5, 1], [0.25, 1]]) dwa.update(l);
    assert.ok(dwa.weights[1] > dwa.weights[0], JSON.stringify(dwa.weights));
    assert.ok(Math.abs(dwa.weights[0] + dwa.weights[1] - 2) < 1e-12);
  });

  it('leaves no tensor behind', async () => {
    const start = tf.memory().numTensors;
    await runTrial(plan({ data: multitask, loss: src('gn'), compare: [src('dw'), src('pc'), src('mg_same')], steps: 4, metrics: [{ name: 'mse' }] }), 'wasm');
    assert.equal(tf.memory().numTensors, start);
  });
});
