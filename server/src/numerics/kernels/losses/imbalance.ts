import * as tf from '@tensorflow/tfjs-core';
import * as O from '../../ops.js';
import { fmt, requireLabelValues, requireRank, values } from '../checks.js';
import { KernelError, type Kernel, type KernelArgs, type T } from '../kernel.js';
import { classVector, crossSum, targetForm } from '../likelihood.js';

// 4. Imbalance correction: PyTorch's cross-entropy conventions (weighted mean Σw_yℓ/Σw_y, label
// smoothing), negative log-likelihood, class weights from counts (computed in double precision: they
// are constants), and the center loss with its learnable prototypes.

export function crossEntropy(a: KernelArgs, fn: string): T {
  const z = a.tensor('z');
  const y = a.tensor('y');
  requireRank(fn, 'z', z, 1, 'logits with the class axis last');
  const C = z.shape[z.rank - 1]!;
  const wArg = a.optTensor('weight');
  const w = wArg ? classVector(fn, 'weight', wArg, C) : undefined;
  const eps = a.number('label_smoothing');
  if (!(eps >= 0 && eps <= 1)) throw new KernelError(`${fn}: label_smoothing must lie in [0, 1], got ${eps}`);
  const logp = O.logSoftmax(z, -1);
  const form = targetForm(fn, z, 'z', y, 'y', a.role('y'));

  if (form === 'probs') {
    const q = eps > 0 ? tf.add(tf.mul(y, 1 - eps), eps / C) : y;
    return tf.neg(tf.mean(crossSum(w ? tf.mul(q, w) : q, logp)));
  }
  const hot = O.oneHot(y, C);
  const nll = tf.neg(tf.sum(tf.mul(hot, logp), -1));
  const wy = w ? tf.sum(tf.mul(hot, w), -1) : undefined;
  const denom = wy ? tf.sum(wy) : tf.scalar(nll.size);
  const main = tf.div(tf.sum(wy ? tf.mul(wy, nll) : nll), denom);
  if (eps === 0) return main;
  const smooth = tf.neg(tf.sum(w ? tf.mul(logp, w) : logp, -1));
  return tf.add(tf.mul(main, 1 - eps), tf.mul(tf.div(tf.sum(smooth), denom), eps / C));
}

function counts(fn: string, a: KernelArgs): number[] {
  const n = a.tensor('class_counts');
  if (n.rank !== 1 || n.size === 0) throw new KernelError(`${fn}: class_counts must be a vector of per-class counts, got shape ${fmt(n.shape)}`);
  const v = values(n);
  const bad = v.find((c) => !(c > 0) || !Number.isFinite(c));
  if (bad !== undefined) throw new KernelError(`${fn}: class_counts must be positive, found ${bad}`);
  return v;
}

export const IMBALANCE_KERNELS: readonly Kernel[] = [
  { name: 'ce', run: (a) => crossEntropy(a, 'ce') },
  {
    name: 'nll',
    run: (a) => {
      const logp = a.tensor('logp');
      const y = a.tensor('y');
      requireRank('nll', 'logp', logp, 1, 'log-probabilities with the class axis last');
      if (targetForm('nll', logp, 'logp', y, 'y', a.role('y')) === 'probs') return tf.neg(tf.mean(crossSum(y, logp)));
      return tf.neg(tf.mean(O.gatherLast(logp, y)));
    },
  },
  {
    name: 'cb_weights',
    run: (a) => {
      const n = counts('cb_weights', a);
      const beta = a.number('beta');
      if (!(beta >= 0 && beta < 1)) throw new KernelError(`cb_weights: beta must lie in [0, 1), got ${beta}`);
      const inv = n.map((c) => (1 - beta) / (1 - beta ** c));
      const s = inv.reduce((x, y) => x + y, 0);
      return tf.tensor1d(inv.map((v) => (v * n.length) / s));
    },
  },
  {
    name: 'inv_freq',
    run: (a) => {
      const n = counts('inv_freq', a);
      const total = n.reduce((x, y) => x + y, 0);
      return tf.tensor1d(n.map((c) => total / (n.length * c)));
    },
  },
  {
    name: 'center',
    run: (a, rt) => {
      const f = a.tensor('features');
      const y = a.tensor('y');
      if (f.rank !== 2) throw new KernelError(`center: features must be N×D, got shape ${fmt(f.shape)}`);
      if (y.rank !== 1 || y.shape[0] !== f.shape[0]) throw new KernelError(`center: y has shape ${fmt(y.shape)} but features has shape ${fmt(f.shape)}; it needs one class index per row (shape [${f.shape[0]}])`);
      const given = rt.context('num_classes');
      const labels = values(y);
      const C = given === undefined ? Math.max(0, ...labels) + 1 : typeof given === 'number' ? given : given.dataSync()[0]!;
      requireLabelValues('center', 'y', y, C);
      const centers = rt.learnable('centers', () => tf.zeros([C, f.shape[1]!]));
      if (centers.rank !== 2 || centers.shape[0]! < C || centers.shape[1] !== f.shape[1]) {
        throw new KernelError(`center: the prototypes have shape ${fmt(centers.shape)} but need ${C}×${f.shape[1]}`);
      }
      const cy = tf.matMul(O.oneHot(y, centers.shape[0]!), centers);
      return tf.mean(tf.mul(0.5, tf.sum(tf.square(tf.sub(f, cy)), -1)));
    },
  },
];
