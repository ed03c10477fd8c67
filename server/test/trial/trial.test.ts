import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initBackend } from '../../src/numerics/backend.js';
import { setSourceLossCompiler } from '../../src/trial/plan.js';
import { ProgressBatcher } from '../../src/trial/progress.js';
import type { TrialPlan } from '../../src/trial/protocol.js';
import { meanStd, pairedComparisons, summarise } from '../../src/trial/summary.js';
import { runTrial } from '../../src/trial/trial.js';
import { tf } from '../../src/trial/tfjs.js';

before(async () => { await initBackend(); });

const base: TrialPlan = {
  trial: 't', data: { generator: 'blobs', args: { classes: 3, n: 150, imbalance: 0.2 } }, model: { kind: 'mlp', hidden: [16] },
  loss: { kind: 'reference', name: 'ce' }, compare: [{ kind: 'reference', name: 'ce', label: 'ce again' }],
  optimizer: { kind: 'adam', lr: 0.02 }, steps: 30, seeds: [1, 2], metrics: [{ name: 'accuracy' }, { name: 'per_class_recall' }],
};

describe('trial orchestration', () => {
  it('runs every loss of a seed on the same data and initial weights (an identical loss gives identical runs)', async () => {
    const r = await runTrial(base, 'wasm');
    assert.equal(r.runs.length, 4);
    assert.deepEqual(r.runs[0].series.loss, r.runs[1].series.loss);
    assert.notDeepEqual(r.runs[0].series.loss, r.runs[2].series.loss);
    const acc = r.comparisons.find((c) => c.metric === 'accuracy')!;
    assert.equal(acc.meanDiff, 0);
    assert.equal(acc.seeds, 2);
    assert.ok('recall(2)' in r.summary.ce);
  });

  it('rejects duplicate labels, bad steps and losses it cannot compile, with the reason', async () => {
    await assert.rejects(runTrial({ ...base, compare: [{ kind: 'reference', name: 'ce' }] }, 'wasm'), /share the label 'ce'/);
    await assert.rejects(runTrial({ ...base, steps: 0 }, 'wasm'), /steps/);
    await assert.rejects(runTrial({ ...base, loss: { kind: 'source', text: 'loss f(z: logits, y: labels) = ce(z, y)', expr: 'nosuch(gamma=1)' } }, 'wasm'), /cannot compile the trial loss 'nosuch\(gamma=1\)'/);
  });

  it('distillation: trains a teacher first, then binds its frozen logits to the teacher role', async () => {
    setSourceLossCompiler((ref) => ({
      label: ref.label ?? ref.expr, inputs: [{ name: 's', role: 'logits' }, { name: 't', role: 'teacher' }], learnables: [], termNames: [],
      evaluate: (i) => {
        // KD with T = 2: T²·KL(softmax(t/T) ‖ softmax(s/T)).
        const p = tf.softmax(tf.div(i.t, 2)), logq = tf.logSoftmax(tf.div(i.s, 2));
        return { total: tf.mul(4, tf.mean(tf.sum(tf.mul(p, tf.sub(tf.log(tf.add(p, 1e-12)), logq)), 1))) as tf.Scalar, terms: [] };
      },
    }));
    try {
      const r = await runTrial({
        ...base, data: { generator: 'moons', args: { n: 200 } }, seeds: [1], steps: 80,
        teacher: { model: { kind: 'mlp', hidden: [64, 64] }, steps: 200 },
        loss: { kind: 'source', text: '', expr: 'kd(s, t, T=2)' }, compare: [],
        metrics: [{ name: 'student_accuracy' }, { name: 'teacher_accuracy' }],
      }, 'wasm');
      const f = r.runs[0].final;
      assert.ok(f.teacher_accuracy > 0.9, `teacher ${f.teacher_accuracy}`);
      assert.ok(f.student_accuracy > 0.8, `student ${f.student_accuracy}`);
    } finally {
      setSourceLossCompiler(undefined);
    }
  });

  it('reports int8 against float accuracy and honours a QAT model option', async () => {
    const r = await runTrial({ ...base, seeds: [1], compare: [], model: { kind: 'mlp', hidden: [16], quantize: 4 }, metrics: [{ name: 'float_accuracy' }, { name: 'int8_accuracy' }, { name: 'accuracy' }] }, 'wasm');
    const f = r.runs[0].final;
    for (const k of ['float_accuracy', 'int8_accuracy', 'accuracy']) assert.ok(f[k] > 0.5 && f[k] <= 1, `${k} ${f[k]}`);
  });

  it('stops the whole trial when cancelled and says so', async () => {
    let calls = 0;
    const r = await runTrial({ ...base, steps: 1000 }, 'wasm', { shouldStop: () => ++calls > 12 });
    assert.equal(r.stopped, 'cancelled');
    assert.equal(r.runs.length, 1);
    assert.equal(r.runs[0].stepsCompleted, 12);
  });

  it('leaves no tensor behind after a trial with a teacher and several seeds', async () => {
    const start = tf.memory().numTensors;
    await runTrial({ ...base, steps: 5, teacher: { model: { kind: 'mlp', hidden: [8] }, steps: 5 } }, 'wasm');
    assert.equal(tf.memory().numTensors, start);
  });
});

describe('summary statistics', () => {
  it('mean ± sample std, and paired differences by seed with wins by direction', () => {
    assert.deepEqual(meanStd([1, 2, 3]), { mean: 2, std: 1 });
    assert.deepEqual(meanStd([5]), { mean: 5, std: 0 });
    const runs = [
      { label: 'a', seed: 1, final: { balanced_accuracy: 0.8, ece: 0.05 } },
      { label: 'b', seed: 1, final: { balanced_accuracy: 0.7, ece: 0.1 } },
      { label: 'a', seed: 2, final: { balanced_accuracy: 0.9, ece: 0.2 } },
      { label: 'b', seed: 2, final: { balanced_accuracy: 0.6, ece: 0.1 } },
    ];
    const s = summarise(runs);
    assert.ok(Math.abs(s.a.balanced_accuracy.mean - 0.85) < 1e-12);
    const c = pairedComparisons(runs, 'a', ['b']);
    const ba = c.find((x) => x.metric === 'balanced_accuracy')!;
    assert.ok(Math.abs(ba.meanDiff - 0.2) < 1e-12);
    assert.equal(ba.wins, 2);
    const ece = c.find((x) => x.metric === 'ece')!;
    assert.equal(ece.higherIsBetter, false);
    assert.equal(ece.wins, 1); // lower ECE wins on seed 1 only
    assert.ok(ba.t !== null && ba.t > 0);
  });
});

describe('progress batching', () => {
  it('sends at most one message per interval, and flushes when the run changes', () => {
    let clock = 0;
    const sent: [string, number, number][] = [];
    const b = new ProgressBatcher<string>((meta, step, pts) => sent.push([meta, step, pts.length]), 10, () => clock);
    for (let s = 0; s < 100; s++) { clock += 5; b.add('run0', s, [{ series: 'loss', step: s, value: 1 }]); }
    b.add('run1', 0, [{ series: 'loss', step: 0, value: 1 }]);
    b.flush();
    const run0 = sent.filter((m) => m[0] === 'run0');
    assert.ok(run0.length <= 6, `${run0.length} messages for 500 ms at 10 Hz`);
    assert.equal(run0.reduce((a, m) => a + m[2], 0), 100);
    assert.deepEqual(sent[sent.length - 1], ['run1', 0, 1]);
  });
});
