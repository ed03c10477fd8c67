import * as I from '../analysis/interval.js';
import type { BuiltinFunction } from './types.js';

// Elementwise math. Each record's `range` is the exact image of the argument interval where the
// function is monotone, a safe hull otherwise.

const x = (doc = 'Any real tensor.') => ({ name: 'x', kind: 'tensor' as const, doc });

export const MATH_BUILTINS: readonly BuiltinFunction[] = [
  {
    name: 'log', category: 'math', family: 'math', params: [x('A positive tensor.')], result: 'elementwise',
    doc: 'Natural logarithm, elementwise. At 0 the value is −∞ and the gradient infinite: keep the argument away from 0 (the checker warns when its range reaches 0), or use the stable forms `log_sigmoid`, `log_softmax`.',
    formula: '\\log x', tex: '\\log\\left({x}\\right)', singularAt: 'zero',
    range: ({ x: a }) => (a.hi <= 0 ? I.point(NaN) : I.monotone(I.clampTo(a, 0, Infinity), Math.log)),
  },
  {
    name: 'exp', category: 'math', family: 'math', params: [x()], result: 'elementwise',
    doc: 'Exponential, elementwise. Overflows to Infinity in float32 above about 88.7.',
    formula: 'e^{x}', tex: 'e^{{x}}',
    range: ({ x: a }) => I.monotone(a, Math.exp),
  },
  {
    name: 'sigmoid', category: 'math', family: 'math', params: [x('Logits.')], result: 'elementwise', resultRole: 'probs',
    doc: 'Logistic function σ(x) = 1 / (1 + e^{−x}), elementwise; maps logits to probabilities in (0, 1). In float32 it reaches exactly 0 or 1 for |x| ≳ 17 (1 − σ) and ≳ 88 (σ), so never take its log: use `log_sigmoid`.',
    formula: '\\sigma(x) = \\frac{1}{1 + e^{-x}}', tex: '\\sigma\\left({x}\\right)',
    // Closed [0, 1]: in float32 it does reach the ends, which is what the stability lints care about.
    range: ({ x: a }) => I.interval(a.lo === -Infinity ? 0 : 1 / (1 + Math.exp(-a.lo)), a.hi === Infinity ? 1 : 1 / (1 + Math.exp(-a.hi))),
  },
];
