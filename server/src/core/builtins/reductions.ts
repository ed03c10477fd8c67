import * as I from '../analysis/interval.js';
import { axis, hyper, KEEPDIMS, tensor } from './params.js';
import { arg, sumOf } from './range-helpers.js';
import type { BuiltinFunction, BuiltinParam } from './types.js';

// Reductions. Without `axis` they reduce every element to a scalar; `axis=k` reduces that axis and
// drops it (negative k counts from the last axis); `keepdims=true` keeps it with size 1. `min` and `max`
// double as the two-argument elementwise minimum and maximum.

const ALL_AXES = axis('axis', null, 'The axis to reduce (negative counts from the last); omitted: all elements, giving a scalar.');
const X = tensor('x', undefined, 'The tensor to reduce.');

const REDUCTION_RULE = 'Without `axis` every element is reduced to a scalar; `axis=k` reduces that axis and drops it; `keepdims=true` keeps it with size 1.';

function extremum(name: 'min' | 'max'): BuiltinFunction {
  const word = name === 'max' ? 'maximum' : 'minimum';
  const params: BuiltinParam[] = [
    tensor('a', undefined, `The tensor to reduce, or the first operand of the elementwise ${word}.`),
    tensor('b', undefined, `Second operand: given, the call is the elementwise ${word} of a and b (broadcast).`),
    ALL_AXES,
    KEEPDIMS,
  ].map((p) => (p.name === 'b' ? { ...p, default: null } : p));
  return {
    name, category: 'reduction', family: 'reduction', params, result: 'reduction',
    forms: [{ when: 'b', result: 'elementwise', excludes: ['axis', 'keepdims'], doc: `${name}(a, b): the elementwise ${word} of two tensors (NumPy broadcasting).` }],
    doc: `Two forms, told apart by the second argument. \`${name}(a, b)\`: the elementwise ${word} of a and b, broadcast (\`axis\`/\`keepdims\` are then not allowed). \`${name}(a)\`, \`${name}(a, axis=k)\`: the ${word} of the elements of a. ${REDUCTION_RULE} The gradient goes to the ${word} element(s) only (split evenly between ties).`,
    formula: name === 'max' ? '\\max(a, b),\\quad \\max_{i} a_{i}' : '\\min(a, b),\\quad \\min_{i} a_{i}',
    range: (args) => {
      const a = arg(args, 'a');
      if (!args.b) return a;
      return name === 'max' ? I.max2(a, args.b) : I.min2(a, args.b);
    },
  };
}

export const REDUCTION_BUILTINS: readonly BuiltinFunction[] = [
  {
    name: 'sum', category: 'reduction', family: 'reduction', params: [X, ALL_AXES, KEEPDIMS], result: 'reduction',
    doc: `Sum of the elements. ${REDUCTION_RULE}`,
    formula: '\\sum_{i} x_{i}', tex: '\\sum {x}',
    range: (args) => sumOf(arg(args, 'x')),
  },
  {
    name: 'mean', category: 'reduction', family: 'reduction', params: [X, ALL_AXES, KEEPDIMS], result: 'reduction',
    doc: `Arithmetic mean of the elements. ${REDUCTION_RULE} Every builtin loss reduces with it unless its documentation says otherwise.`,
    formula: '\\frac{1}{n}\\sum_{i=1}^{n} x_{i}', tex: '\\overline{{x}}',
    range: (args) => arg(args, 'x'),
  },
  extremum('max'),
  extremum('min'),
  {
    name: 'norm', category: 'reduction', family: 'reduction', result: 'reduction',
    params: [X, hyper('p', 2, 'The order of the norm (2: Euclidean, 1: sum of absolute values).', { valid: [1, Infinity], validOpen: [false, true], recommended: [1, 2] }), ALL_AXES, KEEPDIMS],
    doc: `The p-norm (Σ|xᵢ|ᵖ)^{1/p} of the elements. ${REDUCTION_RULE} For p = 2 the gradient x/‖x‖ is undefined at x = 0; LossLab, like PyTorch, takes it as 0 there, so a norm of differences of points that coincide (pairwise distances, gradient-penalty slopes) gives no gradient at all — write \`sqrt(sum(d^2) + 1e-12)\` when it must keep pulling.`,
    formula: '\\lVert x \\rVert_{p} = \\Big(\\sum_{i} \\lvert x_{i} \\rvert^{p}\\Big)^{1/p}', tex: '\\left\\lVert {x} \\right\\rVert_{{p}}',
    range: (args) => {
      // ‖x‖_p ≥ max|xᵢ| ≥ min|x|; the upper end grows with the (unknown) element count.
      const m = I.abs(arg(args, 'x'));
      return I.interval(m.lo, m.hi === 0 ? 0 : Infinity);
    },
  },
  {
    name: 'logsumexp', category: 'reduction', family: 'reduction', result: 'reduction',
    params: [X, axis('axis', -1, 'The axis to reduce (negative counts from the last); default: the last axis, where classes live.'), KEEPDIMS],
    doc: 'log Σ exp(xᵢ) along `axis` (default the last axis, where classes live), computed stably as m + log Σ exp(xᵢ − m) with m the maximum. The axis is dropped unless `keepdims=true`. `z - logsumexp(z, keepdims=true)` is `log_softmax(z)`.',
    formula: '\\log \\sum_{j} e^{x_{j}}', tex: '\\operatorname{logsumexp}\\left({x}\\right)',
    // Between the maximum and the maximum + log n; n is unknown.
    range: (args) => {
      const a = arg(args, 'x');
      return I.interval(a.lo, a.hi === -Infinity ? -Infinity : Infinity);
    },
  },
];
