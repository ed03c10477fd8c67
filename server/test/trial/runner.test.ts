import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { TrialPlan, WorkerToHost } from '../../src/trial/protocol.js';
import { TrialRunner } from '../../src/trial/runner.js';

const plan = (over: Partial<TrialPlan> = {}): TrialPlan => ({
  trial: 'smoke',
  data: { generator: 'blobs', args: { classes: 2, n: 200, imbalance: 0.2 } },
  model: { kind: 'mlp', hidden: [16] },
  loss: { kind: 'reference', name: 'ce' },
  compare: [{ kind: 'reference', name: 'bce' }],
  optimizer: { kind: 'adam', lr: 0.02 },
  steps: 40,
  seeds: [1, 2],
  metrics: [{ name: 'balanced_accuracy' }, { name: 'recall', arg: 1 }],
  ...over,
});

describe('trial worker (child process)', () => {
  const runner = new TrialRunner();
  after(() => runner.dispose());

  it('runs a trial in a child process: every seed × loss, batched progress, summary and paired comparison', async () => {
    const progress: Extract<WorkerToHost, { type: 'progress' }>[] = [];
    const done: number[] = [];
    const h = runner.start(plan(), { onProgress: (m) => progress.push(m), onRunDone: (i) => done.push(i) });
    const o = await h.outcome;
    assert.equal(o.status, 'done');
    const r = o.result!;
    assert.equal(r.backend, 'wasm');
    assert.notEqual(runner.pid, process.pid);
    assert.deepEqual(r.runs.map((x) => `${x.label}@${x.seed}`), ['ce@1', 'bce@1', 'ce@2', 'bce@2']);
    assert.deepEqual(done, [0, 1, 2, 3]);
    assert.ok(r.runs.every((x) => x.stop === 'completed' && x.stepsCompleted === 40 && x.series.loss.length === 40));
    assert.deepEqual(Object.keys(r.summary).sort(), ['bce', 'ce']);
    assert.ok(Number.isFinite(r.summary.ce.balanced_accuracy.mean));
    assert.ok(r.comparisons.some((c) => c.baseline === 'bce' && c.metric === 'recall(1)' && c.seeds === 2));
    // Batched: far fewer messages than points, and every point of every run arrived.
    const points = progress.reduce((a, m) => a + m.points.filter((p) => p.series === 'loss').length, 0);
    assert.equal(points, 160);
    assert.ok(progress.length < 160);
  });

  it('cancels within a second: the worker acknowledges a few steps after the request', async () => {
    let stepAtCancel = -1;
    let handle: ReturnType<TrialRunner['start']> | undefined;
    const cancelled = new Promise<void>((resolve) => {
      handle = runner.start(plan({ steps: 1_000_000, seeds: [1] }), {
        onProgress: (m) => { if (stepAtCancel < 0 && m.step >= 5) { stepAtCancel = m.step; void handle!.cancel().then(() => resolve()); } },
      });
    });
    await cancelled;
    const o = await handle!.outcome;
    assert.equal(o.status, 'cancelled', 'acknowledged before the 1 s kill deadline');
    assert.equal(o.result!.stopped, 'cancelled');
    const run = o.result!.runs[0];
    assert.equal(run.stop, 'cancelled');
    // At ≥ 1 ms per step, a second is ≥ … steps; cooperative cancel lands within a yield interval (20 ms).
    assert.ok(run.stepsCompleted < stepAtCancel + 500, `stopped at ${run.stepsCompleted}, asked at ${stepAtCancel}`);
  });

  it('reports a bad plan as an error naming the problem, and keeps working', async () => {
    await assert.rejects(runner.start(plan({ data: { generator: 'mnist', args: {} } })).outcome, /unknown data generator 'mnist'/);
    await assert.rejects(runner.start(plan({ metrics: [{ name: 'dice' }] })).outcome, /metric 'dice' does not apply to classification/);
    const o = await runner.start(plan({ steps: 3, seeds: [1] })).outcome;
    assert.equal(o.status, 'done');
  });

  it('kills an unresponsive worker after the deadline and forks a new one for the next trial', async () => {
    const hasty = new TrialRunner({ killAfterMs: 0 });
    try {
      let handle: ReturnType<TrialRunner['start']> | undefined;
      const firstPid = await new Promise<number | undefined>((resolve) => {
        handle = hasty.start(plan({ steps: 1_000_000, seeds: [1] }), { onProgress: () => resolve(hasty.pid) });
      });
      const o = await handle!.cancel();
      assert.equal(o.status, 'killed');
      const next = await hasty.start(plan({ steps: 3, seeds: [1] })).outcome;
      assert.equal(next.status, 'done');
      assert.notEqual(hasty.pid, firstPid);
    } finally {
      hasty.dispose();
    }
  });
});
