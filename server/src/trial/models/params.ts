import { tf } from '../tfjs.js';
import type { Rng } from '../random.js';

// All trainable numbers of one player (a model plus the loss's `learn` values) live in ONE flat vector.
// The optimizer then runs a dozen kernels per step instead of a dozen per tensor (tfjs is
// overhead-bound), every run of a seed can start from the same copied initial vector, and the gradient
// norm of a term is the norm of one vector. Layers read their tensors as slices.

export type ParamKind = 'kernel' | 'bias' | 'learn';

export interface ParamEntry {
  readonly name: string;
  readonly shape: readonly number[];
  readonly offset: number;
  readonly size: number;
  readonly kind: ParamKind;
}

export class ParamLayout {
  private readonly list: ParamEntry[] = [];
  private total = 0;

  add(name: string, shape: readonly number[], kind: ParamKind): ParamEntry {
    if (this.list.some((e) => e.name === name)) throw new Error(`duplicate parameter '${name}'`);
    const size = shape.reduce((a, b) => a * b, 1);
    const e: ParamEntry = { name, shape: [...shape], offset: this.total, size, kind };
    this.list.push(e);
    this.total += size;
    return e;
  }

  get entries(): readonly ParamEntry[] {
    return this.list;
  }

  get size(): number {
    return this.total;
  }

  get(name: string): ParamEntry {
    const e = this.list.find((x) => x.name === name);
    if (!e) throw new Error(`no parameter '${name}'`);
    return e;
  }

  /** 1 for entries weight decay applies to (kernels and biases), 0 for `learn` values. */
  decayMask(): Float32Array {
    const m = new Float32Array(this.total);
    for (const e of this.list) if (e.kind !== 'learn') m.fill(1, e.offset, e.offset + e.size);
    return m;
  }
}

/** The tensor of one entry, read from the flat vector (differentiable). */
export function readParam(theta: tf.Tensor1D, e: ParamEntry): tf.Tensor {
  const s = tf.slice(theta, e.offset, e.size);
  return e.shape.length === 1 ? s : tf.reshape(s, e.shape as number[]);
}

/**
 * A player's parameters split into one tensor per entry, by entry name. A training step splits the flat
 * vector ONCE, outside the gradient tape, and differentiates with respect to these leaves: slicing inside
 * the tape would cost a full-size pad per entry and their sum in every backward pass.
 */
export type ParamSet = ReadonlyMap<string, tf.Tensor>;

/** Where a model reads its parameters: the flat vector (slices on the tape) or a split set. */
export type ParamSource = tf.Tensor1D | ParamSet;

export function paramOf(src: ParamSource, e: ParamEntry): tf.Tensor {
  if (src instanceof Map) {
    const t = src.get(e.name);
    if (!t) throw new Error(`no parameter '${e.name}' in the split set`);
    return t;
  }
  return readParam(src as tf.Tensor1D, e);
}

/** The flat vector split into one new tensor per entry (shaped), in layout order, and the set naming them. */
export function splitParams(theta: tf.Tensor1D, layout: ParamLayout): { set: Map<string, tf.Tensor>; list: tf.Tensor[] } {
  const entries = layout.entries;
  const list = tf.tidy(() => {
    const parts = entries.length === 1 ? [tf.clone(theta)] : tf.split(theta, entries.map((e) => e.size));
    return parts.map((p, i) => (entries[i].shape.length === 1 ? p : tf.reshape(p, entries[i].shape as number[])));
  });
  return { set: new Map(entries.map((e, i) => [e.name, list[i]])), list };
}

/** The flat gradient from per-entry gradients (null: the entry does not reach the value, so zero). */
export function joinGradients(grads: readonly (tf.Tensor | null)[], layout: ParamLayout): tf.Tensor1D {
  const entries = layout.entries;
  const flat = grads.map((g, i) => (!g ? tf.zeros([entries[i].size]) : g.rank === 1 ? g : tf.reshape(g, [-1])));
  return (flat.length === 1 ? flat[0] : tf.concat(flat)) as tf.Tensor1D;
}

/** He-uniform kernels (U(±√(6/fan_in)), Kaiming's ReLU init), zero biases: deterministic from the stream. */
export function heInit(values: Float32Array, e: ParamEntry, rng: Rng): void {
  if (e.kind !== 'kernel') return;
  const fanIn = e.shape.length === 2 ? e.shape[0] : e.size;
  const limit = Math.sqrt(6 / fanIn);
  for (let i = 0; i < e.size; i++) values[e.offset + i] = rng.between(-limit, limit);
}
