import type { DeclarableRole } from '../core/builtins/roles.js';
import type { tf } from './tfjs.js';

// What the trial engine needs from a loss: its tensor inputs (bound by role to model outputs and data),
// its learnable values (optimised with the model), and a function from bound tensors to the total and
// its top-level terms. The loss compiler (server/src/numerics/compile.ts) produces these from a `.loss`
// declaration; tests write them by hand.

export interface LossInputSpec {
  readonly name: string;
  readonly role: DeclarableRole;
  /** For `target` inputs: the model's prediction or the data's target (default: first target input is the prediction). */
  readonly source?: 'model' | 'data';
}

export interface LearnableSpec {
  readonly name: string;
  /** [] for a scalar `learn` value; [C, D] for per-class prototypes (`center`). */
  readonly shape: readonly number[];
  /** Initial value of every entry, or the initial values (row-major). */
  readonly init: number | Float32Array;
}

/** Values a trial supplies to every loss (see CONTEXT_VALUES in the builtin table). */
export interface LossContext {
  /** 0 at the first step, 1 at the last. */
  readonly progress: number;
  readonly step: number;
  readonly num_classes: number;
  readonly class_counts: tf.Tensor1D;
  /** Every kernel of the model, flattened (biases excluded): what `l1(weights)`/`l2(weights)` see. */
  readonly weights: tf.Tensor1D;
}

export interface LossValue {
  readonly total: tf.Scalar;
  /** Top-level terms (for `0.7·focal + 0.3·dice`: the two products), in source order; may be empty. */
  readonly terms: readonly tf.Scalar[];
}

export interface TrialLoss {
  /** The loss as written in the trial (`focal(gamma=2)`, `bce`): the run's label. */
  readonly label: string;
  readonly inputs: readonly LossInputSpec[];
  readonly learnables: readonly LearnableSpec[];
  /** Names of the top-level terms, parallel to LossValue.terms. */
  readonly termNames: readonly string[];
  /**
   * Gradient-level combination of the terms (pcgrad, mgda): the update uses the per-term gradients
   * combined this way instead of the gradient of the total. Absent: the gradient of the total.
   */
  readonly combiner?: 'pcgrad' | 'mgda';
  /**
   * Learnable values whose shapes depend on the bound inputs (center's prototypes): called once before
   * training with inputs bound from the initial weights; its answer replaces `learnables`.
   */
  discoverLearnables?(inputs: Readonly<Record<string, tf.Tensor>>, ctx: LossContext): readonly LearnableSpec[];
  evaluate(inputs: Readonly<Record<string, tf.Tensor>>, learned: Readonly<Record<string, tf.Tensor>>, ctx: LossContext): LossValue;
}

/** Thrown when a loss input cannot be bound to anything the trial provides. */
export class BindError extends Error {
  override name = 'BindError';
}
