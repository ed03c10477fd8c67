import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initBackend } from '../../src/numerics/backend.js';
import { mean, runExampleTrial } from './example-trial.js';

// Family 2 — multi-task fusion (examples/multi-task.loss, trial noise_levels). The claim (Kendall, Gal &
// Cipolla 2018; loss-methods.md §2.2): with exp(−s_k)·L_k + s_k, each learned log-variance s_k is driven
// to log L_k (∂/∂s_k = 1 − exp(−s_k)·L_k = 0), so the task with the lower loss — the low-noise one — gets
// the larger weight exp(−s_k) = 1/L_k, and reaches its noise floor sooner than in an equal-weight sum.
//
// Each task's loss L_k is read with a probe: stopgrad(L_k) added to the trial loss is a term of its own,
// recorded every step as `loss/probe_…`, and contributes no gradient — the run with probes is the run
// without them, bit for bit (checked below). L_k is the mean of the last 100 steps' batch values.
//
// Measured (wasm, seeds 0–2, 600 steps, two regression targets with noise σ = 0.1 and 1):
//   s_low  −4.342, −4.257, −4.375  against log L_low  −4.369, −4.281, −4.429
//   s_high −0.018, −0.011, −0.014  against log L_high −0.016, −0.010, −0.016
//   low-noise task's training MSE: uncertainty 0.0128 ± 0.0010 [0.0127, 0.0138, 0.0119],
//   equal-weight sum 0.0210 ± 0.0019 [0.0193, 0.0231, 0.0207] (the noise floor is σ² = 0.01)

before(async () => { await initBackend(); });

const PROBES = `
## Probes: each task's loss as its own term, without gradient.
loss probe_low(r: target, t: target) = stopgrad(2 * mean(square(r - t) * [1, 0]))
loss probe_high(r: target, t: target) = stopgrad(2 * mean(square(r - t) * [0, 1]))`;

describe('family 2: multi-task fusion', () => {
  it('uncertainty weighting drives each learned log-variance to the log of its task loss', async (t) => {
    const probed = 'per_task_uncertainty + probe_low + probe_high';
    const sum = 'per_task_sum + probe_low + probe_high';
    const r = await runExampleTrial('examples/multi-task.loss', 'noise_levels', {
      extra: PROBES, loss: probed, compare: ['per_task_uncertainty', sum],
    });
    const taskLoss = (label: string, seed: number, probe: string): number => {
      const s = r.run(label, seed).series[`loss/${probe}`];
      assert.ok(s && s.length >= 100, `no series loss/${probe} for ${label}`);
      return mean(s.slice(-100).map(([, v]) => v));
    };
    const lowUw: number[] = [], lowSum: number[] = [];
    for (const seed of [0, 1, 2]) {
      const run = r.run(probed, seed);
      // The probes change nothing: same learned values and metrics as the example's loss alone.
      assert.deepEqual(run.learned, r.run('per_task_uncertainty', seed).learned);
      assert.deepEqual(run.final, r.run('per_task_uncertainty', seed).final);
      const sLow = run.learned['per_task_uncertainty.s_low'], sHigh = run.learned['per_task_uncertainty.s_high'];
      const lLow = taskLoss(probed, seed, 'probe_low'), lHigh = taskLoss(probed, seed, 'probe_high');
      t.diagnostic(`seed ${seed}: s_low ${sLow.toFixed(3)} vs log L_low ${Math.log(lLow).toFixed(3)}; s_high ${sHigh.toFixed(3)} vs log L_high ${Math.log(lHigh).toFixed(3)}`);
      // The stationary point, to within the optimizer's noise (measured: ≤ 0.06 in log units).
      assert.ok(Math.abs(sLow - Math.log(lLow)) < 0.15, `seed ${seed}: s_low ${sLow}, log L_low ${Math.log(lLow)}`);
      assert.ok(Math.abs(sHigh - Math.log(lHigh)) < 0.15, `seed ${seed}: s_high ${sHigh}, log L_high ${Math.log(lHigh)}`);
      // The low-noise task weighs far more (exp(−s): ≈ 75 against ≈ 1).
      assert.ok(Math.exp(sHigh - sLow) > 20, `seed ${seed}: weight ratio ${Math.exp(sHigh - sLow)}`);
      lowUw.push(lLow);
      lowSum.push(taskLoss(sum, seed, 'probe_low'));
    }
    t.diagnostic(`low-noise task MSE: uncertainty [${lowUw.map((x) => x.toFixed(4))}], equal sum [${lowSum.map((x) => x.toFixed(4))}]`);
    // A large effect (≈ −39%): lower on every seed and by a third on average.
    assert.ok(lowUw.every((x, i) => x < lowSum[i]), `uncertainty ${lowUw} vs sum ${lowSum}`);
    assert.ok(mean(lowUw) < 0.8 * mean(lowSum), `uncertainty ${lowUw} vs sum ${lowSum}`);
  });
});
