// The roles a tensor input can declare (normative), and the derived roles the checker infers for values
// computed inside a loss. A role fixes what the first and last axes mean and what values are legal.

import type { Interval } from '../analysis/interval.js';

export const DECLARABLE_ROLES = [
  'logits', 'probs', 'labels', 'binary', 'signs', 'onehot', 'multilabel', 'target', 'real',
  'features', 'teacher', 'critic', 'logits2', 'logits_fp',
] as const;

export type DeclarableRole = (typeof DECLARABLE_ROLES)[number];

/**
 * Roles the checker infers but a parameter cannot declare: `logprobs` (log_softmax), `distance`
 * (norms of differences), `weights` (the model's trainable weights), `counts` (class_counts), `mask`
 * (comparisons).
 */
export type Role = DeclarableRole | 'logprobs' | 'distance' | 'weights' | 'counts' | 'mask';

export interface RoleInfo {
  readonly doc: string;
  /** The values a tensor of this role can hold; drives the interval analysis. */
  readonly values: Interval;
  /** Roles that carry class information a classification loss can use as its target. */
  readonly isTarget: boolean;
  /** Roles that are unnormalised scores (valid where logits are expected). */
  readonly isScore: boolean;
}

const R = (lo: number, hi: number): Interval => ({ lo, hi });

export const ROLES: Record<Role, RoleInfo> = {
  logits: { doc: 'Unnormalised scores from the model, N×C (or N for a binary task).', values: R(-Infinity, Infinity), isTarget: false, isScore: true },
  probs: { doc: 'Probabilities in [0, 1] (rows summing to 1 for a softmax output).', values: R(0, 1), isTarget: false, isScore: false },
  labels: { doc: 'Class indices in 0…C−1, shape N.', values: R(0, Infinity), isTarget: true, isScore: false },
  binary: { doc: 'Binary targets in {0, 1}, shape N or N×K.', values: R(0, 1), isTarget: true, isScore: false },
  signs: { doc: 'Targets in {−1, +1}.', values: R(-1, 1), isTarget: true, isScore: false },
  onehot: { doc: 'One-hot targets, N×C of 0/1 with one 1 per row (or soft targets summing to 1).', values: R(0, 1), isTarget: true, isScore: false },
  multilabel: { doc: 'Multi-label targets, N×K of 0/1.', values: R(0, 1), isTarget: true, isScore: false },
  target: { doc: 'Real-valued regression targets (or predictions), any shape.', values: R(-Infinity, Infinity), isTarget: true, isScore: false },
  real: { doc: 'Any real tensor.', values: R(-Infinity, Infinity), isTarget: false, isScore: false },
  features: { doc: 'Feature vectors, N×D (embeddings, hidden activations).', values: R(-Infinity, Infinity), isTarget: false, isScore: false },
  teacher: { doc: "A teacher model's logits, N×C (distillation).", values: R(-Infinity, Infinity), isTarget: false, isScore: true },
  critic: { doc: "Discriminator (critic) outputs, N (GAN losses).", values: R(-Infinity, Infinity), isTarget: false, isScore: true },
  logits2: { doc: 'Logits of a second stochastic forward pass (R-Drop).', values: R(-Infinity, Infinity), isTarget: false, isScore: true },
  logits_fp: { doc: 'Logits of the full-precision pass of a quantised model (mixed-precision losses).', values: R(-Infinity, Infinity), isTarget: false, isScore: true },
  logprobs: { doc: 'Log-probabilities (≤ 0), as from log_softmax.', values: R(-Infinity, 0), isTarget: false, isScore: false },
  distance: { doc: 'Non-negative distances.', values: R(0, Infinity), isTarget: false, isScore: false },
  weights: { doc: "The model's trainable weights (for regularisers).", values: R(-Infinity, Infinity), isTarget: false, isScore: false },
  counts: { doc: 'Per-class sample counts from the trial data.', values: R(1, Infinity), isTarget: false, isScore: false },
  mask: { doc: 'A 0/1 mask from a comparison.', values: R(0, 1), isTarget: false, isScore: false },
};

export function isDeclarableRole(s: string): s is DeclarableRole {
  return (DECLARABLE_ROLES as readonly string[]).includes(s);
}
