import { batchTensors, BatchSampler, disposeBatch, type Resampling } from './batches.js';
import { bindInputs, type BatchTensors } from './bind.js';
import { mgda, pcgrad } from './combiners.js';
import type { Dataset } from './data/types.js';
import { evaluateModel } from './evaluate.js';
import type { LearnableSpec, LossValue, TrialLoss } from './loss.js';
import { evaluateMetrics, metricNeeds, type MetricRequest } from './metrics/registry.js';
import type { Mlp, ModelState } from './models/mlp.js';
import { ParamLayout, readParam, type ParamEntry } from './models/params.js';
import { FlatOptimizer, type OptimizerSpec } from './optim/optimizer.js';
import { streamSeed } from './random.js';
import { tf } from './tfjs.js';

// One run: one loss, one seed, from given initial weights, for a number of steps. Every step reads back
// the total, each top-level term and the squared gradient norm in one transfer (a few µs on wasm), so a
// NaN or Inf stops the run at the step it appears and names the first term that went non-finite.
// Per-term gradient norms, learned values and validation metrics are recorded every few steps (each needs
// extra passes). Cancellation is cooperative: `shouldStop` is checked before every step, and the loop
// yields to the event loop every `yieldEveryMs` so a cancel message can arrive. No tensor outlives the run.

export type StopReason = 'completed' | 'cancelled' | 'wall_budget' | 'diverged';

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

  let theta = tf.tensor1d(theta0);
  const optimizer = new FlatOptimizer(spec.optimizer, layout.size, layout.decayMask());
  const state: ModelState = model.createState(spec.seed);
  const classCounts = tf.tensor1d(dataset.classCounts.length ? [...dataset.classCounts] : [0]);
  const fullBatch = sampler.fullBatch ? batchTensors(dataset, dataset.train, undefined, teacherTrain) : undefined;
  const val = batchTensors(dataset, dataset.val);
  const kernels = model.kernelSpan;

  const lossAt = (th: tf.Tensor1D, batch: BatchTensors, step: number, progress: number): LossValue => {
    const seedOf = (pass: number) => streamSeed(spec.seed, `dropout:${step}:${pass}`);
    const forward = model.forward(th, batch.x, { training: true, dropoutSeed: seedOf(0), state });
    const inputs = bindInputs(loss, {
      dataset, batch, forward,
      secondPass: () => model.forward(th, batch.x, { training: true, dropoutSeed: seedOf(1), state }),
      fullPrecisionPass: () => model.forward(th, batch.x, { training: true, dropoutSeed: seedOf(0), quantize: null, state }),
    });
    const learned: Record<string, tf.Tensor> = {};
    learnables.forEach((l, i) => { learned[l.name] = readParam(th, learn[i]); });
    const weights = tf.slice(th, kernels.offset, kernels.size);
    return loss.evaluate(inputs, learned, { progress, step, num_classes: dataset.numClasses, class_counts: classCounts, weights });
  };

  /**
   * One evaluation outside any gradient tape before training: binding and shape errors surface here with a
   * clear message (an exception inside tf.grad would leak the tensors its tape saved).
   */
  const preflight = () => tf.tidy(() => {
    const batch = fullBatch ?? batchTensors(dataset, dataset.train, Int32Array.from({ length: Math.min(spec.batch, dataset.train.n) }, (_, i) => i), teacherTrain);
    try {
      const v = lossAt(theta, batch, 0, 0);
      if (v.total.rank !== 0) throw new Error(`loss '${loss.label}' returns a tensor of shape [${v.total.shape}], not a scalar`);
      if (v.terms.length !== loss.termNames.length) throw new Error(`loss '${loss.label}' returned ${v.terms.length} terms, declared ${loss.termNames.length}`);
      v.terms.forEach((t, k) => { if (t.rank !== 0) throw new Error(`term '${loss.termNames[k]}' of loss '${loss.label}' is not a scalar (shape [${t.shape}])`); });
    } finally {
      if (batch !== fullBatch) disposeBatch(batch);
    }
  });

  /** Gradient of each top-level term (a separate forward/backward pass each); zeros for a term that does not reach the parameters. */
  const termGradients = (batch: BatchTensors, step: number, progress: number): tf.Tensor1D[] =>
    loss.termNames.map((_, k) => tf.tidy(() => {
      try {
        return tf.grad((th: tf.Tensor) => lossAt(th as tf.Tensor1D, batch, step, progress).terms[k])(theta) as tf.Tensor1D;
      } catch (e) {
        if (e instanceof Error && /Cannot compute gradient/.test(e.message)) return tf.zerosLike(theta);
        throw e;
      }
    }));

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
    evaluateMetrics(spec.metrics, evaluateModel(model, theta, state, dataset, val, { ...needs, teacherLogits: spec.teacher?.val }));

  try {
    preflight();
    for (let step = 0; step < spec.steps; step++) {
      if (hooks.shouldStop?.(step)) { stop = 'cancelled'; break; }
      if (spec.maxWallMs !== undefined && now() - t0 > spec.maxWallMs) { stop = 'wall_budget'; break; }
      const progress = spec.steps > 1 ? step / (spec.steps - 1) : 0;
      const record = step % spec.recordEvery === 0 || step === spec.steps - 1;
      const batch = fullBatch ?? batchTensors(dataset, dataset.train, sampler.next(), teacherTrain);
      const points: SeriesPoint[] = [];
      let grad: tf.Tensor1D | undefined;
      let termGrads: tf.Tensor1D[] = [];
      try {
        model.beforeStep(theta, state);
        let stash: tf.Tensor | undefined;
        const [g, readback] = tf.tidy(() => {
          const { grad } = tf.valueAndGrad((th: tf.Tensor) => {
            const v = lossAt(th as tf.Tensor1D, batch, step, progress);
            stash = tf.keep(tf.stack([v.total, ...v.terms]));
            return v.total;
          })(theta);
          const rb = tf.concat([stash!, tf.reshape(tf.sum(tf.square(grad)), [1])]);
          stash!.dispose();
          return [grad as tf.Tensor1D, rb];
        });
        grad = g;
        const values = readback.dataSync();
        readback.dispose();
        const total = values[0], gradSq = values[values.length - 1];
        const terms = Array.from(values.subarray(1, values.length - 1));

        // Divergence: the first non-finite term value, else the first term with a non-finite gradient.
        if (!Number.isFinite(total) || terms.some((t) => !Number.isFinite(t))) {
          const k = terms.findIndex((t) => !Number.isFinite(t));
          diverged = { step, term: k >= 0 ? loss.termNames[k] : loss.label };
        } else if (!Number.isFinite(gradSq)) {
          let name = loss.label;
          if (multiTerm) {
            termGrads = termGradients(batch, step, progress);
            const sq = tf.tidy(() => tf.stack(termGrads.map((t) => tf.sum(tf.square(t))))).dataSync();
            const k = Array.from(sq).findIndex((s) => !Number.isFinite(s));
            if (k >= 0) name = loss.termNames[k];
          } else if (loss.termNames.length === 1) name = loss.termNames[0];
          diverged = { step, term: name };
        }
        if (diverged) { stop = 'diverged'; break; }

        push(points, 'loss', step, total);
        push(points, 'grad_norm', step, Math.sqrt(gradSq));
        if (multiTerm) loss.termNames.forEach((n, k) => push(points, `loss/${n}`, step, terms[k]));

        // The update direction: the total's gradient, or the combined per-term gradients.
        let direction = grad;
        if (loss.combiner || (record && multiTerm)) {
          termGrads = termGradients(batch, step, progress);
          const norms = tf.tidy(() => tf.stack(termGrads.map((t) => tf.norm(t)))).dataSync();
          if (record) loss.termNames.forEach((n, k) => push(points, `grad_norm/${n}`, step, norms[k]));
          if (loss.combiner === 'pcgrad') direction = pcgrad(termGrads);
          else if (loss.combiner === 'mgda') {
            const r = mgda(termGrads);
            direction = r.direction;
            r.alpha.forEach((a, k) => push(points, `weight/${loss.termNames[k]}`, step, a));
          }
        }
        const next = optimizer.step(theta, direction, progress);
        if (direction !== grad) direction.dispose();
        theta.dispose();
        theta = next;
        stepsCompleted = step + 1;

        if (record) {
          push(points, 'lr', step, optimizer.learningRate(progress));
          for (const [k, v] of Object.entries(learnedNow())) push(points, `learned/${k}`, step, v);
          if (spec.metrics.length) {
            final = evaluate();
            lastRecorded = step;
            for (const [k, v] of Object.entries(final)) push(points, k, step, v);
          }
        }
      } finally {
        grad?.dispose();
        tf.dispose(termGrads);
        if (batch !== fullBatch) disposeBatch(batch);
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
    if (fullBatch) disposeBatch(fullBatch);
    disposeBatch(val);
  }
}
