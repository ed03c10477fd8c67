import type { BatchTensors } from './bind.js';
import type { Dataset } from './data/types.js';
import type { EvalOutputs } from './metrics/registry.js';
import type { Mlp, ModelState } from './models/mlp.js';
import { tf } from './tfjs.js';

// One evaluation of the model on the validation split: forward passes in inference mode, probabilities
// computed on the backend, everything read back in one go for the pure metric functions.

export interface EvalRequest {
  readonly int8: boolean;
  readonly int4?: boolean;
  readonly float: boolean;
  /** The training split, already on the backend: classification probabilities on it too (`train_accuracy`). */
  readonly trainSplit?: BatchTensors;
  /** The frozen teacher's validation logits (n × C, or n for a single logit). */
  readonly teacherLogits?: Float32Array;
}

/** Class probabilities n × C from logits (a single logit per sample becomes [1 − p, p]). */
function classProbs(z: tf.Tensor): tf.Tensor2D {
  if (z.rank === 1) {
    const p = tf.sigmoid(z);
    return tf.stack([tf.sub(1, p), p], 1) as tf.Tensor2D;
  }
  return tf.softmax(z as tf.Tensor2D);
}

export function evaluateModel(model: Mlp, theta: tf.Tensor1D, state: ModelState, dataset: Dataset, val: BatchTensors, req: EvalRequest): EvalOutputs {
  const isClass = dataset.task === 'classification' || dataset.task === 'multitask';
  const isDense = dataset.task === 'multilabel' || dataset.task === 'segmentation';
  const read = tf.tidy(() => {
    const f = model.forward(theta, val.x, { training: false, state });
    const out: Record<string, tf.Tensor> = {};
    if (isClass) out.classProbs = classProbs(f.heads.logits);
    if (isDense) out.denseProbs = tf.sigmoid(f.heads.logits);
    if (f.heads.pred) out.pred = f.heads.pred;
    if (isClass && req.int8) out.int8Probs = classProbs(model.forward(theta, val.x, { training: false, state, quantize: 8 }).heads.logits);
    if (isClass && req.int4) out.int4Probs = classProbs(model.forward(theta, val.x, { training: false, state, quantize: 4 }).heads.logits);
    if (isClass && req.trainSplit) out.trainProbs = classProbs(model.forward(theta, req.trainSplit.x, { training: false, state }).heads.logits);
    if (isClass && req.float) out.floatProbs = classProbs(model.forward(theta, val.x, { training: false, state, quantize: null }).heads.logits);
    if (isClass && req.teacherLogits) {
      const C = dataset.numClasses, n = dataset.val.n;
      const width = req.teacherLogits.length / n;
      out.teacherProbs = classProbs(width === 1 ? tf.tensor1d(req.teacherLogits) : tf.tensor2d(req.teacherLogits, [n, C]));
    }
    return out;
  });
  const values: Record<string, Float32Array> = {};
  for (const [k, t] of Object.entries(read)) values[k] = t.dataSync() as Float32Array;
  tf.dispose(Object.values(read));
  return { dataset, split: dataset.val, ...values };
}
