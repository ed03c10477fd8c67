import type { Dataset } from './data/types.js';
import { BindError, type TrialLoss } from './loss.js';
import type { ForwardResult, HeadSpec } from './models/mlp.js';
import { tf } from './tfjs.js';

// Binding a loss's tensor inputs by role: `logits` ← the model's output, `labels`/`binary`/`onehot`/
// `signs`/`multilabel`/`target` ← the batch, `features` ← the last hidden layer, `teacher` ← the frozen
// teacher's logits, `logits2` ← a second stochastic pass (R-Drop), `logits_fp` ← a full-precision pass.
// Regression losses take two `target` inputs: the first is the model's prediction, the second the data.

/** One batch of training data, as tensors. */
export interface BatchTensors {
  readonly x: tf.Tensor2D;
  readonly labels?: tf.Tensor1D;
  readonly multilabel?: tf.Tensor2D;
  readonly target?: tf.Tensor;
  readonly teacher?: tf.Tensor;
}

export interface BindSources {
  readonly dataset: Dataset;
  readonly forward: ForwardResult;
  /** Further passes, computed only when a loss asks for them. */
  readonly secondPass: () => ForwardResult;
  readonly fullPrecisionPass: () => ForwardResult;
  readonly batch: BatchTensors;
}

const CLASS_TARGETS = new Set(['labels', 'onehot']);
const BINARY_TARGETS = new Set(['binary', 'signs']);

/** A loss on a two-class task that takes 0/1 or ±1 targets wants one logit per sample. */
export function isBinaryStyle(loss: TrialLoss): boolean {
  return loss.inputs.some((i) => BINARY_TARGETS.has(i.role)) && !loss.inputs.some((i) => CLASS_TARGETS.has(i.role));
}

/**
 * The output heads a model needs so every loss of a trial (the loss and its baselines share one
 * architecture and one set of initial weights) can be bound: a single logit for a two-class task only
 * when every loss is binary-style; otherwise one logit per class (binary-style losses then see z₁ − z₀).
 */
export function headsFor(dataset: Dataset, losses: readonly TrialLoss[]): HeadSpec[] {
  switch (dataset.task) {
    case 'classification':
    case 'multitask': {
      const single = dataset.numClasses === 2 && losses.every(isBinaryStyle);
      const heads: HeadSpec[] = [{ name: 'logits', dim: single ? 1 : dataset.numClasses, squeeze: true }];
      if (dataset.task === 'multitask') heads.push({ name: 'pred', dim: dataset.targetDim, squeeze: true });
      return heads;
    }
    case 'multilabel':
    case 'segmentation':
      return [{ name: 'logits', dim: dataset.labelDim, squeeze: false }];
    case 'regression':
      return [{ name: 'pred', dim: dataset.targetDim, squeeze: true }];
    case 'generative':
      throw new BindError('generative data (ring) needs a gan(g=…, d=…) model');
  }
}

/** Logits shaped for this loss: a two-column head seen by a binary-style loss becomes z₁ − z₀. */
export function logitsFor(loss: TrialLoss, dataset: Dataset, z: tf.Tensor): tf.Tensor {
  if (z.rank === 2 && z.shape[1] === 2 && (dataset.task === 'classification' || dataset.task === 'multitask') && isBinaryStyle(loss)) {
    const [z0, z1] = tf.split(z, 2, 1);
    return tf.reshape(tf.sub(z1, z0), [-1]);
  }
  return z;
}

function binaryTargets(src: BindSources, name: string): tf.Tensor {
  const { dataset, batch } = src;
  if ((dataset.task === 'classification' || dataset.task === 'multitask') && batch.labels) {
    if (dataset.numClasses !== 2) throw new BindError(`input '${name}' is binary (0/1) but the data has ${dataset.numClasses} classes: use labels or onehot`);
    return tf.cast(batch.labels, 'float32');
  }
  if (batch.multilabel) return batch.multilabel;
  throw new BindError(`input '${name}' is binary (0/1) but ${dataset.task} data has no 0/1 targets`);
}

export function bindInputs(loss: TrialLoss, src: BindSources): Record<string, tf.Tensor> {
  const { dataset, batch, forward } = src;
  const out: Record<string, tf.Tensor> = {};
  const targets = loss.inputs.filter((i) => i.role === 'target');
  const hasPrediction = loss.inputs.some((i) => i.role === 'logits' || i.role === 'probs' || i.role === 'real');
  let second: ForwardResult | undefined, fp: ForwardResult | undefined;
  const logitsOf = (f: ForwardResult, name: string) => {
    const z = f.heads.logits;
    if (!z) throw new BindError(`input '${name}' wants logits but ${dataset.task} data has no classification head`);
    return logitsFor(loss, dataset, z);
  };
  for (const input of loss.inputs) {
    const { name, role } = input;
    switch (role) {
      case 'logits': out[name] = logitsOf(forward, name); break;
      case 'logits2': second ??= src.secondPass(); out[name] = logitsOf(second, name); break;
      case 'logits_fp': fp ??= src.fullPrecisionPass(); out[name] = logitsOf(fp, name); break;
      case 'probs': {
        const z = logitsOf(forward, name);
        out[name] = z.rank === 2 && dataset.task !== 'multilabel' && dataset.task !== 'segmentation' ? tf.softmax(z) : tf.sigmoid(z);
        break;
      }
      case 'labels':
        if (!batch.labels) throw new BindError(`input '${name}' wants class labels but ${dataset.task} data has none`);
        out[name] = batch.labels;
        break;
      case 'onehot':
        if (!batch.labels) throw new BindError(`input '${name}' wants one-hot labels but ${dataset.task} data has none`);
        out[name] = tf.cast(tf.oneHot(batch.labels, dataset.numClasses), 'float32');
        break;
      case 'binary': out[name] = binaryTargets(src, name); break;
      case 'signs': out[name] = tf.sub(tf.mul(binaryTargets(src, name), 2), 1); break;
      case 'multilabel':
        if (!batch.multilabel) throw new BindError(`input '${name}' wants multi-label targets but ${dataset.task} data has none`);
        out[name] = batch.multilabel;
        break;
      case 'target': {
        const pred = forward.heads.pred;
        const isPrediction = input.source ? input.source === 'model' : targets.length >= 2 ? targets[0] === input : false;
        if (!input.source && targets.length === 1 && !hasPrediction) {
          throw new BindError(`input '${name}' (target) is ambiguous: a regression loss takes the prediction and the data target as two target inputs, e.g. (x: target, t: target)`);
        }
        if (isPrediction) {
          if (!pred) throw new BindError(`input '${name}' wants the model's regression prediction but ${dataset.task} data has no regression target`);
          out[name] = pred;
        } else {
          if (!batch.target) throw new BindError(`input '${name}' wants regression targets but ${dataset.task} data has none`);
          out[name] = batch.target;
        }
        break;
      }
      case 'real': {
        const pred = forward.heads.pred;
        if (!pred) throw new BindError(`input '${name}' (real) is bound to the regression prediction, but ${dataset.task} data has none`);
        out[name] = pred;
        break;
      }
      case 'features': out[name] = forward.features; break;
      case 'teacher':
        if (!batch.teacher) throw new BindError(`input '${name}' wants teacher logits: add teacher=mlp(…) to the trial`);
        out[name] = logitsFor(loss, dataset, batch.teacher);
        break;
      case 'critic':
        throw new BindError(`input '${name}' wants critic outputs: use a gan(g=…, d=…) model on ring data`);
    }
  }
  return out;
}
