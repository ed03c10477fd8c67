import type { DeclarableRole } from '../core/builtins/roles.js';
import { tf } from './tfjs.js';

// What the trial engine needs from a loss: its tensor inputs (bound by role to model outputs and data),
// its learnable values (optimised with the model), and a function from bound tensors to the total and
// its top-level terms. The loss compiler (server/src/numerics/compile.ts) produces these from a `.loss`
// declaration; tests write them by hand.

export interface LossInputSpec {
  readonly name: string;
  readonly role: DeclarableRole;
  /** For `target` inputs: the model's prediction or the data's target (default: first target input is the prediction). */
  readonly source?: 'model' | 'data';
  /** The parameter of the loss the input fills (`real`, `fake`): GAN critic inputs are bound by it. */
  readonly param?: string;
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
  /** Every kernel of the model (biases excluded), flattened into one vector: what `l1(weights)`/`l2(weights)` see. */
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
   * The loss combines task losses with `pcgrad`, `mgda`, `gradnorm` or `dwa`: its evaluation calls the
   * `combine` callback with the task losses, and the trial decides the update (per-task gradients
   * projected or weighted, or weights set from the tasks' training rates).
   */
  readonly combiner?: CombinerSpec;
  /**
   * Learnable values whose shapes depend on the bound inputs (center's prototypes): called once before
   * training with inputs bound from the initial weights; its answer replaces `learnables`.
   */
  discoverLearnables?(inputs: Readonly<Record<string, tf.Tensor>>, ctx: LossContext): readonly LearnableSpec[];
  evaluate(inputs: Readonly<Record<string, tf.Tensor>>, learned: Readonly<Record<string, tf.Tensor>>, ctx: LossContext, combine?: CombineFn): LossValue;
}

export type CombinerKind = 'pcgrad' | 'mgda' | 'gradnorm' | 'dwa';

export interface CombinerSpec {
  readonly kind: CombinerKind;
  /** The task losses as written (`ce(z, y)`), in argument order. */
  readonly tasks: readonly string[];
  /** GradNorm's asymmetry α (default 1.5). */
  readonly alpha?: number;
  /** DWA's temperature T (default 2). */
  readonly T?: number;
}

/**
 * Called by a loss's evaluation with its task losses (scalars) and the weights they have before any
 * training (1 each; 1/K for mgda); returns the combined value. Without a callback: Σ default·task.
 */
export type CombineFn = (kind: CombinerKind, tasks: tf.Scalar[], defaults: number[]) => tf.Scalar;

/**
 * A loss context whose `weights` vector is built only when the loss reads it (a concatenation of the
 * kernels: most losses never look, and the concat and its backward split cost kernels every step).
 */
export function lazyContext(base: Omit<LossContext, 'weights'>, kernels: () => readonly tf.Tensor[]): LossContext {
  let flat: tf.Tensor1D | undefined;
  return {
    ...base,
    get weights(): tf.Tensor1D {
      if (!flat) {
        const ks = kernels().map((k) => tf.reshape(k, [-1]));
        flat = (ks.length === 1 ? ks[0] : tf.concat(ks)) as tf.Tensor1D;
      }
      return flat;
    },
  };
}

/** Thrown when a loss input cannot be bound to anything the trial provides. */
export class BindError extends Error {
  override name = 'BindError';
}
