import { metricDirection } from './metrics/registry.js';

// Across seeds: mean ± standard deviation of each final metric per loss, and a paired comparison of the
// loss against each baseline (same seed → same data and initial weights, so per-seed differences cancel
// the data and initialisation noise).

export interface MeanStd {
  readonly mean: number;
  readonly std: number;
}

export interface PairedComparison {
  readonly loss: string;
  readonly baseline: string;
  readonly metric: string;
  /** Mean over seeds of (loss − baseline). */
  readonly meanDiff: number;
  /** Sample standard deviation of the per-seed differences (0 for one seed). */
  readonly stdDiff: number;
  /** Paired t statistic (mean / (std / √n)); null when it is undefined (one seed or zero spread). */
  readonly t: number | null;
  /** Seeds where the loss did better than the baseline (by the metric's direction). */
  readonly wins: number;
  readonly seeds: number;
  readonly higherIsBetter: boolean;
}

export function meanStd(xs: readonly number[]): MeanStd {
  const v = xs.filter(Number.isFinite);
  if (v.length === 0) return { mean: NaN, std: NaN };
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const std = v.length > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1)) : 0;
  return { mean, std };
}

export interface SeedFinal {
  readonly label: string;
  readonly seed: number;
  readonly final: Readonly<Record<string, number>>;
}

export function summarise(runs: readonly SeedFinal[]): Record<string, Record<string, MeanStd>> {
  const out: Record<string, Record<string, MeanStd>> = {};
  const byLabel = new Map<string, SeedFinal[]>();
  for (const r of runs) byLabel.set(r.label, [...(byLabel.get(r.label) ?? []), r]);
  for (const [label, rs] of byLabel) {
    const metrics = new Set(rs.flatMap((r) => Object.keys(r.final)));
    out[label] = {};
    for (const m of metrics) out[label][m] = meanStd(rs.map((r) => r.final[m]).filter((v) => v !== undefined));
  }
  return out;
}

export function pairedComparisons(runs: readonly SeedFinal[], loss: string, baselines: readonly string[]): PairedComparison[] {
  const out: PairedComparison[] = [];
  const of = (label: string) => new Map(runs.filter((r) => r.label === label).map((r) => [r.seed, r.final]));
  const mine = of(loss);
  for (const b of baselines) {
    const theirs = of(b);
    const metrics = new Set([...mine.values()].flatMap((f) => Object.keys(f)));
    for (const metric of metrics) {
      const diffs: number[] = [];
      let wins = 0;
      const higher = metricDirection(metric);
      for (const [seed, f] of mine) {
        const g = theirs.get(seed);
        if (!g || !Number.isFinite(f[metric]) || !Number.isFinite(g[metric])) continue;
        const d = f[metric] - g[metric];
        diffs.push(d);
        if (higher ? d > 0 : d < 0) wins++;
      }
      const { mean, std } = meanStd(diffs);
      const t = diffs.length > 1 && std > 0 ? mean / (std / Math.sqrt(diffs.length)) : null;
      out.push({ loss, baseline: b, metric, meanDiff: mean, stdDiff: std, t, wins, seeds: diffs.length, higherIsBetter: higher });
    }
  }
  return out;
}
