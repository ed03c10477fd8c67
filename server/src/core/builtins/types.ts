import type { Interval } from '../analysis/interval.js';
import type { Role } from './roles.js';

// The shape of one builtin's record. The table in ./table.ts (and its per-family files) is the single
// source of truth read by the checker, the lints, hover, completion, signature help, LaTeX, the
// numerics, the trial engine and the exporters.

/** The eight families of the source article, plus the language's own groups. */
export type Family =
  | 'dynamic-weighting' | 'multi-task' | 'adversarial' | 'imbalance' | 'regularisation'
  | 'adaptive-margin' | 'distillation' | 'quantisation' | 'base'
  | 'math' | 'reduction' | 'tensor' | 'schedule' | 'autodiff';

export const FAMILY_TITLES: Record<Family, string> = {
  'dynamic-weighting': '1. Dynamic weighting',
  'multi-task': '2. Multi-task fusion',
  adversarial: '3. Adversarial training',
  imbalance: '4. Imbalance correction',
  regularisation: '5. Regularisation',
  'adaptive-margin': '6. Adaptive margins',
  distillation: '7. Distillation',
  quantisation: '8. Quantisation-aware losses',
  base: 'Base losses',
  math: 'Elementwise math',
  reduction: 'Reductions',
  tensor: 'Tensor operations',
  schedule: 'Schedules',
  autodiff: 'Autodiff',
};

/**
 * How a parameter is passed:
 * - `tensor`: a tensor input, checked against `roles`;
 * - `loss`: a scalar loss value (the terms given to combiners such as `uncertainty`);
 * - `hyper`: a number known before training (a literal, a hyperparameter, a schedule of `progress`),
 *   or, where `vector` is set, a per-class vector;
 * - `option`: a string literal from `options`;
 * - `axis`: an integer constant (negative counts from the last axis);
 * - `bool`: `true` or `false`;
 * - `wrt`: the name of a tensor input or `learn` value to differentiate with respect to (`grad`).
 */
export type ParamKind = 'tensor' | 'loss' | 'hyper' | 'option' | 'axis' | 'bool' | 'wrt';

export interface BuiltinParam {
  readonly name: string;
  readonly kind: ParamKind;
  readonly doc: string;
  /** For `tensor`: the roles accepted (absent: any role). The first is the one completion suggests. */
  readonly roles?: readonly Role[];
  /** Absent: the argument is required. `null`: optional with no value (e.g. `axis`: all elements). */
  readonly default?: number | string | boolean | null;
  /** For `hyper`: values outside this interval are invalid (an error when the value is known). */
  readonly valid?: readonly [number, number];
  /**
   * Which ends of `valid` are open (excluded): `[true, false]` for a temperature `T > 0`. Absent: both
   * ends closed.
   */
  readonly validOpen?: readonly [boolean, boolean];
  /** For `hyper`: only whole numbers are valid (`bits`, the class count of `onehot`). */
  readonly integer?: boolean;
  /** For `tensor`: the argument must be a scalar (the `f` of `grad(f, x)`). */
  readonly scalar?: boolean;
  /** For `hyper`: the range recommended in practice (a warning outside; drives sliders and sweeps). */
  readonly recommended?: readonly [number, number];
  /** For `hyper`: a per-class vector is accepted as well as a scalar. */
  readonly vector?: boolean;
  /** For `option`: the accepted strings. */
  readonly options?: readonly string[];
  /** The LaTeX symbol of the parameter in `formula` (γ for gamma). */
  readonly tex?: string;
  /**
   * Any number of positional arguments of this kind (`uncertainty(l1, l2, …)`). Only the last positional
   * parameter can be variadic; parameters after it (`gradnorm(l1, l2, …, alpha=1.5)`) are passed by name.
   * Signatures show it as `l1, l2, …`.
   */
  readonly variadic?: boolean;
  /** For `variadic`: the fewest arguments that make sense (2 for the multi-task combiners). */
  readonly minCount?: number;
}

export interface Paper {
  readonly authors: string;
  readonly title: string;
  readonly year: number;
  readonly venue?: string;
  readonly url?: string;
}

/**
 * What a call returns, for the "reduces to a scalar" check:
 * - `scalar`: always a scalar (every builtin loss);
 * - `elementwise`: the broadcast shape of its tensor arguments (a scalar when all of them are scalars);
 * - `reduction`: a scalar when no `axis` is given, else a tensor;
 * - `tensor`: a tensor (softmax, onehot, grad, …; scalar only when its first argument is).
 */
export type ResultShape = 'scalar' | 'elementwise' | 'reduction' | 'tensor';

export type BuiltinCategory = 'math' | 'reduction' | 'tensor' | 'loss' | 'weighting' | 'combiner' | 'schedule' | 'autodiff' | 'quantiser';

export interface BuiltinFunction {
  readonly name: string;
  readonly category: BuiltinCategory;
  readonly family: Family;
  readonly params: readonly BuiltinParam[];
  readonly result: ResultShape;
  /** The role of the result when it has one (sigmoid → probs, log_softmax → logprobs). */
  readonly resultRole?: Role;
  /** One paragraph, Markdown; conventions (reduction, label format) stated exactly. */
  readonly doc: string;
  /** The defining formula, LaTeX (rendered on hover and in "where" lines). */
  readonly formula: string;
  /**
   * How a call is written inside a larger formula: a LaTeX template with `{param}` placeholders
   * (`\sigma\left({x}\right)`). Absent: `\operatorname{name}\left(args\right)`.
   */
  readonly tex?: string;
  readonly paper?: Paper;
  /**
   * Interval analysis: the range of the result given the ranges of the arguments (by parameter name).
   * Sound: every value the function can produce for arguments inside the intervals lies in the result.
   * A missing argument takes its default (or, for a tensor, its first role's values). A variadic
   * parameter's interval is the hull of all its arguments. `options` carries the known values of
   * `option` and `bool` arguments (a missing key: the default); without it the result covers every option.
   */
  readonly range: (args: Readonly<Record<string, Interval>>, options?: RangeOptions) => Interval;
  /**
   * Other call forms, chosen by which arguments are given. `min`/`max`: with `b` the call is the
   * two-argument elementwise form (and `axis`/`keepdims` are not allowed); without it, a reduction.
   */
  readonly forms?: readonly CallForm[];
  /**
   * Where the first argument must lie for a finite value and gradient (log: (0, ∞); sqrt: (0, ∞), its
   * gradient is infinite at 0; acos: (−1, 1)). Open ends are singular points. Complements `singularAt`.
   */
  readonly domain?: Domain;
  /**
   * Where `f(x)` has a singular value or gradient at some input: the lints read this (log at 0, sqrt at 0).
   * `zero`: the first argument must stay away from 0 (and negatives: log); `nonneg-zero`: it must not be
   * negative, and 0 is singular for the gradient (sqrt).
   */
  readonly singularAt?: 'zero' | 'nonneg-zero';
  /** True for combiners that act on per-task gradients inside a trial (pcgrad, mgda, gradnorm). */
  readonly gradientLevel?: boolean;
  /** True when the builtin owns learnable state in a trial (uncertainty's s_i, center's prototypes). */
  readonly learnable?: boolean;
}

/** Known values of `option`/`bool` arguments, by parameter name (`{kind: "wgan"}`). */
export type RangeOptions = Readonly<Record<string, string | boolean>>;

export interface CallForm {
  /** The form applies when this argument is given. */
  readonly when: string;
  readonly result: ResultShape;
  /** Arguments that cannot be combined with this form. */
  readonly excludes: readonly string[];
  readonly doc: string;
}

export interface Domain {
  readonly lo: number;
  readonly hi: number;
  /** Which ends are excluded (singular points). */
  readonly open: readonly [boolean, boolean];
}

export interface BuiltinConstant {
  readonly name: string;
  readonly doc: string;
  readonly value: number;
  readonly tex: string;
  readonly kind: 'number' | 'bool';
}

/** Values a trial supplies to every loss (`progress`, `class_counts`, …). */
export interface ContextValue {
  readonly name: string;
  readonly doc: string;
  readonly scalar: boolean;
  readonly role?: Role;
  readonly range: Interval;
  readonly tex: string;
}
