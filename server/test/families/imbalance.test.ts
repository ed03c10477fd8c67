import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initBackend } from '../../src/numerics/backend.js';
import { mean, runExampleTrial } from './example-trial.js';

// Family 4 — imbalance correction (examples/imbalance.loss). The claim (Cui et al. 2019; loss-methods.md
// §4.2): on long-tailed classes, class-balanced or inverse-frequency weights raise balanced accuracy over
// plain CE, measured on the balanced validation split, and the rarest class's recall most of all.
//
// Measured (wasm, seeds 0–2, 400 steps, 3-class blobs with a 100 : 10 : 1 tail):
//   ce                 balanced accuracy 0.707 ± 0.021 [0.730, 0.699, 0.691]   recall(2) 0.407 ± 0.098
//   ce_class_balanced  0.815 ± 0.011 [0.809, 0.827, 0.809]                     recall(2) 0.685 ± 0.062
//   ce_inv_freq        0.813 ± 0.017 [0.809, 0.831, 0.798]                     recall(2) 0.680 ± 0.082
//   logit_adjusted     0.853 ± 0.011 [0.843, 0.865, 0.852]                     recall(2) 0.811 ± 0.069

before(async () => { await initBackend(); });

describe('family 4: imbalance correction', () => {
  it('class-balanced and inverse-frequency CE raise balanced accuracy over CE on a long tail', async (t) => {
    const r = await runExampleTrial('examples/imbalance.loss', 'long_tail', {
      compare: ['ce', 'ce_inv_freq', 'logit_adjusted'], metrics: ['balanced_accuracy', 'recall(2)'],
    });
    for (const l of ['ce', 'ce_class_balanced', 'ce_inv_freq', 'logit_adjusted']) {
      t.diagnostic(r.describe(l, 'balanced_accuracy'));
      t.diagnostic(r.describe(l, 'recall(2)'));
    }
    // A large effect (≈ +0.11): a margin of 0.05 on the means, and every seed improves.
    for (const l of ['ce_class_balanced', 'ce_inv_freq', 'logit_adjusted']) {
      const d = r.diffs(l, 'ce', 'balanced_accuracy');
      assert.ok(mean(d) > 0.05, `${l} − ce balanced accuracy per seed: ${d}`);
      assert.ok(d.every((x) => x > 0), `${l} − ce balanced accuracy per seed: ${d}`);
      // The rarest class gains most.
      assert.ok(mean(r.diffs(l, 'ce', 'recall(2)')) > 0.15, `${l} recall(2) ${r.values(l, 'recall(2)')} vs ce ${r.values('ce', 'recall(2)')}`);
    }
  });
});
