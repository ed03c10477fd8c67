import * as tf from '@tensorflow/tfjs-core';

// Nested JSON arrays of numbers ↔ tensors, with messages that say where an array is ragged or holds
// something that is not a finite number.

export type Nested = number | Nested[];

/** A tensor from a number or a rectangular nested array of finite numbers; throws a message naming `what`. */
export function tensorFromJson(what: string, value: unknown): tf.Tensor {
  const shape: number[] = [];
  let v: unknown = value;
  while (Array.isArray(v)) {
    if (v.length === 0) throw new Error(`${what} contains an empty array`);
    shape.push(v.length);
    v = v[0];
  }
  const flat: number[] = [];
  walk(what, value, shape, 0, '', flat);
  return tf.tensor(flat, shape, 'float32');
}

function walk(what: string, v: unknown, shape: readonly number[], depth: number, path: string, out: number[]): void {
  if (depth === shape.length) {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new Error(`${what}${path} must be a finite number, found ${JSON.stringify(v) ?? String(v)}`);
    }
    out.push(v);
    return;
  }
  if (!Array.isArray(v) || v.length !== shape[depth]) {
    throw new Error(`${what}${path} must be an array of ${shape[depth]} items like its siblings (the array is ragged), found ${Array.isArray(v) ? `${v.length} items` : JSON.stringify(v)}`);
  }
  v.forEach((x, i) => walk(what, x, shape, depth + 1, `${path}[${i}]`, out));
}

/** The values of a tensor as nested arrays (a number for a scalar); non-finite values become null. */
export function tensorToJson(t: tf.Tensor): Nested | null | (Nested | null)[] {
  const data = Array.from(t.dataSync());
  const build = (offset: number, depth: number): Nested | null | (Nested | null)[] => {
    if (depth === t.rank) {
      const x = data[offset]!;
      return Number.isFinite(x) ? x : null;
    }
    const stride = t.shape.slice(depth + 1).reduce((a, b) => a * b, 1);
    return Array.from({ length: t.shape[depth]! }, (_, i) => build(offset + i * stride, depth + 1)) as (Nested | null)[];
  };
  return build(0, 0);
}
