import type { Dataset } from './data/types.js';
import { gradientsOf } from './gradients.js';
import { BindError, lazyContext, type LearnableSpec, type LossContext, type TrialLoss } from './loss.js';
import { evaluateMetrics, type MetricRequest } from './metrics/registry.js';
import { Mlp, type MlpSpec, type ModelState } from './models/mlp.js';
import { joinGradients, paramOf, splitParams, type ParamSource } from './models/params.js';
import { FlatOptimizer, type OptimizerSpec } from './optim/optimizer.js';
import { Rng, streamSeed } from './random.js';
import { playerLayout, stepSchedule, type Divergence, type RunHooks, type RunResult, type SeriesPoint, type StopReason } from './run.js';
import { tf } from './tfjs.js';

// The two-player GAN loop on `ring` data. G maps Gaussian latent noise to 2-D samples; D gives one raw
// score per sample. Each generator step is preceded by `dSteps` discriminator steps; each player has its
// own flat parameter vector (model, then its loss's `learn` values) and its own optimizer of the trial's
// kind. The losses' `critic` inputs are bound by parameter name — `real` (D on a real batch), `fake` (D
// on generated samples), `mixed` (D on random interpolates, with `x_mixed`/`features` the interpolates
// themselves, for gradient penalties) — or by position: (real, fake, mixed); a single critic input is
// `fake`. The discriminator sees generated samples as constants; the generator differentiates through
// D with D's parameters held constant. Metrics are computed on a fixed set of generated samples.

/** Generated samples the GAN metrics are computed on. */
export const GAN_EVAL_SAMPLES = 4000;
/** Generated samples kept for the trial view (first seed). */
export const GAN_KEPT_SAMPLES = 1000;

export interface GanModels {
  readonly g: Mlp;
  readonly d: Mlp;
  readonly latent: number;
}

export function ganModels(g: MlpSpec, d: MlpSpec, latent: number): GanModels {
  if (!Number.isInteger(latent) || latent < 1 || latent > 256) throw new Error(`gan latent must be an integer in [1, 256], got ${latent}`);
  return {
    g: new Mlp(g, latent, [{ name: 'samples', dim: 2, squeeze: false }], 'g.'),
    d: new Mlp(d, 2, [{ name: 'critic', dim: 1, squeeze: true }], 'd.'),
    latent,
  };
}

export interface GanRunSpec {
  readonly label: string;
  readonly seed: number;
  readonly dataset: Dataset;
  readonly models: GanModels;
  readonly gInit: Float32Array;
  readonly dInit: Float32Array;
  readonly gLoss: TrialLoss;
  readonly dLoss: TrialLoss;
  readonly optimizer: OptimizerSpec;
  readonly steps: number;
  readonly dSteps: number;
  readonly batch: number;
  readonly metrics: readonly MetricRequest[];
  readonly recordEvery: number;
  readonly maxWallMs?: number;
  /** Keep generated samples of the final generator (the trial view draws them). */
  readonly keepSamples?: boolean;
}

export interface GanRunResult extends RunResult {
  readonly samples?: [number, number][];
}

interface CriticSources {
  real: () => tf.Tensor;
  fake: () => tf.Tensor;
  mixed: () => tf.Tensor;
  xMixed: () => tf.Tensor;
}

/** Which of real, fake and mixed each critic input of a loss receives: by parameter name, else by position (one input: fake). */
export function criticSlots(loss: TrialLoss): Map<string, keyof CriticSources> {
  const byName: Record<string, keyof CriticSources> = { real: 'real', fake: 'fake', mixed: 'mixed' };
  const critics = loss.inputs.filter((i) => i.role === 'critic');
  const named = critics.filter((i) => i.param !== undefined && i.param in byName);
  const order: (keyof CriticSources)[] = critics.length === 1 ? ['fake'] : ['real', 'fake', 'mixed'];
  const free = order.filter((k) => !named.some((i) => byName[i.param!] === k));
  const slots = new Map<string, keyof CriticSources>();
  let next = 0;
  for (const i of critics) {
    const which = named.includes(i) ? byName[i.param!] : free[next++];
    if (!which) throw new BindError(`'${loss.label}' has ${critics.length} critic inputs; a GAN binds at most three (real, fake, mixed)`);
    slots.set(i.name, which);
  }
  return slots;
}

/** Binds a GAN loss's inputs: critic inputs to D's scores (see criticSlots); features ← the interpolates. */
export function bindGanInputs(loss: TrialLoss, src: CriticSources, player: 'generator' | 'discriminator'): Record<string, tf.Tensor> {
  const out: Record<string, tf.Tensor> = {};
  const slots = criticSlots(loss);
  for (const input of loss.inputs) {
    switch (input.role) {
      case 'critic':
        out[input.name] = src[slots.get(input.name)!]();
        break;
      case 'features':
      case 'real':
        out[input.name] = src.xMixed();
        break;
      default:
        throw new BindError(`the ${player} loss '${loss.label}' takes '${input.param ?? input.name}' (${input.role}), which a GAN does not provide: its losses take critic outputs (real, fake, mixed) and the interpolates (features)`);
    }
  }
  return out;
}

interface Player {
  readonly model: Mlp;
  readonly loss: TrialLoss;
  readonly learnables: readonly LearnableSpec[];
  readonly layout: ReturnType<typeof playerLayout>['layout'];
  readonly learn: ReturnType<typeof playerLayout>['learn'];
  theta: tf.Tensor1D;
  readonly optimizer: FlatOptimizer;
  readonly state: ModelState;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function runGan(spec: GanRunSpec, hooks: RunHooks = {}): Promise<GanRunResult> {
  const now = hooks.now ?? (() => performance.now());
  const t0 = now();
  const { dataset, models } = spec;
  if (dataset.task !== 'generative') throw new Error(`a gan model needs ring data, not ${dataset.task}`);
  if (!Number.isInteger(spec.steps) || spec.steps < 1) throw new Error(`steps must be a positive integer, got ${spec.steps}`);
  if (!Number.isInteger(spec.dSteps) || spec.dSteps < 1) throw new Error(`d_steps must be a positive integer, got ${spec.dSteps}`);
  const batch = Math.min(spec.batch, dataset.train.n);
  const counts = tf.tensor1d([0]);
  const ctxOf = (step: number, progress: number, params: ParamSource, model: Mlp): LossContext =>
    lazyContext({ progress, step, num_classes: 0, class_counts: counts as tf.Tensor1D }, () => model.kernelsOf(params));

  const players: Player[] = [];
  const realAll = tf.tensor2d(dataset.train.x, [dataset.train.n, 2]);
  const latentRng = new Rng(spec.seed, 'gan:latent');
  const batchRng = new Rng(spec.seed, 'gan:batches');
  const evalLatent = tf.tidy(() => tf.randomNormal([GAN_EVAL_SAMPLES, models.latent], 0, 1, 'float32', streamSeed(spec.seed, 'gan:eval-latent')));
  const owned: tf.Tensor[] = [];
  const track = <T extends tf.Tensor>(t: T): T => { owned.push(t); return t; };
  const latentBatch = () => track(tf.randomNormal([batch, models.latent], 0, 1, 'float32', latentRng.nextUint32()));
  const realBatch = () => {
    if (batch >= dataset.train.n) return realAll;
    const idx = new Int32Array(batch);
    for (let i = 0; i < batch; i++) idx[i] = batchRng.int(dataset.train.n);
    return track(tf.tidy(() => tf.gather(realAll, tf.tensor1d(idx, 'int32'))));
  };

  try {
    const mkPlayer = (model: Mlp, loss: TrialLoss, init: Float32Array, which: 'generator' | 'discriminator'): Player => {
      const learnables = discover(loss, init, which, spec, counts as tf.Tensor1D);
      const { layout, learn } = playerLayout(model, learnables);
      const theta0 = new Float32Array(layout.size);
      theta0.set(init);
      learn.forEach((e, i) => {
        const v = learnables[i].init;
        if (typeof v === 'number') theta0.fill(v, e.offset, e.offset + e.size);
        else theta0.set(v.subarray(0, e.size), e.offset);
      });
      return {
        model, loss, learnables, layout, learn, theta: tf.tensor1d(theta0),
        optimizer: new FlatOptimizer(spec.optimizer, layout.size, layout.decayMask()), state: model.createState(streamSeed(spec.seed, which)),
      };
    };
    const G = mkPlayer(models.g, spec.gLoss, spec.gInit, 'generator');
    players.push(G);
    const D = mkPlayer(models.d, spec.dLoss, spec.dInit, 'discriminator');
    players.push(D);

    const learnedOf = (p: Player, params: ParamSource) => Object.fromEntries(p.learnables.map((l, i) => [l.name, paramOf(params, p.learn[i])]));
    const generate = (gParams: ParamSource, z: tf.Tensor) => G.model.forward(gParams, z as tf.Tensor2D, { training: true, state: G.state }).heads.samples as tf.Tensor2D;
    const critic = (dParams: ParamSource, x: tf.Tensor) => D.model.forward(dParams, x as tf.Tensor2D, { training: true, state: D.state }).heads.critic;
    const sources = (dParams: ParamSource, real: tf.Tensor, fake: tf.Tensor, mixSeed: number): CriticSources => {
      let xm: tf.Tensor | undefined;
      const xMixed = () => {
        if (!xm) {
          const eps = tf.randomUniform([real.shape[0], 1], 0, 1, 'float32', mixSeed);
          xm = tf.add(tf.mul(eps, real), tf.mul(tf.sub(1, eps), fake));
        }
        return xm;
      };
      let dr: tf.Tensor | undefined, df: tf.Tensor | undefined, dm: tf.Tensor | undefined;
      return {
        real: () => (dr ??= critic(dParams, real)),
        fake: () => (df ??= critic(dParams, fake)),
        mixed: () => (dm ??= critic(dParams, xMixed())),
        xMixed,
      };
    };

    /** One update of a player: [loss, ‖g‖²] as a tensor (read back later), and the new parameters. */
    const update = (p: Player, lossOf: (params: ParamSource) => tf.Scalar, progress: number): tf.Tensor1D => {
      const params = splitParams(p.theta, p.layout);
      try {
        const [grad, readback] = tf.tidy(() => {
          const { value, grads } = gradientsOf(() => lossOf(params.set), params.list);
          const g = joinGradients(grads, p.layout);
          return [g, tf.stack([value, tf.sum(tf.square(g))])] as const;
        });
        const next = p.optimizer.step(p.theta, grad, progress);
        grad.dispose();
        p.theta.dispose();
        p.theta = next;
        return readback as tf.Tensor1D;
      } finally {
        tf.dispose(params.list);
      }
    };

    const series: Record<string, [number, number][]> = {};
    const push = (points: SeriesPoint[], name: string, step: number, value: number) => {
      (series[name] ??= []).push([step, value]);
      points.push({ series: name, step, value });
    };
    const evaluate = (): { final: Record<string, number>; samples: Float32Array } => {
      const samples = tf.tidy(() => G.model.forward(G.theta, evalLatent as tf.Tensor2D, { training: false, state: G.state }).heads.samples.dataSync() as Float32Array);
      return { final: evaluateMetrics(spec.metrics, { dataset, split: dataset.val, samples }), samples };
    };
    const learnedNow = (): Record<string, number> => {
      const out: Record<string, number> = {};
      for (const [tag, p] of [['', G], ['d.', D]] as const) {
        if (!p.learn.length) continue;
        const v = p.theta.dataSync();
        p.learn.forEach((e, i) => { if (e.size === 1) out[`${tag}${p.learnables[i].name}`] = v[e.offset]; });
      }
      return out;
    };

    let stop: StopReason = 'completed';
    let diverged: Divergence | null = null;
    let stepsCompleted = 0;
    let lastYield = now();
    let lastRecorded = -1;
    let final: Record<string, number> = {};
    let lastSamples: Float32Array | undefined;
    for (let step = 0; step < spec.steps; step++) {
      const at = stepSchedule(step, spec, hooks, () => now() - t0);
      if (at.stop) { stop = at.stop; break; }
      const { progress, record } = at;
      const points: SeriesPoint[] = [];
      const readbacks: tf.Tensor[] = [];
      try {
        for (let k = 0; k < spec.dSteps; k++) {
          const real = realBatch();
          const fake = track(tf.tidy(() => generate(G.theta, latentBatch())));
          D.model.beforeStep(D.theta, D.state);
          const mixSeed = streamSeed(spec.seed, `gan:mix:${step}:${k}`);
          readbacks.push(update(D, (params) => {
            const inputs = bindGanInputs(D.loss, sources(params, real, fake, mixSeed), 'discriminator');
            return D.loss.evaluate(inputs, learnedOf(D, params), ctxOf(step, progress, params, D.model)).total;
          }, progress));
        }
        const real = realBatch();
        const z = latentBatch();
        const mixSeed = streamSeed(spec.seed, `gan:mix:${step}:g`);
        readbacks.push(update(G, (params) => {
          const fake = generate(params, z);
          const inputs = bindGanInputs(G.loss, sources(D.theta, real, fake, mixSeed), 'generator');
          return G.loss.evaluate(inputs, learnedOf(G, params), ctxOf(step, progress, params, G.model)).total;
        }, progress));
        const joined = tf.concat(readbacks);
        const values = joined.dataSync();
        joined.dispose();
        // values: [dLoss, dGradSq] per D step, then [gLoss, gGradSq].
        for (let k = 0; k <= spec.dSteps; k++) {
          const [l, g2] = [values[2 * k], values[2 * k + 1]];
          if (!Number.isFinite(l) || !Number.isFinite(g2)) {
            diverged = { step, term: k < spec.dSteps ? `d_loss: ${D.loss.label}` : G.loss.label };
            break;
          }
        }
        if (diverged) { stop = 'diverged'; break; }
        const last = values.length - 2;
        push(points, 'loss', step, values[last]);
        push(points, 'grad_norm', step, Math.sqrt(values[last + 1]));
        push(points, 'd_loss', step, values[last - 2]);
        push(points, 'd_grad_norm', step, Math.sqrt(values[last - 1]));
        stepsCompleted = step + 1;
        if (record) {
          push(points, 'lr', step, G.optimizer.learningRate(progress));
          for (const [k, v] of Object.entries(learnedNow())) push(points, `learned/${k}`, step, v);
          if (spec.metrics.length) {
            const e = evaluate();
            final = e.final;
            lastSamples = e.samples;
            lastRecorded = step;
            for (const [k, v] of Object.entries(final)) push(points, k, step, v);
          }
        }
      } finally {
        tf.dispose(readbacks);
        tf.dispose(owned.splice(0));
      }
      hooks.onPoints?.(points);
      if (now() - lastYield >= (hooks.yieldEveryMs ?? 25)) { await yieldToEventLoop(); lastYield = now(); }
    }
    if (lastRecorded !== stepsCompleted - 1 || !lastSamples) {
      const e = evaluate();
      if (spec.metrics.length) final = e.final;
      lastSamples = e.samples;
    }
    const wallMs = now() - t0;
    const keep = spec.keepSamples ? Array.from({ length: Math.min(GAN_KEPT_SAMPLES, lastSamples.length / 2) }, (_, i) => [round(lastSamples![2 * i]), round(lastSamples![2 * i + 1])] as [number, number]) : undefined;
    return {
      label: spec.label, seed: spec.seed, stepsCompleted, stop, final, series, learned: learnedNow(), diverged,
      wallMs, msPerStep: stepsCompleted ? wallMs / stepsCompleted : 0, ...(keep ? { samples: keep } : {}),
    };
  } finally {
    for (const p of players) { p.theta.dispose(); p.optimizer.dispose(); p.state.dispose(); }
    tf.dispose(owned);
    realAll.dispose();
    evalLatent.dispose();
    counts.dispose();
  }
}

/** Learnable values of a GAN loss, discovered by binding its inputs once from the initial weights. */
function discover(loss: TrialLoss, init: Float32Array, which: 'generator' | 'discriminator', spec: GanRunSpec, counts: tf.Tensor1D): readonly LearnableSpec[] {
  if (!loss.discoverLearnables) return loss.learnables;
  let found: readonly LearnableSpec[] = [];
  tf.tidy(() => {
    const { g, d, latent } = spec.models;
    const gTheta = tf.tensor1d(which === 'generator' ? init : spec.gInit);
    const dTheta = tf.tensor1d(which === 'discriminator' ? init : spec.dInit);
    const n = Math.min(64, spec.dataset.train.n);
    const real = tf.tensor2d(spec.dataset.train.x.subarray(0, 2 * n), [n, 2]);
    const fake = g.forward(gTheta, tf.randomNormal([n, latent], 0, 1, 'float32', 1) as tf.Tensor2D, { training: false }).heads.samples;
    const critic = (x: tf.Tensor) => d.forward(dTheta, x as tf.Tensor2D, { training: false }).heads.critic;
    const mixed = tf.add(tf.mul(0.5, real), tf.mul(0.5, fake));
    const inputs = bindGanInputs(loss, { real: () => critic(real), fake: () => critic(fake), mixed: () => critic(mixed), xMixed: () => mixed }, which);
    const model = which === 'generator' ? g : d;
    found = loss.discoverLearnables!(inputs, lazyContext({ progress: 0, step: 0, num_classes: 0, class_counts: counts }, () => model.kernelsOf(which === 'generator' ? gTheta : dTheta)));
  });
  return found;
}

function round(v: number): number {
  return Number(v.toPrecision(5));
}
