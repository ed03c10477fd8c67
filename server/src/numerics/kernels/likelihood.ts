import * as tf from '@tensorflow/tfjs-core';
import type { Role } from '../../core/builtins/roles.js';
import * as O from '../ops.js';
import { fmt, requireLabelsFor, sameShape } from './checks.js';
import { KernelError, type T } from './kernel.js';

// The two target forms of the likelihood losses (ce, nll, focal's softmax form): class indices, one per
// row, or class probabilities with the class axis last. The role decides; without one, the shape does.

export type TargetForm = 'index' | 'probs';

const INDEX_ROLES: readonly Role[] = ['labels'];
const PROB_ROLES: readonly Role[] = ['onehot', 'probs', 'multilabel', 'binary'];

export function targetForm(fn: string, z: T, zn: string, y: T, yn: string, role: Role | undefined): TargetForm {
  let form: TargetForm | undefined;
  if (role && INDEX_ROLES.includes(role)) form = 'index';
  else if (role && PROB_ROLES.includes(role)) form = 'probs';
  else if (sameShape(y.shape, z.shape) && z.rank >= 2) form = 'probs';
  else form = 'index';
  if (form === 'index') requireLabelsFor(fn, z, zn, y, yn);
  else if (!sameShape(y.shape, z.shape)) {
    throw new KernelError(`${fn}: ${yn} has shape ${fmt(y.shape)} but ${zn} has shape ${fmt(z.shape)}; class-probability targets must have the shape of ${zn}`);
  }
  return form;
}

/** A per-class vector (length C), for weights and α. */
export function classVector(fn: string, name: string, w: T, C: number): T {
  if (w.rank === 0) return w;
  if (w.rank !== 1 || w.shape[0] !== C) throw new KernelError(`${fn}: ${name} must be a scalar or a vector of length C = ${C}, got shape ${fmt(w.shape)}`);
  return w;
}

/** Σ_c q_c·logp_c along the last axis, taking 0·log 0 = 0 (log-probabilities may be −∞ where q = 0). */
export function crossSum(q: T, logp: T): T {
  return tf.sum(O.select(O.compare('!=', q, tf.scalar(0)), tf.mul(q, logp), tf.scalar(0)), -1);
}
