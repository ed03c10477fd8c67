import type { SeriesAggregate, TrialStore } from './store.js';

// Which charts the page draws and the columns each one plots, from the series names the engine sends:
// `loss` (the total), `loss/<term>`, `grad_norm`, `grad_norm/<term>`, `learned/<name>`, `weight/<term>`
// (MGDA's term weights), `lr`, and every metric under its own name. Pure: no DOM, no uPlot.

export interface ChartDef {
  readonly id: string;
  readonly title: string;
  /** Series names drawn, for every loss that has them. */
  readonly series: readonly string[];
  /** Whether a log y axis makes sense (positive quantities). */
  readonly loggable: boolean;
  /** Always on a log axis: gradient norms span orders of magnitude within a run. */
  readonly alwaysLog?: boolean;
}

const isTerm = (s: string, prefix: string) => s.startsWith(`${prefix}/`);
const KNOWN = (s: string) => s === 'loss' || s === 'grad_norm' || s === 'lr' || ['loss', 'grad_norm', 'learned', 'weight'].some((p) => isTerm(s, p));

/** The charts for these series names: losses, terms, gradient norms, one per metric, learned values, lr. */
export function chartGroups(names: readonly string[]): ChartDef[] {
  const out: ChartDef[] = [];
  const add = (id: string, title: string, series: string[], loggable: boolean, alwaysLog = false) => {
    if (series.length) out.push({ id, title, series, loggable, ...(alwaysLog ? { alwaysLog } : {}) });
  };
  add('loss', 'Loss (total)', names.filter((s) => s === 'loss'), true);
  add('terms', 'Loss terms', names.filter((s) => isTerm(s, 'loss')), true);
  add('grad', 'Gradient norm (log scale)', names.filter((s) => s === 'grad_norm' || isTerm(s, 'grad_norm')), true, true);
  for (const m of names.filter((s) => !KNOWN(s))) add(`metric:${m}`, m, [m], false);
  add('learned', 'Learned values', names.filter((s) => isTerm(s, 'learned') || isTerm(s, 'weight')), false);
  add('lr', 'Learning rate', names.filter((s) => s === 'lr'), true);
  return out;
}

/** TensorBoard's debiased exponential moving average (weight 0: the values themselves). Nulls stay null. */
export function debiasedEma(values: readonly (number | null)[], weight: number): (number | null)[] {
  if (!(weight > 0)) return values.slice();
  const w = Math.min(weight, 0.999);
  let last = 0;
  let n = 0;
  return values.map((v) => {
    if (v === null || !Number.isFinite(v)) return null;
    last = last * w + (1 - w) * v;
    n++;
    return last / (1 - w ** n);
  });
}

/** One drawn line: a loss's series over seeds. */
export interface LineRef {
  readonly label: string;
  readonly series: string;
  /** Index of the loss in the trial (colour). */
  readonly lossIndex: number;
  /** Index of the series within the chart (dash pattern). */
  readonly seriesIndex: number;
}

/** The lines of a chart: every (loss, series) pair that has data, losses in trial order. */
export function chartLines(store: TrialStore, def: ChartDef): LineRef[] {
  const lines: LineRef[] = [];
  store.labels.forEach((label, lossIndex) => {
    def.series.forEach((series, seriesIndex) => {
      if (store.get(label, series)) lines.push({ label, series, lossIndex, seriesIndex });
    });
  });
  return lines;
}

export interface ChartColumns {
  readonly x: number[];
  /** Per line: the (smoothed) mean, the raw mean, the min and max over seeds. */
  readonly lines: { mean: (number | null)[]; raw: (number | null)[]; lo: (number | null)[]; hi: (number | null)[] }[];
}

/**
 * The x values (steps where any line has a value) and, per line, its columns. In log mode values ≤ 0
 * are left out (a log axis cannot place them).
 */
export function chartColumns(store: TrialStore, lines: readonly LineRef[], opts: { smoothing: number; log: boolean }): ChartColumns {
  const aggs = lines.map((l) => store.get(l.label, l.series)).filter((a): a is SeriesAggregate => a !== undefined);
  const last = aggs.reduce((m, a) => Math.max(m, a.last), -1);
  const x: number[] = [];
  for (let step = 0; step <= last; step++) if (aggs.some((a) => step < a.count.length && a.count[step] > 0)) x.push(step);
  const ok = (v: number | null): number | null => (v === null || !Number.isFinite(v) || (opts.log && v <= 0) ? null : v);
  const cols = aggs.map((a) => {
    const raw: (number | null)[] = new Array(x.length);
    const lo: (number | null)[] = new Array(x.length);
    const hi: (number | null)[] = new Array(x.length);
    for (let i = 0; i < x.length; i++) {
      const s = x[i];
      const c = s < a.count.length ? a.count[s] : 0;
      raw[i] = c ? ok(a.sum[s] / c) : null;
      lo[i] = c ? ok(a.min[s]) : null;
      hi[i] = c ? ok(a.max[s]) : null;
    }
    return { mean: opts.smoothing > 0 ? debiasedEma(raw, opts.smoothing) : raw, raw, lo, hi };
  });
  return { x, lines: cols };
}

/** A compact number for read-outs and tables. */
export function fmt(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined) return '—';
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e5 || a < 1e-3)) return v.toExponential(2);
  return Number(v.toPrecision(digits)).toString();
}
