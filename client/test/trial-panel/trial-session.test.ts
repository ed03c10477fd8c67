import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TrialCallbacks, TrialHandle, TrialOutcome } from '../../../server/src/trial/runner.js';
import type { RunSummaryMsg, TrialPlan, TrialResultMsg } from '../../../server/src/trial/protocol.js';
import type { HostToPanel } from '../../../webview/src/protocol.js';
import { TrialSession, type SessionRunner } from '../../src/trial-panel/trial-session.js';

// The host side of a trial view: worker messages become panel messages tagged with the run, a new trial
// supersedes the old one (whose late messages are dropped), and the history gives a page a snapshot.

const plan: TrialPlan = {
  trial: 't', data: { generator: 'blobs', args: {} }, model: { kind: 'mlp' }, loss: { kind: 'reference', name: 'ce' },
  compare: [{ kind: 'reference', name: 'bce' }], optimizer: { kind: 'adam' }, steps: 10, seeds: [0], metrics: [],
};

class FakeRunner implements SessionRunner {
  readonly trials: { callbacks: TrialCallbacks; resolve: (o: TrialOutcome) => void; reject: (e: Error) => void; cancelled: boolean }[] = [];
  start(_plan: TrialPlan, callbacks: TrialCallbacks): TrialHandle {
    let resolve!: (o: TrialOutcome) => void, reject!: (e: Error) => void;
    const outcome = new Promise<TrialOutcome>((res, rej) => { resolve = res; reject = rej; });
    const t = { callbacks, resolve, reject, cancelled: false };
    this.trials.push(t);
    return { id: `f${this.trials.length}`, outcome, cancel: async () => { t.cancelled = true; resolve({ status: 'cancelled' }); return outcome; } };
  }
}

const summary = (label: string): RunSummaryMsg => ({
  label, seed: 0, final: { accuracy: 0.9 }, series: { loss: [[0, 1], [1, 0.5]] }, learned: {}, diverged: null, stop: 'completed', stepsCompleted: 2, msPerStep: 1,
});
const result: TrialResultMsg = { trial: 't', backend: 'wasm', runs: [summary('ce'), summary('bce')], summary: { ce: { accuracy: { mean: 0.9, std: 0 } } }, comparisons: [], wallMs: 5 };

describe('TrialSession', () => {
  it('forwards a trial as panel messages and keeps a snapshot', async () => {
    const runner = new FakeRunner();
    const sent: HostToPanel[] = [];
    const session = new TrialSession(runner, (m) => sent.push(m));
    const { runId, finished } = session.start(plan, { 'x.y': 1 });
    const cb = runner.trials[0].callbacks;
    cb.onLandscape?.({ axis: 'confidence', x: [0.5], curves: [] });
    cb.onProgress?.({ type: 'progress', id: 'f1', run: { index: 0, total: 2, label: 'ce', seed: 0 }, step: 0, points: [{ series: 'loss', step: 0, value: 1 }] });
    cb.onRunDone?.(0, summary('ce'));
    assert.equal(session.running, true);
    runner.trials[0].resolve({ status: 'done', result });
    assert.equal(await finished, 'done');
    assert.deepEqual(sent.map((m) => m.type), ['trial-started', 'landscape', 'progress', 'run-done', 'trial-finished']);
    assert.ok(sent.every((m) => !('runId' in m) || m.runId === runId));
    const fin = sent[4] as Extract<HostToPanel, { type: 'trial-finished' }>;
    assert.equal(fin.status, 'done');
    assert.deepEqual(fin.result?.runs.map((r) => Object.keys(r.series).length), [0, 0], 'the page already has the series');
    const snap = session.snapshot()!;
    assert.equal(snap.status, 'done');
    assert.deepEqual(snap.params, { 'x.y': 1 });
    assert.deepEqual(snap.runs.map((r) => r.label), ['ce', 'bce']);
    assert.ok(snap.landscape);
  });

  it('drops the messages of a superseded trial and reports errors', async () => {
    const runner = new FakeRunner();
    const sent: HostToPanel[] = [];
    const session = new TrialSession(runner, (m) => sent.push(m));
    const first = session.start(plan, {});
    const second = session.start(plan, {});
    runner.trials[0].callbacks.onProgress?.({ type: 'progress', id: 'f1', run: { index: 0, total: 2, label: 'ce', seed: 0 }, step: 0, points: [] });
    runner.trials[0].resolve({ status: 'cancelled' });
    assert.equal(await first.finished, 'cancelled');
    runner.trials[1].reject(new Error("unknown loss 'foo'"));
    assert.equal(await second.finished, 'error');
    assert.deepEqual(sent.map((m) => `${m.type}:${'runId' in m ? m.runId : ''}`), ['trial-started:r1', 'trial-started:r2', 'trial-finished:r2']);
    const fin = sent[2] as Extract<HostToPanel, { type: 'trial-finished' }>;
    assert.equal(fin.message, "unknown loss 'foo'");
  });

  it('stops the running trial', async () => {
    const runner = new FakeRunner();
    const sent: HostToPanel[] = [];
    const session = new TrialSession(runner, (m) => sent.push(m));
    const { finished } = session.start(plan, {});
    await session.stop();
    assert.equal(runner.trials[0].cancelled, true);
    assert.equal(await finished, 'cancelled');
    assert.equal((sent.at(-1) as Extract<HostToPanel, { type: 'trial-finished' }>).status, 'cancelled');
  });
});
