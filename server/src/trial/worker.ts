import { setPriority } from 'node:os';
import { initBackend } from '../numerics/backend.js';
import { ProgressBatcher } from './progress.js';
import { PROGRESS_HZ, type HostToWorker, type WorkerToHost } from './protocol.js';
import { runTrial, type RunRef } from './trial.js';

// The trial worker: a child process forked by TrialRunner (runner.ts), so training never runs in the
// extension host or the language server. One trial at a time; `cancel` is checked before every step
// (the loop yields to the event loop every few ms so the message arrives); progress goes out batched.
// Bundled to dist/trial-worker.cjs.

function send(msg: WorkerToHost): void {
  process.send?.(msg);
}

let current: { id: string; cancelled: boolean } | undefined;
const queue: Extract<HostToWorker, { type: 'start' }>[] = [];

async function runQueued(backend: 'wasm' | 'cpu' | 'tensorflow'): Promise<void> {
  while (queue.length && !current) {
    const { id, plan } = queue.shift()!;
    const job = (current = { id, cancelled: false });
    const batcher = new ProgressBatcher<RunRef>((run, step, points) => send({ type: 'progress', id, run, step, points }), PROGRESS_HZ);
    try {
      const result = await runTrial(plan, backend, {
        shouldStop: () => job.cancelled,
        onPoints: (run, step, points) => batcher.add(run, step, points),
        onRunDone: (index, run) => { batcher.flush(); send({ type: 'run-done', id, index, run }); },
        onLandscape: (landscape) => send({ type: 'landscape', id, landscape }),
        yieldEveryMs: 20,
      });
      batcher.flush();
      send(job.cancelled ? { type: 'cancelled', id, result } : { type: 'done', id, result });
    } catch (e) {
      send({ type: 'error', id, message: e instanceof Error ? e.message : String(e) });
    } finally {
      current = undefined;
    }
  }
}

async function main(): Promise<void> {
  if (!process.send) {
    console.error('trial-worker: run me through TrialRunner (child_process.fork), not directly');
    process.exit(2);
  }
  try { setPriority(process.pid, 10); } catch { /* not permitted: keep the default priority */ }
  const pending: HostToWorker[] = [];
  let backend: 'wasm' | 'cpu' | 'tensorflow' | undefined;
  const handle = (msg: HostToWorker) => {
    if (!backend) { pending.push(msg); return; }
    switch (msg.type) {
      case 'start': queue.push(msg); void runQueued(backend); break;
      case 'cancel': {
        if (current?.id === msg.id) current.cancelled = true;
        const i = queue.findIndex((q) => q.id === msg.id);
        if (i >= 0) queue.splice(i, 1);
        break;
      }
      case 'shutdown': process.exit(0);
    }
  };
  process.on('message', (m) => handle(m as HostToWorker));
  process.on('disconnect', () => process.exit(0));
  const info = await initBackend();
  backend = info.name;
  send({ type: 'ready', backend: info.name, ...(info.fallbackReason ? { fallbackReason: info.fallbackReason } : {}) });
  for (const m of pending.splice(0)) handle(m);
}

void main();
