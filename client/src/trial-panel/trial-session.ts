import type { TrialCallbacks, TrialHandle, TrialOutcome } from '../../../server/src/trial/runner.js';
import type { TrialPlan } from '../../../server/src/trial/protocol.js';
import type { HostToPanel, ParamValues, RunSnapshot, RunStatus } from '../../../webview/src/protocol.js';
import { TrialStore } from '../../../webview/src/store.js';

// One panel's trials, on the host side: starts a trial on the runner (a child process: training never
// runs in the extension host), turns the worker's messages into the panel's, and keeps the authoritative
// history (the same store the page uses) so a page that reloads — hidden and shown again — gets a snapshot.
// Starting a trial cancels the one in progress; messages of a superseded run are dropped. No vscode import.

/** The part of TrialRunner a session uses (tests substitute a fake). */
export interface SessionRunner {
  start(plan: TrialPlan, callbacks: TrialCallbacks): TrialHandle;
}

export interface SessionStatus {
  readonly runId: string;
  readonly status: RunStatus;
  /** 0..1 */
  readonly fraction: number;
  readonly trial: string;
  readonly detail: string;
}

export class TrialSession {
  private readonly store = new TrialStore();
  private handle: TrialHandle | undefined;
  private counter = 0;
  private readonly statusListeners = new Set<(s: SessionStatus) => void>();

  constructor(
    private readonly runner: SessionRunner,
    private readonly send: (msg: HostToPanel) => void,
  ) {}

  get running(): boolean {
    return this.store.status === 'running';
  }

  get plan(): TrialPlan | undefined {
    return this.store.plan;
  }

  /** Starts a trial (cancelling the one in progress); resolves when it has finished, failed or been superseded. */
  start(plan: TrialPlan, params: ParamValues): { runId: string; finished: Promise<RunStatus> } {
    const runId = `r${++this.counter}`;
    this.store.start(runId, plan, params);
    this.send({ type: 'trial-started', runId, plan, params });
    this.emitStatus();
    const current = () => this.store.runId === runId;
    // TrialRunner.start cancels the previous trial itself (cooperatively: a kill now could take the new
    // trial, already queued in the same worker, with it); its late messages are dropped by run id.
    const handle = this.runner.start(plan, {
      onProgress: (m) => {
        if (!current()) return;
        this.store.addProgress(m);
        this.send({ type: 'progress', runId, batches: [m] });
        this.emitStatus();
      },
      onRunDone: (index, run) => {
        if (!current()) return;
        this.store.runDone(index, run);
        this.send({ type: 'run-done', runId, index, run });
        this.emitStatus();
      },
      onLandscape: (landscape) => {
        if (!current()) return;
        this.store.setLandscape(landscape);
        this.send({ type: 'landscape', runId, landscape });
      },
    });
    this.handle = handle;
    const finished = handle.outcome.then(
      (o: TrialOutcome) => this.finish(runId, o.status === 'done' ? 'done' : 'cancelled', o.result, o.status === 'killed' ? 'the trial worker did not stop in time and was ended' : undefined),
      (e: unknown) => this.finish(runId, 'error', undefined, e instanceof Error ? e.message : String(e)),
    );
    return { runId, finished };
  }

  private finish(runId: string, status: Exclude<RunStatus, 'idle' | 'running'>, result: Parameters<TrialStore['finish']>[1], message?: string): RunStatus {
    if (this.store.runId !== runId) return 'cancelled';
    this.handle = undefined;
    this.store.finish(status, result, message);
    // The page has every run's series and picture from run-done (or from a snapshot): the result's copies stay here.
    const slim = result && { ...result, runs: result.runs.map(({ series: _s, boundary: _b, ...rest }) => ({ ...rest, series: {} })) };
    this.send({ type: 'trial-finished', runId, status, ...(slim ? { result: slim } : {}), ...(message ? { message } : {}) });
    this.emitStatus();
    return status;
  }

  /** Asks the running trial to stop (cooperatively; the runner kills the worker if it does not). */
  async stop(): Promise<void> {
    const h = this.handle;
    if (!h) return;
    await h.cancel().catch(() => undefined);
  }

  /** A plan error before any worker starts: shown as a failed run. */
  fail(plan: TrialPlan | undefined, message: string): void {
    if (plan) {
      const runId = `r${++this.counter}`;
      this.store.start(runId, plan, {});
      this.send({ type: 'trial-started', runId, plan, params: {} });
      this.finish(runId, 'error', undefined, message);
    }
  }

  snapshot(): RunSnapshot | undefined {
    return this.store.snapshot();
  }

  onStatus(listener: (s: SessionStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  private emitStatus(): void {
    const s = this.store;
    if (!s.runId || !s.plan) return;
    const c = s.current;
    const detail = s.status === 'running'
      ? c ? `${c.label}, seed ${c.seed} (run ${c.index + 1}/${c.total}), step ${c.step + 1}/${s.plan.steps}` : 'starting…'
      : s.status === 'error' ? s.message ?? 'failed' : s.status;
    const status: SessionStatus = { runId: s.runId, status: s.status, fraction: s.fractionDone(), trial: s.plan.trial, detail };
    for (const l of this.statusListeners) l(status);
  }
}
