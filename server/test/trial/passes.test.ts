import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initBackend } from '../../src/numerics/backend.js';
import type { TrialPlan } from '../../src/trial/protocol.js';
import { runTrial } from '../../src/trial/trial.js';
import { tf } from '../../src/trial/tfjs.js';

// Extra forward passes a loss can ask for by role: `logits2`, a second pass with new dropout masks
// (R-Drop), and `logits_fp`, the full-precision pass of a quantised model (mixed-precision losses).

before(async () => { await initBackend(); });

const TEXT = `
loss consistency(z: logits, z2: logits2) = 0.5 * (kl(softmax(z), softmax(z2)) + kl(softmax(z2), softmax(z)))
loss rdrop(z: logits, z2: logits2, y: labels) = 0.5 * (ce(z, y) + ce(z2, y)) + consistency(z, z2)
loss gap(z: logits, z_fp: logits_fp) = mean(square(z - z_fp))
loss mixed(z: logits, z_fp: logits_fp, y: labels) = ce(z, y) + gap(z, z_fp)
`;
const src = (expr: string) => ({ kind: 'source' as const, text: TEXT, expr });

const plan = (over: Partial<TrialPlan>): TrialPlan => ({
  trial: 't', data: { generator: 'blobs', args: { classes: 3, n: 150, noise: 0.7 } }, model: { kind: 'mlp', hidden: [32, 32] },
  loss: src('rdrop'), compare: [], optimizer: { kind: 'adam', lr: 0.01 }, steps: 30, batch: 64, seeds: [0],
  metrics: [{ name: 'accuracy' }], recordEvery: 1, ...over,
});

const series = (r: Awaited<ReturnType<typeof runTrial>>, i: number, name: string) => r.runs[i].series[name].map((p) => p[1]);

describe('second stochastic pass (R-Drop) and full-precision pass', () => {
  it('logits2 is a pass with other dropout masks: the consistency term is positive with dropout, exactly 0 without', async () => {
    const withDropout = await runTrial(plan({ model: { kind: 'mlp', hidden: [32, 32], dropout: 0.3 }, loss: src('ce + consistency'), steps: 20 }), 'wasm');
    const kl = series(withDropout, 0, 'loss/consistency');
    assert.equal(kl.length, 20);
    assert.ok(kl.every((v) => v > 1e-6), `KL between the passes: ${kl.slice(0, 5)}`);
    const without = await runTrial(plan({ loss: src('ce + consistency'), steps: 5 }), 'wasm');
    assert.ok(series(without, 0, 'loss/consistency').every((v) => Math.abs(v) < 1e-7), 'identical passes without dropout');
  });

  it('R-Drop trains, and the two passes differ from step to step (fresh masks each step)', async () => {
    const r = await runTrial(plan({ model: { kind: 'mlp', hidden: [32, 32], dropout: 0.3 }, loss: src('ce + consistency'), steps: 60, recordEvery: 10 }), 'wasm');
    const kl = series(r, 0, 'loss/consistency');
    assert.equal(new Set(kl.map((v) => v.toFixed(7))).size, kl.length, 'masks change every step');
    const loss = series(r, 0, 'loss');
    assert.ok(loss.slice(-5).reduce((a, b) => a + b) < loss.slice(0, 5).reduce((a, b) => a + b), 'the loss falls');
    assert.ok(r.runs[0].final.accuracy > 0.5);
  });

  it('logits_fp is the model with float weights: it differs from the 4-bit pass, and equals it for a float model', async () => {
    const q = await runTrial(plan({ model: { kind: 'mlp', hidden: [32, 32], quantize: 4 }, loss: src('ce + gap'), steps: 10, metrics: [{ name: 'accuracy' }, { name: 'float_accuracy' }] }), 'wasm');
    assert.ok(series(q, 0, 'loss/gap').every((v) => v > 1e-6), `4-bit vs float logits: ${series(q, 0, 'loss/gap')}`);
    const f = await runTrial(plan({ loss: src('ce + gap'), steps: 5 }), 'wasm');
    assert.ok(series(f, 0, 'loss/gap').every((v) => v === 0), 'a float model has one pass');
    // The gap term pulls the two passes together.
    const pulled = await runTrial(plan({ model: { kind: 'mlp', hidden: [32, 32], quantize: 4 }, loss: src('ce + 10 * gap'), steps: 60, recordEvery: 10 }), 'wasm');
    const g = series(pulled, 0, 'loss/10 * gap');
    assert.ok(g[g.length - 1] < g[0], `gap ${g[0]} → ${g[g.length - 1]}`);
  });

  it('leaves no tensor behind', async () => {
    const start = tf.memory().numTensors;
    await runTrial(plan({ model: { kind: 'mlp', hidden: [16], dropout: 0.2, quantize: 4 }, loss: src('rdrop'), compare: [src('mixed')], steps: 5 }), 'wasm');
    assert.equal(tf.memory().numTensors, start);
  });
});
