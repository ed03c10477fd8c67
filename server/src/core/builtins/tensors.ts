import * as I from '../analysis/interval.js';
import { axis, hyper, tensor } from './params.js';
import { arg, sumOf } from './range-helpers.js';
import type { Role } from './roles.js';
import type { BuiltinFunction } from './types.js';

// Tensor operations: normalisations along an axis, indexing, products, axis shuffles.

/** Scores a softmax makes sense of (not probabilities or labels). */
const SCORES: readonly Role[] = ['logits', 'teacher', 'logits2', 'logits_fp', 'critic', 'logprobs', 'real', 'features'];

const CLASS_AXIS = axis('axis', -1, 'The axis to normalise over (default: the last, the class axis).');

export const TENSOR_BUILTINS: readonly BuiltinFunction[] = [
  {
    name: 'softmax', category: 'tensor', family: 'tensor', result: 'tensor', resultRole: 'probs',
    params: [tensor('z', SCORES, 'Scores (logits).'), CLASS_AXIS],
    doc: 'Softmax along `axis` (default the last): exp(zⱼ − max z) / Σₖ exp(zₖ − max z), so rows are probabilities summing to 1. Computed stably; entries still underflow to exactly 0 in float32 for gaps ≳ 104, so take logs with `log_softmax`, never `log(softmax(z))`. Temperature: `softmax(z / T)`.',
    formula: '\\operatorname{softmax}(z)_{j} = \\frac{e^{z_{j}}}{\\sum_{k} e^{z_{k}}}', tex: '\\operatorname{softmax}\\left({z}\\right)',
    range: () => I.UNIT,
  },
  {
    name: 'log_softmax', category: 'tensor', family: 'tensor', result: 'tensor', resultRole: 'logprobs',
    params: [tensor('z', SCORES, 'Scores (logits).'), CLASS_AXIS],
    doc: 'Log-probabilities along `axis` (default the last), computed stably as z − logsumexp(z): finite for every finite z and never above 0. `nll(log_softmax(z), y)` is `ce(z, y)`.',
    formula: '\\log\\operatorname{softmax}(z)_{j} = z_{j} - \\log \\sum_{k} e^{z_{k}}', tex: '\\log\\operatorname{softmax}\\left({z}\\right)',
    range: (args) => {
      // z_j − logsumexp(z) ≤ 0; its lower end is −(spread of z) − log n, with n unknown.
      return I.interval(-Infinity, 0);
    },
  },
  {
    name: 'onehot', category: 'tensor', family: 'tensor', result: 'tensor', resultRole: 'onehot',
    params: [
      tensor('y', ['labels'], 'Class indices in 0…C−1.'),
      hyper('C', undefined, 'The number of classes (usually `num_classes`).', { valid: [1, Infinity], integer: true, tex: 'C' }),
    ],
    doc: 'One-hot encoding: the class axis of length C is appended last, so labels of shape N give N×C with a single 1 per row. Labels outside 0…C−1 give an all-zero row.',
    formula: '\\operatorname{onehot}(y)_{ic} = [\\, y_{i} = c \\,]', tex: '\\operatorname{onehot}_{{C}}\\left({y}\\right)',
    range: () => I.UNIT,
  },
  {
    name: 'gather', category: 'tensor', family: 'tensor', result: 'tensor',
    params: [
      tensor('z', undefined, 'A tensor whose last axis is indexed (N×C).'),
      tensor('y', ['labels'], 'Class indices (N), one per row of z.'),
    ],
    doc: 'Picks one entry per row along the last axis: gather(z, y)ᵢ = z[i, yᵢ], shape N (the last axis is dropped). `gather(log_softmax(z), y)` is the log-likelihood of the labels. Its gradient scatters back into the chosen entries.',
    formula: '\\operatorname{gather}(z, y)_{i} = z_{i, y_{i}}', tex: '{z}_{{y}}',
    range: (args) => arg(args, 'z'),
  },
  {
    name: 'matmul', category: 'tensor', family: 'tensor', result: 'tensor',
    params: [tensor('a', undefined, 'Left factor (…×M×K).'), tensor('b', undefined, 'Right factor (…×K×P).')],
    doc: 'Matrix product over the last axis of a and the second-to-last of b, with NumPy broadcasting of leading (batch) axes. `matmul(f, transpose(f))` is the Gram matrix of the rows of f (pairwise dot products).',
    formula: '(ab)_{ij} = \\sum_{k} a_{ik} b_{kj}', tex: '{a}\\,{b}',
    range: (args) => sumOf(I.mul(arg(args, 'a'), arg(args, 'b'))),
  },
  {
    name: 'transpose', category: 'tensor', family: 'tensor', result: 'tensor',
    params: [
      tensor('x', undefined, 'The tensor.'),
      axis('a', -2, 'First axis to swap (default: the second-to-last).'),
      axis('b', -1, 'Second axis to swap (default: the last).'),
    ],
    doc: 'Swaps two axes, by default the last two (the matrix transpose of each item of a batch). A rank-1 tensor is returned unchanged.',
    formula: '(x^{\\top})_{ij} = x_{ji}', tex: '{x}^{\\top}',
    range: (args) => arg(args, 'x'),
  },
  {
    name: 'concat', category: 'tensor', family: 'tensor', result: 'tensor',
    params: [
      tensor('a', undefined, 'First tensor.'),
      tensor('b', undefined, 'Second tensor (same shape as a except along `axis`).'),
      axis('axis', -1, 'The axis to join along (default: the last, e.g. features side by side or extra logit columns).'),
    ],
    doc: 'Joins a and b along `axis` (default the last); every other axis must match. Used to append a logit column or to stack two feature sets.',
    formula: '\\left[\\, a \\;\\Vert\\; b \\,\\right]', tex: '\\left[{a} \\,\\Vert\\, {b}\\right]',
    range: (args) => I.union(arg(args, 'a'), arg(args, 'b')),
  },
];
