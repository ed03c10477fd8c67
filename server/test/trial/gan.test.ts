import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initBackend } from '../../src/numerics/backend.js';
import { bindGanInputs } from '../../src/trial/gan.js';
import type { TrialLoss } from '../../src/trial/loss.js';
import type { TrialPlan } from '../../src/trial/protocol.js';
import { runTrial } from '../../src/trial/trial.js';
import { tf } from '../../src/trial/tfjs.js';

// The two-player GAN loop on the ring of Gaussians: generator losses against a discriminator loss,
// d_steps critic steps per generator step, each player with its own optimizer.

before(async () => { await initBackend(); });

const TEXT = `
loss ns_d(real: critic, fake: critic) = mean(softplus(-real)) + mean(softplus(fake))
loss ns_g(fake: critic) = mean(softplus(-fake))
loss minimax_g(fake: critic) = gan_g(fake, kind="minimax")
loss hinge_d(real: critic, fake: critic) = mean(relu(1 - real)) + mean(relu(1 + fake))
loss hinge_g(fake: critic) = gan_g(fake, kind="hinge")
loss ragan_pair_g(real: critic, fake: critic) = ragan_g(real, fake)
loss wgan_gp_d(real: critic, fake: critic, mixed: critic, x_mixed: features, lambda = 10 in [0, 100]) {
  let g = grad(sum(mixed), x_mixed)
  let slope = sqrt(sum(square(g), axis=-1) + 1e-12)
  return mean(fake) - mean(real) + lambda * mean(square(slope - 1))
}
loss wgan_d(real: critic, fake: critic) = mean(fake) - mean(real)
loss wgan_g(fake: critic) = gan_g(fake, kind="wgan")
`;
const src = (expr: string) => ({ kind: 'source' as const, text: TEXT, expr });
const gan = (h: number, d: Partial<{ spectral_norm: boolean }> = {}) => ({ kind: 'gan' as const, g: { kind: 'mlp' as const, hidden: [h, h] }, d: { kind: 'mlp' as const, hidden: [h, h], ...d }, latent: 2 });
const plan = (over: Partial<TrialPlan>): TrialPlan => ({
  trial: 'g', data: { generator: 'ring', args: {} }, model: gan(16), loss: src('ns_g'), compare: [], dLoss: src('ns_d'), dSteps: 1,
  optimizer: { kind: 'adam', lr: 0.001, beta1: 0.5 }, steps: 10, batch: 128, seeds: [0], metrics: [{ name: 'modes_covered' }, { name: 'hq_fraction' }],
  ...over,
});

describe('GAN trials', () => {
  it('non-saturating G covers more ring modes than saturating minimax G against a strong D under SGD', async () => {
    // Five D steps per G step make D confident; plain SGD does not rescale minimax's vanishing gradient
    // (loss-methods.md, "Trials on the 8-Gaussian ring"). Direction only, fixed seeds.
    const r = await runTrial(plan({ model: gan(64), loss: src('ns_g'), compare: [src('minimax_g')], dSteps: 5, optimizer: { kind: 'sgd', lr: 0.05 }, steps: 250, seeds: [0, 1], recordEvery: 250 }), 'wasm');
    const modes = (label: string) => r.runs.filter((x) => x.label === label).map((x) => x.final.modes_covered);
    const ns = modes('ns_g'), mm = modes('minimax_g');
    assert.ok(ns.reduce((a, b) => a + b) > mm.reduce((a, b) => a + b), `modes covered: non-saturating ${ns}, minimax ${mm}`);
    ns.forEach((n, i) => assert.ok(n >= mm[i], `seed ${i}: ${n} < ${mm[i]}`));
    assert.ok(r.summary.ns_g.hq_fraction.mean > r.summary.minimax_g.hq_fraction.mean);
  });

  it('records both players: G loss and gradient norm every step, D loss of the last critic step, metrics, samples of the first seed', async () => {
    const r = await runTrial(plan({ dSteps: 3, steps: 12, seeds: [0, 1], recordEvery: 4 }), 'wasm');
    const first = r.runs[0];
    for (const k of ['loss', 'grad_norm', 'd_loss', 'd_grad_norm']) assert.equal(first.series[k].length, 12, k);
    assert.deepEqual(first.series.modes_covered.map((p) => p[0]), [0, 4, 8, 11]);
    assert.equal(first.samples?.length, 1000);
    assert.equal(r.runs[1].samples, undefined);
    assert.ok(Number.isFinite(first.final.hq_fraction));
  });

  it('is deterministic and shares the initial weights of G and D across the compared losses', async () => {
    const p = plan({ compare: [src('minimax_g')], steps: 6 });
    const [a, b] = [await runTrial(p, 'wasm'), await runTrial(p, 'wasm')];
    assert.deepEqual(a.runs.map((x) => x.series), b.runs.map((x) => x.series));
    // Step 0: the same D update (same D loss, data and weights) before the generators differ.
    assert.equal(a.runs[0].series.d_loss[0][1], a.runs[1].series.d_loss[0][1]);
  });

  it('binds critic inputs by name (real, fake, mixed) and the interpolates to features: WGAN-GP, hinge with spectral norm, RaGAN', async () => {
    const r = await runTrial(plan({ loss: src('wgan_g'), compare: [src('hinge_g'), src('ragan_pair_g')], dLoss: src('wgan_gp_d'), steps: 8 }), 'wasm');
    for (const run of r.runs) assert.equal(run.stop, 'completed', `${run.label}: ${JSON.stringify(run.diverged)}`);
    const noPenalty = await runTrial(plan({ loss: src('wgan_g'), dLoss: src('wgan_d'), steps: 8 }), 'wasm');
    // Step 0 evaluates both critics at the same weights on the same batches: the difference is the penalty
    // λ·E(‖∇ₓD(x̂)‖ − 1)². Were ∇ₓD(x̂) not traced through D (zero), it would be λ·(0 − 1)² = 10 exactly.
    const penalty = r.runs[0].series.d_loss[0][1] - noPenalty.runs[0].series.d_loss[0][1];
    assert.ok(penalty > 0 && Math.abs(penalty - 10) > 0.05, `penalty ${penalty}`);
    const sn = await runTrial(plan({ model: gan(16, { spectral_norm: true }), loss: src('hinge_g'), dLoss: src('hinge_d'), steps: 6 }), 'wasm');
    assert.equal(sn.runs[0].stop, 'completed');
  });

  it('binding: a single critic input is the fake batch; unknown roles are refused with the reason', () => {
    const calls: string[] = [];
    const t = (name: string) => { calls.push(name); return tf.scalar(0); };
    const sources = { real: () => t('real'), fake: () => t('fake'), mixed: () => t('mixed'), xMixed: () => t('x_mixed') };
    const loss = (inputs: TrialLoss['inputs']): TrialLoss => ({ label: 'l', inputs, learnables: [], termNames: [], evaluate: () => { throw new Error('unused'); } });
    tf.tidy(() => {
      bindGanInputs(loss([{ name: 'a', role: 'critic' }]), sources, 'generator');
      bindGanInputs(loss([{ name: 'a', role: 'critic' }, { name: 'b', role: 'critic' }]), sources, 'discriminator');
      bindGanInputs(loss([{ name: 'a', role: 'critic', param: 'fake' }, { name: 'b', role: 'critic', param: 'real' }]), sources, 'discriminator');
    });
    assert.deepEqual(calls, ['fake', 'real', 'fake', 'fake', 'real']);
    assert.throws(() => bindGanInputs(loss([{ name: 'y', role: 'labels', param: 'y' }]), sources, 'generator'), /generator loss 'l' takes 'y' \(labels\), which a GAN does not provide/);
  });

  it('says what is wrong with a GAN on the wrong data, or ring data without a GAN', async () => {
    await assert.rejects(runTrial(plan({ data: { generator: 'blobs', args: {} } }), 'wasm'), /a gan model needs ring data, not classification data/);
    await assert.rejects(runTrial(plan({ model: { kind: 'mlp', hidden: [8] } }), 'wasm'), /ring data is for GANs/);
    await assert.rejects(runTrial(plan({ dLoss: undefined }), 'wasm'), /needs a discriminator loss/);
  });

  it('leaves no tensor behind, also when cancelled', async () => {
    const start = tf.memory().numTensors;
    await runTrial(plan({ compare: [src('minimax_g')], dLoss: src('wgan_gp_d'), dSteps: 2, steps: 4 }), 'wasm');
    let n = 0;
    const r = await runTrial(plan({ steps: 50 }), 'wasm', { shouldStop: () => ++n > 5 });
    assert.equal(r.stopped, 'cancelled');
    assert.equal(tf.memory().numTensors, start);
  });
});
