import { AUTODIFF_BUILTINS } from './autodiff.js';
import { ADAPTIVE_MARGIN_BUILTINS } from './losses/adaptive-margin.js';
import { ADVERSARIAL_BUILTINS } from './losses/adversarial.js';
import { BASE_BUILTINS } from './losses/base.js';
import { DISTILLATION_BUILTINS } from './losses/distillation.js';
import { DYNAMIC_WEIGHTING_BUILTINS } from './losses/dynamic-weighting.js';
import { IMBALANCE_BUILTINS } from './losses/imbalance.js';
import { MULTI_TASK_BUILTINS } from './losses/multi-task.js';
import { QUANTISATION_BUILTINS } from './losses/quantisation.js';
import { REGULARISATION_BUILTINS } from './losses/regularisation.js';
import { MATH_BUILTINS } from './math.js';
import { REDUCTION_BUILTINS } from './reductions.js';
import { SCHEDULE_BUILTINS } from './schedules.js';
import { TENSOR_BUILTINS } from './tensors.js';
import type { BuiltinCategory, BuiltinConstant, BuiltinFunction, BuiltinParam, ContextValue, Family } from './types.js';
import * as I from '../analysis/interval.js';

// The builtin table: every function, constant and context value the language knows, by name. The
// records live in one file per group (math, reductions, tensors, schedules, autodiff, and one per loss
// family); this file only gathers and indexes them.

const ALL_FUNCTIONS: readonly BuiltinFunction[] = [
  ...MATH_BUILTINS,
  ...REDUCTION_BUILTINS,
  ...TENSOR_BUILTINS,
  ...SCHEDULE_BUILTINS,
  ...AUTODIFF_BUILTINS,
  ...DYNAMIC_WEIGHTING_BUILTINS,
  ...MULTI_TASK_BUILTINS,
  ...ADVERSARIAL_BUILTINS,
  ...IMBALANCE_BUILTINS,
  ...REGULARISATION_BUILTINS,
  ...ADAPTIVE_MARGIN_BUILTINS,
  ...DISTILLATION_BUILTINS,
  ...QUANTISATION_BUILTINS,
  ...BASE_BUILTINS,
];

export const BUILTIN_FUNCTIONS: ReadonlyMap<string, BuiltinFunction> = new Map(ALL_FUNCTIONS.map((b) => [b.name, b]));

export const CONSTANTS: ReadonlyMap<string, BuiltinConstant> = new Map(
  ([
    { name: 'pi', doc: 'π = 3.14159…', value: Math.PI, tex: '\\pi', kind: 'number' },
    { name: 'true', doc: 'Boolean true (for options such as `keepdims=true`).', value: 1, tex: '\\mathrm{true}', kind: 'bool' },
    { name: 'false', doc: 'Boolean false.', value: 0, tex: '\\mathrm{false}', kind: 'bool' },
  ] as const).map((c) => [c.name, c]),
);

export const CONTEXT_VALUES: ReadonlyMap<string, ContextValue> = new Map(
  ([
    { name: 'progress', doc: 'Training progress, from 0 at the first step to 1 at the last. Schedules are functions of it.', scalar: true, range: I.UNIT, tex: '\\tau' },
    { name: 'step', doc: 'The current optimisation step, from 0.', scalar: true, range: I.NONNEG, tex: 't' },
    { name: 'num_classes', doc: 'The number of classes C of the trial data.', scalar: true, range: I.interval(1, Infinity), tex: 'C' },
    { name: 'class_counts', doc: 'Per-class sample counts n_c of the training data (a vector of length C).', scalar: false, role: 'counts', range: I.interval(1, Infinity), tex: 'n' },
    { name: 'weights', doc: 'All trainable weights of the model, for regularisers (`l2(weights)`).', scalar: false, role: 'weights', range: I.ALL, tex: 'w' },
  ] as const).map((c) => [c.name, c as ContextValue]),
);

export function lookupFunction(name: string): BuiltinFunction | undefined {
  return BUILTIN_FUNCTIONS.get(name);
}

export function allFunctions(): readonly BuiltinFunction[] {
  return ALL_FUNCTIONS;
}

/** The builtins of one family, in table order (the eight article families, base, math, …). */
export function functionsByFamily(family: Family): readonly BuiltinFunction[] {
  return ALL_FUNCTIONS.filter((b) => b.family === family);
}

export function functionsByCategory(category: BuiltinCategory): readonly BuiltinFunction[] {
  return ALL_FUNCTIONS.filter((b) => b.category === category);
}

/** Builtins whose call is a loss term (losses and combiners): the checker's `isLoss`, trial `loss=` values. */
export function isLossFunction(b: BuiltinFunction): boolean {
  return b.category === 'loss' || b.category === 'combiner';
}

export function lookupParam(b: BuiltinFunction, name: string): BuiltinParam | undefined {
  return b.params.find((p) => p.name === name);
}

/** A default as it is written in source: `2`, `"ns"`, `false`, `null`. */
export function formatDefault(v: BuiltinParam['default']): string {
  if (v === undefined) return '';
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  return String(v);
}

/**
 * The signature as a user reads it: `focal(z, y, gamma=2, alpha=0.25)`, `uncertainty(l1, l2, …)`,
 * `gradnorm(l1, l2, …, alpha=1.5)`. Optional parameters without a value show as `axis=null`.
 */
export function signatureText(b: BuiltinFunction): string {
  const parts = b.params.map((p) => {
    if (p.variadic) return `${p.name}1, ${p.name}2, …`;
    return p.default === undefined ? p.name : `${p.name}=${formatDefault(p.default)}`;
  });
  return `${b.name}(${parts.join(', ')})`;
}
