import type { BatchTensors } from './bind.js';
import type { Dataset, Split } from './data/types.js';
import { Rng } from './random.js';
import { tf } from './tfjs.js';

// Which training samples each step sees. Full batch (batch ≥ n, the fastest: tfjs cost is per kernel, not
// per sample) uploads the data once; minibatches walk a fresh seeded permutation each epoch; resampling
// draws each batch with replacement, with class probabilities ∝ n_c^(−1) (`balanced`) or n_c^(−½) (`sqrt`).

export type Resampling = 'none' | 'balanced' | 'sqrt';

export class BatchSampler {
  private order: Int32Array;
  private pos = 0;
  private readonly rng: Rng;
  private readonly cumulative?: Float64Array;

  constructor(readonly n: number, readonly batch: number, seed: number, labels?: Int32Array, counts?: readonly number[], readonly resampling: Resampling = 'none') {
    this.rng = new Rng(seed, 'batches');
    this.order = this.rng.permutation(n);
    if (resampling !== 'none') {
      if (!labels || !counts) throw new Error(`resampling='${resampling}' needs class labels in the data`);
      const power = resampling === 'balanced' ? -1 : -0.5;
      this.cumulative = new Float64Array(n);
      let acc = 0;
      for (let i = 0; i < n; i++) { acc += Math.pow(Math.max(1, counts[labels[i]]), power); this.cumulative[i] = acc; }
    }
  }

  /** True when every step sees the whole training split in a fixed order (upload once). */
  get fullBatch(): boolean {
    return this.resampling === 'none' && this.batch >= this.n;
  }

  next(): Int32Array {
    const size = Math.min(this.batch, this.n);
    if (this.cumulative) {
      const total = this.cumulative[this.n - 1], idx = new Int32Array(size);
      for (let k = 0; k < size; k++) idx[k] = lowerBound(this.cumulative, this.rng.uniform() * total);
      return idx;
    }
    if (this.pos + size > this.n) { this.order = this.rng.permutation(this.n); this.pos = 0; }
    const idx = this.order.subarray(this.pos, this.pos + size);
    this.pos += size;
    return idx;
  }
}

function lowerBound(a: Float64Array, v: number): number {
  let lo = 0, hi = a.length - 1;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (a[mid] > v) hi = mid; else lo = mid + 1; }
  return lo;
}

function rows(src: Float32Array | Int32Array, width: number, idx: Int32Array | undefined): Float32Array | Int32Array {
  if (!idx) return src;
  const out = src instanceof Int32Array ? new Int32Array(idx.length * width) : new Float32Array(idx.length * width);
  for (let k = 0; k < idx.length; k++) out.set(src.subarray(idx[k] * width, idx[k] * width + width), k * width);
  return out;
}

/** Tensors of the given rows of a split (all rows when idx is undefined); the caller disposes them. */
export function batchTensors(d: Dataset, s: Split, idx?: Int32Array, teacher?: { values: Float32Array; width: number }): BatchTensors {
  const n = idx ? idx.length : s.n;
  const b: { -readonly [K in keyof BatchTensors]: BatchTensors[K] } = { x: tf.tensor2d(rows(s.x, d.inputDim, idx) as Float32Array, [n, d.inputDim]) };
  if (s.labels) b.labels = tf.tensor1d(rows(s.labels, 1, idx) as Int32Array, 'int32');
  if (s.multilabel) b.multilabel = tf.tensor2d(rows(s.multilabel, d.labelDim, idx) as Float32Array, [n, d.labelDim]);
  if (s.target) {
    const t = rows(s.target, d.targetDim, idx) as Float32Array;
    b.target = d.targetDim === 1 ? tf.tensor1d(t) : tf.tensor2d(t, [n, d.targetDim]);
  }
  if (teacher) {
    const t = rows(teacher.values, teacher.width, idx) as Float32Array;
    b.teacher = teacher.width === 1 ? tf.tensor1d(t) : tf.tensor2d(t, [n, teacher.width]);
  }
  return b;
}

export function disposeBatch(b: BatchTensors): void {
  tf.dispose([b.x, b.labels, b.multilabel, b.target, b.teacher].filter((t): t is tf.Tensor => t !== undefined));
}

/**
 * The rows of one step taken from the training split uploaded once (gathered on the backend): a step then
 * uploads nothing. Indices come from the sampler in chunks of many steps, uploaded as one tensor.
 */
export class IndexFeed {
  private chunk: tf.Tensor1D | undefined;
  private pos = 0;
  private stepsInChunk = 0;

  constructor(private readonly sampler: BatchSampler, private readonly stepsPerChunk: number) {}

  /** The indices of the next step's batch (a new tensor: the caller disposes it). */
  next(): tf.Tensor1D {
    const size = Math.min(this.sampler.batch, this.sampler.n);
    if (!this.chunk || this.pos >= this.stepsInChunk) {
      this.chunk?.dispose();
      const steps = Math.max(1, this.stepsPerChunk);
      const all = new Int32Array(steps * size);
      for (let s = 0; s < steps; s++) all.set(this.sampler.next(), s * size);
      this.chunk = tf.tensor1d(all, 'int32');
      this.stepsInChunk = steps;
      this.pos = 0;
    }
    return tf.slice(this.chunk, this.pos++ * size, size);
  }

  dispose(): void {
    this.chunk?.dispose();
    this.chunk = undefined;
  }
}

/** A batch gathered from the whole split's tensors by an index tensor (the caller disposes it). */
export function gatherBatch(all: BatchTensors, idx: tf.Tensor1D): BatchTensors {
  const g = (t: tf.Tensor | undefined) => (t ? tf.gather(t, idx) : undefined);
  const b: { -readonly [K in keyof BatchTensors]: BatchTensors[K] } = { x: g(all.x) as tf.Tensor2D };
  if (all.labels) b.labels = g(all.labels) as tf.Tensor1D;
  if (all.multilabel) b.multilabel = g(all.multilabel) as tf.Tensor2D;
  if (all.target) b.target = g(all.target);
  if (all.teacher) b.teacher = g(all.teacher);
  return b;
}
