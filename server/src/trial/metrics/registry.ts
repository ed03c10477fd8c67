import type { Dataset, Split, TaskKind } from '../data/types.js';
import * as C from './classification.js';
import * as D from './dense.js';
import { modeStats } from './gan.js';

// The metrics a trial can ask for, by name, with the tasks they apply to and their direction. Each is
// evaluated on the validation split from the model's read-back outputs; a metric may yield several named
// values (`per_class_recall` → `recall(0)`, `recall(1)`, …).

/** Everything read back from one evaluation of the model on the validation split. */
export interface EvalOutputs {
  readonly dataset: Dataset;
  readonly split: Split;
  /** Classification: class probabilities, n × numClasses (a binary head is expanded to two columns). */
  readonly classProbs?: Float32Array;
  /** Multilabel / segmentation: per-entry probabilities, n × labelDim. */
  readonly denseProbs?: Float32Array;
  /** Regression / multitask: predictions, n × targetDim. */
  readonly pred?: Float32Array;
  /** Generative: generated samples, m × 2. */
  readonly samples?: Float32Array;
  /** Classification probabilities with the weights quantised to 8 bits after training (PTQ). */
  readonly int8Probs?: Float32Array;
  /** The same at 4 bits. */
  readonly int4Probs?: Float32Array;
  /** Classification probabilities on the training split (its labels as trained on, noise included). */
  readonly trainProbs?: Float32Array;
  /** Classification probabilities with full-precision weights (differs from classProbs under QAT). */
  readonly floatProbs?: Float32Array;
  /** The frozen teacher's class probabilities (distillation). */
  readonly teacherProbs?: Float32Array;
}

export interface MetricDef {
  readonly name: string;
  readonly doc: string;
  readonly tasks: readonly TaskKind[];
  readonly higherIsBetter: boolean;
  /** Positional arguments (a class or label index). */
  readonly arity: 0 | 1;
  evaluate(o: EvalOutputs, arg?: number): Record<string, number>;
}

const CLS: TaskKind[] = ['classification', 'multitask'];
const DENSE: TaskKind[] = ['multilabel', 'segmentation'];

function classData(o: EvalOutputs, probs = o.classProbs, split = o.split): { probs: Float32Array; labels: Int32Array; n: number; C: number; pred: Int32Array } {
  if (!probs || !split.labels) throw new Error('this metric needs class probabilities and labels');
  const k = o.dataset.numClasses, n = split.n;
  return { probs, labels: split.labels, n, C: k, pred: C.argmaxRows(probs, n, k) };
}

/** The probabilities of an extra pass; a missing pass is an error (classData would fall back to the plain pass). */
function pass(probs: Float32Array | undefined, metric: string): Float32Array {
  if (!probs) throw new Error(`${metric} needs class probabilities from its own evaluation pass`);
  return probs;
}

function dense(o: EvalOutputs): { p: Float32Array; t: Float32Array; K: number } {
  if (!o.denseProbs || !o.split.multilabel) throw new Error('this metric needs per-label probabilities');
  return { p: o.denseProbs, t: o.split.multilabel, K: o.dataset.labelDim };
}

function one(name: string, v: number): Record<string, number> {
  return { [name]: v };
}

function labelOf(name: string, arg?: number): string {
  return arg === undefined ? name : `${name}(${arg})`;
}

function checkClass(o: EvalOutputs, arg: number | undefined, count: number): number {
  if (arg === undefined || !Number.isInteger(arg) || arg < 0 || arg >= count) throw new Error(`class index must be an integer in [0, ${count - 1}], got ${arg}`);
  return arg;
}

export const METRICS: readonly MetricDef[] = [
  {
    name: 'accuracy', doc: 'Fraction of validation samples classified correctly (multi-label / segmentation: of entries).',
    tasks: [...CLS, ...DENSE], higherIsBetter: true, arity: 0,
    evaluate: (o) => {
      if (o.classProbs) { const d = classData(o); return one('accuracy', C.accuracy(d.pred, d.labels)); }
      const d = dense(o);
      return one('accuracy', D.elementAccuracy(d.p, d.t));
    },
  },
  {
    name: 'balanced_accuracy', doc: 'Mean per-class recall on the balanced validation split.',
    tasks: CLS, higherIsBetter: true, arity: 0,
    evaluate: (o) => { const d = classData(o); return one('balanced_accuracy', C.balancedAccuracy(d.pred, d.labels, d.C)); },
  },
  {
    name: 'macro_f1', doc: 'Unweighted mean of per-class F1 (multi-label: of per-label F1 at 0.5).',
    tasks: [...CLS, 'multilabel'], higherIsBetter: true, arity: 0,
    evaluate: (o) => {
      if (o.classProbs) { const d = classData(o); return one('macro_f1', C.macroF1(d.pred, d.labels, d.C)); }
      const d = dense(o);
      let s = 0;
      for (let k = 0; k < d.K; k++) {
        const p = D.column(d.p, d.K, k), t = D.column(d.t, d.K, k);
        const r = D.positiveRecall(p, t), q = D.positivePrecision(p, t);
        s += r + q ? (2 * r * q) / (r + q) : 0;
      }
      return one('macro_f1', s / d.K);
    },
  },
  {
    name: 'recall', doc: 'Recall of one class (multi-label: of one label; segmentation: of the foreground, any index).',
    tasks: [...CLS, ...DENSE], higherIsBetter: true, arity: 1,
    evaluate: (o, arg) => {
      if (o.classProbs) { const d = classData(o); const c = checkClass(o, arg, d.C); return one(labelOf('recall', c), C.perClassRecall(d.pred, d.labels, d.C)[c]); }
      const d = dense(o);
      if (o.dataset.task === 'segmentation') return one(labelOf('recall', arg), D.positiveRecall(d.p, d.t));
      const k = checkClass(o, arg, d.K);
      return one(labelOf('recall', k), D.positiveRecall(D.column(d.p, d.K, k), D.column(d.t, d.K, k)));
    },
  },
  {
    name: 'precision', doc: 'Precision of one class (multi-label: of one label; segmentation: of the foreground).',
    tasks: [...CLS, ...DENSE], higherIsBetter: true, arity: 1,
    evaluate: (o, arg) => {
      if (o.classProbs) { const d = classData(o); const c = checkClass(o, arg, d.C); return one(labelOf('precision', c), C.perClassPrecision(d.pred, d.labels, d.C)[c]); }
      const d = dense(o);
      if (o.dataset.task === 'segmentation') return one(labelOf('precision', arg), D.positivePrecision(d.p, d.t));
      const k = checkClass(o, arg, d.K);
      return one(labelOf('precision', k), D.positivePrecision(D.column(d.p, d.K, k), D.column(d.t, d.K, k)));
    },
  },
  {
    name: 'per_class_recall', doc: 'Recall of every class, as recall(0), recall(1), ….',
    tasks: CLS, higherIsBetter: true, arity: 0,
    evaluate: (o) => {
      const d = classData(o);
      return Object.fromEntries(C.perClassRecall(d.pred, d.labels, d.C).map((r, c) => [`recall(${c})`, r]));
    },
  },
  {
    name: 'auc', doc: 'ROC AUC (binary: of the positive class; multi-class: macro one-vs-rest; multi-label: macro over labels).',
    tasks: [...CLS, 'multilabel'], higherIsBetter: true, arity: 0,
    evaluate: (o) => {
      if (o.classProbs) { const d = classData(o); return one('auc', C.auc(d.probs, d.labels, d.C)); }
      const d = dense(o);
      let s = 0, k = 0;
      for (let j = 0; j < d.K; j++) { const a = C.binaryAuc(D.column(d.p, d.K, j), D.column(d.t, d.K, j)); if (!Number.isNaN(a)) { s += a; k++; } }
      return one('auc', k ? s / k : NaN);
    },
  },
  {
    name: 'ece', doc: 'Expected calibration error of the top-class confidence (15 bins).',
    tasks: CLS, higherIsBetter: false, arity: 0,
    evaluate: (o) => { const d = classData(o); return one('ece', C.ece(d.probs, d.labels, d.C)); },
  },
  {
    name: 'confidence', doc: 'Mean top-class probability.',
    tasks: CLS, higherIsBetter: false, arity: 0,
    evaluate: (o) => { const d = classData(o); return one('confidence', C.meanConfidence(d.probs, d.n, d.C)); },
  },
  {
    name: 'tuned_threshold', doc: 'Binary tasks: the decision threshold on p(class 1) that maximises validation F1, and that F1 (tuned_f1).',
    tasks: CLS, higherIsBetter: true, arity: 0,
    evaluate: (o) => {
      const d = classData(o);
      if (d.C !== 2) throw new Error('tuned_threshold needs a binary task (2 classes)');
      const r = C.tunedThreshold(D.column(d.probs, 2, 1), Array.from(d.labels, (y) => y === 1));
      return { tuned_threshold: r.threshold, tuned_f1: r.f1 };
    },
  },
  {
    name: 'mse', doc: 'Mean squared error of the regression predictions.', tasks: ['regression', 'multitask'], higherIsBetter: false, arity: 0,
    evaluate: (o) => one('mse', D.mse(o.pred!, o.split.target!)),
  },
  {
    name: 'mae', doc: 'Mean absolute error of the regression predictions.', tasks: ['regression', 'multitask'], higherIsBetter: false, arity: 0,
    evaluate: (o) => one('mae', D.mae(o.pred!, o.split.target!)),
  },
  {
    name: 'coverage', doc: 'Fraction of targets at or below the prediction (about q for a quantile-q loss).', tasks: ['regression'], higherIsBetter: true, arity: 0,
    evaluate: (o) => one('coverage', D.coverage(o.pred!, o.split.target!)),
  },
  {
    name: 'dice', doc: 'Dice of the thresholded (0.5) masks, pooled over the validation split.', tasks: DENSE, higherIsBetter: true, arity: 0,
    evaluate: (o) => { const d = dense(o); return one('dice', D.dice(d.p, d.t)); },
  },
  {
    name: 'iou', doc: 'Intersection over union of the thresholded (0.5) masks, pooled.', tasks: DENSE, higherIsBetter: true, arity: 0,
    evaluate: (o) => { const d = dense(o); return one('iou', D.iou(d.p, d.t)); },
  },
  {
    name: 'modes_covered', doc: 'Ring modes holding ≥ 2% of generated samples within 0.3 of their centre.', tasks: ['generative'], higherIsBetter: true, arity: 0,
    evaluate: (o) => one('modes_covered', modeStats(o.samples!, o.dataset.modes!.centres).modesCovered),
  },
  {
    name: 'hq_fraction', doc: 'Fraction of generated samples within 0.3 of some mode centre.', tasks: ['generative'], higherIsBetter: true, arity: 0,
    evaluate: (o) => one('hq_fraction', modeStats(o.samples!, o.dataset.modes!.centres).highQualityFraction),
  },
  {
    name: 'teacher_accuracy', doc: 'Validation accuracy of the frozen teacher (distillation).', tasks: CLS, higherIsBetter: true, arity: 0,
    evaluate: (o) => {
      if (!o.teacherProbs) throw new Error('teacher_accuracy needs a teacher in the trial');
      const d = classData(o, o.teacherProbs);
      return one('teacher_accuracy', C.accuracy(d.pred, d.labels));
    },
  },
  {
    name: 'student_accuracy', doc: 'Validation accuracy of the trained (student) model.', tasks: CLS, higherIsBetter: true, arity: 0,
    evaluate: (o) => { const d = classData(o); return one('student_accuracy', C.accuracy(d.pred, d.labels)); },
  },
  {
    name: 'float_accuracy', doc: 'Validation accuracy with full-precision weights.', tasks: CLS, higherIsBetter: true, arity: 0,
    evaluate: (o) => { const d = classData(o, o.floatProbs ?? o.classProbs); return one('float_accuracy', C.accuracy(d.pred, d.labels)); },
  },
  {
    name: 'int8_accuracy', doc: 'Validation accuracy with every kernel quantised to 8 bits after training.', tasks: CLS, higherIsBetter: true, arity: 0,
    evaluate: (o) => { const d = classData(o, o.int8Probs); return one('int8_accuracy', C.accuracy(d.pred, d.labels)); },
  },
  {
    name: 'int4_accuracy', doc: 'Validation accuracy with every kernel quantised to 4 bits after training.', tasks: CLS, higherIsBetter: true, arity: 0,
    evaluate: (o) => { const d = classData(o, pass(o.int4Probs, 'int4_accuracy')); return one('int4_accuracy', C.accuracy(d.pred, d.labels)); },
  },
  {
    // Not a validation metric: with label noise it measures how much of the noise the model memorised,
    // and train_accuracy − accuracy is the generalisation gap that regularisers narrow.
    name: 'train_accuracy', doc: 'Accuracy on the training split, against its labels as trained on (flipped ones included).', tasks: CLS, higherIsBetter: true, arity: 0,
    evaluate: (o) => { const d = classData(o, pass(o.trainProbs, 'train_accuracy'), o.dataset.train); return one('train_accuracy', C.accuracy(d.pred, d.labels)); },
  },
  {
    name: 'accuracy_gap', doc: 'Training accuracy minus validation accuracy (the generalisation gap).', tasks: CLS, higherIsBetter: false, arity: 0,
    evaluate: (o) => {
      const t = classData(o, pass(o.trainProbs, 'accuracy_gap'), o.dataset.train), v = classData(o);
      return one('accuracy_gap', C.accuracy(t.pred, t.labels) - C.accuracy(v.pred, v.labels));
    },
  },
];

export function findMetric(name: string): MetricDef | undefined {
  return METRICS.find((m) => m.name === name);
}

/** A metric as requested in a trial: `recall(1)` is { name: 'recall', arg: 1 }. */
export interface MetricRequest {
  readonly name: string;
  readonly arg?: number;
}

/** Checks a request against the task; the message says what is wrong and what would work. */
export function checkMetric(req: MetricRequest, task: TaskKind): MetricDef {
  const m = findMetric(req.name);
  if (!m) throw new Error(`unknown metric '${req.name}' (known: ${METRICS.map((x) => x.name).join(', ')})`);
  if (!m.tasks.includes(task)) {
    const fits = METRICS.filter((x) => x.tasks.includes(task)).map((x) => x.name);
    throw new Error(`metric '${req.name}' does not apply to ${task} data (these do: ${fits.join(', ')})`);
  }
  if (m.arity === 1 && req.arg === undefined && task !== 'segmentation') throw new Error(`metric '${req.name}' needs a class index, e.g. ${req.name}(1)`);
  if (m.arity === 0 && req.arg !== undefined) throw new Error(`metric '${req.name}' takes no argument`);
  return m;
}

/** Which extra passes the requested metrics need. */
export function metricNeeds(reqs: readonly MetricRequest[]): { int8: boolean; int4: boolean; float: boolean; teacher: boolean; train: boolean } {
  const names = new Set(reqs.map((r) => r.name));
  return {
    int8: names.has('int8_accuracy'), int4: names.has('int4_accuracy'), float: names.has('float_accuracy'),
    teacher: names.has('teacher_accuracy'), train: names.has('train_accuracy') || names.has('accuracy_gap'),
  };
}

export function metricDirection(valueName: string): boolean {
  const base = valueName.replace(/\(.*$/, '');
  if (base === 'tuned_f1') return true;
  return findMetric(base)?.higherIsBetter ?? true;
}

export function evaluateMetrics(reqs: readonly MetricRequest[], o: EvalOutputs): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of reqs) Object.assign(out, findMetric(r.name)!.evaluate(o, r.arg));
  return out;
}
