import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initBackend } from '../../src/numerics/backend.js';
import { mean, runExampleTrial } from './example-trial.js';

// Family 7 — knowledge distillation (examples/distillation.loss). The claim (Hinton et al. 2015;
// loss-methods.md §7.1): a student trained on a teacher's softened outputs beats the same student (same
// data, seeds and initial weights) trained from the labels alone. The example's data are two spirals with
// 20% of the training labels flipped: the dropout-regularised 2×128 teacher does not memorise the flips,
// so its soft targets carry the clean boundary that the noisy labels do not.
//
// Measured (wasm, seeds 0–2, 800 student steps, teacher 600 steps):
//   ce (student from labels)   accuracy 0.920 ± 0.025 [0.895, 0.945, 0.920]
//   kd_hinton(alpha=0.2, T=2)  accuracy 0.967 ± 0.013 [0.965, 0.980, 0.955]
//   teacher                    accuracy 0.970 ± 0.013 [0.965, 0.985, 0.960]

before(async () => { await initBackend(); });

describe('family 7: distillation', () => {
  it('a distilled student beats the same student trained from labels, and nearly reaches its teacher', async (t) => {
    const r = await runExampleTrial('examples/distillation.loss', 'distill_spirals', { compare: ['ce'], metrics: ['accuracy', 'teacher_accuracy'] });
    const kd = 'kd_hinton(alpha=0.2, T=2)';
    for (const l of [kd, 'ce']) t.diagnostic(r.describe(l, 'accuracy'));
    t.diagnostic(r.describe('ce', 'teacher_accuracy'));
    // A large effect (≈ +0.047): margin 0.02 on the mean, every seed.
    const d = r.diffs(kd, 'ce', 'accuracy');
    assert.ok(mean(d) > 0.02 && d.every((x) => x > 0), `KD − CE student accuracy per seed: ${d}`);
    // The teacher is the same for both (trained once per seed), and the student ends within 0.02 of it.
    assert.deepEqual(r.values(kd, 'teacher_accuracy'), r.values('ce', 'teacher_accuracy'));
    assert.ok(mean(r.values('ce', 'teacher_accuracy')) - mean(r.values(kd, 'accuracy')) < 0.02);
  });
});
