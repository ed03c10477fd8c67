import type * as tf from '@tensorflow/tfjs-core';
import type { Role } from '../../core/builtins/roles.js';

// What a builtin's numerical implementation sees: its arguments already evaluated and bound to the
// builtin record's parameters, and a small runtime (context values, learnable state, randomness).

export type T = tf.Tensor;

/** The model's trainable weights (`weights` in a trial): several tensors of different shapes. */
export class TensorList {
  constructor(readonly items: readonly T[]) {}
}

/** What an expression evaluates to: a tensor (numbers are scalars), a string option, or the weight list. */
export type Value = T | string | TensorList;

/** A problem in the arguments of one call (a shape that does not fit, a label out of range). */
export class KernelError extends Error {}

export interface KernelArgs {
  /** The tensor bound to a parameter (its default when omitted); throws when it has none. */
  tensor(name: string): T;
  /** The tensor bound to a parameter, or undefined when omitted without default (`null`). */
  optTensor(name: string): T | undefined;
  /** A tensor or the model's weight list (regularisers). */
  tensorOrList(name: string): T | TensorList;
  /** A number known before the step (a literal, a hyperparameter, a schedule), read from its tensor. */
  number(name: string): number;
  optNumber(name: string): number | undefined;
  string(name: string): string;
  bool(name: string): boolean;
  /** The tensors of a variadic parameter (`uncertainty(l1, l2, …)`). */
  list(name: string): T[];
  /** The role the checker gave the argument (`binary`, `labels`, …), when known. */
  role(name: string): Role | undefined;
}

export interface KernelRuntime {
  /** A context value (`progress`, `num_classes`, …) or undefined when the caller did not give it. */
  context(name: string): number | T | undefined;
  /**
   * Learnable state owned by this call (uncertainty's s_k, center's prototypes), created by `init` the
   * first time, or the value the caller supplied under the same name.
   */
  learnable(name: string, init: () => T): T;
  /** A fresh seed for a random draw of this call (deterministic per evaluation). */
  seed(): number;
  /** True during a training step of a trial (noise on); false for evaluation and `losslab eval`. */
  training(): boolean;
  /**
   * Combines the task losses of a gradient-level or adaptive combiner (`pcgrad`, `mgda`, `gradnorm`,
   * `dwa`); a trial replaces the default weights with its own.
   */
  combine(kind: CombinerKind, losses: T[], defaultWeights: number[]): T;
}

export type CombinerKind = 'gradnorm' | 'dwa' | 'pcgrad' | 'mgda';

/**
 * The numerical implementation of one builtin. Its parameters (names, order, defaults) are those of the
 * builtin's record in the table, the single source of truth; the kernel reads its arguments by name.
 */
export interface Kernel {
  readonly name: string;
  run(args: KernelArgs, rt: KernelRuntime): Value;
}
