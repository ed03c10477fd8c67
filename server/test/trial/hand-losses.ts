// Hand-written tfjs losses standing in for compiled `.loss` declarations in the trial-engine tests.
import type { CombinerKind, LossContext, LossValue, TrialLoss } from '../../src/trial/loss.js';
import { tf } from '../../src/trial/tfjs.js';

type Inputs = Readonly<Record<string, tf.Tensor>>;

function single(label: string, inputs: TrialLoss['inputs'], f: (i: Inputs, ctx: LossContext) => tf.Scalar): TrialLoss {
  return { label, inputs, learnables: [], termNames: [], evaluate: (i, _l, ctx) => ({ total: f(i, ctx), terms: [] }) };
}

/** Softmax cross-entropy with optional per-class weights (PyTorch: Σ w_y ℓ / Σ w_y). */
export function ce(weights?: (ctx: LossContext) => tf.Tensor1D, label = 'ce'): TrialLoss {
  return single(label, [{ name: 'z', role: 'logits' }, { name: 'y', role: 'labels' }], (i, ctx) => {
    const z = i.z as tf.Tensor2D;
    const nll = tf.neg(tf.sum(tf.mul(tf.logSoftmax(z), tf.oneHot(i.y as tf.Tensor1D, z.shape[1])), 1));
    if (!weights) return tf.mean(nll);
    const w = tf.gather(weights(ctx), i.y);
    return tf.div(tf.sum(tf.mul(w, nll)), tf.sum(w));
  });
}

/** Class-balanced weights (Cui et al. 2019), normalised to sum to C. */
export function cbWeights(beta: number) {
  return (ctx: LossContext): tf.Tensor1D => {
    const eff = tf.div(tf.sub(1, tf.pow(beta, ctx.class_counts)), 1 - beta);
    const w = tf.div(1, eff);
    return tf.mul(w, tf.div(ctx.class_counts.shape[0], tf.sum(w))) as tf.Tensor1D;
  };
}

/** Stable binary cross-entropy on logits. */
export const bce: TrialLoss = single('bce', [{ name: 'z', role: 'logits' }, { name: 'y', role: 'binary' }], (i) => {
  const z = i.z, y = i.y;
  return tf.mean(tf.add(tf.sub(tf.relu(z), tf.mul(z, y)), tf.log1p(tf.exp(tf.neg(tf.abs(z))))));
});

/** Sigmoid focal loss (torchvision), γ = 2, α = 0.25. */
export const focal: TrialLoss = single('focal(gamma=2)', [{ name: 'z', role: 'logits' }, { name: 'y', role: 'binary' }], (i) => {
  const z = i.z, y = i.y;
  const ceTerm = tf.add(tf.sub(tf.relu(z), tf.mul(z, y)), tf.log1p(tf.exp(tf.neg(tf.abs(z)))));
  const p = tf.sigmoid(z);
  const pt = tf.add(tf.mul(p, y), tf.mul(tf.sub(1, p), tf.sub(1, y)));
  const at = tf.add(tf.mul(0.25, y), tf.mul(0.75, tf.sub(1, y)));
  return tf.mean(tf.mul(tf.mul(at, tf.square(tf.sub(1, pt))), ceTerm));
});

/** MSE between the prediction and the data target. */
export const mse: TrialLoss = single('mse', [{ name: 'x', role: 'target' }, { name: 't', role: 'target' }], (i) => tf.mean(tf.square(tf.sub(i.x, i.t))));

/**
 * A loss with named top-level terms, each a function of the bound inputs; with a combiner, the parts are
 * the tasks of one combiner call (`pcgrad(a, b)`), passed to the trial's combine callback.
 */
export function terms(label: string, inputs: TrialLoss['inputs'], parts: Record<string, (i: Inputs, ctx: LossContext, learned: Inputs) => tf.Scalar>, learnables: TrialLoss['learnables'] = [], combiner?: CombinerKind): TrialLoss {
  const names = Object.keys(parts);
  if (combiner) {
    return {
      label, inputs, learnables, termNames: [], combiner: { kind: combiner, tasks: names },
      evaluate: (i, learned, ctx, combine): LossValue => {
        const ts = names.map((n) => parts[n](i, ctx, learned));
        const defaults = ts.map(() => (combiner === 'mgda' ? 1 / ts.length : 1));
        return { total: combine ? combine(combiner, ts, defaults) : tf.addN(ts.map((t, k) => tf.mul(t, defaults[k]))) as tf.Scalar, terms: [] };
      },
    };
  }
  return {
    label, inputs, learnables, termNames: names,
    evaluate: (i, learned, ctx): LossValue => {
      const ts = names.map((n) => parts[n](i, ctx, learned));
      return { total: tf.addN(ts) as tf.Scalar, terms: ts };
    },
  };
}
