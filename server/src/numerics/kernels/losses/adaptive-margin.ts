import * as tf from '@tensorflow/tfjs-core';
import * as O from '../../ops.js';
import { fmt, requireLabelsFor, requireSameShape, values } from '../checks.js';
import { KernelError, type Kernel, type KernelArgs, type T } from '../kernel.js';

// 6. Adaptive margins. Hinge losses map 0/1 targets to ±1 (only 0/1 ones: tfjs's hingeLoss maps ±1
// labels to {−3, +1}); ASL follows the official implementation's math in log-sigmoid form; LDAM
// subtracts per-class margins C/n_c^{1/4} (largest = max_margin) from the true-class logit.

/** y as ±1: `signs` are used as given, `binary` mapped 2y − 1; without a role, by the values. */
function signsOf(fn: string, a: KernelArgs): T {
  const y = a.tensor('y');
  const role = a.role('y');
  if (role === 'signs') return y;
  if (role === 'binary' || role === 'multilabel') return tf.sub(tf.mul(y, 2), 1);
  const v = values(y);
  if (v.every((x) => x === 0 || x === 1)) return tf.sub(tf.mul(y, 2), 1);
  if (v.every((x) => x === -1 || x === 1)) return y;
  throw new KernelError(`${fn}: y must hold 0/1 or −1/+1 targets, found ${v.find((x) => x !== 0 && x !== 1 && x !== -1)}`);
}

function margin(fn: string, a: KernelArgs): T {
  const z = a.tensor('z');
  requireSameShape(fn, 'z', z, 'y', a.tensor('y'));
  return O.relu(tf.sub(a.tensor('margin'), tf.mul(signsOf(fn, a), z)));
}

/** log of the focusing weight w^γ for w ≥ 0, with 0^γ = 0 (γ > 0) or 1 (γ = 0) and no NaN gradient at 0. */
function powOfProb(w: T, gamma: T): T {
  const pos = O.compare('>', w, tf.scalar(0));
  const safe = O.select(pos, w, tf.scalar(1));
  const atZero = O.compare('==', gamma, tf.scalar(0));
  return O.select(pos, O.exp(tf.mul(gamma, tf.log(safe))), atZero);
}

export const ADAPTIVE_MARGIN_KERNELS: readonly Kernel[] = [
  { name: 'hinge', run: (a) => tf.mean(margin('hinge', a)) },
  { name: 'squared_hinge', run: (a) => tf.mean(tf.square(margin('squared_hinge', a))) },
  {
    name: 'asl',
    
    run: (a) => {
      const z = a.tensor('z');
      const y = a.tensor('y');
      requireSameShape('asl', 'z', z, 'y', y);
      const clip = a.number('clip');
      if (!(clip >= 0 && clip <= 1)) throw new KernelError(`asl: clip must lie in [0, 1], got ${clip}`);
      // Positives: y·(1 − p)^γ+·log p, with log p = log σ(z) and (1 − p)^γ+ = exp(γ+·log σ(−z)).
      const pos = tf.mul(O.exp(tf.mul(a.tensor('gamma_pos'), O.logSigmoid(tf.neg(z)))), O.logSigmoid(z));
      // Negatives: p_m^γ−·log(1 − p_m), p_m = max(p − m, 0), so 1 − p_m = min(σ(−z) + m, 1).
      let neg: T;
      if (clip === 0) {
        neg = tf.mul(O.exp(tf.mul(a.tensor('gamma_neg'), O.logSigmoid(z))), O.logSigmoid(tf.neg(z)));
      } else {
        const oneMinusPm = O.clamp(tf.add(O.sigmoid(tf.neg(z)), clip), undefined, tf.scalar(1));
        const pm = O.clamp(tf.sub(O.sigmoid(z), clip), tf.scalar(0));
        neg = tf.mul(powOfProb(pm, a.tensor('gamma_neg')), tf.log(oneMinusPm));
      }
      return tf.neg(tf.mean(tf.add(tf.mul(y, pos), tf.mul(tf.sub(1, y), neg))));
    },
  },
  {
    name: 'ldam',
    
    run: (a) => {
      const z = a.tensor('z');
      const y = a.tensor('y');
      requireLabelsFor('ldam', z, 'z', y, 'y');
      const n = values(a.tensor('class_counts'));
      const C = z.shape[z.rank - 1]!;
      if (n.length !== C) throw new KernelError(`ldam: class_counts has ${n.length} entries but z has C = ${C} classes (shape ${fmt(z.shape)})`);
      if (n.some((c) => !(c > 0))) throw new KernelError('ldam: class_counts must be positive');
      const raw = n.map((c) => 1 / c ** 0.25);
      const top = Math.max(...raw);
      const m = tf.tensor1d(raw.map((v) => (v * a.number('max_margin')) / top));
      const hot = O.oneHot(y, C);
      const adjusted = tf.mul(tf.sub(z, tf.mul(hot, m)), a.tensor('s'));
      const logp = O.logSoftmax(adjusted, -1);
      return tf.neg(tf.mean(tf.sum(tf.mul(hot, logp), -1)));
    },
  },
];
