import type * as tf from '@tensorflow/tfjs-core';
import type { DeclarableRole } from '../core/builtins/roles.js';

// What a tensor given for an input of each role must look like. Cross-input agreement (labels against
// the logits' class count, matching batch sizes) is checked by the builtins that use them.

const fmt = (s: readonly number[]) => `[${s.join(', ')}]`;

interface RoleRule {
  readonly minRank: number;
  readonly maxRank?: number;
  readonly shapeText: string;
  /** A problem with the values, or undefined. */
  readonly values?: (v: Float32Array, shape: readonly number[]) => string | undefined;
}

const firstBad = (v: Float32Array, ok: (x: number) => boolean, want: string): string | undefined => {
  for (const x of v) if (!ok(x)) return `must hold ${want}, found ${x}`;
  return undefined;
};

const zeroOne = (v: Float32Array) => firstBad(v, (x) => x === 0 || x === 1, '0/1 values');

const RULES: Readonly<Record<DeclarableRole, RoleRule>> = {
  logits: { minRank: 1, shapeText: 'N or N×C' },
  teacher: { minRank: 1, shapeText: 'N×C' },
  logits2: { minRank: 1, shapeText: 'N×C' },
  logits_fp: { minRank: 1, shapeText: 'N×C' },
  critic: { minRank: 1, shapeText: 'N (one output per sample)' },
  labels: { minRank: 1, shapeText: 'N (one class index per sample)', values: (v) => firstBad(v, (x) => Number.isInteger(x) && x >= 0, 'class indices (integers ≥ 0)') },
  binary: { minRank: 1, shapeText: 'N or N×K', values: zeroOne },
  multilabel: { minRank: 2, shapeText: 'N×K', values: zeroOne },
  signs: { minRank: 1, shapeText: 'N or N×K', values: (v) => firstBad(v, (x) => x === 1 || x === -1, '−1/+1 values') },
  probs: { minRank: 1, shapeText: 'N or N×C', values: (v) => firstBad(v, (x) => x >= 0 && x <= 1, 'probabilities in [0, 1]') },
  onehot: {
    minRank: 2, shapeText: 'N×C (class axis last)',
    values: (v, shape) => {
      const bad = firstBad(v, (x) => x >= 0 && x <= 1, 'values in [0, 1]');
      if (bad) return bad;
      const C = shape[shape.length - 1]!;
      for (let i = 0; i < v.length; i += C) {
        let s = 0;
        for (let j = 0; j < C; j++) s += v[i + j]!;
        if (Math.abs(s - 1) > 1e-4) return `must have rows summing to 1 (one-hot or soft targets), found a row summing to ${s}`;
      }
      return undefined;
    },
  },
  features: { minRank: 2, shapeText: 'N×D' },
  target: { minRank: 0, shapeText: 'any shape' },
  real: { minRank: 0, shapeText: 'any shape' },
};

/** A message when `t` does not fit `role`, else undefined. */
export function roleProblem(name: string, role: string, t: tf.Tensor): string | undefined {
  const rule = (RULES as Readonly<Record<string, RoleRule>>)[role];
  if (!rule) return undefined;
  if (t.rank < rule.minRank || (rule.maxRank !== undefined && t.rank > rule.maxRank)) {
    return `input '${name}' (${role}) must have shape ${rule.shapeText}, got ${t.rank === 0 ? 'a scalar' : `shape ${fmt(t.shape)}`}`;
  }
  const bad = rule.values?.(t.dataSync() as Float32Array, t.shape);
  return bad ? `input '${name}' (${role}) ${bad}` : undefined;
}
