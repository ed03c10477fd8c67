import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { initBackend } from '../../src/numerics/backend.js';
import { planFromDocument } from '../../src/trial/document-plan.js';
import { runTrial } from '../../src/trial/trial.js';

// A trial block as the engine's plan: every field, the vocabulary's defaults for the rest, and the losses
// as source references into the same text.

const TEXT = `loss focal_cb(z: logits, y: labels, gamma = 2 in [0, 5]) = focal(z, y, gamma=gamma)
trial long_tail {
  data      = blobs(classes=3, n=1000, imbalance=0.02, noise=0.6)
  model     = mlp(hidden=[32, 32], activation="tanh", dropout=0.1, quantize=null, spectral_norm=true, head="cosine")
  loss      = focal_cb(gamma=2)
  compare   = [ce, 0.5 * focal(gamma=1) + 0.5 * ce]
  optimizer = adamw(lr=warmup(1, until=0.05) * cosine(0.01, 0.0001), weight_decay=0.01)
  steps     = 300
  batch     = 128
  seeds     = [1, 4]
  metrics   = [balanced_accuracy, recall(2), ece]
  resample  = "sqrt"
  eval_every = 5
}
trial small {
  data = moons
  loss = bce
}
`;

describe('planFromDocument', () => {
  it('reads every field of a trial', () => {
    const plan = planFromDocument({ text: TEXT, path: '/w/a.loss', workspaceRoot: '/w', trial: 'long_tail' });
    assert.deepEqual(plan.data, { generator: 'blobs', args: { classes: 3, n: 1000, imbalance: 0.02, noise: 0.6 }, label: 'blobs(classes=3, n=1000, imbalance=0.02, noise=0.6)' });
    assert.deepEqual(plan.model, { kind: 'mlp', hidden: [32, 32], activation: 'tanh', dropout: 0.1, spectral_norm: true, quantize: null, head: 'cosine' });
    assert.deepEqual(plan.loss, { kind: 'source', text: TEXT, expr: 'focal_cb(gamma=2)', path: '/w/a.loss', workspaceRoot: '/w' });
    assert.deepEqual(plan.compare.map((c) => c.kind === 'source' && c.expr), ['ce', '0.5 * focal(gamma=1) + 0.5 * ce']);
    assert.deepEqual(plan.optimizer, { kind: 'adamw', lr: { kind: 'product', factors: [{ kind: 'warmup', value: 1, until: 0.05 }, { kind: 'cosine', from: 0.01, to: 0.0001 }] }, weight_decay: 0.01 });
    assert.equal(plan.steps, 300);
    assert.equal(plan.batch, 128);
    assert.deepEqual(plan.seeds, [1, 4]);
    assert.deepEqual(plan.metrics, [{ name: 'balanced_accuracy' }, { name: 'recall', arg: 2 }, { name: 'ece' }]);
    assert.equal(plan.resampling, 'sqrt');
    assert.equal(plan.recordEvery, 5);
  });

  it('fills what is left out from the vocabulary, and applies steps/seeds overrides', () => {
    const plan = planFromDocument({ text: TEXT, trial: 'small', steps: 20, seeds: 2 });
    assert.deepEqual(plan.data.args, {});
    assert.equal(plan.data.generator, 'moons');
    assert.deepEqual(plan.model, { kind: 'mlp', hidden: [32, 32] });
    assert.deepEqual(plan.optimizer, { kind: 'adam', lr: 0.01 });
    assert.deepEqual(plan.compare, []);
    assert.equal(plan.steps, 20);
    assert.deepEqual(plan.seeds, [0, 1]);
    assert.equal(plan.batch, 256);
    assert.equal(plan.recordEvery, 10);
    assert.deepEqual(plan.metrics, [{ name: 'accuracy' }, { name: 'balanced_accuracy' }]);
    assert.deepEqual(planFromDocument({ text: TEXT, trial: 'small' }).seeds, [0, 1, 2]);
  });

  it('GAN trials: d_loss defaults to gan_d of the generator loss’s kind, d_steps and the players to the vocabulary', () => {
    const text = 'trial g {\n  data = ring\n  model = gan(d=mlp(hidden=[8], spectral_norm=true))\n  loss = gan_g(kind="hinge")\n}\ntrial h {\n  data = ring\n  model = gan\n  loss = gan_g\n  d_loss = gan_d(kind="ns")\n  d_steps = 5\n}\n';
    const g = planFromDocument({ text, trial: 'g' });
    assert.deepEqual(g.model, { kind: 'gan', g: { kind: 'mlp', hidden: [64, 64] }, d: { kind: 'mlp', hidden: [8], spectral_norm: true }, latent: 2 });
    assert.equal(g.dLoss?.kind === 'source' && g.dLoss.expr, 'gan_d(kind="hinge")');
    assert.equal(g.dSteps, 1);
    assert.deepEqual(g.metrics, [{ name: 'modes_covered' }, { name: 'hq_fraction' }]);
    const h = planFromDocument({ text, trial: 'h' });
    assert.equal(h.dLoss?.kind === 'source' && h.dLoss.expr, 'gan_d(kind="ns")');
    assert.equal(h.dSteps, 5);
    assert.equal(planFromDocument({ text: 'trial t {\n data = blobs\n loss = ce\n}\n', trial: 't' }).dLoss, undefined);
  });

  it('says what is missing or wrong', () => {
    assert.throws(() => planFromDocument({ text: TEXT, trial: 'nope' }), /no trial 'nope' in this file \(trials: long_tail, small\)/);
    assert.throws(() => planFromDocument({ text: 'trial t { loss = ce }', trial: 't' }), /needs a 'data' field/);
    assert.throws(() => planFromDocument({ text: 'trial t { data = blobs\n loss = ce\n steps = 2.5 }', trial: 't' }), /steps must be a whole number, got 2.5/);
    assert.throws(() => planFromDocument({ text: 'trial t { data = blobs\n loss = ce\n optimizer = adam(lr=x) }', trial: 't' }), /a learning rate is a number or a schedule/);
  });

  it('reads every trial of the examples', () => {
    const dir = new URL('../../../examples/', import.meta.url);
    let n = 0;
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.loss'))) {
      const text = readFileSync(new URL(f, dir), 'utf8');
      for (const m of text.matchAll(/^trial (\w+)/gm)) {
        const plan = planFromDocument({ text, trial: m[1] });
        assert.ok(plan.steps > 0 && plan.seeds.length > 0 && plan.metrics.length > 0, `${f} ${m[1]}`);
        n++;
      }
    }
    assert.ok(n >= 8, `${n} trials read`);
  });

  it('gives a plan the engine runs: the flagship trial, shortened', async () => {
    await initBackend();
    const url = new URL('../../../examples/flagship.loss', import.meta.url);
    const text = readFileSync(url, 'utf8');
    const trial = /^trial (\w+)/m.exec(text)![1];
    const plan = planFromDocument({ text, path: fileURLToPath(url), trial, steps: 5, seeds: 1 });
    const r = await runTrial(plan, 'wasm');
    assert.equal(r.runs.length, 1 + plan.compare.length);
    assert.ok(r.runs.every((x) => x.stop === 'completed'), JSON.stringify(r.runs.map((x) => x.stop)));
    assert.deepEqual(Object.keys(r.summary), [plan.loss, ...plan.compare].map((x) => (x.kind === 'source' ? x.expr : x.name)));
  });
});
