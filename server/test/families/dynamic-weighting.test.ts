import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initBackend } from '../../src/numerics/backend.js';
import { mean, runExampleTrial } from './example-trial.js';

// Family 1 — dynamic weighting (examples/dynamic-weighting.loss, and the focal loss of the flagship).
//
// CE + Dice (MONAI DiceCELoss; loss-methods.md §1.4): on masks with ~4% foreground, BCE under-predicts the
// foreground at threshold 0.5, and adding soft Dice raises the validation Dice. Measured (wasm, seeds 0–2,
// 300 steps, 16×16 masks, 2×128 MLP):
//   bce      dice 0.330 ± 0.006 [0.331, 0.335, 0.324]   recall 0.214   precision 0.722
//   ce_dice  dice 0.377 ± 0.015 [0.392, 0.377, 0.361]   recall 0.256   precision 0.713
//
// Focal (Lin et al. 2017; §1.1–1.2), trial easy_negatives (2 classes, the positive 5% of the training
// set): with α = 0.75 on the rare positives it raises their recall over BCE; with the default α = 0.25
// it lowers it (α weighs positives, so 0.25 down-weights the rare class: the pitfall of §1.1). Measured
// (seeds 0–2, 300 steps):
//   bce                                  recall(1) 0.902 ± 0.017 [0.904, 0.884, 0.918]  balanced acc 0.948 ± 0.007
//   focal_logspace(gamma=2, alpha=0.75)  recall(1) 0.945 ± 0.015 [0.962, 0.936, 0.936]  balanced acc 0.967 ± 0.008
//   focal(gamma=2)  (α = 0.25)           recall(1) 0.858 ± 0.040 [0.868, 0.814, 0.892]  balanced acc 0.927 ± 0.018
//
// Focal without class weights (flagship long_tail, softmax form): balanced accuracy about CE's, but the
// (1 − p)^γ factor stops pushing easy samples to certainty, so the calibration error falls. Measured
// (seeds 0–2, 300 steps): ce balanced acc 0.747 ± 0.011, ECE 0.131 ± 0.026 [0.159, 0.109, 0.125];
// focal(gamma=2) 0.755 ± 0.008, ECE 0.052 ± 0.017 [0.045, 0.039, 0.072].

before(async () => { await initBackend(); });

describe('family 1: dynamic weighting', () => {
  it('CE + Dice beats BCE on Dice for rare-foreground masks', async (t) => {
    const r = await runExampleTrial('examples/dynamic-weighting.loss', 'rare_foreground', {
      compare: ['bce'], metrics: ['dice', 'recall(1)', 'precision(1)'],
    });
    for (const l of ['bce', 'ce_dice']) for (const m of ['dice', 'recall(1)', 'precision(1)']) t.diagnostic(r.describe(l, m));
    // A large effect (+0.047): margin 0.02 on the mean, every seed; it comes from the recall.
    const d = r.diffs('ce_dice', 'bce', 'dice');
    assert.ok(mean(d) > 0.02 && d.every((x) => x > 0), `ce_dice − bce Dice per seed: ${d}`);
    assert.ok(mean(r.diffs('ce_dice', 'bce', 'recall(1)')) > 0.02);
  });

  it('focal loss with α on the rare positives raises their recall over BCE; the default α = 0.25 lowers it', async (t) => {
    const alpha75 = 'focal_logspace(gamma=2, alpha=0.75)';
    const r = await runExampleTrial('examples/dynamic-weighting.loss', 'easy_negatives', {
      compare: ['bce', 'focal(gamma=2)'], metrics: ['balanced_accuracy', 'recall(1)'],
    });
    for (const l of ['bce', alpha75, 'focal(gamma=2)']) for (const m of ['balanced_accuracy', 'recall(1)']) t.diagnostic(r.describe(l, m));
    const up = r.diffs(alpha75, 'bce', 'recall(1)');
    // +0.043 on recall, +0.019 on balanced accuracy, every seed: margins of half the measured effect.
    assert.ok(mean(up) > 0.02 && up.every((x) => x > 0), `focal α=0.75 − bce recall(1) per seed: ${up}`);
    const bal = r.diffs(alpha75, 'bce', 'balanced_accuracy');
    assert.ok(mean(bal) > 0.01 && bal.every((x) => x > 0), `focal α=0.75 − bce balanced accuracy per seed: ${bal}`);
    // The pitfall: α = 0.25 down-weights the rare positives (−0.044, noisier): the sign on the mean only.
    assert.ok(mean(r.diffs('focal(gamma=2)', 'bce', 'recall(1)')) < 0, `focal α=0.25 recall(1) ${r.values('focal(gamma=2)', 'recall(1)')}`);
  });

  it('focal loss without class weights leaves balanced accuracy near CE’s but lowers the calibration error', async (t) => {
    const r = await runExampleTrial('examples/flagship.loss', 'long_tail', {
      loss: 'focal(gamma=2)', compare: ['ce'], metrics: ['balanced_accuracy', 'ece'],
    });
    for (const l of ['ce', 'focal(gamma=2)']) for (const m of ['balanced_accuracy', 'ece']) t.diagnostic(r.describe(l, m));
    const ece = r.diffs('focal(gamma=2)', 'ce', 'ece');
    // ECE −0.079, every seed: a margin of 0.03.
    assert.ok(mean(ece) < -0.03 && ece.every((x) => x < 0), `focal − ce ECE per seed: ${ece}`);
    // Not an imbalance fix on its own: within 0.03 of CE's balanced accuracy (loss-methods.md §1.2).
    assert.ok(Math.abs(mean(r.diffs('focal(gamma=2)', 'ce', 'balanced_accuracy'))) < 0.03);
  });
});
