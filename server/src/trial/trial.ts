import { headsFor } from './bind.js';
import { decisionBoundary, hasBoundary } from './boundary.js';
import { generate } from './data/index.js';
import type { Dataset } from './data/types.js';
import { checkMetric } from './metrics/registry.js';
import { Mlp } from './models/mlp.js';
import { defaultRecordEvery, resolveLoss, resolveModel, resolveOptimizer } from './plan.js';
import type { RunSummaryMsg, TrialPlan, TrialResultMsg } from './protocol.js';
import { referenceCe } from './reference-losses.js';
import { lossLandscape } from './landscape.js';
import type { LandscapeMsg } from './protocol.js';
import { runOne, type RunResult, type SeriesPoint } from './run.js';
import { ganModels, runGan } from './gan.js';
import { pairedComparisons, summarise } from './summary.js';
import { tf } from './tfjs.js';

// A whole trial: for every seed, generate the data and the initial weights once, then run the loss and
// each baseline from them (paired by seed); summarise mean ± std per loss and compare the loss with each
// baseline seed by seed. A distillation teacher is trained first per seed, with cross-entropy, and frozen.

export interface RunRef {
  readonly index: number;
  readonly total: number;
  readonly label: string;
  readonly seed: number;
}

export interface TrialHooks {
  readonly shouldStop?: () => boolean;
  readonly onPoints?: (run: RunRef, step: number, points: readonly SeriesPoint[]) => void;
  readonly onRunDone?: (index: number, run: RunSummaryMsg) => void;
  /** With `plan.visuals`: the losses' landscape, once they are compiled. */
  readonly onLandscape?: (landscape: LandscapeMsg) => void;
  readonly yieldEveryMs?: number;
}

export function toSummary(r: RunResult): RunSummaryMsg {
  return {
    label: r.label, seed: r.seed, final: r.final, series: r.series, learned: r.learned, diverged: r.diverged,
    stop: r.stop, stepsCompleted: r.stepsCompleted, msPerStep: r.msPerStep,
  };
}

/** Trains the teacher on the seed's data and returns its frozen logits on both splits. */
async function trainTeacher(plan: TrialPlan, data: Dataset, seed: number, hooks: TrialHooks): Promise<{ train: Float32Array; val: Float32Array; width: number }> {
  const t = plan.teacher!;
  if (data.task !== 'classification' && data.task !== 'multitask') throw new Error(`a teacher needs classification data, not ${data.task}`);
  const model = new Mlp(resolveModel(t.model), data.inputDim, [{ name: 'logits', dim: data.numClasses, squeeze: true }], 'teacher.');
  const steps = t.steps ?? 600;
  const r = await runOne({
    label: 'teacher', seed, dataset: data, model, initialWeights: model.init(seed, undefined, 'teacher-init'), loss: referenceCe('teacher'),
    optimizer: resolveOptimizer(t.optimizer ?? plan.optimizer), steps, batch: plan.batch ?? data.train.n,
    metrics: [], recordEvery: defaultRecordEvery(steps), keepWeights: true,
  }, { shouldStop: hooks.shouldStop, yieldEveryMs: hooks.yieldEveryMs });
  if (r.stop !== 'completed') throw new Error(`teacher training stopped: ${r.stop}${r.diverged ? ` at step ${r.diverged.step}` : ''}`);
  const logits = (x: Float32Array, n: number) => tf.tidy(() => {
    const theta = tf.tensor1d(r.weights!);
    return model.forward(theta, tf.tensor2d(x, [n, data.inputDim]), { training: false }).heads.logits.dataSync() as Float32Array;
  });
  return { train: logits(data.train.x, data.train.n), val: logits(data.val.x, data.val.n), width: data.numClasses };
}

export async function runTrial(plan: TrialPlan, backend: TrialResultMsg['backend'], hooks: TrialHooks = {}): Promise<TrialResultMsg> {
  const t0 = performance.now();
  if (!plan.seeds.length) throw new Error('a trial needs at least one seed');
  if (!Number.isInteger(plan.steps) || plan.steps < 1) throw new Error(`steps must be a positive integer, got ${plan.steps}`);
  // Losses are compiled once, for the task of the data (the same for every seed).
  const first = generate(plan.data.generator, plan.data.args, plan.seeds[0], plan.data.label);
  const losses = [plan.loss, ...plan.compare].map((ref) => resolveLoss(ref, first));
  const labels = losses.map((l) => l.label);
  if (new Set(labels).size !== labels.length) throw new Error(`two compared losses share the label '${labels.find((l, i) => labels.indexOf(l) !== i)}'`);
  const optimizer = resolveOptimizer(plan.optimizer);
  const recordEvery = plan.recordEvery ?? defaultRecordEvery(plan.steps);
  const runs: RunSummaryMsg[] = [];
  const total = plan.seeds.length * losses.length;
  let stopped: TrialResultMsg['stopped'];
  let landscape: LandscapeMsg | undefined;
  const finish = (): TrialResultMsg => {
    const finals = runs.map((r) => ({ label: r.label, seed: r.seed, final: r.final }));
    return {
      trial: plan.trial, backend, runs, summary: summarise(finals),
      comparisons: pairedComparisons(finals, labels[0], labels.slice(1)),
      wallMs: performance.now() - t0,
      ...(landscape ? { landscape } : {}),
      ...(stopped ? { stopped } : {}),
    };
  };

  if (plan.model.kind === 'gan') {
    if (first.task !== 'generative') throw new Error(`a gan model needs ring data, not ${first.task} data`);
    if (!plan.dLoss) throw new Error('a GAN trial needs a discriminator loss (d_loss)');
    const dLoss = resolveLoss(plan.dLoss, first);
    const models = ganModels(resolveModel(plan.model.g), resolveModel(plan.model.d), plan.model.latent ?? 2);
    for (const m of plan.metrics) checkMetric(m, first.task);
    outerGan: for (const [si, seed] of plan.seeds.entries()) {
      const data = si === 0 ? first : generate(plan.data.generator, plan.data.args, seed, plan.data.label);
      const gInit = models.g.init(seed, undefined, 'g-init');
      const dInit = models.d.init(seed, undefined, 'd-init');
      for (const [li, loss] of losses.entries()) {
        const ref: RunRef = { index: si * losses.length + li, total, label: loss.label, seed };
        const remaining = plan.maxWallMs === undefined ? undefined : plan.maxWallMs - (performance.now() - t0);
        const r = await runGan({
          label: loss.label, seed, dataset: data, models, gInit, dInit, gLoss: loss, dLoss, optimizer, steps: plan.steps,
          dSteps: plan.dSteps ?? 1, batch: plan.batch ?? 256, metrics: plan.metrics, recordEvery, maxWallMs: remaining, keepSamples: si === 0,
        }, {
          shouldStop: hooks.shouldStop ? () => hooks.shouldStop!() : undefined,
          onPoints: hooks.onPoints ? (pts) => pts.length && hooks.onPoints!(ref, pts[0].step, pts) : undefined,
          yieldEveryMs: hooks.yieldEveryMs,
        });
        const summary: RunSummaryMsg = r.samples ? { ...toSummary(r), samples: r.samples } : toSummary(r);
        runs.push(summary);
        hooks.onRunDone?.(ref.index, summary);
        if (r.stop === 'cancelled' || r.stop === 'wall_budget') { stopped = r.stop; break outerGan; }
      }
    }
    return finish();
  }
  if (first.task === 'generative') throw new Error('ring data is for GANs: use model = gan(g=mlp(…), d=mlp(…))');
  const modelSpec = resolveModel(plan.model);

  outer: for (const [si, seed] of plan.seeds.entries()) {
    const data = generate(plan.data.generator, plan.data.args, seed, plan.data.label);
    for (const m of plan.metrics) checkMetric(m, data.task);
    const model = new Mlp(modelSpec, data.inputDim, headsFor(data, losses));
    const init = model.init(seed);
    const visuals = plan.visuals === true && si === 0;
    if (visuals) {
      landscape = lossLandscape(losses, data, model, init);
      if (landscape) hooks.onLandscape?.(landscape);
    }
    const teacher = plan.teacher ? await trainTeacher(plan, data, seed, hooks) : undefined;
    for (const [li, loss] of losses.entries()) {
      const ref: RunRef = { index: si * losses.length + li, total, label: loss.label, seed };
      const remaining = plan.maxWallMs === undefined ? undefined : plan.maxWallMs - (performance.now() - t0);
      const r = await runOne({
        label: loss.label, seed, dataset: data, model, initialWeights: init, loss, optimizer, steps: plan.steps,
        batch: plan.batch ?? data.train.n, resampling: plan.resampling, metrics: plan.metrics, recordEvery,
        maxWallMs: remaining, teacher, keepWeights: visuals && hasBoundary(data, model),
      }, {
        shouldStop: hooks.shouldStop ? () => hooks.shouldStop!() : undefined,
        onPoints: hooks.onPoints ? (pts) => pts.length && hooks.onPoints!(ref, pts[0].step, pts) : undefined,
        yieldEveryMs: hooks.yieldEveryMs,
      });
      const summary: RunSummaryMsg = r.weights ? { ...toSummary(r), boundary: decisionBoundary(model, r.weights, data, seed) } : toSummary(r);
      runs.push(summary);
      hooks.onRunDone?.(ref.index, summary);
      if (r.stop === 'cancelled' || r.stop === 'wall_budget') { stopped = r.stop; break outer; }
    }
  }
  return finish();
}
