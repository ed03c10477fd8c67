import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { analyze } from '../../server/src/core/analysis/analyze.js';
import { nodeSourceHost } from '../../server/src/core/workspace/node-host.js';
import { initBackend } from '../../server/src/numerics/backend.js';
import { planFromDocument } from '../../server/src/trial/document-plan.js';
import type { TrialResultMsg } from '../../server/src/trial/protocol.js';
import { meanStd } from '../../server/src/trial/summary.js';
import { runTrial } from '../../server/src/trial/trial.js';

// Independent trials of the eight families: test/families-independent/*.loss are written from the
// language sketch, not copied from examples/ — other data, models, step counts and often the builtins
// where the examples write the method out. Each trial runs as its file declares it (fixed seeds 0–2),
// and must show the direction the examples' trials show. Every measured number is in the comment of its
// test; "sign only" marks the small effects.

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = fileURLToPath(new URL('./', import.meta.url));

before(async () => { await initBackend(); });

async function run(file: string, trial: string): Promise<TrialResultMsg> {
  const path = dir + file;
  const text = readFileSync(path, 'utf8');
  const plan = planFromDocument({ text, path, workspaceRoot: root, trial });
  const r = await runTrial({ ...plan, recordEvery: plan.steps }, 'wasm');
  for (const x of r.runs) assert.equal(x.stop, 'completed', `${file} › ${trial}: ${x.label} seed ${x.seed} ${x.stop}`);
  return r;
}

const values = (r: TrialResultMsg, label: string, metric: string): number[] =>
  r.runs.filter((x) => x.label === label).sort((a, b) => a.seed - b.seed).map((x) => x.final[metric]);
const diffs = (r: TrialResultMsg, a: string, b: string, metric: string): number[] => {
  const y = values(r, b, metric);
  return values(r, a, metric).map((v, i) => v - y[i]);
};
const mean = (xs: readonly number[]) => meanStd(xs).mean;
const show = (r: TrialResultMsg, label: string, metric: string) => {
  const v = values(r, label, metric);
  const { mean: m, std } = meanStd(v);
  return `${label} ${metric} ${m.toFixed(3)} ± ${std.toFixed(3)} [${v.map((x) => x.toFixed(3)).join(', ')}]`;
};

describe('independent trials of the eight families', () => {
  it('check clean', () => {
    for (const f of ['dynamic-weighting', 'multi-task', 'adversarial', 'imbalance', 'regularisation', 'adaptive-margins', 'distillation', 'quantisation']) {
      const path = `${dir}${f}.loss`;
      const a = analyze(readFileSync(path, 'utf8'), { path, workspaceRoot: root, host: nodeSourceHost });
      assert.deepEqual(a.diagnostics.filter((d) => d.severity !== 'hint').map((d) => `${d.code}: ${d.message}`), [], f);
    }
  });

  it('1 dynamic weighting: focal with α on a rare positive class raises its recall; BCE + Dice beats BCE on Dice', async (t) => {
    // Measured: recall(1) focal_pos 0.835 ± 0.018 [0.814, 0.846, 0.844], bce 0.731 ± 0.015 [0.740, 0.714, 0.740];
    // balanced accuracy 0.913 vs 0.863. Dice bce_plus_dice 0.502 ± 0.029 [0.498, 0.474, 0.533], bce 0.482 ± 0.031
    // [0.477, 0.453, 0.515] (+0.02: small, every seed; the sign only).
    const r = await run('dynamic-weighting.loss', 'rare_positive');
    t.diagnostic(show(r, 'focal_pos', 'recall(1)')); t.diagnostic(show(r, 'bce', 'recall(1)'));
    const up = diffs(r, 'focal_pos', 'bce', 'recall(1)');
    assert.ok(mean(up) > 0.05 && up.every((d) => d > 0), `recall(1) per seed ${up}`);
    assert.ok(diffs(r, 'focal_pos', 'bce', 'balanced_accuracy').every((d) => d > 0));
    const m = await run('dynamic-weighting.loss', 'small_masks');
    t.diagnostic(show(m, 'bce_plus_dice', 'dice')); t.diagnostic(show(m, 'bce', 'dice'));
    const d = diffs(m, 'bce_plus_dice', 'bce', 'dice');
    assert.ok(d.every((x) => x > 0), `Dice per seed ${d}`);
  });

  it('2 multi-task fusion: the uncertainty builtin’s log-variances settle at the logs of the task losses', async (t) => {
    // Measured (700 steps; L_k the mean of the last 100 probe values): s1 −5.62, −5.82, −5.78 against
    // log L_a −5.48, −5.70, −5.76 (L_a ≈ 0.003, noise 0.05); s2 −1.39, −1.43, −1.40 against log L_b −1.37,
    // −1.41, −1.40 (L_b ≈ 0.25, noise 0.5).
    const r = await run('multi-task.loss', 'two_noises');
    for (const x of r.runs) {
      const tail = (k: string) => mean(x.series[k]!.slice(-100).map(([, v]) => v));
      const la = tail('loss/probe_a'), lb = tail('loss/probe_b');
      const s1 = x.learned['weighted.s1'], s2 = x.learned['weighted.s2'];
      t.diagnostic(`seed ${x.seed}: s1 ${s1.toFixed(2)} vs log L_a ${Math.log(la).toFixed(2)}; s2 ${s2.toFixed(2)} vs log L_b ${Math.log(lb).toFixed(2)}`);
      assert.ok(Math.abs(s1 - Math.log(la)) < 0.3, `seed ${x.seed}: s1 ${s1} vs ${Math.log(la)}`);
      assert.ok(Math.abs(s2 - Math.log(lb)) < 0.3, `seed ${x.seed}: s2 ${s2} vs ${Math.log(lb)}`);
      assert.ok(s1 < s2 - 2, 'the low-noise task weighs far more');
    }
  });

  it('3 adversarial: the non-saturating generator keeps its gradient and covers at least as many modes as minimax under SGD', async (t) => {
    // Measured (2000 steps): modes covered (of 8) g_ns 3, 3, 3 and g_minimax 3, 0, 2 (+1.3 on the mean; the
    // coverage of both oscillates during training, so never fewer on a seed and more on average). The
    // mechanism: the generator's gradient norm averaged over training is 9.8, 9.3, 11 for g_ns against
    // 2.9, 2.6, 2.3 for g_minimax — the saturating loss's gradient σ(D_f) is small where the critic rejects
    // the fakes, and SGD does not rescale it.
    const r = await run('adversarial.loss', 'ring_sgd');
    for (const l of ['g_ns', 'g_minimax']) t.diagnostic(show(r, l, 'modes_covered'));
    const d = diffs(r, 'g_ns', 'g_minimax', 'modes_covered');
    assert.ok(mean(d) > 0 && d.every((x) => x >= 0), `g_ns − g_minimax modes per seed ${d}`);
    const gradNorm = (label: string) => r.runs.filter((x) => x.label === label).sort((a, b) => a.seed - b.seed)
      .map((x) => mean(x.series.grad_norm!.map(([, v]) => v)));
    const ns = gradNorm('g_ns'), mm = gradNorm('g_minimax');
    t.diagnostic(`mean generator gradient norm: g_ns ${ns.map((x) => x.toFixed(2))}, g_minimax ${mm.map((x) => x.toFixed(2))}`);
    assert.ok(mm.every((x, i) => x < 0.5 * ns[i]), `minimax ${mm} vs non-saturating ${ns}`);
  });

  it('4 imbalance: class-balanced and inverse-frequency weights raise balanced accuracy over CE', async (t) => {
    // Measured: cb_ce 0.820 ± 0.002, inv_ce 0.842 ± 0.012, ce 0.737 ± 0.005.
    const r = await run('imbalance.loss', 'four_class_tail');
    for (const l of ['cb_ce', 'inv_ce', 'ce']) t.diagnostic(show(r, l, 'balanced_accuracy'));
    for (const l of ['cb_ce', 'inv_ce']) {
      const d = diffs(r, l, 'ce', 'balanced_accuracy');
      assert.ok(mean(d) > 0.04 && d.every((x) => x > 0), `${l} per seed ${d}`);
    }
  });

  it('5 regularisation: L2 and R-Drop lower the train–validation gap under label noise', async (t) => {
    // Measured: gap ce_weight_decay −0.153 ± 0.021, ce −0.074 ± 0.030 (accuracy 0.933 vs 0.892);
    // r_drop −0.150 ± 0.019, two_passes −0.118 ± 0.006 (sign only: seed 1 differs by −0.004).
    const r = await run('regularisation.loss', 'noisy_moons');
    for (const l of ['ce_weight_decay', 'ce']) for (const m of ['accuracy', 'accuracy_gap']) t.diagnostic(show(r, l, m));
    const l2 = diffs(r, 'ce_weight_decay', 'ce', 'accuracy_gap');
    assert.ok(mean(l2) < -0.03 && l2.every((x) => x < 0), `L2 gap per seed ${l2}`);
    const rd = await run('regularisation.loss', 'noisy_moons_dropout');
    for (const l of ['r_drop', 'two_passes']) for (const m of ['accuracy', 'accuracy_gap']) t.diagnostic(show(rd, l, m));
    const g = diffs(rd, 'r_drop', 'two_passes', 'accuracy_gap');
    assert.ok(mean(g) < 0 && g.every((x) => x < 0), `R-Drop gap per seed ${g}`);
  });

  it('6 adaptive margins: ASL beats BCE on rare multi-label F1; deferred LDAM raises balanced accuracy', async (t) => {
    // Measured: macro F1 asl_neg4 0.633 ± 0.111 [0.590, 0.759, 0.550], bce 0.283 ± 0.397 [0.000, 0.737, 0.111];
    // balanced accuracy ldam_deferred 0.917 ± 0.006, ce 0.830 ± 0.016.
    const r = await run('adaptive-margins.loss', 'rare_labels');
    for (const l of ['asl_neg4', 'bce']) t.diagnostic(show(r, l, 'macro_f1'));
    const f1 = diffs(r, 'asl_neg4', 'bce', 'macro_f1');
    assert.ok(mean(f1) > 0.1 && f1.every((x) => x > 0), `macro F1 per seed ${f1}`);
    const m = await run('adaptive-margins.loss', 'margin_tail');
    for (const l of ['ldam_deferred', 'ce']) t.diagnostic(show(m, l, 'balanced_accuracy'));
    const b = diffs(m, 'ldam_deferred', 'ce', 'balanced_accuracy');
    assert.ok(mean(b) > 0.04 && b.every((x) => x > 0), `balanced accuracy per seed ${b}`);
  });

  it('7 distillation: the KD student beats the same student trained on the noisy labels', async (t) => {
    // Measured: student_kd 0.907 ± 0.028 [0.935, 0.905, 0.880], ce 0.857 ± 0.023 [0.880, 0.855, 0.835].
    const r = await run('distillation.loss', 'noisy_moons_kd');
    for (const l of ['student_kd', 'ce']) t.diagnostic(show(r, l, 'accuracy'));
    const d = diffs(r, 'student_kd', 'ce', 'accuracy');
    assert.ok(mean(d) > 0.02 && d.every((x) => x > 0), `accuracy per seed ${d}`);
  });

  it('8 quantisation: 4-bit QAT beats 4-bit rounding after float training', async (t) => {
    // Measured: QAT accuracy 0.872 ± 0.009 [0.875, 0.879, 0.861]; float 0.875, int4 after training
    // 0.827 ± 0.029 [0.859, 0.819, 0.802].
    const qat = await run('quantisation.loss', 'qat');
    const ptq = await run('quantisation.loss', 'float_then_round');
    t.diagnostic(show(qat, 'ce', 'accuracy')); t.diagnostic(show(ptq, 'ce', 'int4_accuracy'));
    const q = values(qat, 'ce', 'accuracy'), p = values(ptq, 'ce', 'int4_accuracy');
    assert.ok(mean(q) > mean(p) + 0.02 && q.every((x, i) => x > p[i]), `QAT ${q} vs PTQ int4 ${p}`);
  });
});
