import type { LandscapeMsg, RunSummaryMsg, TrialPlan, TrialResultMsg } from '../../server/src/trial/protocol.js';
import { planLabels, type ParamValues, type ProgressMsg, type RunSnapshot, type RunStatus } from './protocol.js';

// What the page knows of the current trial: every run's raw points (for CSV and JSON export, and to
// rebuild after a reload) and, per (loss, series), the aggregate over seeds at each step (sum, count, min,
// max), kept up to date point by point so a progress batch costs O(points), not O(history). Pure: no DOM.

/** The raw points of one (loss, seed) run. */
export interface RunData {
  readonly index: number;
  readonly total: number;
  readonly label: string;
  readonly seed: number;
  readonly series: Map<string, { steps: number[]; values: number[] }>;
  summary?: RunSummaryMsg;
}

/** One series of one loss, over seeds: indexed by step. */
export class SeriesAggregate {
  sum: Float64Array;
  count: Uint16Array;
  min: Float64Array;
  max: Float64Array;
  /** Highest step with a value, -1 when empty. */
  last = -1;

  constructor(readonly label: string, readonly series: string, capacity: number) {
    this.sum = new Float64Array(capacity);
    this.count = new Uint16Array(capacity);
    this.min = new Float64Array(capacity).fill(Infinity);
    this.max = new Float64Array(capacity).fill(-Infinity);
  }

  add(step: number, value: number): void {
    if (!Number.isFinite(value) || step < 0 || !Number.isInteger(step)) return;
    if (step >= this.sum.length) this.grow(step + 1);
    this.sum[step] += value;
    this.count[step]++;
    if (value < this.min[step]) this.min[step] = value;
    if (value > this.max[step]) this.max[step] = value;
    if (step > this.last) this.last = step;
  }

  mean(step: number): number | null {
    const c = this.count[step];
    return c ? this.sum[step] / c : null;
  }

  private grow(n: number): void {
    const size = Math.max(n, this.sum.length * 2);
    const copy = <T extends Float64Array | Uint16Array>(a: T, fill: number): T => {
      const b = new (a.constructor as new (n: number) => T)(size);
      b.fill(fill);
      b.set(a);
      return b;
    };
    this.sum = copy(this.sum, 0);
    this.count = copy(this.count, 0);
    this.min = copy(this.min, Infinity);
    this.max = copy(this.max, -Infinity);
  }
}

export const seriesKey = (label: string, series: string): string => `${label}\u0000${series}`;

export class TrialStore {
  runId: string | undefined;
  plan: TrialPlan | undefined;
  /** The declared loss, then its baselines. */
  labels: string[] = [];
  params: ParamValues = {};
  status: RunStatus = 'idle';
  message: string | undefined;
  readonly runs = new Map<number, RunData>();
  readonly aggregates = new Map<string, SeriesAggregate>();
  landscape: LandscapeMsg | undefined;
  result: TrialResultMsg | undefined;
  /** The latest progress: which run, at which step. */
  current: { index: number; total: number; label: string; seed: number; step: number } | undefined;
  /** Bumped on every change of data. */
  revision = 0;
  /** Bumped when a series appears (charts then rebuild their series lists). */
  shape = 0;

  start(runId: string, plan: TrialPlan, params: ParamValues): void {
    this.reset();
    this.runId = runId;
    this.plan = plan;
    this.labels = planLabels(plan);
    this.params = params;
    this.status = 'running';
  }

  /** Forgets everything (another trial is shown). */
  reset(): void {
    this.runId = undefined;
    this.plan = undefined;
    this.labels = [];
    this.params = {};
    this.status = 'idle';
    this.message = undefined;
    this.runs.clear();
    this.aggregates.clear();
    this.landscape = undefined;
    this.result = undefined;
    this.current = undefined;
    this.revision++;
    this.shape++;
  }

  private run(ref: { index: number; total: number; label: string; seed: number }): RunData {
    let r = this.runs.get(ref.index);
    if (!r) {
      r = { index: ref.index, total: ref.total, label: ref.label, seed: ref.seed, series: new Map() };
      this.runs.set(ref.index, r);
      if (!this.labels.includes(ref.label)) this.labels.push(ref.label);
    }
    return r;
  }

  private aggregate(label: string, series: string): SeriesAggregate {
    const key = seriesKey(label, series);
    let a = this.aggregates.get(key);
    if (!a) {
      a = new SeriesAggregate(label, series, Math.max(1, this.plan?.steps ?? 64));
      this.aggregates.set(key, a);
      this.shape++;
    }
    return a;
  }

  addProgress(msg: ProgressMsg): void {
    const run = this.run(msg.run);
    for (const p of msg.points) {
      let s = run.series.get(p.series);
      if (!s) run.series.set(p.series, (s = { steps: [], values: [] }));
      s.steps.push(p.step);
      s.values.push(p.value);
      this.aggregate(run.label, p.series).add(p.step, p.value);
    }
    this.current = { ...msg.run, step: msg.step };
    this.revision++;
  }

  /** A run finished: its summary's series are authoritative (progress may have been missed while hidden). */
  runDone(index: number, summary: RunSummaryMsg, total?: number): void {
    const run = this.run({ index, total: total ?? this.runs.get(index)?.total ?? this.expectedRuns(), label: summary.label, seed: summary.seed });
    run.summary = summary;
    run.series.clear();
    for (const [name, pts] of Object.entries(summary.series)) {
      run.series.set(name, { steps: pts.map((p) => p[0]), values: pts.map((p) => p[1]) });
    }
    this.rebuild(run.label);
    this.revision++;
  }

  /** Recomputes the aggregates of one loss from its runs' raw points. */
  private rebuild(label: string): void {
    for (const [key, a] of this.aggregates) if (a.label === label) this.aggregates.delete(key);
    for (const r of this.runs.values()) {
      if (r.label !== label) continue;
      for (const [name, s] of r.series) {
        const a = this.aggregate(label, name);
        for (let i = 0; i < s.steps.length; i++) a.add(s.steps[i], s.values[i]);
      }
    }
    this.shape++;
  }

  setLandscape(l: LandscapeMsg): void {
    this.landscape = l;
    this.revision++;
  }

  finish(status: Exclude<RunStatus, 'idle' | 'running'>, result?: TrialResultMsg, message?: string): void {
    this.status = status;
    this.message = message;
    if (result) {
      this.result = result;
      // Runs the result holds that the page has not seen finish (hidden while they ran).
      result.runs.forEach((r) => {
        const known = [...this.runs.values()].find((x) => x.label === r.label && x.seed === r.seed);
        if (!known?.summary) this.runDone(known?.index ?? this.indexOf(r.label, r.seed), r);
      });
    }
    this.revision++;
  }

  /** The (seed, loss) order of the engine: index = seedIndex × losses + lossIndex. */
  private indexOf(label: string, seed: number): number {
    const seeds = this.plan?.seeds ?? [];
    const li = Math.max(0, this.labels.indexOf(label));
    const si = Math.max(0, seeds.indexOf(seed));
    return si * Math.max(1, this.labels.length) + li;
  }

  expectedRuns(): number {
    return (this.plan?.seeds.length ?? 1) * Math.max(1, this.labels.length);
  }

  /** Fraction of the trial done, 0..1, from completed runs and the current run's step. */
  fractionDone(): number {
    if (this.status === 'done') return 1;
    const total = this.current?.total ?? this.expectedRuns();
    const steps = this.plan?.steps ?? 1;
    const finished = [...this.runs.values()].filter((r) => r.summary).length;
    const partial = this.current && !this.runs.get(this.current.index)?.summary ? Math.min(1, (this.current.step + 1) / steps) : 0;
    return total ? Math.min(1, (finished + partial) / total) : 0;
  }

  /** Every series name seen, in first-seen order. */
  seriesNames(): string[] {
    const names: string[] = [];
    for (const a of this.aggregates.values()) if (!names.includes(a.series)) names.push(a.series);
    return names;
  }

  get(label: string, series: string): SeriesAggregate | undefined {
    return this.aggregates.get(seriesKey(label, series));
  }

  /** What the host would send to rebuild this page: kept in the webview state across reloads. */
  snapshot(): RunSnapshot | undefined {
    if (!this.runId || !this.plan) return undefined;
    return {
      runId: this.runId, plan: this.plan, params: this.params, status: this.status, ...(this.message ? { message: this.message } : {}),
      runs: [...this.runs.values()].sort((a, b) => a.index - b.index).map((r) => ({
        index: r.index, total: r.total, label: r.label, seed: r.seed,
        series: r.summary ? {} : Object.fromEntries([...r.series].map(([k, s]) => [k, s.steps.map((st, i) => [st, s.values[i]] as const)])),
        ...(r.summary ? { summary: r.summary } : {}),
      })),
      ...(this.landscape ? { landscape: this.landscape } : {}),
      ...(this.result ? { result: { ...this.result, runs: [] } } : {}),
    };
  }

  load(s: RunSnapshot): void {
    this.start(s.runId, s.plan, s.params);
    for (const r of s.runs) {
      if (r.summary) { this.runDone(r.index, r.summary, r.total); continue; }
      const points = Object.entries(r.series).flatMap(([series, pts]) => pts.map(([step, value]) => ({ series, step, value })));
      const step = points.reduce((m, p) => Math.max(m, p.step), 0);
      this.addProgress({ type: 'progress', id: s.runId, run: { index: r.index, total: r.total, label: r.label, seed: r.seed }, step, points });
    }
    if (s.landscape) this.landscape = s.landscape;
    this.status = s.status;
    this.message = s.message;
    if (s.result) this.result = { ...s.result, runs: [...this.runs.values()].flatMap((r) => (r.summary ? [r.summary] : [])) };
    this.revision++;
  }
}
