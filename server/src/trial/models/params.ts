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

/** He-uniform kernels (U(±√(6/fan_in)), Kaiming's ReLU init), zero biases: deterministic from the stream. */
export function heInit(values: Float32Array, e: ParamEntry, rng: Rng): void {
  if (e.kind !== 'kernel') return;
  const fanIn = e.shape.length === 2 ? e.shape[0] : e.size;
  const limit = Math.sqrt(6 / fanIn);
  for (let i = 0; i < e.size; i++) values[e.offset + i] = rng.between(-limit, limit);
}
