import { MODEL_HEADS } from '../../core/builtins/trial-vocabulary.js';
import { tf } from '../tfjs.js';
import { Rng, streamSeed } from '../random.js';
import { ACTIVATIONS, isActivation, type Activation } from './activations.js';
import { dense } from './dense.js';
import { fakeQuantWeights } from './fake-quant.js';
import { heInit, ParamLayout, paramOf, type ParamEntry, type ParamSource } from './params.js';
import { SpectralState } from './spectral-norm.js';

// The trial models: `linear` (no hidden layer) and `mlp`, built from explicit parameter slices of one flat
// vector (see params.ts) rather than tf.layers, so every loss of a seed starts from the same weights and
// quantisation and spectral normalisation are plain functions of the kernels. One output layer feeds every
// head (columns split afterwards): fewer, larger kernels.

export interface MlpSpec {
  readonly kind: 'mlp' | 'linear';
  readonly hidden: readonly number[];
  readonly activation: Activation;
  /** Dropout rate after each hidden layer, in training passes only. */
  readonly dropout: number;
  /** Fake-quantise every kernel to this many bits in training and evaluation (QAT); null: float. */
  readonly quantize: number | null;
  readonly spectral_norm: boolean;
  /**
   * `cosine`: the class logits are cosine similarities between the last hidden layer and each class's
   * weight column, both normalised to unit length, without bias — the head margin losses assume (LDAM's
   * s = 30, CosFace, ArcFace), values in [−1, 1]. Other outputs (a regression head) stay linear.
   */
  readonly head: 'linear' | 'cosine';
}

export const MLP_DEFAULTS: MlpSpec = { kind: 'mlp', hidden: [32, 32], activation: 'relu', dropout: 0, quantize: null, spectral_norm: false, head: 'linear' };
export const LINEAR_DEFAULTS: MlpSpec = { ...MLP_DEFAULTS, kind: 'linear', hidden: [] };

/** One output of the model: `dim` columns of the output layer; `squeeze` drops the axis when dim = 1. */
export interface HeadSpec {
  readonly name: string;
  readonly dim: number;
  readonly squeeze: boolean;
}

export interface ForwardOptions {
  readonly training: boolean;
  /** Seed of this pass's dropout masks (a second pass with another seed gives R-Drop's second view). */
  readonly dropoutSeed?: number;
  /** undefined: the model's own `quantize`; null: full precision; a number: quantise to that many bits. */
  readonly quantize?: number | null;
  readonly state?: ModelState;
}

export interface ForwardResult {
  readonly heads: Readonly<Record<string, tf.Tensor>>;
  /** The last hidden layer (the input itself for a linear model): the `features` role. */
  readonly features: tf.Tensor2D;
}

/** Per-run mutable state of a model (spectral-norm power-iteration vectors). */
export interface ModelState {
  readonly spectral?: SpectralState;
  dispose(): void;
}

export class Mlp {
  readonly layout = new ParamLayout();
  private readonly kernels: ParamEntry[] = [];
  private readonly biases: ParamEntry[] = [];

  constructor(readonly spec: MlpSpec, readonly inputDim: number, readonly heads: readonly HeadSpec[], prefix = '') {
    checkSpec(spec);
    if (heads.length === 0) throw new Error('a model needs at least one output head');
    if (spec.head === 'cosine' && !heads.some((h) => h.name === 'logits')) throw new Error('head="cosine" makes class logits cosine similarities, but this model has no logits (classification or multi-label data)');
    const widths = [inputDim, ...(spec.kind === 'linear' ? [] : spec.hidden), heads.reduce((a, h) => a + h.dim, 0)];
    // Kernels first, then biases: the `weights` a regulariser sees is one contiguous slice.
    for (let i = 0; i + 1 < widths.length; i++) this.kernels.push(this.layout.add(`${prefix}W${i}`, [widths[i], widths[i + 1]], 'kernel'));
    for (let i = 0; i + 1 < widths.length; i++) this.biases.push(this.layout.add(`${prefix}b${i}`, [widths[i + 1]], 'bias'));
  }

  get kernelSpan(): { offset: number; size: number } {
    const last = this.kernels[this.kernels.length - 1];
    return { offset: this.kernels[0].offset, size: last.offset + last.size - this.kernels[0].offset };
  }

  /** The last layer shared by every output head (the last hidden kernel; the output kernel of a linear model): GradNorm's W. */
  get lastSharedKernel(): ParamEntry {
    return this.kernels[Math.max(0, this.kernels.length - 2)];
  }

  /** Initial parameter values, written into `into` (a player's flat vector may hold more after them). */
  init(seed: number, into: Float32Array = new Float32Array(this.layout.size), label = 'init'): Float32Array {
    const rng = new Rng(seed, label);
    for (const e of this.layout.entries) heInit(into, e, rng);
    return into;
  }

  createState(seed: number): ModelState {
    if (!this.spec.spectral_norm) return { dispose() {} };
    const spectral = new SpectralState(this.kernels.map((k) => k.shape), new Rng(seed, 'spectral-u'));
    return { spectral, dispose: () => spectral.dispose() };
  }

  /** Before a training step: advance the spectral-norm power iteration on the current weights. */
  beforeStep(theta: ParamSource, state: ModelState): void {
    if (!state.spectral) return;
    const ws = tf.tidy(() => this.kernels.map((k) => tf.clone(paramOf(theta, k)) as tf.Tensor2D));
    state.spectral.iterate(ws);
    for (const w of ws) w.dispose();
  }

  /** The kernel tensors (biases excluded): what `l1(weights)`/`l2(weights)` see, as a list. */
  kernelsOf(theta: ParamSource): tf.Tensor[] {
    return this.kernels.map((k) => paramOf(theta, k));
  }

  forward(theta: ParamSource, x: tf.Tensor2D, opts: ForwardOptions): ForwardResult {
    const bits = opts.quantize === undefined ? this.spec.quantize : opts.quantize;
    const quant = bits === null ? undefined : fakeQuantWeights(bits);
    const spectral = opts.state?.spectral;
    const act = this.spec.activation;
    let h: tf.Tensor2D = x;
    const last = this.kernels.length - 1;
    let features: tf.Tensor2D | undefined;
    for (let i = 0; i <= last; i++) {
      let w = paramOf(theta, this.kernels[i]) as tf.Tensor2D;
      if (spectral) w = spectral.normalise(w, i);
      if (quant) w = quant(w) as tf.Tensor2D;
      const bias = paramOf(theta, this.biases[i]);
      if (i === last && this.spec.head === 'cosine') h = this.cosineOutput(h, w, bias);
      else if (i === last || act === 'linear') h = dense(h, w, bias, false);
      else if (act === 'relu') h = dense(h, w, bias, true);
      else h = ACTIVATIONS[act](dense(h, w, bias, false)) as tf.Tensor2D;
      if (i < last && opts.training && this.spec.dropout > 0) {
        h = tf.dropout(h, this.spec.dropout, undefined, streamSeed(opts.dropoutSeed ?? 0, `dropout:${i}`)) as tf.Tensor2D;
      }
      if (i === last - 1) features = h;
    }
    return { heads: this.splitHeads(h), features: features ?? x };
  }

  /** The output layer of a cosine head: cos(h, w_c) for the logits' columns, h·W + b for any other head. */
  private cosineOutput(h: tf.Tensor2D, w: tf.Tensor2D, bias: tf.Tensor): tf.Tensor2D {
    // √(Σx² + ε) rather than tf.norm: finite gradients at a zero row.
    const unit = (x: tf.Tensor2D, axis: 0 | 1): tf.Tensor2D => tf.div(x, tf.sqrt(tf.add(tf.sum(tf.square(x), axis, true), 1e-12))) as tf.Tensor2D;
    const cos = tf.matMul(unit(h, 1), unit(w, 0)) as tf.Tensor2D;
    if (this.heads.length === 1) return cos;
    const dims = this.heads.map((x) => x.dim);
    const cosParts = tf.split(cos, dims, 1);
    const linParts = tf.split(dense(h, w, bias, false), dims, 1);
    return tf.concat(this.heads.map((x, i) => (x.name === 'logits' ? cosParts[i] : linParts[i])), 1) as tf.Tensor2D;
  }

  private splitHeads(out: tf.Tensor2D): Record<string, tf.Tensor> {
    const parts = this.heads.length === 1 ? [out] : tf.split(out, this.heads.map((h) => h.dim), 1);
    const heads: Record<string, tf.Tensor> = {};
    this.heads.forEach((h, i) => { heads[h.name] = h.squeeze && h.dim === 1 ? tf.reshape(parts[i], [-1]) : parts[i]; });
    return heads;
  }
}

function checkSpec(s: MlpSpec): void {
  for (const w of s.hidden) if (!Number.isInteger(w) || w < 1 || w > 4096) throw new Error(`hidden widths must be integers in [1, 4096], got ${w}`);
  if (!isActivation(s.activation)) throw new Error(`unknown activation '${s.activation}' (known: ${Object.keys(ACTIVATIONS).join(', ')})`);
  if (!(s.dropout >= 0 && s.dropout < 1)) throw new Error(`dropout must be in [0, 1), got ${s.dropout}`);
  if (s.quantize !== null) fakeQuantWeights(s.quantize);
  if (!(MODEL_HEADS as readonly string[]).includes(s.head)) throw new Error(`head must be "linear" or "cosine", got ${JSON.stringify(s.head)}`);
}
