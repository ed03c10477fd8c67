import * as tf from '@tensorflow/tfjs-core';
import * as O from '../../ops.js';
import { fmt, requireRank, requireSameShape, sameShape, values } from '../checks.js';
import { KernelError, type Kernel, type KernelArgs, type T } from '../kernel.js';
import { classVector, targetForm } from '../likelihood.js';

// 1. Dynamic weighting. Focal loss in log space: log p_t and log(1 − p_t) come from the logits, never
// from probabilities, so confident examples (|z| ≥ 17, where 1 − σ(z) rounds to 0) keep finite values
// and gradients for every γ ≥ 0; the overlap losses (Dice, Tversky) pool per class or over the batch.

/** α is "disabled" when it is a negative scalar (torchvision: `if alpha >= 0`). */
function alphaOf(a: KernelArgs): T | undefined {
  const alpha = a.tensor('alpha');
  if (alpha.rank === 0 && values(alpha)[0]! < 0) return undefined;
  return alpha;
}

function focalSigmoid(z: T, y: T, gamma: T, alpha: T | undefined): T {
  // −log p_t = softplus(z) − z·y (BCE with logits); log(1 − p_t) = log σ(−s·z) with s = 2y − 1.
  const ce = tf.sub(O.softplus(z), tf.mul(z, y));
  const s = tf.sub(tf.mul(y, 2), 1);
  const modulating = O.exp(tf.mul(gamma, O.logSigmoid(tf.neg(tf.mul(s, z)))));
  let loss = tf.mul(modulating, ce);
  if (alpha) loss = tf.mul(loss, tf.add(tf.mul(y, alpha), tf.mul(tf.sub(1, y), tf.sub(1, alpha))));
  return tf.mean(loss);
}

function focalSoftmax(z: T, y: T, gamma: T, alpha: T | undefined): T {
  const C = z.shape[z.rank - 1]!;
  const hot = O.oneHot(y, C);
  const lse = O.logSumExp(z, -1, false);
  const logpY = tf.sub(tf.sum(tf.mul(hot, z), -1), lse);
  // log(1 − p_y) = logsumexp over the other classes − logsumexp over all: finite whenever C ≥ 2.
  const others = O.select(hot, tf.scalar(-Infinity), z);
  const log1mp = tf.sub(O.logSumExp(others, -1, false), lse);
  let loss = tf.neg(tf.mul(O.exp(tf.mul(gamma, log1mp)), logpY));
  if (alpha) loss = tf.mul(loss, alpha.rank === 0 ? alpha : tf.sum(tf.mul(hot, classVector('focal', 'alpha', alpha, C)), -1));
  return tf.mean(loss);
}

type Overlap = { tp: T; fp: T; fn: T };

/** TP, FP, FN summed over the whole batch, or per class (class axis last) for onehot/multilabel targets. */
function overlap(fn: string, a: KernelArgs): Overlap {
  const p = a.tensor('p');
  const y = a.tensor('y');
  requireSameShape(fn, 'p', p, 'y', y);
  const role = a.role('y');
  const perClass = (role === 'onehot' || role === 'multilabel') && p.rank >= 1;
  const axes = perClass ? p.shape.slice(0, -1).map((_, i) => i) : undefined;
  const sum = (x: T) => (axes === undefined ? tf.sum(x) : axes.length === 0 ? x : tf.sum(x, axes));
  return {
    tp: sum(tf.mul(p, y)),
    fp: sum(tf.mul(p, tf.sub(1, y))),
    fn: sum(tf.mul(tf.sub(1, p), y)),
  };
}

function tverskyIndex(o: Overlap, alpha: T, beta: T, smooth: T): T {
  const num = tf.add(o.tp, smooth);
  return tf.div(num, tf.add(tf.add(num, tf.mul(alpha, o.fp)), tf.mul(beta, o.fn)));
}

export const DYNAMIC_WEIGHTING_KERNELS: readonly Kernel[] = [
  {
    name: 'focal',
    run: (a) => {
      const z = a.tensor('z');
      const y = a.tensor('y');
      const gamma = a.tensor('gamma');
      const role = a.role('y');
      const softmaxForm = role === 'labels' || (role === undefined && z.rank >= 2 && !sameShape(y.shape, z.shape));
      if (softmaxForm) {
        requireRank('focal', 'z', z, 2, 'N×C logits for class-index labels');
        targetForm('focal', z, 'z', y, 'y', 'labels');
        return focalSoftmax(z, y, gamma, alphaOf(a));
      }
      if (!sameShape(y.shape, z.shape)) throw new KernelError(`focal: y has shape ${fmt(y.shape)} but z has shape ${fmt(z.shape)}; 0/1 targets need the shape of the logits (class indices need the \`labels\` role)`);
      return focalSigmoid(z, y, gamma, alphaOf(a));
    },
  },
  {
    name: 'dice',
    run: (a) => {
      const o = overlap('dice', a);
      const s = a.tensor('smooth');
      const d = tf.div(tf.add(tf.mul(2, o.tp), s), tf.add(tf.add(tf.add(tf.mul(2, o.tp), o.fp), o.fn), s));
      return tf.mean(tf.sub(1, d));
    },
  },
  {
    name: 'tversky',
    run: (a) => {
      const o = overlap('tversky', a);
      return tf.mean(tf.sub(1, tverskyIndex(o, a.tensor('alpha'), a.tensor('beta'), a.tensor('smooth'))));
    },
  },
  {
    name: 'focal_tversky',
    run: (a) => {
      const o = overlap('focal_tversky', a);
      const ti = tverskyIndex(o, a.tensor('alpha'), a.tensor('beta'), a.tensor('smooth'));
      return tf.mean(O.pow(tf.sub(1, ti), a.tensor('gamma')));
    },
  },
  {
    name: 'gradnorm',
    run: (a, rt) => {
      const ls = a.list('l');
      return rt.combine('gradnorm', ls, ls.map(() => 1));
    },
  },
];
