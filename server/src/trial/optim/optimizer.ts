import { tf } from '../tfjs.js';
import { constant, type Schedule } from './schedule.js';

// Optimizers over one flat parameter vector (see models/params.ts): a dozen kernels per step whatever the
// model size. Formulas follow PyTorch (torch.optim.SGD with momentum/dampening 0, Adam, AdamW), including
// coupled L2 weight decay for sgd/momentum/adam and decoupled decay for adamw. `learn` values are excluded
// from weight decay through the mask.

export type OptimizerKind = 'sgd' | 'momentum' | 'adam' | 'adamw';

export interface OptimizerSpec {
  readonly kind: OptimizerKind;
  readonly lr: number | Schedule;
  readonly momentum: number;
  readonly nesterov: boolean;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weight_decay: number;
}

export const OPTIMIZER_DEFAULTS: Record<OptimizerKind, OptimizerSpec> = {
  sgd: { kind: 'sgd', lr: 0.1, momentum: 0, nesterov: false, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0 },
  momentum: { kind: 'momentum', lr: 0.05, momentum: 0.9, nesterov: false, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0 },
  adam: { kind: 'adam', lr: 0.01, momentum: 0, nesterov: false, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0 },
  adamw: { kind: 'adamw', lr: 0.01, momentum: 0, nesterov: false, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0.01 },
};

export function optimizerSpec(kind: OptimizerKind, over: Partial<OptimizerSpec> = {}): OptimizerSpec {
  const base = OPTIMIZER_DEFAULTS[kind];
  if (!base) throw new Error(`unknown optimizer '${kind}' (known: ${Object.keys(OPTIMIZER_DEFAULTS).join(', ')})`);
  const s = { ...base, ...over, kind };
  if (typeof s.lr === 'number' && !(s.lr > 0 && Number.isFinite(s.lr))) throw new Error(`lr must be a positive number, got ${s.lr}`);
  if (!(s.momentum >= 0 && s.momentum < 1)) throw new Error(`momentum must be in [0, 1), got ${s.momentum}`);
  if (!(s.beta1 >= 0 && s.beta1 < 1)) throw new Error(`beta1 must be in [0, 1), got ${s.beta1}`);
  if (!(s.beta2 >= 0 && s.beta2 < 1)) throw new Error(`beta2 must be in [0, 1), got ${s.beta2}`);
  if (!(s.eps > 0)) throw new Error(`eps must be positive, got ${s.eps}`);
  if (!(s.weight_decay >= 0)) throw new Error(`weight_decay must be ≥ 0, got ${s.weight_decay}`);
  return s;
}

export class FlatOptimizer {
  private readonly lr: Schedule;
  private readonly mask: tf.Tensor1D | undefined;
  private m: tf.Tensor1D | undefined;
  private v: tf.Tensor1D | undefined;
  private t = 0;

  constructor(readonly spec: OptimizerSpec, size: number, decayMask?: Float32Array) {
    this.lr = typeof spec.lr === 'number' ? constant(spec.lr) : spec.lr;
    if (spec.weight_decay > 0) this.mask = tf.tensor1d(decayMask ?? new Float32Array(size).fill(1));
    if (spec.kind !== 'sgd' || spec.momentum > 0) this.m = tf.zeros([size]);
    if (spec.kind === 'adam' || spec.kind === 'adamw') this.v = tf.zeros([size]);
  }

  /** The learning rate at this progress (for the series). */
  learningRate(progress: number): number {
    return this.lr(progress);
  }

  /** Returns the updated parameters; disposes neither `theta` nor `grad`. */
  step(theta: tf.Tensor1D, grad: tf.Tensor1D, progress: number): tf.Tensor1D {
    const s = this.spec;
    const lr = this.lr(progress);
    this.t++;
    const [next, m, v] = tf.tidy((): [tf.Tensor1D, tf.Tensor1D | undefined, tf.Tensor1D | undefined] => {
      let g: tf.Tensor1D = grad;
      let p: tf.Tensor1D = theta;
      if (this.mask && s.kind !== 'adamw') g = tf.add(g, tf.mul(tf.mul(theta, this.mask), s.weight_decay)) as tf.Tensor1D;
      if (this.mask && s.kind === 'adamw') p = tf.sub(theta, tf.mul(tf.mul(theta, this.mask), lr * s.weight_decay)) as tf.Tensor1D;
      if (s.kind === 'adam' || s.kind === 'adamw') {
        const m = tf.add(tf.mul(this.m!, s.beta1), tf.mul(g, 1 - s.beta1));
        const v = tf.add(tf.mul(this.v!, s.beta2), tf.mul(tf.square(g), 1 - s.beta2));
        const bc1 = 1 - Math.pow(s.beta1, this.t), bc2 = 1 - Math.pow(s.beta2, this.t);
        const denom = tf.add(tf.mul(tf.sqrt(v), 1 / Math.sqrt(bc2)), s.eps);
        return [tf.sub(p, tf.mul(tf.div(m, denom), lr / bc1)), m, v] as [tf.Tensor1D, tf.Tensor1D, tf.Tensor1D];
      }
      if (this.m) {
        // PyTorch SGD momentum: buf = μ·buf + g (the first step's buf is g), step = g + μ·buf (Nesterov) or buf.
        const buf = this.t === 1 ? g : tf.add(tf.mul(this.m, s.momentum), g);
        const dir = s.nesterov ? tf.add(g, tf.mul(buf, s.momentum)) : buf;
        return [tf.sub(p, tf.mul(dir, lr)), tf.clone(buf), undefined] as [tf.Tensor1D, tf.Tensor1D, undefined];
      }
      return [tf.sub(p, tf.mul(g, lr)) as tf.Tensor1D, undefined, undefined];
    });
    if (m) { this.m?.dispose(); this.m = m; }
    if (v) { this.v?.dispose(); this.v = v; }
    return next;
  }

  dispose(): void {
    this.mask?.dispose();
    this.m?.dispose();
    this.v?.dispose();
    this.m = this.v = undefined;
  }
}
