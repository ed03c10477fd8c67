import { bindInputs, type BatchTensors } from './bind.js';
import type { Dataset } from './data/types.js';
import type { LearnableSpec, TrialLoss } from './loss.js';
import type { ForwardResult, Mlp } from './models/mlp.js';
import type { LandscapeMsg } from './protocol.js';
import { tf } from './tfjs.js';

// The loss landscape of a trial's losses, for the trial view: each loss evaluated on ONE sample (batch of
// one, so a mean-reduced loss is the per-sample loss) while the model's output sweeps through a range —
// for classification the confidence p in the sample's true class (logits built so softmax/sigmoid give p),
// for regression the residual prediction − target. The gradient is taken with respect to the true class's
// logit (or the prediction). The sample is a real training sample of the rarest class, with the data's
// class counts and the model's initial weights as context; the inputs are bound by role exactly as in
// training. A loss that cannot be evaluated on a single sample gets a note instead of a curve.

/** Points per curve. */
export const LANDSCAPE_POINTS = 49;

export function lossLandscape(losses: readonly TrialLoss[], data: Dataset, model: Mlp, initialWeights: Float32Array): LandscapeMsg | undefined {
  const logitsHead = model.heads.find((h) => h.name === 'logits');
  const predHead = model.heads.find((h) => h.name === 'pred');
  const classification = (data.task === 'classification' || data.task === 'multitask') && logitsHead && data.train.labels && data.numClasses >= 2;
  if (!classification && !(data.task === 'regression' && predHead && data.train.target)) return undefined;

  // The sample: the rarest class (what re-weighting losses are for); its first training sample.
  const counts = data.classCounts;
  const trueClass = classification ? counts.reduce((best, c, i) => (c > 0 && c <= counts[best] ? i : best), counts.length - 1) : undefined;
  const labels = data.train.labels;
  let row = 0;
  if (trueClass !== undefined && labels) row = Math.max(0, labels.indexOf(trueClass));

  let x: number[];
  let targetScale = 1;
  if (classification) {
    x = Array.from({ length: LANDSCAPE_POINTS }, (_, i) => round(0.02 + (0.96 * i) / (LANDSCAPE_POINTS - 1)));
  } else {
    const t = data.train.target!;
    const mean = t.reduce((a, b) => a + b, 0) / t.length;
    targetScale = Math.sqrt(t.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, t.length - 1)) || 1;
    x = Array.from({ length: LANDSCAPE_POINTS }, (_, i) => round((-3 + (6 * i) / (LANDSCAPE_POINTS - 1)) * targetScale));
  }

  const curves = losses.map((loss) => {
    try {
      const loss_: number[] = [];
      const grad: number[] = [];
      for (const v of x) {
        const [l, g] = classification
          ? evaluateAt(loss, data, model, initialWeights, row, { kind: 'logits', trueClass: trueClass!, p: v, dim: logitsHead!.dim, squeeze: logitsHead!.squeeze })
          : evaluateAt(loss, data, model, initialWeights, row, { kind: 'pred', residual: v, dim: predHead!.dim, squeeze: predHead!.squeeze });
        loss_.push(l);
        grad.push(g);
      }
      return { label: loss.label, loss: loss_.map(finiteOrNull), grad: grad.map(finiteOrNull) };
    } catch (e) {
      return { label: loss.label, loss: [], grad: [], note: `no single-sample curve (${e instanceof Error ? e.message : String(e)})` };
    }
  });
  return { axis: classification ? 'confidence' : 'residual', ...(trueClass !== undefined ? { trueClass } : {}), x, curves };
}

type Sweep =
  | { kind: 'logits'; trueClass: number; p: number; dim: number; squeeze: boolean }
  | { kind: 'pred'; residual: number; dim: number; squeeze: boolean };

/** The loss on one sample and its derivative with respect to the swept output. */
function evaluateAt(loss: TrialLoss, data: Dataset, model: Mlp, init: Float32Array, row: number, sweep: Sweep): [number, number] {
  return tf.tidy(() => {
    const inputDim = data.inputDim;
    const xRow = tf.tensor2d(data.train.x.subarray(row * inputDim, (row + 1) * inputDim), [1, inputDim]);
    const labels = data.train.labels ? tf.tensor1d([data.train.labels[row]], 'int32') : undefined;
    const target = data.train.target ? sampleTarget(data, row) : undefined;
    const batch: BatchTensors = {
      x: xRow,
      ...(labels ? { labels } : {}),
      ...(target ? { target } : {}),
      ...(data.train.multilabel ? { multilabel: tf.tensor2d(data.train.multilabel.subarray(row * data.labelDim, (row + 1) * data.labelDim), [1, data.labelDim]) } : {}),
    };
    const theta = tf.tensor1d(init);
    const k = model.kernelSpan;
    const ctx = {
      progress: 0, step: 0, num_classes: data.numClasses,
      class_counts: tf.tensor1d(data.classCounts.length ? [...data.classCounts] : [0]),
      weights: tf.slice(theta, k.offset, k.size) as tf.Tensor1D,
    };
    const base = model.forward(theta, xRow, { training: false });
    const swept = sweptOutput(sweep, target);
    const forwardWith = (out: tf.Tensor): ForwardResult => ({
      heads: { ...base.heads, [sweep.kind === 'logits' ? 'logits' : 'pred']: out },
      features: base.features,
    });
    const learned = learnedValues(loss, data, batch, forwardWith(swept), ctx);
    const f = (out: tf.Tensor) => {
      const fw = forwardWith(out);
      const inputs = bindInputs(loss, { dataset: data, batch, forward: fw, secondPass: () => fw, fullPrecisionPass: () => fw });
      return loss.evaluate(inputs, learned, ctx).total;
    };
    const { value, grad } = tf.valueAndGrad(f)(swept);
    const g = grad.dataSync();
    let d: number;
    if (sweep.kind === 'logits') {
      // d/d(true-class logit); a single logit is the positive class's: for class 0 the sign flips.
      d = sweep.dim === 1 ? g[0] * (sweep.trueClass === 1 ? 1 : -1) : g[sweep.trueClass];
    } else {
      d = Array.from(g as ArrayLike<number>).reduce((a, b) => a + b, 0);
    }
    return [value.dataSync()[0], d];
  });
}

/** Logits whose softmax (or sigmoid) gives the true class probability p; a prediction off by the residual. */
function sweptOutput(s: Sweep, target: tf.Tensor | undefined): tf.Tensor {
  if (s.kind === 'logits') {
    if (s.dim === 1) {
      const z = Math.log(s.p / (1 - s.p)) * (s.trueClass === 1 ? 1 : -1);
      return s.squeeze ? tf.tensor1d([z]) : tf.tensor2d([[z]]);
    }
    const row = new Float32Array(s.dim);
    row[s.trueClass] = Math.log((s.p * (s.dim - 1)) / (1 - s.p));
    return tf.tensor2d(row, [1, s.dim]);
  }
  const t = target!;
  return tf.add(t, s.residual);
}

function sampleTarget(data: Dataset, row: number): tf.Tensor {
  const d = data.targetDim;
  const v = data.train.target!.subarray(row * d, (row + 1) * d);
  return d === 1 ? tf.tensor1d(v) : tf.tensor2d(v, [1, d]);
}

/** The loss's learnable values at their initial values (discovered from the bound inputs when needed). */
function learnedValues(loss: TrialLoss, data: Dataset, batch: BatchTensors, forward: ForwardResult, ctx: Parameters<TrialLoss['evaluate']>[2]): Record<string, tf.Tensor> {
  let specs: readonly LearnableSpec[] = loss.learnables;
  if (loss.discoverLearnables) {
    const inputs = bindInputs(loss, { dataset: data, batch, forward, secondPass: () => forward, fullPrecisionPass: () => forward });
    specs = loss.discoverLearnables(inputs, ctx);
  }
  const out: Record<string, tf.Tensor> = {};
  for (const s of specs) {
    const size = s.shape.reduce((a, b) => a * b, 1);
    const values = typeof s.init === 'number' ? new Float32Array(size).fill(s.init) : s.init.subarray(0, size);
    out[s.name] = tf.tensor(values, [...s.shape]);
  }
  return out;
}

function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? round(v) : null;
}

function round(v: number): number {
  return Number(v.toPrecision(6));
}
