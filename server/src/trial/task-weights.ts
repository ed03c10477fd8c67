import type { CombinerSpec } from './loss.js';

// Loss-level task weights that the trial sets while training, for `gradnorm` and `dwa` written in a `.loss`
// file: the loss's evaluation multiplies each task loss by the current weight (a constant in the
// gradient), and after each step the weights move by the combiner's rule. Plain numbers: K is tiny.

export interface TaskWeights {
  /** The weights of the next evaluation, one per task. */
  readonly weights: readonly number[];
  /** Whether `update` needs each task's gradient norm on the last shared layer (an extra backward pass per task). */
  readonly needsGradNorms: boolean;
  /**
   * After a step: the task losses of that step and (GradNorm) ‖∇_W L_k‖ on the last shared layer.
   * `lr` is the trial's learning rate at this step.
   */
  update(taskLosses: readonly number[], sharedGradNorms: readonly number[] | undefined, lr: number): void;
}

/**
 * GradNorm (Chen et al. 2018): G_k = w_k·‖∇_W L_k‖ should track mean(G)·r_k^α, with r_k the task's
 * inverse training rate (L_k(t)/L_k(0), over its mean across tasks). The weights descend
 * Σ_k |G_k − target_k| (target held constant: ∂/∂w_k = sign(G_k − target_k)·‖∇_W L_k‖) with an Adam
 * step of the trial's learning rate, then are renormalised to sum to K.
 */
export class GradNormWeights implements TaskWeights {
  readonly needsGradNorms = true;
  private w: number[];
  private initial: number[] | undefined;
  private readonly m: number[];
  private readonly v: number[];
  private t = 0;

  constructor(readonly tasks: number, readonly alpha = 1.5) {
    this.w = new Array<number>(tasks).fill(1);
    this.m = new Array<number>(tasks).fill(0);
    this.v = new Array<number>(tasks).fill(0);
  }

  get weights(): readonly number[] {
    return this.w;
  }

  update(losses: readonly number[], norms: readonly number[] | undefined, lr: number): void {
    if (!norms || losses.some((l) => !Number.isFinite(l))) return;
    this.initial ??= losses.map((l) => (Math.abs(l) > 1e-12 ? l : 1e-12));
    const K = this.tasks;
    const ratio = losses.map((l, k) => l / this.initial![k]);
    const meanRatio = ratio.reduce((a, b) => a + b, 0) / K;
    const G = norms.map((n, k) => this.w[k] * n);
    const meanG = G.reduce((a, b) => a + b, 0) / K;
    this.t++;
    for (let k = 0; k < K; k++) {
      const r = meanRatio > 0 ? ratio[k] / meanRatio : 1;
      const target = meanG * Math.pow(Math.max(r, 0), this.alpha);
      const g = Math.sign(G[k] - target) * norms[k];
      this.m[k] = 0.9 * this.m[k] + 0.1 * g;
      this.v[k] = 0.999 * this.v[k] + 0.001 * g * g;
      const mh = this.m[k] / (1 - Math.pow(0.9, this.t)), vh = this.v[k] / (1 - Math.pow(0.999, this.t));
      this.w[k] = Math.max(1e-3, this.w[k] - (lr * mh) / (Math.sqrt(vh) + 1e-8));
    }
    const sum = this.w.reduce((a, b) => a + b, 0);
    this.w = this.w.map((x) => (x * K) / sum);
  }
}

/**
 * Dynamic Weight Average (Liu et al. 2019): w_k = K·softmax_k(r_k / T) with r_k = L̄_k(e−1)/L̄_k(e−2), the
 * ratio of the task's average loss over the last two epochs; w = 1 for the first two epochs. An epoch is
 * one pass over the training split (one step when training full-batch).
 */
export class DwaWeights implements TaskWeights {
  readonly needsGradNorms = false;
  private w: number[];
  private readonly history: number[][] = [];
  private sums: number[];
  private count = 0;

  constructor(readonly tasks: number, readonly T = 2, readonly stepsPerEpoch = 1) {
    if (!(T > 0)) throw new Error(`dwa: T must be positive, got ${T}`);
    this.w = new Array<number>(tasks).fill(1);
    this.sums = new Array<number>(tasks).fill(0);
  }

  get weights(): readonly number[] {
    return this.w;
  }

  update(losses: readonly number[]): void {
    losses.forEach((l, k) => { this.sums[k] += l; });
    if (++this.count < this.stepsPerEpoch) return;
    this.history.push(this.sums.map((s) => s / this.count));
    this.sums = new Array<number>(this.tasks).fill(0);
    this.count = 0;
    const h = this.history;
    if (h.length < 2) return;
    const last = h[h.length - 1], prev = h[h.length - 2];
    const r = last.map((l, k) => (prev[k] !== 0 ? l / prev[k] : 1) / this.T);
    const top = Math.max(...r);
    const e = r.map((x) => Math.exp(x - top));
    const sum = e.reduce((a, b) => a + b, 0);
    this.w = e.map((x) => (this.tasks * x) / sum);
  }
}

export function taskWeightsFor(c: CombinerSpec, stepsPerEpoch: number): TaskWeights | undefined {
  switch (c.kind) {
    case 'gradnorm': return new GradNormWeights(c.tasks.length, c.alpha ?? 1.5);
    case 'dwa': return new DwaWeights(c.tasks.length, c.T ?? 2, stepsPerEpoch);
    default: return undefined;
  }
}
