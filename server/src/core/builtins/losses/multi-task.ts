import * as I from '../../analysis/interval.js';
import { PAPERS } from '../papers.js';
import { hyper, taskLosses } from '../params.js';
import { arg, nonnegCombination } from '../range-helpers.js';
import type { BuiltinFunction } from '../types.js';

// 2. Multi-task fusion: combiners of scalar task losses. Plain weighted sums are just arithmetic
// (`0.7 * ce(z, y) + 0.3 * mse(r, t)`); these learn or adapt the weights, or act on task gradients.

export const MULTI_TASK_BUILTINS: readonly BuiltinFunction[] = [
  {
    name: 'uncertainty', category: 'combiner', family: 'multi-task', result: 'scalar', paper: PAPERS.uncertainty, learnable: true,
    params: [taskLosses()],
    doc: 'Homoscedastic uncertainty weighting Σ_k exp(−s_k)·L_k + s_k, with one learnable log-variance s_k = log σ_k² per task, initialised to 0 and trained with the model. This is the form of Kendall et al.’s reference code (exactly twice the ½-scaled form of the paper); the optimum is s_k = log L_k, i.e. weight 1/L_k, so low-noise tasks get large weights. The learned s_k appear in a trial’s `learned` results as `s1`, `s2`, …. The objective is unbounded below when a task loss can be negative (a Gaussian NLL): keep task losses ≥ 0. Outside a trial s_k = 0.',
    formula: 'L = \\sum_{k} e^{-s_{k}} L_{k} + s_{k}',
    tex: '\\operatorname{UW}\\left({l}\\right)',
    // min over s of e^{−s}L + s is 1 + log L; with K ≥ 1 such terms the sum is ≥ 1 + log(min L) when that is ≥ 0.
    range: (args) => {
      const h = arg(args, 'l');
      const least = h.lo > 0 ? 1 + Math.log(h.lo) : -Infinity;
      return I.interval(least >= 0 ? least : -Infinity, Infinity);
    },
  },
  {
    name: 'dwa', category: 'combiner', family: 'multi-task', result: 'scalar', paper: PAPERS.dwa,
    params: [
      taskLosses(),
      hyper('T', 2, 'Temperature of the softmax over loss ratios: large T makes the weights nearly equal.', { valid: [0, Infinity], validOpen: [true, false], recommended: [0.5, 10], tex: 'T' }),
    ],
    doc: 'Dynamic Weight Average Σ_k w_k L_k with w_k = K·exp(r_k/T)/Σ_j exp(r_j/T) and r_k = L̄_k(e−1)/L̄_k(e−2), the ratio of task k’s mean loss over the two previous epochs (one epoch = ⌈training size / batch⌉ steps of a trial); w_k = 1 during the first two epochs. The weights are constants for the gradient. A task whose loss falls slowly gets more weight. Outside a trial w_k = 1, so the value is Σ L_k.',
    formula: 'L = \\sum_{k} w_{k} L_{k},\\quad w_{k} = \\frac{K\\, e^{r_{k}/T}}{\\sum_{j} e^{r_{j}/T}},\\quad r_{k} = \\frac{\\bar{L}_{k}(e - 1)}{\\bar{L}_{k}(e - 2)}',
    tex: '\\operatorname{DWA}_{{T}}\\left({l}\\right)',
    range: (args) => nonnegCombination(arg(args, 'l')),
  },
  {
    name: 'pcgrad', category: 'combiner', family: 'multi-task', result: 'scalar', paper: PAPERS.pcgrad, gradientLevel: true,
    params: [taskLosses()],
    doc: 'Projecting Conflicting Gradients. The value is the plain sum Σ L_k; in a trial the update uses per-task gradients g_k on the shared weights: for each task, in random order over the others, when g_i·g_j < 0 the conflicting component is removed, g_i ← g_i − (g_i·g_j)/‖g_j‖²·g_j; the projected gradients are then summed. Costs one backward pass per task. With two tasks the order does not matter. Outside a trial it is the plain sum with its plain gradient.',
    formula: 'L = \\sum_{k} L_{k},\\quad g_{i} \\leftarrow g_{i} - \\frac{g_{i} \\cdot g_{j}}{\\lVert g_{j} \\rVert^{2}}\\, g_{j}\\ \\text{ if } g_{i} \\cdot g_{j} < 0',
    tex: '\\operatorname{PCGrad}\\left({l}\\right)',
    range: (args) => nonnegCombination(arg(args, 'l')),
  },
  {
    name: 'mgda', category: 'combiner', family: 'multi-task', result: 'scalar', paper: PAPERS.mgda, gradientLevel: true,
    params: [taskLosses()],
    doc: 'Multiple-Gradient Descent: in a trial each step follows the minimum-norm point of the convex hull of the per-task gradients on the shared weights, d = Σ_k a_k g_k with a on the simplex (Frank–Wolfe, exact for two tasks: a₁ = clamp((g₂ − g₁)·g₂ / ‖g₁ − g₂‖², 0, 1)), which is a descent direction for every task until a Pareto-stationary point. The value reported is Σ_k a_k L_k with the latest a; outside a trial a_k = 1/K, the mean of the task losses.',
    formula: 'L = \\sum_{k} a_{k} L_{k},\\quad a = \\arg\\min_{a \\in \\Delta} \\Big\\lVert \\sum_{k} a_{k} \\nabla L_{k} \\Big\\rVert^{2}',
    tex: '\\operatorname{MGDA}\\left({l}\\right)',
    // A convex combination stays inside the hull of the terms.
    range: (args) => arg(args, 'l'),
  },
];
