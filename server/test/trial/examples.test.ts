import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { initBackend } from '../../src/numerics/backend.js';
import { planFromDocument } from '../../src/trial/document-plan.js';
import type { TrialPlan } from '../../src/trial/protocol.js';
import { runTrial } from '../../src/trial/trial.js';
import { tf } from '../../src/trial/tfjs.js';

// Every trial of examples/*.loss — the eight families of the article and the base losses — runs to the
// end through the engine, shortened to a few steps, and leaves no tensor behind. Twenty trials in a row
// (GAN, combiners, teachers, QAT, cancelled ones) leave the tensor count where it was.

before(async () => { await initBackend(); });

const dir = new URL('../../../examples/', import.meta.url);
const trials = readdirSync(dir).filter((f) => f.endsWith('.loss')).sort().flatMap((f) => {
  const text = readFileSync(new URL(f, dir), 'utf8');
  return [...text.matchAll(/^trial (\w+)/gm)].map((m) => ({ file: f, trial: m[1], text }));
});

function shortPlan(t: (typeof trials)[number], steps = 3): TrialPlan {
  const plan = planFromDocument({ text: t.text, path: fileURLToPath(new URL(t.file, dir)), trial: t.trial, steps, seeds: 1 });
  return { ...plan, ...(plan.teacher ? { teacher: { ...plan.teacher, steps: 5 } } : {}) };
}

describe('example trials', () => {
  it('cover the eight families of the article', () => {
    const files = new Set(trials.map((t) => t.file));
    for (const f of ['dynamic-weighting', 'multi-task', 'adversarial', 'imbalance', 'regularisation', 'adaptive-margins', 'distillation', 'quantisation']) {
      assert.ok(files.has(`${f}.loss`), `no trial in ${f}.loss`);
    }
  });

  for (const t of trials) {
    it(`${t.file} › ${t.trial} runs to the end`, async () => {
      const plan = shortPlan(t);
      const start = tf.memory().numTensors;
      const r = await runTrial(plan, 'wasm');
      const labels = [plan.loss, ...plan.compare].map((l) => l.label ?? (l.kind === 'source' ? l.expr : l.name));
      assert.deepEqual(r.runs.map((x) => x.label), labels);
      for (const run of r.runs) {
        assert.equal(run.stop, 'completed', `${run.label}: ${run.stop} ${JSON.stringify(run.diverged)}`);
        assert.equal(run.series.loss.length, 3, run.label);
        assert.ok(run.series.loss.every(([, v]) => Number.isFinite(v)), run.label);
        assert.ok(Object.keys(run.final).length >= plan.metrics.length, `${run.label}: ${JSON.stringify(run.final)}`);
      }
      assert.deepEqual(Object.keys(r.summary), labels);
      assert.equal(tf.memory().numTensors, start, 'tensors left behind');
    });
  }

  it('twenty trials in a row, some cancelled, leave the tensor count unchanged', async () => {
    const picks = ['adversarial.loss', 'multi-task.loss', 'distillation.loss', 'quantisation.loss', 'regularisation.loss'];
    const chosen = trials.filter((t) => picks.includes(t.file));
    const start = tf.memory().numTensors;
    for (let k = 0; k < 20; k++) {
      const t = chosen[k % chosen.length];
      const plan = { ...shortPlan(t, 2), compare: [] };
      let calls = 0;
      await runTrial(plan, 'wasm', k % 3 === 2 ? { shouldStop: () => ++calls > 1 } : {});
    }
    assert.equal(tf.memory().numTensors, start);
  });
});
