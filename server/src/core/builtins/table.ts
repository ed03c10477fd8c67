import { MATH_BUILTINS } from './math.js';
import type { BuiltinConstant, BuiltinFunction, ContextValue } from './types.js';
import * as I from '../analysis/interval.js';

// The builtin table: every function, constant and context value the language knows, by name.

const ALL_FUNCTIONS: readonly BuiltinFunction[] = [...MATH_BUILTINS];

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
