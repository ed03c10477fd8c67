import * as I from '../analysis/interval.js';
import type { BuiltinFunction } from './types.js';

// Differentiation inside a loss: the way gradient penalties (R1, WGAN-GP, double backprop) are written.

export const AUTODIFF_BUILTINS: readonly BuiltinFunction[] = [
  {
    name: 'grad', category: 'autodiff', family: 'autodiff', result: 'tensor',
    params: [
      { name: 'f', kind: 'tensor', scalar: true, doc: 'A scalar to differentiate (reduce first: `sum(critic)`, a loss).', tex: 'f' },
      { name: 'x', kind: 'wrt', doc: 'The tensor input (or `learn` value) of this loss to differentiate with respect to.', tex: 'x' },
    ],
    doc: 'The gradient ∇ₓf of the scalar f with respect to the input x, with the same shape as x. The result is differentiable again, so a loss that uses it is trained with second-order autodiff: `mean((norm(grad(sum(d), x), axis=-1) - 1)^2)` is the WGAN-GP penalty (Gulrajani et al. 2017), `0.5 * mean(sum(grad(sum(d), x)^2, axis=-1))` the R1 penalty, `mean(grad(ce(z, y), x)^2)` double backprop. Per-sample gradients come from summing per-sample terms (`sum`, not `mean`, keeps their scale). The norm of a gradient can be 0: add an ε inside the square root.',
    formula: '\\nabla_{x} f', tex: '\\nabla_{{x}}\\,{f}',
    range: () => I.ALL,
  },
];
