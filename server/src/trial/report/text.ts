import type { RunSummaryMsg, TrialPlan, TrialResultMsg } from '../protocol.js';

// The command line's views of a finished trial: the normative `--json` object (extra fields allowed,
// required ones exact) and the human summary — mean ± std per loss and metric, the paired comparison of
// the loss with each baseline, divergences with their step and term, the backend and the wall time.

export interface ReportContext {
  /** The `.loss` file as given on the command line. */
  readonly file?: string;
  /** Why the backend is not the preferred one, when it is not. */
  readonly backendNote?: string;
}

/** The `--json` object of `losslab trial` (docs/language.md § Command line). */
export function trialJson(r: TrialResultMsg, ctx: ReportContext = {}): Record<string, unknown> {
  return {
    trial: r.trial,
    backend: r.backend,
    runs: r.runs.map((run) => ({
      label: run.label, seed: run.seed, final: run.final, series: run.series, learned: run.learned, diverged: run.diverged,
      stop: run.stop, stepsCompleted: run.stepsCompleted, msPerStep: round(run.msPerStep, 4),
    })),
    summary: r.summary,
    comparisons: r.comparisons,
    wallMs: Math.round(r.wallMs),
    ...(r.stopped ? { stopped: r.stopped } : {}),
    ...(ctx.file ? { file: ctx.file } : {}),
    ...(ctx.backendNote ? { backendNote: ctx.backendNote } : {}),
  };
}

function round(x: number, digits: number): number {
  return Number.isFinite(x) ? Number(x.toFixed(digits)) : x;
}

/** A metric value for people: 3 decimals, or 4 significant digits for large values; "–" when undefined. */
export function fmt(x: number | undefined): string {
  if (x === undefined || Number.isNaN(x)) return '–';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  const a = Math.abs(x);
  if (a !== 0 && (a >= 1000 || a < 0.001)) return x.toPrecision(3);
  return x.toFixed(3);
}

function signed(x: number): string {
  const s = fmt(x);
  return x > 0 ? `+${s}` : s.replace(/^-/, '−');
}

function pad(s: string, n: number): string {
  return s + ' '.repeat(Math.max(0, n - [...s].length));
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => [...(r[c] ?? '')].length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : pad(cell, widths[c] + 2))).join('').trimEnd()).join('\n');
}

/** Loss labels in the trial's order (the loss, then the baselines). */
export function labelsOf(plan: TrialPlan, r: TrialResultMsg): string[] {
  const fromPlan = [plan.loss, ...plan.compare].map((l) => l.label ?? (l.kind === 'source' ? l.expr : l.name));
  const seen = new Set(fromPlan);
  return [...fromPlan, ...r.runs.map((x) => x.label).filter((l) => !seen.has(l) && seen.add(l))];
}

/** Metric names in the order the runs report them. */
export function metricsOf(r: TrialResultMsg): string[] {
  const names: string[] = [];
  for (const run of r.runs) for (const k of Object.keys(run.final)) if (!names.includes(k)) names.push(k);
  return names;
}

function divergences(runs: readonly RunSummaryMsg[]): string[] {
  return runs.filter((r) => r.diverged).map((r) => `  ${r.label}, seed ${r.seed}: non-finite at step ${r.diverged!.step} in '${r.diverged!.term}'`);
}

export function formatSummary(plan: TrialPlan, r: TrialResultMsg, ctx: ReportContext = {}): string {
  const labels = labelsOf(plan, r);
  const metrics = metricsOf(r);
  const seeds = [...new Set(r.runs.map((x) => x.seed))].length;
  const out: string[] = [];
  const where = ctx.file ? ` (${ctx.file})` : '';
  out.push(`trial ${r.trial}${where}: ${plan.data.label ?? plan.data.generator}, ${labels.length} loss${labels.length === 1 ? '' : 'es'} × ${plan.seeds.length} seed${plan.seeds.length === 1 ? '' : 's'} × ${plan.steps} steps`);
  out.push(`backend ${r.backend}${ctx.backendNote ? ` (${ctx.backendNote})` : ''}, ${r.runs.length} run${r.runs.length === 1 ? '' : 's'} in ${(r.wallMs / 1000).toFixed(1)} s`);
  out.push('');
  if (metrics.length) {
    out.push(`validation metrics, mean ± std over ${seeds} seed${seeds === 1 ? '' : 's'}:`);
    const rows = [['loss', ...metrics]];
    for (const l of labels) {
      const s = r.summary[l];
      if (!s) { rows.push([l, ...metrics.map(() => 'not run')]); continue; }
      rows.push([l, ...metrics.map((m) => (s[m] ? `${fmt(s[m].mean)} ± ${fmt(s[m].std)}` : '–'))]);
    }
    out.push(table(rows).split('\n').map((x) => `  ${x}`).join('\n'));
  } else {
    out.push('no metrics');
  }
  if (r.comparisons.length) {
    out.push('');
    out.push(`${labels[0]} against each baseline, paired by seed (same data and initial weights):`);
    const rows = [['baseline', 'metric', 'difference', 'better on', 't']];
    for (const c of r.comparisons) {
      const better = c.higherIsBetter ? 'higher is better' : 'lower is better';
      rows.push([c.baseline, c.metric, Number.isFinite(c.meanDiff) ? `${signed(c.meanDiff)} ± ${fmt(c.stdDiff)}` : '–', `${c.wins}/${c.seeds} seeds (${better})`, c.t === null ? '–' : c.t.toFixed(2)]);
    }
    out.push(table(rows).split('\n').map((x) => `  ${x}`).join('\n'));
  }
  const div = divergences(r.runs);
  if (div.length) {
    out.push('');
    out.push('diverged (the run stopped at the first non-finite value):');
    out.push(...div);
  }
  if (r.stopped) {
    out.push('');
    const total = labels.length * plan.seeds.length;
    out.push(`stopped early (${r.stopped === 'cancelled' ? 'cancelled' : 'wall-time budget'}): ${r.runs.filter((x) => x.stop === 'completed' || x.stop === 'diverged').length} of ${total} runs finished`);
  }
  return `${out.join('\n')}\n`;
}
