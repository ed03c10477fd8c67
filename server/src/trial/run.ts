import { batchTensors, BatchSampler, disposeBatch, gatherBatch, IndexFeed, type Resampling } from './batches.js';
import { bindInputs, type BatchTensors } from './bind.js';
import { mgda, pcgrad } from './combiners.js';
import { gradientsOf } from './gradients.js';
import type { Dataset } from './data/types.js';
import { evaluateModel } from './evaluate.js';
import { lazyContext, type CombineFn, type LearnableSpec, type LossValue, type TrialLoss } from './loss.js';
import { evaluateMetrics, metricNeeds, type MetricRequest } from './metrics/registry.js';
import type { Mlp, ModelState } from './models/mlp.js';
import { joinGradients, paramOf, ParamLayout, splitParams, type ParamEntry, type ParamSet, type ParamSource } from './models/params.js';
import { FlatOptimizer, type OptimizerSpec } from './optim/optimizer.js';
import { streamSeed } from './random.js';
import { taskWeightsFor } from './task-weights.js';
import { tf } from './tfjs.js';

// One run: one loss, one seed, from given initial weights, for a number of steps. Every step reads back
// the total, each top-level term (and combiner task) and the squared gradient norm in one transfer (a few
// µs on wasm), so a NaN or Inf stops the run at the step it appears and names the first term that went
// non-finite. Per-term gradient norms, learned values and validation metrics are recorded every few steps
// (each needs extra passes). Cancellation is cooperative: `shouldStop` is checked before every step, and
// the loop yields to the event loop every `yieldEveryMs` so a cancel message can arrive. No tensor
// outlives the run.
//
// Speed (tfjs is overhead-bound on small models): the training split is uploaded once and each step
// gathers its rows on the backend; the flat parameter vector is split once per step outside the tape and
// differentiated per entry, so the backward pass has no full-size pads; the optimizer updates the flat
// vector in a dozen kernels.
//
// Task combiners written in the loss (`pcgrad`, `mgda`, `gradnorm`, `dwa`) reach the run through the
// loss's `combine` callback: it sees the task losses. pcgrad/mgda combine the tasks' gradients (K extra
// backward passes); the rest of the loss keeps its own gradient, found exactly from the gradient of the
// total and ∂total/∂(combined value) (a zero probe added to the combined value). gradnorm/dwa weight the
// tasks with weights the trial updates after each step.

export type StopReason = 'completed' | 'cancelled' | 'wall_budget' | 'diverged';

/**
 * What every training loop (this one, the GAN's) decides before a step: whether to stop (cancelled, or
 * out of wall-clock budget; the clock is read only when there is a budget), how far through training the
 * step is (`progress` in [0, 1]), and whether its values are recorded.
 */
export function stepSchedule(
  step: number,
  spec: { readonly steps: number; readonly recordEvery: number; readonly maxWallMs?: number },
  hooks: RunHooks,
  elapsedMs: () => number,
): { readonly stop?: 'cancelled' | 'wall_budget'; readonly progress: number; readonly record: boolean } {
  if (hooks.shouldStop?.(step)) return { stop: 'cancelled', progress: 0, record: false };
  if (spec.maxWallMs !== undefined && elapsedMs() > spec.maxWallMs) return { stop: 'wall_budget', progress: 0, record: false };
  return { progress: spec.steps > 1 ? step / (spec.steps - 1) : 0, record: step % spec.recordEvery === 0 || step === spec.steps - 1 };
}

export interface SeriesPoint {
  readonly series: string;
  readonly step: number;
  readonly value: number;
}

export interface RunSpec {
  readonly label: string;
  readonly seed: number;
  readonly dataset: Dataset;
  readonly model: Mlp;
  /** The model's initial parameters for this seed: the same array for the loss and every baseline. */
  readonly initialWeights: Float32Array;
  readonly loss: TrialLoss;
  readonly optimizer: OptimizerSpec;
  readonly steps: number;
  /** Samples per step; ≥ the training size means full batch. */
  readonly batch: number;
  readonly resampling?: Resampling;
  readonly metrics: readonly MetricRequest[];
  /** Validation metrics, per-term gradient norms and learned values every this many steps. */
  readonly recordEvery: number;
  readonly maxWallMs?: number;
  /** Distillation: the frozen teacher's logits on the training and validation splits. */
  readonly teacher?: { readonly train: Float32Array; readonly val: Float32Array; readonly width: number };
  /** Return the final parameters (the teacher's own training run needs them). */
  readonly keepWeights?: boolean;
}

export interface RunHooks {
  readonly shouldStop?: (step: number) => boolean;
  /** Called after each step with that step's new series points. */
  readonly onPoints?: (points: readonly SeriesPoint[]) => void;
  readonly yieldEveryMs?: number;
  readonly now?: () => number;
}

export interface Divergence {
  readonly step: number;
  readonly term: string;
}

export interface RunResult {
  readonly label: string;
  readonly seed: number;
  readonly stepsCompleted: number;
  readonly stop: StopReason;
  readonly final: Record<string, number>;
  readonly series: Record<string, [number, number][]>;
  readonly learned: Record<string, number>;
  readonly diverged: Divergence | null;
  readonly wallMs: number;
  readonly msPerStep: number;
  readonly weights?: Float32Array;
}

/** The flat layout of one player: the model's parameters, then the loss's learnable values. */
export function playerLayout(model: Mlp, learnables: readonly LearnableSpec[]): { layout: ParamLayout; learn: ParamEntry[] } {
  const layout = new ParamLayout();
  for (const e of model.layout.entries) layout.add(e.name, e.shape, e.kind);
  const learn = learnables.map((l) => layout.add(`learn:${l.name}`, l.shape, 'learn'));
  return { layout, learn };
}

/** Learnables whose shapes follow the inputs, found by binding the inputs once from the initial weights. */
function discoverLearnables(spec: RunSpec): readonly LearnableSpec[] {
  const { loss, model, dataset } = spec;
  if (!loss.discoverLearnables) return loss.learnables;
  const state = model.createState(spec.seed);
  const n = Math.min(spec.batch, dataset.train.n, 64);
  const teacher = spec.teacher ? { values: spec.teacher.train, width: spec.teacher.width } : undefined;
  const batch = batchTensors(dataset, dataset.train, Int32Array.from({ length: n }, (_, i) => i), teacher);
  try {
    let found: readonly LearnableSpec[] = [];
    tf.tidy(() => {
      const theta = tf.tensor1d(spec.initialWeights);
      const forward = model.forward(theta, batch.x, { training: false, state });
      const inputs = bindInputs(loss, { dataset, batch, forward, secondPass: () => forward, fullPrecisionPass: () => forward });
      const k = model.kernelSpan;
      const classCounts = tf.tensor1d(dataset.classCounts.length ? [...dataset.classCounts] : [0]);
      found = loss.discoverLearnables!(inputs, { progress: 0, step: 0, num_classes: dataset.numClasses, class_counts: classCounts, weights: tf.slice(theta, k.offset, k.size) });
    });
    return found;
  } finally {
    disposeBatch(batch);
    state.dispose();
  }
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The values of a tensor made only to be read, which is then disposed. */
function readOnce(t: tf.Tensor): Float32Array {
  const v = t.dataSync() as Float32Array;
  t.dispose();
  return v;
}

/** Steps of minibatch indices uploaded at a time (about a million indices). */
const INDEX_CHUNK_ENTRIES = 1 << 20;

export async function runOne(spec: RunSpec, hooks: RunHooks = {}): Promise<RunResult> {
  const now = hooks.now ?? (() => performance.now());
  const t0 = now();
  const { dataset, model, loss } = spec;
  if (!Number.isInteger(spec.steps) || spec.steps < 1) throw new Error(`steps must be a positive integer, got ${spec.steps}`);
  if (!Number.isInteger(spec.batch) || spec.batch < 1) throw new Error(`batch must be a positive integer, got ${spec.batch}`);
  if (spec.initialWeights.length !== model.layout.size) throw new Error(`initial weights have ${spec.initialWeights.length} values, the model ${model.layout.size}`);
  const learnables = discoverLearnables(spec);
  const { layout, learn } = playerLayout(model, learnables);
  const theta0 = new Float32Array(layout.size);
  theta0.set(spec.initialWeights);
  for (const [i, e] of learn.entries()) {
    const init = learnables[i].init;
    if (typeof init === 'number') theta0.fill(init, e.offset, e.offset + e.size);
    else theta0.set(init.subarray(0, e.size), e.offset);
  }

  const series: Record<string, [number, number][]> = {};
  const push = (points: SeriesPoint[], name: string, step: number, value: number) => {
    (series[name] ??= []).push([step, value]);
    points.push({ series: name, step, value });
  };
  const needs = metricNeeds(spec.metrics);
  const multiTerm = loss.termNames.length > 1;
  const sampler = new BatchSampler(dataset.train.n, spec.batch, spec.seed, dataset.train.labels, dataset.classCounts, spec.resampling ?? 'none');
  const teacherTrain = spec.teacher ? { values: spec.teacher.train, width: spec.teacher.width } : undefined;

  // Combiner tasks.
  const comb = loss.combiner;
  const taskNames = comb?.tasks ?? [];
  const stepsPerEpoch = Math.max(1, Math.ceil(dataset.train.n / Math.min(spec.batch, dataset.train.n)));
  const weighting = comb ? taskWeightsFor(comb, stepsPerEpoch) : undefined;
  const gradientLevel = comb?.kind === 'pcgrad' || comb?.kind === 'mgda';
  let captured: tf.Scalar[] | undefined;
  let defaults: number[] = [];
  let probe: tf.Scalar | undefined;
  const combine: CombineFn | undefined = comb ? (kind, tasks, defaultWeights) => {
    if (kind !== comb.kind || tasks.length !== comb.tasks.length) {
      throw new Error(`loss '${loss.label}' combined ${tasks.length} tasks with ${kind}, declared ${comb.tasks.length} with ${comb.kind}`);
    }
    captured = tasks;
    defaults = defaultWeights;
    const w = weighting ? weighting.weights : defaultWeights;
    const sum = tf.addN(tasks.map((t, k) => tf.mul(t, w[k]))) as tf.Scalar;
    return probe ? tf.add(sum, probe) : sum;
  } : undefined;

  let theta = tf.tensor1d(theta0);
  const optimizer = new FlatOptimizer(spec.optimizer, layout.size, layout.decayMask());
  const state: ModelState = model.createState(spec.seed);
  const classCounts = tf.tensor1d(dataset.classCounts.length ? [...dataset.classCounts] : [0]);
  const train = batchTensors(dataset, dataset.train, undefined, teacherTrain);
  const feed = sampler.fullBatch ? undefined : new IndexFeed(sampler, Math.min(spec.steps, Math.max(1, Math.floor(INDEX_CHUNK_ENTRIES / spec.batch))));
  const val = batchTensors(dataset, dataset.val);
  const shared = model.lastSharedKernel;

  const lossAt = (params: ParamSource, batch: BatchTensors, step: number, progress: number): LossValue => {
    const seedOf = (pass: number) => streamSeed(spec.seed, `dropout:${step}:${pass}`);
    const forward = model.forward(params, batch.x, { training: true, dropoutSeed: seedOf(0), state });
    const inputs = bindInputs(loss, {
      dataset, batch, forward,
      secondPass: () => model.forward(params, batch.x, { training: true, dropoutSeed: seedOf(1), state }),
      fullPrecisionPass: () => model.forward(params, batch.x, { training: true, dropoutSeed: seedOf(0), quantize: null, state }),
    });
    const learned: Record<string, tf.Tensor> = {};
    learnables.forEach((l, i) => { learned[l.name] = paramOf(params, learn[i]); });
    captured = undefined;
    const ctx = lazyContext({ progress, step, num_classes: dataset.numClasses, class_counts: classCounts }, () => model.kernelsOf(params));
    const v = loss.evaluate(inputs, learned, ctx, combine);
    if (comb && !captured) throw new Error(`loss '${loss.label}' did not call ${comb.kind} when evaluated`);
    return v;
  };

  /**
   * One evaluation outside any gradient tape before training: binding and shape errors surface here with a
   * clear message (an exception inside a gradient would leak the tensors its tape saved).
   */
  const preflight = () => tf.tidy(() => {
    const batch = sampler.fullBatch ? train : gatherBatch(train, tf.range(0, Math.min(spec.batch, dataset.train.n), 1, 'int32') as tf.Tensor1D);
    const v = lossAt(theta, batch, 0, 0);
    if (v.total.rank !== 0) throw new Error(`loss '${loss.label}' returns a tensor of shape [${v.total.shape}], not a scalar`);
    if (v.terms.length !== loss.termNames.length) throw new Error(`loss '${loss.label}' returned ${v.terms.length} terms, declared ${loss.termNames.length}`);
    v.terms.forEach((t, k) => { if (t.rank !== 0) throw new Error(`term '${loss.termNames[k]}' of loss '${loss.label}' is not a scalar (shape [${t.shape}])`); });
  });

  /** The flat gradient of one scalar picked from an evaluation (a term, a task), per-entry on the split parameters. */
  const gradientOfPart = (params: { set: ParamSet; list: tf.Tensor[] }, batch: BatchTensors, step: number, progress: number, pick: (v: LossValue) => tf.Scalar): tf.Tensor1D =>
    tf.tidy(() => joinGradients(gradientsOf(() => pick(lossAt(params.set, batch, step, progress)), params.list).grads, layout));

  let stop: StopReason = 'completed';
  let diverged: Divergence | null = null;
  let stepsCompleted = 0;
  let lastYield = now();
  let lastRecorded = -1;
  let final: Record<string, number> = {};
  const learnedNow = (): Record<string, number> => {
    const out: Record<string, number> = {};
    if (learn.length === 0) return out;
    const v = theta.dataSync();
    learn.forEach((e, i) => { if (e.size === 1) out[learnables[i].name] = v[e.offset]; });
    return out;
  };
  const evaluate = (): Record<string, number> =>
    evaluateMetrics(spec.metrics, evaluateModel(model, theta, state, dataset, val, { ...needs, teacherLogits: spec.teacher?.val, ...(needs.train ? { trainSplit: train } : {}) }));

  try {
    preflight();
    for (let step = 0; step < spec.steps; step++) {
      const at = stepSchedule(step, spec, hooks, () => now() - t0);
      if (at.stop) { stop = at.stop; break; }
      const { progress, record } = at;
      const points: SeriesPoint[] = [];
      const owned: tf.Tensor[] = [];
      try {
        const idx = feed?.next();
        if (idx) owned.push(idx);
        const batch = idx ? gatherBatch(train, idx) : train;
        if (idx) owned.push(...Object.values(batch) as tf.Tensor[]);
        model.beforeStep(theta, state);
        const params = splitParams(theta, layout);
        owned.push(...params.list);
        if (gradientLevel) { probe = tf.scalar(0); owned.push(probe); }

        // The step's gradient and its readback: total, terms, tasks, ‖g‖² in one transfer.
        const [grad, dTotal, readback] = tf.tidy(() => {
          let kept: tf.Scalar[] = [];
          const xs = probe ? [...params.list, probe] : params.list;
          const { grads } = gradientsOf(() => {
            const v = lossAt(params.set, batch, step, progress);
            kept = [v.total, ...v.terms, ...(captured ?? [])].map((t) => tf.keep(t));
            return v.total;
          }, xs);
          const g = joinGradients(grads.slice(0, params.list.length), layout);
          const rb = tf.stack([...kept, tf.sum(tf.square(g))]);
          tf.dispose(kept.filter((t, i) => kept.indexOf(t) === i));
          return [g, probe ? (grads[params.list.length] ?? tf.scalar(0)) : undefined, rb] as const;
        });
        owned.push(grad, readback);
        if (dTotal) owned.push(dTotal);
        probe = undefined;
        const values = readback.dataSync();
        const total = values[0], gradSq = values[values.length - 1];
        const nTerms = loss.termNames.length;
        const terms = Array.from(values.subarray(1, 1 + nTerms));
        const tasks = Array.from(values.subarray(1 + nTerms, 1 + nTerms + taskNames.length));

        // Divergence: the first non-finite term (or task) value, else the first term with a non-finite gradient.
        if (!Number.isFinite(total) || terms.some((t) => !Number.isFinite(t)) || tasks.some((t) => !Number.isFinite(t))) {
          const k = terms.findIndex((t) => !Number.isFinite(t));
          const j = tasks.findIndex((t) => !Number.isFinite(t));
          diverged = { step, term: k >= 0 ? loss.termNames[k] : j >= 0 ? taskNames[j] : loss.label };
        } else if (!Number.isFinite(gradSq)) {
          let name = loss.label;
          const parts = multiTerm ? loss.termNames : taskNames.length > 1 ? taskNames : [];
          if (parts.length) {
            const sq = parts.map((_, k) => {
              const g = gradientOfPart(params, batch, step, progress, (v) => (multiTerm ? v.terms[k] : captured![k]));
              const s = readOnce(tf.tidy(() => tf.sum(tf.square(g))))[0];
              g.dispose();
              return s;
            });
            const k = sq.findIndex((s) => !Number.isFinite(s));
            if (k >= 0) name = parts[k];
          } else if (loss.termNames.length === 1) name = loss.termNames[0];
          diverged = { step, term: name };
        }
        if (diverged) { stop = 'diverged'; break; }

        push(points, 'loss', step, total);
        push(points, 'grad_norm', step, Math.sqrt(gradSq));
        if (multiTerm) loss.termNames.forEach((n, k) => push(points, `loss/${n}`, step, terms[k]));
        taskNames.forEach((n, k) => push(points, `loss/${n}`, step, tasks[k]));

        // Per-term gradient norms on recorded steps.
        if (record && multiTerm) {
          const gs = loss.termNames.map((_, k) => gradientOfPart(params, batch, step, progress, (v) => v.terms[k]));
          owned.push(...gs);
          const norms = readOnce(tf.tidy(() => tf.stack(gs.map((g) => tf.norm(g)))));
          loss.termNames.forEach((n, k) => push(points, `grad_norm/${n}`, step, norms[k]));
        }

        // The update direction: the total's gradient, or the tasks' gradients combined.
        let direction: tf.Tensor1D = grad;
        const lr = optimizer.learningRate(progress);
        if (comb && (gradientLevel || weighting?.needsGradNorms || record)) {
          const gs = taskNames.map((_, k) => gradientOfPart(params, batch, step, progress, () => captured![k]));
          owned.push(...gs);
          const norms = readOnce(tf.tidy(() => tf.stack([...gs.map((g) => tf.norm(g)), ...gs.map((g) => tf.norm(tf.slice(g, shared.offset, shared.size)))])));
          if (record) taskNames.forEach((n, k) => push(points, `grad_norm/${n}`, step, norms[k]));
          if (gradientLevel) {
            const c = dTotal!;
            let weights: number[] | undefined;
            direction = tf.tidy(() => {
              let combined: tf.Tensor1D;
              if (comb.kind === 'pcgrad') combined = pcgrad(gs);
              else { const r = mgda(gs); combined = r.direction; weights = r.alpha; }
              // The rest of the loss (outside the combiner) keeps its own gradient.
              const plain = tf.addN(gs.map((g, k) => tf.mul(g, defaults[k])));
              return tf.add(tf.mul(combined, c), tf.sub(grad, tf.mul(plain, c))) as tf.Tensor1D;
            });
            owned.push(direction);
            if (weights) weights.forEach((a, k) => push(points, `weight/${taskNames[k]}`, step, a));
          } else if (weighting) {
            weighting.weights.forEach((w, k) => push(points, `weight/${taskNames[k]}`, step, w));
            weighting.update(tasks, Array.from(norms.subarray(taskNames.length)), lr);
          }
        } else if (weighting) {
          weighting.weights.forEach((w, k) => push(points, `weight/${taskNames[k]}`, step, w));
          weighting.update(tasks, undefined, lr);
        }
        const next = optimizer.step(theta, direction, progress);
        theta.dispose();
        theta = next;
        stepsCompleted = step + 1;

        if (record) {
          push(points, 'lr', step, lr);
          for (const [k, v] of Object.entries(learnedNow())) push(points, `learned/${k}`, step, v);
          if (spec.metrics.length) {
            final = evaluate();
            lastRecorded = step;
            for (const [k, v] of Object.entries(final)) push(points, k, step, v);
          }
        }
      } finally {
        probe = undefined;
        tf.dispose(owned);
      }
      hooks.onPoints?.(points);
      if (now() - lastYield >= (hooks.yieldEveryMs ?? 25)) { await yieldToEventLoop(); lastYield = now(); }
    }
    if (spec.metrics.length && lastRecorded !== stepsCompleted - 1) final = evaluate();
    const wallMs = now() - t0;
    return {
      label: spec.label, seed: spec.seed, stepsCompleted, stop, final, series, learned: learnedNow(), diverged,
      wallMs, msPerStep: stepsCompleted ? wallMs / stepsCompleted : 0,
      ...(spec.keepWeights ? { weights: theta.dataSync().slice(0, model.layout.size) as Float32Array } : {}),
    };
  } finally {
    theta.dispose();
    optimizer.dispose();
    state.dispose();
    classCounts.dispose();
    feed?.dispose();
    disposeBatch(train);
    disposeBatch(val);
  }
}
