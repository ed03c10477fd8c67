import * as tf from '@tensorflow/tfjs-core';
import { logOf } from '../../log-twins.js';
import * as O from '../../ops.js';
import { fmt, requireRank, requireSameShape } from '../checks.js';
import { KernelError, type Kernel, type KernelArgs, type T } from '../kernel.js';
import { smoothL1 } from './base.js';

// 7. Distillation. Divergences take rows along the last axis and average over rows ("batchmean"), with
// 0·log 0 = 0: where p = 0 a term is 0 whatever q is, value and gradient. Probabilities made by softmax
// bring their exact logarithms (log-twins.ts), so kl(softmax(a), softmax(b)) stays finite where the
// probabilities underflow. KD works from logits in log space; the relational losses use clamped
// distances and normalisations (no NaN at coincident points).

const positive = (x: T) => O.compare('>', x, tf.scalar(0));

/** log x where `where` > 0 (exact when x knows its log), 0 elsewhere: no log 0 in value or gradient. */
function safeLog(x: T, where: T): T {
  const exact = logOf(x);
  return O.select(positive(where), exact ?? tf.log(O.select(positive(where), x, tf.scalar(1))), tf.scalar(0));
}

/** Rows of Σ p·(log p − log q), with 0·log 0 = 0; `logq` defaults to the (exact) log of q. */
function klRows(p: T, q: T, logq?: T): T {
  const lq = logq ?? safeLog(q, p);
  return tf.sum(O.select(positive(p), tf.mul(p, tf.sub(safeLog(p, p), lq)), tf.scalar(0)), -1);
}

function pair(fn: string, a: KernelArgs, an: string, bn: string): [T, T] {
  const x = a.tensor(an);
  const y = a.tensor(bn);
  requireSameShape(fn, an, x, bn, y);
  requireRank(fn, an, x, 1, 'distributions along the last axis');
  return [x, y];
}

/** Pairwise Euclidean distances of the rows of e (N×D): √max(Σ(eᵢ − eⱼ)², 1e-12), diagonal exactly 0. */
function pairwiseDistances(e: T): T {
  const diff = tf.sub(tf.expandDims(e, 1), tf.expandDims(e, 0));
  const d = tf.sqrt(O.clamp(tf.sum(tf.square(diff), -1), tf.scalar(1e-12)));
  return O.select(tf.eye(e.shape[0]!), tf.scalar(0), d);
}

/** Divides by the mean of the positive entries (the off-diagonal distances). */
function byMeanPositive(d: T): T {
  const pos = O.compare('>', d, tf.scalar(0));
  return tf.div(d, tf.div(tf.sum(tf.mul(d, pos)), O.maximum(tf.sum(pos), tf.scalar(1))));
}

/** Cosines of the angles e_j − e_i, e_k − e_i at every i (N×N×N); degenerate (j = i) directions are 0. */
function angles(e: T): T {
  const N = e.shape[0]!;
  const diff = tf.sub(tf.expandDims(e, 0), tf.expandDims(e, 1));
  const n = O.clamp(O.norm(diff, 2, -1, true), tf.scalar(1e-12));
  const unit = O.select(tf.expandDims(tf.eye(N), -1), tf.scalar(0), tf.div(diff, n));
  return tf.matMul(unit, unit, false, true);
}

function embeddings(fn: string, a: KernelArgs): [T, T] {
  const s = a.tensor('fs');
  const t = a.tensor('ft');
  if (s.rank !== 2 || t.rank !== 2) throw new KernelError(`${fn}: fs and ft must be N×D embeddings, got shapes ${fmt(s.shape)} and ${fmt(t.shape)}`);
  if (s.shape[0] !== t.shape[0]) throw new KernelError(`${fn}: fs has ${s.shape[0]} rows but ft has ${t.shape[0]}; the same samples are needed`);
  if (s.shape[0]! < 2) throw new KernelError(`${fn}: at least two samples are needed for relations`);
  return [s, t];
}

export const DISTILLATION_KERNELS: readonly Kernel[] = [
  {
    name: 'kl',
    
    run: (a) => {
      const [p, q] = pair('kl', a, 'p', 'q');
      return tf.mean(klRows(p, q));
    },
  },
  {
    name: 'js',
    run: (a) => {
      const [p, q] = pair('js', a, 'p', 'q');
      const m = tf.mul(tf.add(p, q), 0.5);
      const lp = logOf(p);
      const lq = logOf(q);
      // log M = logaddexp(log p, log q) − log 2 when both logs are exact, else log of M itself.
      const logm = lp && lq ? tf.sub(O.logSumExp(tf.stack([lp, lq], -1), -1, false), Math.LN2) : undefined;
      return tf.mul(0.5, tf.mean(tf.add(klRows(p, m, logm), klRows(q, m, logm))));
    },
  },
  {
    name: 'kd',
    
    run: (a) => {
      const [s, t] = pair('kd', a, 's', 't');
      const T = a.tensor('T');
      const logq = O.logSoftmax(tf.div(t, T), -1);
      const logp = O.logSoftmax(tf.div(s, T), -1);
      const rows = tf.sum(tf.mul(O.exp(logq), tf.sub(logq, logp)), -1);
      return tf.mul(tf.square(T), tf.mean(rows));
    },
  },
  {
    name: 'hint',
    
    run: (a) => {
      const s = a.tensor('fs');
      const t = a.tensor('ft');
      requireSameShape('hint', 'fs', s, 'ft', t);
      return tf.mean(tf.square(tf.sub(s, t)));
    },
  },
  {
    name: 'rkd_distance',
    
    run: (a) => {
      const [s, t] = embeddings('rkd_distance', a);
      return tf.mean(smoothL1(byMeanPositive(pairwiseDistances(s)), byMeanPositive(pairwiseDistances(t)), 1));
    },
  },
  {
    name: 'rkd_angle',
    
    run: (a) => {
      const [s, t] = embeddings('rkd_angle', a);
      return tf.mean(smoothL1(angles(s), angles(t), 1));
    },
  },
];
