import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initBackend } from '../../src/numerics/backend.js';
import { mean, runExampleTrial } from './example-trial.js';

// The base losses (examples/base-losses.loss), the starting point of every family.
//
// Robust regression (loss-methods.md §9): with 5% gross outliers (y + 20) in the training targets, MSE
// is pulled towards them; Huber, log-cosh and MAE stay on the clean line, which the clean validation
// split measures. Measured (wasm, seeds 0–2, 400 steps):
//   mse              validation MAE 0.996 ± 0.012 [0.985, 0.995, 1.009]
//   robust_huber     0.160 ± 0.009 [0.152, 0.159, 0.169]
//   robust_log_cosh  0.160 ± 0.009 [0.150, 0.160, 0.169]
//   mae              0.151 ± 0.007 [0.143, 0.154, 0.155]
//
// Quantile (pinball) loss at q = 0.9: the fit is an upper envelope with ~90% of the targets at or below
// it; MSE's fit has about half. Measured: quantile coverage 0.894 ± 0.001, MSE 0.467 ± 0.033.
//
// The written-out CE and BCE match the builtins run for run (same seeds and initial weights).

before(async () => { await initBackend(); });

describe('base losses', () => {
  it('Huber, log-cosh and MAE resist outliers that pull MSE off the clean line', async (t) => {
    const r = await runExampleTrial('examples/base-losses.loss', 'robust_regression', { compare: ['mse', 'mae', 'robust_log_cosh'], metrics: ['mae'] });
    for (const l of ['mse', 'robust_huber', 'robust_log_cosh', 'mae']) t.diagnostic(r.describe(l, 'mae'));
    // A very large effect (MAE ÷ 6): the robust losses' validation MAE below half of MSE's, every seed.
    for (const l of ['robust_huber', 'robust_log_cosh', 'mae']) {
      const ratio = r.values(l, 'mae').map((v, i) => v / r.values('mse', 'mae')[i]);
      assert.ok(ratio.every((x) => x < 0.5), `${l} / mse validation MAE per seed: ${ratio}`);
    }
  });

  it('the q = 0.9 quantile loss covers about 90% of the targets, MSE about half', async (t) => {
    const r = await runExampleTrial('examples/base-losses.loss', 'upper_envelope', { steps: 300 });
    for (const l of ['upper_quantile', 'mse']) t.diagnostic(r.describe(l, 'coverage'));
    assert.ok(Math.abs(mean(r.values('upper_quantile', 'coverage')) - 0.9) < 0.04, `${r.values('upper_quantile', 'coverage')}`);
    assert.ok(Math.abs(mean(r.values('mse', 'coverage')) - 0.5) < 0.1, `${r.values('mse', 'coverage')}`);
  });

  it('written-out CE and BCE train exactly like the builtins', async () => {
    for (const [trial, mine, builtin] of [['classification_base', 'ce_by_hand', 'ce'], ['binary_base', 'bce_by_hand', 'bce']] as const) {
      const r = await runExampleTrial('examples/base-losses.loss', trial, { steps: 60 });
      for (const seed of [0, 1, 2]) {
        const a = r.run(mine, seed).series.loss, b = r.run(builtin, seed).series.loss;
        a.forEach(([, v], i) => assert.ok(Math.abs(v - b[i][1]) <= 1e-5 * Math.max(1, Math.abs(v)), `${trial} seed ${seed} step ${i}: ${v} vs ${b[i][1]}`));
      }
    }
  });
});
