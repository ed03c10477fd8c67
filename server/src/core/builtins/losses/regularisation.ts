import * as I from '../../analysis/interval.js';
import { PAPERS } from '../papers.js';
import { tensor } from '../params.js';
import { arg, sumOf } from '../range-helpers.js';
import type { BuiltinFunction } from '../types.js';

// 5. Regularisation embedded in the loss: weight penalties. R-Drop is `kl` between `logits` and
// `logits2`; smoothness penalties are written with `grad`.

const WEIGHTS = tensor('weights', undefined, 'The tensor to penalise, usually the context value `weights` (every trainable weight of the model).', 'w');

export const REGULARISATION_BUILTINS: readonly BuiltinFunction[] = [
  {
    name: 'l1', category: 'loss', family: 'regularisation', result: 'scalar', paper: PAPERS.lasso,
    params: [WEIGHTS],
    doc: 'L1 penalty Σ|w|: a **sum** over every element, not a mean (Keras `L1`). Drives weights to exactly 0 (sparsity); its subgradient at 0 is 0. Scale it yourself: `ce(z, y) + 1e-4 * l1(weights)`.',
    formula: '\\lVert w \\rVert_{1} = \\sum_{i} \\lvert w_{i} \\rvert',
    tex: '\\left\\lVert {weights} \\right\\rVert_{1}',
    range: (args) => sumOf(I.abs(arg(args, 'weights'))),
  },
  {
    name: 'l2', category: 'loss', family: 'regularisation', result: 'scalar', paper: PAPERS.weightDecay,
    params: [WEIGHTS],
    doc: 'L2 penalty Σw²: a **sum** over every element with no ½ (Keras `L2`). SGD weight decay wd equals (wd/2)·l2(weights); AdamW’s decoupled decay is an optimizer option (`adamw(weight_decay=…)`), not a loss term.',
    formula: '\\lVert w \\rVert_{2}^{2} = \\sum_{i} w_{i}^{2}',
    tex: '\\left\\lVert {weights} \\right\\rVert_{2}^{2}',
    range: (args) => sumOf(I.square(arg(args, 'weights'))),
  },
];
