import { readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../core/analysis/analyze.js';
import { LineIndex } from '../core/text/line-index.js';
import type { Span } from '../core/text/span.js';
import { nodeSourceHost } from '../core/workspace/node-host.js';
import { initBackend } from '../numerics/backend.js';
import { planFromDocument, TrialPlanError } from '../trial/document-plan.js';
import type { TrialPlan, TrialResultMsg } from '../trial/protocol.js';
import { renderReport } from '../trial/report/html.js';
import { formatSummary, trialJson } from '../trial/report/text.js';
import { runTrial } from '../trial/trial.js';
import { toJsonDiagnostic, formatDiagnostic } from './check.js';
import { findWorkspaceRoot } from './workspace-root.js';

// `losslab trial FILE [--trial NAME] [--seeds N] [--steps N] [--json] [--out report.html]` — runs a trial
// headless (normative contract in docs/language.md § Command line). The trial runs in this process: the
// command line is already a process of its own, outside any editor. Ctrl-C stops it at the next step
// (the summary of what finished is still printed; exit 130); a second Ctrl-C exits at once. Every problem
// with the command or the file is a located message on stderr and exit code 2.

const USAGE = 'usage: losslab trial FILE [--trial NAME] [--seeds N] [--steps N] [--json] [--out report.html]';

class UsageError extends Error {}

interface TrialArgs {
  readonly file: string;
  readonly trial?: string;
  readonly seeds?: number;
  readonly steps?: number;
  readonly json: boolean;
  readonly out?: string;
}

function positiveInt(flag: string, v: string, max: number): number {
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || !Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`${flag} takes a whole number from 1 to ${max}, got '${v}'`);
  return n;
}

export function parseTrialArgs(args: readonly string[]): TrialArgs {
  const files: string[] = [];
  const single: Record<string, string> = {};
  let json = false;
  const valued = new Set(['--trial', '--seeds', '--steps', '--out']);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const flag = eq > 0 ? a.slice(0, eq) : a;
    if (flag === '--json' && eq < 0) json = true;
    else if (valued.has(flag)) {
      const value = eq > 0 ? a.slice(eq + 1) : args[++i];
      if (value === undefined || value === '') throw new UsageError(`${flag} needs a value`);
      if (single[flag] !== undefined) throw new UsageError(`${flag} is given twice`);
      single[flag] = value;
    } else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}`);
    else files.push(a);
  }
  if (files.length !== 1) throw new UsageError(files.length === 0 ? 'no .loss file given' : `one .loss file expected, got ${files.length}`);
  return {
    file: files[0]!,
    json,
    ...(single['--trial'] !== undefined ? { trial: single['--trial'] } : {}),
    ...(single['--seeds'] !== undefined ? { seeds: positiveInt('--seeds', single['--seeds'], 100) } : {}),
    ...(single['--steps'] !== undefined ? { steps: positiveInt('--steps', single['--steps'], 1_000_000) } : {}),
    ...(single['--out'] !== undefined ? { out: single['--out'] } : {}),
  };
}

/** A located message, `file:line:col error message`, for a problem at a span of the file. */
function located(file: string, text: string, span: Span, message: string): string {
  const p = new LineIndex(text).positionAt(span.start);
  return `${file}:${p.line + 1}:${p.character + 1} error ${message}`;
}

/** Progress on stderr, one line rewritten in place, at most 10 times a second; only on a terminal. */
function progressLine(plan: TrialPlan): { update(run: { index: number; total: number; label: string; seed: number }, step: number): void; clear(): void } {
  const tty = process.stderr.isTTY === true;
  let last = 0;
  let shown = false;
  return {
    update(run, step) {
      if (!tty) return;
      const t = performance.now();
      if (t - last < 100) return;
      last = t;
      const line = `run ${run.index + 1}/${run.total}  ${run.label}  seed ${run.seed}  step ${step + 1}/${plan.steps}`;
      process.stderr.write(`\r${line.slice(0, (process.stderr.columns ?? 100) - 1)}\x1b[K`);
      shown = true;
    },
    clear() {
      if (shown) process.stderr.write('\r\x1b[K');
      shown = false;
    },
  };
}

export async function runTrialCommand(args: string[]): Promise<number> {
  let a: TrialArgs;
  try {
    if (args.includes('--help') || args.includes('-h')) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    a = parseTrialArgs(args);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`losslab trial: ${e.message}\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }

  const abs = path.resolve(a.file);
  let text: string;
  try {
    if (statSync(abs).isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    text = readFileSync(abs, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    process.stderr.write(`${a.file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message}\n`);
    return 2;
  }
  const workspaceRoot = findWorkspaceRoot(abs);
  const analysis = analyze(text, { path: abs, workspaceRoot, host: nodeSourceHost });
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) {
    const lines = new LineIndex(text);
    for (const d of errors) process.stderr.write(`${a.file}:${formatDiagnostic(toJsonDiagnostic(d, lines))}\n`);
    process.stderr.write(`losslab trial: ${a.file} has ${errors.length} error${errors.length === 1 ? '' : 's'}; fix ${errors.length === 1 ? 'it' : 'them'} first (losslab check ${a.file})\n`);
    return 2;
  }

  const trials = analysis.file.declarations.flatMap((d) => (d.kind === 'Trial' && d.name ? [d.name] : []));
  if (!trials.length) {
    process.stderr.write(`${located(a.file, text, { start: 0, end: 0 }, 'the file declares no trial (add one: trial name { data = blobs(classes=2)  loss = … })')}\n`);
    return 2;
  }
  const trialName = a.trial ?? trials[0]!.name;
  const trialSpan = trials.find((t) => t.name === trialName)?.span ?? trials[0]!.span;
  let plan: TrialPlan;
  try {
    plan = planFromDocument({ text, path: abs, workspaceRoot, trial: trialName, steps: a.steps, seeds: a.seeds });
    if (a.out !== undefined) plan = { ...plan, visuals: true };
  } catch (e) {
    if (e instanceof TrialPlanError) {
      process.stderr.write(`${located(a.file, text, e.span ?? trials[0]!.span, e.message)}\n`);
      return 2;
    }
    throw e;
  }

  const backend = await initBackend();
  if (backend.fallbackReason && !a.json) process.stderr.write(`losslab trial: running on the ${backend.name} backend (${backend.fallbackReason})\n`);

  const losses = 1 + plan.compare.length;
  process.stderr.write(`losslab trial: running '${plan.trial}', ${losses} loss${losses === 1 ? '' : 'es'} × ${plan.seeds.length} seed${plan.seeds.length === 1 ? '' : 's'} × ${plan.steps} steps on ${backend.name} (Ctrl-C stops)\n`);
  let cancelled = false;
  const onSigint = () => {
    if (cancelled) process.exit(130);
    cancelled = true;
    process.stderr.write('\nlosslab trial: stopping after this step (Ctrl-C again to quit now)\n');
  };
  process.on('SIGINT', onSigint);
  const progress = progressLine(plan);
  let result: TrialResultMsg;
  try {
    result = await runTrial(plan, backend.name, {
      shouldStop: () => cancelled,
      onPoints: (run, step) => progress.update(run, step),
      yieldEveryMs: 50,
    });
  } catch (e) {
    progress.clear();
    process.stderr.write(`${located(a.file, text, trialSpan, `trial '${plan.trial}': ${e instanceof Error ? e.message : String(e)}`)}\n`);
    return 2;
  } finally {
    process.off('SIGINT', onSigint);
    progress.clear();
  }

  const report = a.json ? process.stderr : process.stdout;
  if (a.json) process.stdout.write(`${JSON.stringify(trialJson(result, { file: a.file, ...(backend.fallbackReason ? { backendNote: backend.fallbackReason } : {}) }))}\n`);
  else process.stdout.write(formatSummary(plan, result, { file: a.file, ...(backend.fallbackReason ? { backendNote: backend.fallbackReason } : {}) }));
  if (a.out) {
    try {
      writeFileSync(a.out, renderReport(plan, result, { file: a.file, source: text }));
      report.write(`report written to ${a.out}\n`);
    } catch (e) {
      process.stderr.write(`losslab trial: cannot write ${a.out}: ${(e as Error).message}\n`);
      return 2;
    }
  }
  return result.stopped === 'cancelled' ? 130 : 0;
}
