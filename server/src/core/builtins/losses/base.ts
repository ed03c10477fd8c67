import * as I from '../../analysis/interval.js';
import type { Interval } from '../../analysis/interval.js';
import { PAPERS } from '../papers.js';
import { hyper, tensor } from '../params.js';
import type { Role } from '../roles.js';
import { arg, evenIncreasing, hyperArg, softplus, widen } from '../range-helpers.js';
import type { BuiltinFunction } from '../types.js';

// Base losses: the plain classification and regression losses the families build on, and the
// metric-learning losses. All are means over every element unless the doc says otherwise.

/** Regression inputs: real-valued predictions and targets — never class labels. */
const REGRESSION: readonly Role[] = ['target', 'real', 'probs', 'features'];
const X = tensor('x', REGRESSION, 'Predictions.');
const T = tensor('t', REGRESSION, 'Targets (the same shape as x, or broadcastable).');

/** The residual r = x − t. */
const residual = (args: Readonly<Record<string, Interval>>): Interval => I.sub(arg(args, 'x'), arg(args, 't'));

const huberOf = (r: number, d: number): number => (r <= d ? 0.5 * r * r : d * (r - 0.5 * d));
const smoothL1Of = (r: number, b: number): number => (b === 0 ? r : r < b ? (0.5 * r * r) / b : r - 0.5 * b);
const logCoshOf = (r: number): number => r + softplus(-2 * r) - Math.LN2;

/** Pinball loss ρ_q(r) = max(q·r, (q − 1)·r), with 0·∞ taken as 0. */
const pinball = (q: number, r: number): number => {
  const m = (a: number, b: number): number => (a === 0 || b === 0 ? 0 : a * b);
  return Math.max(m(q, r), m(q - 1, r));
};

export const BASE_BUILTINS: readonly BuiltinFunction[] = [
  {
    name: 'bce', category: 'loss', family: 'base', result: 'scalar',
    params: [
      tensor('z', ['logits'], 'Logits, any shape (N, or N×K for multi-label).'),
      tensor('y', ['binary', 'multilabel', 'probs'], 'Targets in [0, 1], the shape of z.'),
    ],
    doc: 'Binary cross-entropy on logits, PyTorch’s `binary_cross_entropy_with_logits`: per element max(z, 0) − z·y + log(1 + e^{−|z|}), which equals −[y log σ(z) + (1 − y) log(1 − σ(z))] but never takes the log of a probability that rounded to 0 or 1. Mean over every element. Soft targets in [0, 1] are allowed.',
    formula: '\\mathrm{BCE}(z, y) = \\frac{1}{n}\\sum_{i} \\max(z_{i}, 0) - z_{i} y_{i} + \\log\\left(1 + e^{-\\lvert z_{i} \\rvert}\\right)',
    tex: '\\mathrm{BCE}\\left({z}, {y}\\right)',
    range: (args) => {
      const y = arg(args, 'y', I.UNIT);
      if (y.lo < 0 || y.hi > 1) return I.ALL;
      // Linear in y, so its extremes are softplus(z) (y = 0) and softplus(−z) (y = 1).
      const m = I.abs(arg(args, 'z'));
      return widen(I.interval(0, softplus(m.hi)));
    },
  },
  {
    name: 'mse', category: 'loss', family: 'base', result: 'scalar',
    params: [X, T],
    doc: 'Mean squared error (x − t)², mean over every element (no ½). Pulled hard by outliers: compare `huber`, `log_cosh`, `mae`.',
    formula: '\\mathrm{MSE}(x, t) = \\frac{1}{n}\\sum_{i} (x_{i} - t_{i})^{2}',
    tex: '\\mathrm{MSE}\\left({x}, {t}\\right)',
    range: (args) => I.square(residual(args)),
  },
  {
    name: 'mae', category: 'loss', family: 'base', result: 'scalar',
    params: [X, T],
    doc: 'Mean absolute error |x − t|, mean over every element. Robust to outliers; its gradient has constant size, so it converges to the median, and it is 0 at exactly x = t.',
    formula: '\\mathrm{MAE}(x, t) = \\frac{1}{n}\\sum_{i} \\lvert x_{i} - t_{i} \\rvert',
    tex: '\\mathrm{MAE}\\left({x}, {t}\\right)',
    range: (args) => I.abs(residual(args)),
  },
  {
    name: 'huber', category: 'loss', family: 'base', result: 'scalar', paper: PAPERS.huber,
    params: [X, T, hyper('delta', 1, 'δ: quadratic for |r| ≤ δ, linear beyond.', { valid: [0, Infinity], recommended: [0.1, 10], tex: '\\delta' })],
    doc: 'Huber loss of r = x − t: ½r² for |r| ≤ δ, δ(|r| − ½δ) beyond (PyTorch `HuberLoss`, Keras, TensorFlow.js `huberLoss`), mean over every element. Quadratic near 0, linear for outliers; `smooth_l1` is the same curve divided by its β.',
    formula: 'H_{\\delta}(r) = \\begin{cases} \\tfrac{1}{2} r^{2} & \\lvert r \\rvert \\le \\delta \\\\ \\delta \\left(\\lvert r \\rvert - \\tfrac{1}{2}\\delta\\right) & \\text{otherwise} \\end{cases},\\quad r = x - t',
    tex: 'H_{{delta}}\\left({x}, {t}\\right)',
    // Nondecreasing in |r| and in δ.
    range: (args) => {
      const m = I.abs(residual(args));
      const d = I.clampTo(hyperArg(args, 'delta', 1), 0, Infinity);
      return widen(I.interval(huberOf(m.lo, d.lo), m.hi === Infinity ? Infinity : huberOf(m.hi, d.hi)));
    },
  },
  {
    name: 'smooth_l1', category: 'loss', family: 'base', result: 'scalar', paper: PAPERS.fastRcnn,
    params: [X, T, hyper('beta', 1, 'β: quadratic for |r| < β, |r| − ½β beyond; β = 0 is `mae`.', { valid: [0, Infinity], recommended: [0.01, 2], tex: '\\beta' })],
    doc: 'Smooth L1 loss of r = x − t (PyTorch `smooth_l1_loss`, Fast R-CNN): ½r²/β for |r| < β, |r| − ½β beyond, mean over every element. It is `huber(x, t, delta=β)/β`, so its linear part has slope 1 for every β.',
    formula: '\\ell_{\\beta}(r) = \\begin{cases} \\tfrac{1}{2} r^{2} / \\beta & \\lvert r \\rvert < \\beta \\\\ \\lvert r \\rvert - \\tfrac{1}{2}\\beta & \\text{otherwise} \\end{cases},\\quad r = x - t',
    tex: '\\ell_{{beta}}\\left({x}, {t}\\right)',
    // Nondecreasing in |r|, nonincreasing in β.
    range: (args) => {
      const m = I.abs(residual(args));
      const b = I.clampTo(hyperArg(args, 'beta', 1), 0, Infinity);
      return widen(I.interval(b.hi === Infinity ? 0 : smoothL1Of(m.lo, b.hi), smoothL1Of(m.hi, b.lo)));
    },
  },
  {
    name: 'log_cosh', category: 'loss', family: 'base', result: 'scalar',
    params: [X, T],
    doc: 'log cosh(x − t), mean over every element, computed stably as r + softplus(−2r) − log 2 (Keras, TensorFlow.js): ≈ ½r² near 0 and |r| − log 2 for large |r|, smooth everywhere; `log(cosh(r))` overflows at |r| ≈ 89 in float32.',
    formula: '\\frac{1}{n}\\sum_{i} \\log\\cosh(x_{i} - t_{i})',
    tex: '\\operatorname{logcosh}\\left({x}, {t}\\right)',
    range: (args) => widen(evenIncreasing(residual(args), logCoshOf)),
  },
  {
    name: 'quantile', category: 'loss', family: 'base', result: 'scalar', paper: PAPERS.quantile,
    params: [X, T, hyper('q', 0.5, 'The quantile level: the prediction x converges to the q-quantile of t.', { valid: [0, 1], recommended: [0.05, 0.95], tex: 'q' })],
    doc: 'Quantile (pinball) loss of r = t − x: max(q·r, (q − 1)·r), mean over every element (TensorFlow Addons `pinball_loss`). Under-prediction costs q per unit, over-prediction 1 − q, so a fraction q of targets ends up below the prediction. q = 0.5 is half the `mae`.',
    formula: '\\rho_{q}(r) = \\max\\big(q\\, r,\\; (q - 1)\\, r\\big),\\quad r = t - x',
    tex: '\\rho_{{q}}\\left({x}, {t}\\right)',
    // Linear in q and convex in r with its kink at 0: the extremes are at the corners (and r = 0).
    range: (args) => {
      const r = I.sub(arg(args, 't'), arg(args, 'x'));
      const q = hyperArg(args, 'q', 0.5);
      const values: number[] = [];
      for (const qe of [q.lo, q.hi]) {
        for (const re of [r.lo, r.hi]) values.push(pinball(qe, re));
        if (I.reachesZero(r)) values.push(0);
      }
      return widen(I.interval(Math.min(...values), Math.max(...values)));
    },
  },
  {
    name: 'contrastive', category: 'loss', family: 'base', result: 'scalar', paper: PAPERS.contrastive,
    params: [
      tensor('d', ['distance', 'real'], 'Distances between the two embeddings of each pair, N (e.g. `norm(a - b, axis=-1)`).'),
      tensor('y', ['binary'], 'Pair labels, N: 1 = similar, 0 = dissimilar.'),
      hyper('margin', 1, 'm: dissimilar pairs farther apart than m cost nothing.', { valid: [0, Infinity], recommended: [0.1, 10], tex: 'm' }),
    ],
    doc: 'Contrastive loss (Hadsell, Chopra & LeCun 2006) on pair distances: y·d² + (1 − y)·max(0, m − d)², mean over pairs. **y = 1 means similar** (the paper writes Y = 0 for similar), and there are no ½ factors (as lenscloth/RKD’s `ContrastiveLoss`). Similar pairs are pulled together, dissimilar ones pushed beyond the margin.',
    formula: '\\frac{1}{n}\\sum_{i} y_{i}\\, d_{i}^{2} + (1 - y_{i}) \\max(0,\\, m - d_{i})^{2}',
    tex: '\\mathcal{L}_{\\mathrm{contr}}\\left({d}, {y}\\right)',
    range: (args) => (arg(args, 'y', I.UNIT).lo >= 0 && arg(args, 'y', I.UNIT).hi <= 1 ? I.NONNEG : I.ALL),
  },
  {
    name: 'triplet', category: 'loss', family: 'base', result: 'scalar', paper: PAPERS.facenet,
    params: [
      tensor('a', ['features'], 'Anchor embeddings, N×D.'),
      tensor('p', ['features'], 'Positive embeddings (same class as the anchor), N×D.'),
      tensor('n', ['features'], 'Negative embeddings, N×D.'),
      hyper('margin', 1, 'm: the negative must be this much farther than the positive.', { valid: [0, Infinity], recommended: [0.1, 5], tex: 'm' }),
    ],
    doc: 'Triplet margin loss with Euclidean (not squared) distances, PyTorch’s `triplet_margin_loss`: max(0, d(a, p) − d(a, n) + m), d(u, v) = ‖u − v + ε‖₂ with ε = 1e−6 (so coincident points have a finite gradient), mean over triplets. FaceNet itself uses squared distances and m = 0.2.',
    formula: '\\frac{1}{n}\\sum_{i} \\max\\big(0,\\, \\lVert a_{i} - p_{i} \\rVert - \\lVert a_{i} - n_{i} \\rVert + m\\big)',
    tex: '\\mathcal{L}_{\\mathrm{tri}}\\left({a}, {p}, {n}\\right)',
    range: () => I.NONNEG,
  },
  {
    name: 'infonce', category: 'loss', family: 'base', result: 'scalar', paper: PAPERS.cpc,
    params: [
      tensor('q', ['features'], 'Queries, N×D.'),
      tensor('k', ['features'], 'Keys, N×D: row i is the positive of query i, every other row a negative.'),
      hyper('tau', 0.07, 'Temperature τ of the similarity logits.', { valid: [0, Infinity], validOpen: [true, false], recommended: [0.05, 1], tex: '\\tau' }),
    ],
    doc: 'InfoNCE with in-batch negatives (CPC; the MoCo/SimCLR form): rows of q and k are L2-normalised (ε = 1e−12), logits = q̂k̂ᵀ/τ (N×N), and the loss is the cross-entropy of each row against its diagonal entry, mean over rows: `ce(matmul(q̂, transpose(k̂)) / tau, i)`. Only the q → k direction (add the k → q term for the symmetric CLIP form).',
    formula: '-\\frac{1}{N}\\sum_{i} \\log \\frac{e^{\\hat{q}_{i} \\cdot \\hat{k}_{i} / \\tau}}{\\sum_{j} e^{\\hat{q}_{i} \\cdot \\hat{k}_{j} / \\tau}},\\quad \\hat{q} = \\frac{q}{\\lVert q \\rVert},\\; \\hat{k} = \\frac{k}{\\lVert k \\rVert}',
    tex: '\\mathcal{L}_{\\mathrm{NCE}}\\left({q}, {k}\\right)',
    range: () => I.NONNEG,
  },
];
