import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { planFromDocument } from '../../src/trial/document-plan.js';
import type { LossRef, ModelSpecJson, TrialPlan, TrialResultMsg } from '../../src/trial/protocol.js';
import { meanStd } from '../../src/trial/summary.js';
import { runTrial } from '../../src/trial/trial.js';

// The family tests run a trial of examples/*.loss in-process — the plan the CLI and the trial view build
// from the same text (planFromDocument), through the same engine (runTrial) — narrowed for CI: fewer
// baselines, sometimes fewer steps or other metrics. The data, model, optimizer, batch and the losses'
// definitions stay the example's, so a test checks what a user who opens the example sees.

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface TrialOverrides {
  /** The trial's loss, as written in a trial (`rdrop(alpha=4)`); default: the example's. */
  readonly loss?: string;
  /** The baselines, as written in a trial; default: the example's. */
  readonly compare?: readonly string[];
  /** Metric names, `recall(2)` for an indexed one; default: the example's. */
  readonly metrics?: readonly string[];
  readonly steps?: number;
  /** Default: the example's (seeds = 3: 0, 1, 2). */
  readonly seeds?: readonly number[];
  /** Arguments merged into the data generator's. */
  readonly data?: TrialPlan['data']['args'];
  /** Fields merged into the (non-GAN) model. */
  readonly model?: Partial<ModelSpecJson>;
  readonly teacherSteps?: number;
  /** Loss declarations appended to the example's text (measurement probes). */
  readonly extra?: string;
}

/** The plan of `trial` in `file` (a path under the repository root) with the overrides applied. */
export function examplePlan(file: string, trial: string, o: TrialOverrides = {}): TrialPlan {
  const path = REPO_ROOT + file;
  const text = readFileSync(path, 'utf8') + (o.extra ? `\n${o.extra}\n` : '');
  const plan = planFromDocument({ text, path, workspaceRoot: REPO_ROOT, trial, steps: o.steps });
  const src = (expr: string): LossRef => ({ kind: 'source', text, path, workspaceRoot: REPO_ROOT, expr });
  if (o.model && plan.model.kind === 'gan') throw new Error('model overrides apply to an mlp or linear model');
  return {
    ...plan,
    ...(o.loss ? { loss: src(o.loss) } : {}),
    ...(o.compare ? { compare: o.compare.map(src) } : {}),
    ...(o.metrics ? { metrics: o.metrics.map(metricRequest) } : {}),
    ...(o.seeds ? { seeds: o.seeds } : {}),
    ...(o.data ? { data: { ...plan.data, args: { ...plan.data.args, ...o.data } } } : {}),
    ...(o.model && plan.model.kind !== 'gan' ? { model: { ...plan.model, ...o.model } } : {}),
    ...(o.teacherSteps && plan.teacher ? { teacher: { ...plan.teacher, steps: o.teacherSteps } } : {}),
    // Metrics only at the end: the tests read final values, and each evaluation costs passes.
    recordEvery: o.steps ?? plan.steps,
  };
}

function metricRequest(m: string): { name: string; arg?: number } {
  const k = /^(\w+)\((\d+)\)$/.exec(m);
  return k ? { name: k[1], arg: Number(k[2]) } : { name: m };
}

/** A finished trial with per-seed readings. */
export class Outcome {
  constructor(readonly result: TrialResultMsg) {}

  /** One final metric per seed, in seed order. */
  values(label: string, metric: string): number[] {
    const runs = this.result.runs.filter((r) => r.label === label).sort((a, b) => a.seed - b.seed);
    if (runs.length === 0) throw new Error(`no runs of '${label}' (labels: ${[...new Set(this.result.runs.map((r) => r.label))].join(', ')})`);
    return runs.map((r) => {
      const v = r.final[metric];
      if (v === undefined) throw new Error(`'${label}' has no metric '${metric}' (has: ${Object.keys(r.final).join(', ')})`);
      return v;
    });
  }

  mean(label: string, metric: string): number {
    return meanStd(this.values(label, metric)).mean;
  }

  /** Per-seed differences a − b of one metric (paired: same data and initial weights per seed). */
  diffs(a: string, b: string, metric: string): number[] {
    const x = this.values(a, metric), y = this.values(b, metric);
    return x.map((v, i) => v - y[i]);
  }

  /** `label: mean ± std [per seed]` for the test's diagnostic output and docs/families.md. */
  describe(label: string, metric: string): string {
    const v = this.values(label, metric);
    const { mean, std } = meanStd(v);
    return `${label} ${metric} = ${mean.toFixed(3)} ± ${std.toFixed(3)} [${v.map((x) => x.toFixed(3)).join(', ')}]`;
  }

  run(label: string, seed: number) {
    const r = this.result.runs.find((x) => x.label === label && x.seed === seed);
    if (!r) throw new Error(`no run of '${label}' with seed ${seed}`);
    return r;
  }
}

export async function runExampleTrial(file: string, trial: string, o: TrialOverrides = {}): Promise<Outcome> {
  const plan = examplePlan(file, trial, o);
  const result = await runTrial(plan, 'wasm');
  for (const r of result.runs) {
    if (r.stop !== 'completed') throw new Error(`${file} › ${trial}: '${r.label}' seed ${r.seed} stopped: ${r.stop} ${JSON.stringify(r.diverged)}`);
  }
  return new Outcome(result);
}

export function mean(xs: readonly number[]): number {
  return meanStd(xs).mean;
}
