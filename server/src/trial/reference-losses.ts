import type { TrialLoss } from './loss.js';
import { tf } from './tfjs.js';

// Reference losses the engine itself needs: cross-entropy to pre-train a distillation teacher, and the
// plain baselines (ce, bce, mse) a trial can name without a `.loss` file. Written in the stable forms of
// field-notes.md; user losses come from the compiler instead.

type Inputs = Readonly<Record<string, tf.Tensor>>;

function single(label: string, inputs: TrialLoss['inputs'], f: (i: Inputs) => tf.Tensor): TrialLoss {
  return { label, inputs, learnables: [], termNames: [], evaluate: (i) => ({ total: f(i) as tf.Scalar, terms: [] }) };
}

/** Softmax cross-entropy, mean over the batch: −Σ onehot(y)·log_softmax(z). */
export const referenceCe = (label = 'ce'): TrialLoss => single(label, [{ name: 'z', role: 'logits' }, { name: 'y', role: 'labels' }], (i) => {
  const z = i.z as tf.Tensor2D;
  return tf.neg(tf.mean(tf.sum(tf.mul(tf.logSoftmax(z), tf.oneHot(i.y as tf.Tensor1D, z.shape[1])), 1)));
});

/** Binary cross-entropy on logits: max(z,0) − z·y + log(1 + e^{−|z|}), mean over elements. */
export const referenceBce = (label = 'bce'): TrialLoss => single(label, [{ name: 'z', role: 'logits' }, { name: 'y', role: 'binary' }], (i) =>
  tf.mean(tf.add(tf.sub(tf.relu(i.z), tf.mul(i.z, i.y)), tf.log1p(tf.exp(tf.neg(tf.abs(i.z)))))));

/** Mean squared error between the prediction and the data target. */
export const referenceMse = (label = 'mse'): TrialLoss => single(label, [{ name: 'x', role: 'target' }, { name: 't', role: 'target' }], (i) =>
  tf.mean(tf.square(tf.sub(i.x, i.t))));

export const REFERENCE_LOSSES: Readonly<Record<string, (label?: string) => TrialLoss>> = {
  ce: referenceCe,
  bce: referenceBce,
  mse: referenceMse,
};
