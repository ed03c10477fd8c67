// The trial protocol: ONE module shared by the extension host, the CLI, the trial worker (a child
// process) and the webview. Everything here is plain JSON-serialisable data (type-only for the webview).
// Host → worker: start / cancel / shutdown. Worker → host: ready, progress (batched at 10–20 Hz),
// run-done after each (loss, seed) run, then done, cancelled or error.

/** A schedule of training progress, as the optimizer's `lr` or any hyperparameter. */
export type ScheduleSpec =
  | number
  | { readonly kind: 'ramp'; readonly from: number; readonly to: number; readonly start?: number; readonly end?: number }
  | { readonly kind: 'cosine'; readonly from: number; readonly to: number }
  | { readonly kind: 'warmup'; readonly value: number; readonly until?: number }
  | { readonly kind: 'product'; readonly factors: readonly ScheduleSpec[] };

export interface ModelSpecJson {
  readonly kind: 'linear' | 'mlp';
  readonly hidden?: readonly number[];
  readonly activation?: string;
  readonly dropout?: number;
  readonly quantize?: number | null;
  readonly spectral_norm?: boolean;
  readonly head?: 'linear' | 'cosine';
}

/** A generator–discriminator pair for `ring` data: G maps `latent`-dim Gaussian noise to 2-D samples, D scores samples. */
export interface GanSpecJson {
  readonly kind: 'gan';
  readonly g: ModelSpecJson;
  readonly d: ModelSpecJson;
  readonly latent?: number;
}

export type TrialModelJson = ModelSpecJson | GanSpecJson;

export interface OptimizerSpecJson {
  readonly kind: 'sgd' | 'momentum' | 'adam' | 'adamw';
  readonly lr?: ScheduleSpec;
  readonly momentum?: number;
  readonly nesterov?: boolean;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly eps?: number;
  readonly weight_decay?: number;
}

/**
 * A loss to run: one of the engine's reference losses (`ce`, `bce`, `mse`), or a loss expression as written
 * in a trial of a `.loss` document (compiled inside the worker by the loss compiler).
 */
export type LossRef =
  | { readonly kind: 'reference'; readonly name: string; readonly label?: string }
  | { readonly kind: 'source'; readonly text: string; readonly path?: string; readonly workspaceRoot?: string; readonly expr: string; readonly label?: string };

export interface TrialPlan {
  /** The trial's name (`trial imbalanced { … }`). */
  readonly trial: string;
  readonly data: { readonly generator: string; readonly args: Readonly<Record<string, number | string | boolean | readonly number[]>>; readonly label?: string };
  readonly model: TrialModelJson;
  /** Distillation: a teacher trained first on the same data with cross-entropy (default: the trial's optimizer and batch, 600 steps), then frozen. */
  readonly teacher?: { readonly model: ModelSpecJson; readonly steps?: number; readonly optimizer?: OptimizerSpecJson };
  readonly loss: LossRef;
  readonly compare: readonly LossRef[];
  /** GAN trials: the discriminator's loss (`loss` and each of `compare` train the generator against it). */
  readonly dLoss?: LossRef;
  /** GAN trials: discriminator steps per generator step (default 1). */
  readonly dSteps?: number;
  readonly optimizer: OptimizerSpecJson;
  readonly steps: number;
  /** Samples per step; omitted or ≥ the training size: full batch. */
  readonly batch?: number;
  readonly resampling?: 'none' | 'balanced' | 'sqrt';
  /** The seeds to run (every loss runs on each, with the same data and initial weights). */
  readonly seeds: readonly number[];
  readonly metrics: readonly { readonly name: string; readonly arg?: number }[];
  /** Validation metrics, per-term gradient norms and learned values every this many steps (default ≈ steps/30). */
  readonly recordEvery?: number;
  /** Wall-time budget for the whole trial, ms. */
  readonly maxWallMs?: number;
  /** For the trial view: send the loss landscape before training and a decision boundary with each first-seed run on 2-D data. */
  readonly visuals?: boolean;
}

export interface SeriesPointMsg {
  readonly series: string;
  readonly step: number;
  readonly value: number;
}

export interface RunSummaryMsg {
  readonly label: string;
  readonly seed: number;
  readonly final: Readonly<Record<string, number>>;
  readonly series: Readonly<Record<string, readonly (readonly [number, number])[]>>;
  readonly learned: Readonly<Record<string, number>>;
  readonly diverged: null | { readonly step: number; readonly term: string };
  readonly stop: 'completed' | 'cancelled' | 'wall_budget' | 'diverged';
  readonly stepsCompleted: number;
  readonly msPerStep: number;
  /** 2-D classification data, the first seed: the trained model's decision over the input plane. */
  readonly boundary?: BoundaryMsg;
  /** GAN data, the first seed: generated samples of the trained generator (at most 1000), [x, y]. */
  readonly samples?: readonly (readonly [number, number])[];
}

/**
 * Each compared loss on one sample, against the model's confidence in the sample's true class
 * (classification: loss and its gradient with respect to the true class's logit) or the residual
 * prediction − target (regression: gradient with respect to the prediction).
 */
export interface LandscapeMsg {
  readonly axis: 'confidence' | 'residual';
  /** Classification: the true class of the sample (the rarest class of the data). */
  readonly trueClass?: number;
  readonly x: readonly number[];
  /** One per compared loss, in the trial's order; null where the value is not finite. */
  readonly curves: readonly {
    readonly label: string;
    readonly loss: readonly (number | null)[];
    readonly grad: readonly (number | null)[];
    /** Why a loss has no curve (it needs inputs a single sample cannot supply, …). */
    readonly note?: string;
  }[];
}

/** A 2-D classifier's decision over its input plane after training (TensorFlow Playground's picture). */
export interface BoundaryMsg {
  /** [xMin, xMax, yMin, yMax] of the grid. */
  readonly extent: readonly [number, number, number, number];
  /** Cells per side; row-major, the first row at yMax (top), the first column at xMin. */
  readonly size: number;
  readonly classes: number;
  /** Per cell: the predicted class. */
  readonly predicted: readonly number[];
  /** Per cell: the probability of the predicted class. */
  readonly confidence: readonly number[];
  /** Training points drawn over the picture (at most a few thousand): [x, y, class]. */
  readonly points: readonly (readonly [number, number, number])[];
}

export interface TrialResultMsg {
  readonly trial: string;
  readonly backend: 'wasm' | 'cpu' | 'tensorflow';
  readonly runs: readonly RunSummaryMsg[];
  readonly summary: Readonly<Record<string, Readonly<Record<string, { readonly mean: number; readonly std: number }>>>>;
  readonly comparisons: readonly {
    readonly loss: string; readonly baseline: string; readonly metric: string; readonly meanDiff: number; readonly stdDiff: number;
    readonly t: number | null; readonly wins: number; readonly seeds: number; readonly higherIsBetter: boolean;
  }[];
  readonly wallMs: number;
  /** With `plan.visuals`: the losses' landscape (also sent on its own before training). */
  readonly landscape?: LandscapeMsg;
  /** Set when the trial stopped early (cancel or wall budget); runs holds what finished. */
  readonly stopped?: 'cancelled' | 'wall_budget';
}

export type HostToWorker =
  | { readonly type: 'start'; readonly id: string; readonly plan: TrialPlan }
  | { readonly type: 'cancel'; readonly id: string }
  | { readonly type: 'shutdown' };

export type WorkerToHost =
  | { readonly type: 'ready'; readonly backend: 'wasm' | 'cpu' | 'tensorflow'; readonly fallbackReason?: string }
  | {
    readonly type: 'progress'; readonly id: string;
    /** Which run the points belong to: index into the trial's (seed, loss) order, its label and seed. */
    readonly run: { readonly index: number; readonly total: number; readonly label: string; readonly seed: number };
    readonly step: number;
    readonly points: readonly SeriesPointMsg[];
  }
  | { readonly type: 'run-done'; readonly id: string; readonly index: number; readonly run: RunSummaryMsg }
  /** Sent once the losses are compiled, before training starts. */
  | { readonly type: 'landscape'; readonly id: string; readonly landscape: LandscapeMsg }
  | { readonly type: 'done'; readonly id: string; readonly result: TrialResultMsg }
  | { readonly type: 'cancelled'; readonly id: string; readonly result: TrialResultMsg }
  | { readonly type: 'error'; readonly id: string; readonly message: string };

/** Progress messages per second the worker aims for (10–20 Hz). */
export const PROGRESS_HZ = 15;
