import * as tf from '@tensorflow/tfjs-core';
import * as O from '../../ops.js';
import { fmt, requireSameShape } from '../checks.js';
import { KernelError, type Kernel, type KernelArgs, type T } from '../kernel.js';

// Base losses, each a mean over all elements (rows for the metric losses). BCE from logits in the
// softplus form; log-cosh as |r| + softplus(−2|r|) − log 2 (finite at r = 100, where cosh overflows).

/** Elementwise smooth-L1 (Huber divided by β): ½r²/β for |r| < β, |r| − ½β beyond; β = 0 gives |r|. */
export function smoothL1(x: T, t: T, beta: number): T {
  const d = tf.sub(x, t);
  const r = O.abs(d);
  if (beta === 0) return r;
  return O.select(O.compare('<', r, tf.scalar(beta)), tf.div(tf.mul(0.5, tf.square(d)), beta), tf.sub(r, 0.5 * beta));
}

/** Prediction and target, broadcast together (the mean runs over the broadcast shape, as in PyTorch). */
function regression(fn: string, a: KernelArgs): [T, T] {
  const x = a.tensor('x');
  const t = a.tensor('t');
  if (!O.broadcastShapes(x.shape, t.shape)) throw new KernelError(`${fn}: x has shape ${fmt(x.shape)} and t has shape ${fmt(t.shape)}; they must match or broadcast`);
  return [x, t];
}

/** Rows normalised to unit length along the last axis: x / max(‖x‖, 1e-12) (F.normalize). */
function normalizeRows(x: T): T {
  return tf.div(x, O.clamp(O.norm(x, 2, -1, true), tf.scalar(1e-12)));
}

export const BASE_KERNELS: readonly Kernel[] = [
  {
    name: 'bce',
    
    run: (a) => {
      const z = a.tensor('z');
      const y = a.tensor('y');
      requireSameShape('bce', 'z', z, 'y', y);
      return tf.mean(tf.sub(O.softplus(z), tf.mul(z, y)));
    },
  },
  { name: 'mse', run: (a) => { const [x, t] = regression('mse', a); return tf.mean(tf.square(tf.sub(x, t))); } },
  { name: 'mae', run: (a) => { const [x, t] = regression('mae', a); return tf.mean(O.abs(tf.sub(x, t))); } },
  {
    name: 'huber',
    
    run: (a) => {
      const [x, t] = regression('huber', a);
      const delta = a.number('delta');
      if (!(delta > 0)) throw new KernelError(`huber: delta must be positive, got ${delta}`);
      return tf.mean(tf.mul(smoothL1(x, t, delta), delta));
    },
  },
  {
    name: 'smooth_l1',
    
    run: (a) => {
      const [x, t] = regression('smooth_l1', a);
      const beta = a.number('beta');
      if (!(beta >= 0)) throw new KernelError(`smooth_l1: beta must be ≥ 0, got ${beta}`);
      return tf.mean(smoothL1(x, t, beta));
    },
  },
  {
    name: 'log_cosh',
    
    run: (a) => {
      const [x, t] = regression('log_cosh', a);
      const r = O.abs(tf.sub(x, t));
      return tf.mean(tf.sub(tf.add(r, O.softplus(tf.mul(r, -2))), Math.LN2));
    },
  },
  {
    name: 'quantile',
    
    run: (a) => {
      const [x, t] = regression('quantile', a);
      const q = a.tensor('q');
      const r = tf.sub(t, x);
      return tf.mean(O.maximum(tf.mul(q, r), tf.mul(tf.sub(q, 1), r)));
    },
  },
  {
    name: 'contrastive',
    
    run: (a) => {
      const d = a.tensor('d');
      const y = a.tensor('y');
      requireSameShape('contrastive', 'd', d, 'y', y);
      const push = tf.square(O.relu(tf.sub(a.tensor('margin'), d)));
      return tf.mean(tf.add(tf.mul(y, tf.square(d)), tf.mul(tf.sub(1, y), push)));
    },
  },
  {
    name: 'triplet',
    
    run: (a) => {
      const an = a.tensor('a');
      const p = a.tensor('p');
      const n = a.tensor('n');
      requireSameShape('triplet', 'a', an, 'p', p);
      requireSameShape('triplet', 'a', an, 'n', n);
      if (an.rank < 1) throw new KernelError('triplet: a, p and n must be embeddings with the feature axis last');
      // torch.pairwise_distance: ‖x − y + ε‖ with ε = 1e-6.
      const dist = (u: T, v: T) => O.norm(tf.add(tf.sub(u, v), 1e-6), 2, -1, false);
      return tf.mean(O.relu(tf.add(tf.sub(dist(an, p), dist(an, n)), a.tensor('margin'))));
    },
  },
  {
    name: 'infonce',
    
    run: (a) => {
      const q = a.tensor('q');
      const k = a.tensor('k');
      if (q.rank !== 2 || k.rank !== 2 || q.shape[0] !== k.shape[0] || q.shape[1] !== k.shape[1]) {
        throw new KernelError(`infonce: q and k must both be N×D with the same N and D, got ${fmt(q.shape)} and ${fmt(k.shape)}`);
      }
      const logits = tf.div(tf.matMul(normalizeRows(q), normalizeRows(k), false, true), a.tensor('tau'));
      const logp = O.logSoftmax(logits, -1);
      return tf.neg(tf.mean(tf.sum(tf.mul(tf.eye(q.shape[0]!), logp), -1)));
    },
  },
];
