import { fork, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HostToWorker, LandscapeMsg, RunSummaryMsg, TrialPlan, TrialResultMsg, WorkerToHost } from './protocol.js';

// Host side of the trial worker, for the CLI and the extension: forks one warm child process (niced by
// the worker itself), sends it trials one at a time, relays batched progress, and cancels cooperatively —
// killing the process when it has not acknowledged within `killAfterMs` (it is forked again on the next
// trial).

export interface TrialRunnerOptions {
  /** The worker script; default: dist/trial-worker.cjs when built, else the TypeScript source through tsx. */
  readonly workerPath?: string;
  /** Cancel acknowledgement deadline before the process is killed. */
  readonly killAfterMs?: number;
  /** The worker's environment, read at each (re)start of the process (default: this process's). */
  readonly env?: () => NodeJS.ProcessEnv;
}

export interface TrialCallbacks {
  readonly onProgress?: (msg: Extract<WorkerToHost, { type: 'progress' }>) => void;
  readonly onRunDone?: (index: number, run: RunSummaryMsg) => void;
  readonly onLandscape?: (landscape: LandscapeMsg) => void;
}

export interface TrialOutcome {
  readonly status: 'done' | 'cancelled' | 'killed';
  /** Absent when the worker was killed before it could answer. */
  readonly result?: TrialResultMsg;
}

export interface TrialHandle {
  readonly id: string;
  readonly outcome: Promise<TrialOutcome>;
  /** Asks the worker to stop; resolves when it has (or has been killed). */
  cancel(): Promise<TrialOutcome>;
}

interface Pending {
  readonly id: string;
  readonly callbacks: TrialCallbacks;
  resolve(o: TrialOutcome): void;
  reject(e: Error): void;
  killTimer?: NodeJS.Timeout;
}

/** From a bundle (dist/*.cjs) the worker is the sibling dist/trial-worker.cjs; from source, worker.ts via tsx. */
function defaultWorker(): { path: string; execArgv: string[] } {
  const file = fileURLToPath(import.meta.url);
  if (file.endsWith('.cjs')) return { path: join(dirname(file), 'trial-worker.cjs'), execArgv: [] };
  return { path: join(dirname(file), 'worker.ts'), execArgv: ['--import', 'tsx'] };
}

export class TrialRunner {
  private child: ChildProcess | undefined;
  private backend: TrialResultMsg['backend'] | undefined;
  private ready: Promise<TrialResultMsg['backend']> | undefined;
  private readonly pending = new Map<string, Pending>();
  private counter = 0;

  constructor(private readonly options: TrialRunnerOptions = {}) {}

  /** The backend the worker reported (after the first trial started). */
  get backendName(): TrialResultMsg['backend'] | undefined {
    return this.backend;
  }

  /** The worker's process id, while it is alive. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  private spawn(): Promise<TrialResultMsg['backend']> {
    if (this.ready && this.child) return this.ready;
    const w = this.options.workerPath ? { path: this.options.workerPath, execArgv: this.options.workerPath.endsWith('.ts') ? ['--import', 'tsx'] : [] } : defaultWorker();
    const child = fork(w.path, [], { execArgv: w.execArgv, serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'], ...(this.options.env ? { env: this.options.env() } : {}) });
    this.child = child;
    this.ready = new Promise((resolveReady, rejectReady) => {
      child.on('message', (m) => {
        const msg = m as WorkerToHost;
        if (msg.type === 'ready') { this.backend = msg.backend; resolveReady(msg.backend); return; }
        this.onMessage(msg);
      });
      child.on('exit', (code, signal) => {
        const err = new Error(`trial worker exited (${signal ?? `code ${code}`})`);
        rejectReady(err);
        if (this.child !== child) return; // a killed or disposed worker: its trials are already settled
        this.child = undefined;
        this.ready = undefined;
        for (const p of this.pending.values()) { clearTimeout(p.killTimer); p.reject(err); }
        this.pending.clear();
      });
    });
    return this.ready;
  }

  private onMessage(msg: WorkerToHost): void {
    if (msg.type === 'ready') return;
    const p = this.pending.get(msg.id);
    if (!p) return;
    switch (msg.type) {
      case 'progress': p.callbacks.onProgress?.(msg); break;
      case 'run-done': p.callbacks.onRunDone?.(msg.index, msg.run); break;
      case 'landscape': p.callbacks.onLandscape?.(msg.landscape); break;
      case 'done':
      case 'cancelled':
        clearTimeout(p.killTimer);
        this.pending.delete(msg.id);
        p.resolve({ status: msg.type, result: msg.result });
        break;
      case 'error':
        clearTimeout(p.killTimer);
        this.pending.delete(msg.id);
        p.reject(new Error(msg.message));
        break;
    }
  }

  private post(msg: HostToWorker): void {
    this.child?.send(msg);
  }

  /** Starts a trial (cancelling any running one first). */
  start(plan: TrialPlan, callbacks: TrialCallbacks = {}): TrialHandle {
    for (const id of [...this.pending.keys()]) this.post({ type: 'cancel', id });
    const id = `t${++this.counter}`;
    const outcome = new Promise<TrialOutcome>((resolveOutcome, reject) => {
      this.pending.set(id, { id, callbacks, resolve: resolveOutcome, reject });
      this.spawn().then(() => this.post({ type: 'start', id, plan }), reject);
    });
    const cancel = (): Promise<TrialOutcome> => {
      const p = this.pending.get(id);
      if (!p) return outcome;
      this.post({ type: 'cancel', id });
      const child = this.child;
      p.killTimer = setTimeout(() => {
        if (!this.pending.has(id)) return;
        this.pending.delete(id);
        p.resolve({ status: 'killed' });
        if (this.child === child) { this.child = undefined; this.ready = undefined; }
        child?.kill('SIGKILL');
      }, this.options.killAfterMs ?? 1000);
      return outcome;
    };
    return { id, outcome, cancel };
  }

  /** Stops the worker process. */
  dispose(): void {
    const child = this.child;
    this.child = undefined;
    this.ready = undefined;
    if (child && child.connected) child.send({ type: 'shutdown' } satisfies HostToWorker);
    setTimeout(() => child?.kill('SIGKILL'), 1000).unref();
  }
}
