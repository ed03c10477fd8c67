import * as I from '../../analysis/interval.js';
import { PAPERS } from '../papers.js';
import { hyper, taskLosses, tensor } from '../params.js';
import { arg, hyperArg, nonnegCombination } from '../range-helpers.js';
import type { Interval } from '../../analysis/interval.js';
import type { BuiltinFunction } from '../types.js';

// 1. Dynamic weighting: per-sample or per-pixel reweighting by difficulty, and the overlap losses that
// balance foreground against background.

type Args = Readonly<Record<string, Interval>>;

const within = (a: Interval, lo: number, hi: number): boolean => a.lo >= lo && a.hi <= hi;

/** Overlap losses are in [0, 1] when p and y are in [0, 1] and every weight is non-negative. */
function overlapRange(args: Args, weights: readonly [string, number][]): Interval {
  const ok = within(arg(args, 'p', I.UNIT), 0, 1) && within(arg(args, 'y', I.UNIT), 0, 1)
    && weights.every(([n, d]) => hyperArg(args, n, d).lo >= 0);
  return ok ? I.UNIT : I.ALL;
}

const OVERLAP_P = tensor('p', ['probs'], 'Predicted probabilities (after `sigmoid` or `softmax`).');
const OVERLAP_Y = tensor('y', ['binary', 'multilabel', 'onehot'], 'Targets in [0, 1]: a binary mask, or onehot/multilabel with the class axis last.');
const OVERLAP_AXES = 'The sums run over the whole batch (every axis) when y is `binary`; when y is `onehot` or `multilabel` (class axis last) they run per class over every other axis and the per-class losses are averaged.';

export const DYNAMIC_WEIGHTING_BUILTINS: readonly BuiltinFunction[] = [
  {
    name: 'focal', category: 'loss', family: 'dynamic-weighting', result: 'scalar', paper: PAPERS.focal,
    params: [
      tensor('z', ['logits'], 'Logits: N (binary), N×K (multi-label) or N×C (multi-class).'),
      tensor('y', ['binary', 'multilabel', 'labels'], 'Targets: 0/1 (`binary`, `multilabel`) for the sigmoid form, class indices (`labels`) for the softmax form.'),
      hyper('gamma', 2, 'Focusing exponent: 0 gives (α-weighted) cross-entropy; larger values down-weight easy examples more.', { valid: [0, Infinity], recommended: [0, 5], tex: '\\gamma' }),
      hyper('alpha', 0.25, 'Class weight: in the sigmoid form α for positives and 1 − α for negatives (α = 0.25 down-weights positives); in the softmax form a scalar or a per-class vector α_c. Negative: no α weighting.', { valid: [-Infinity, Infinity], recommended: [0, 1], vector: true, tex: '\\alpha' }),
    ],
    doc: 'Focal loss. With `binary`/`multilabel` y it is torchvision’s `sigmoid_focal_loss` with `reduction="mean"`: ℓ = −α_t(1 − p_t)^γ log p_t per element, p = σ(z), p_t = p where y = 1 and 1 − p where y = 0, α_t = α for positives and 1 − α for negatives, averaged over every element (not divided by the number of positives, as RetinaNet does). With `labels` y it is the softmax form −α_y(1 − p_y)^γ log p_y, p = softmax(z) along the last axis, averaged over rows (α a scalar or a per-class vector). `alpha < 0` disables α in both forms. Computed stably: log p_t from the logits (−bce), and (1 − p_t)^γ as exp(γ·log(1 − p_t)) in log space, so confident examples with γ < 1 give no NaN gradient.',
    formula: '\\mathrm{FL}(z, y) = \\frac{1}{n}\\sum_{i} -\\alpha_{t}\\,(1 - p_{t})^{\\gamma}\\,\\log p_{t},\\quad p_{t} = y\\,\\sigma(z) + (1 - y)\\,(1 - \\sigma(z)),\\quad \\alpha_{t} = y\\,\\alpha + (1 - y)\\,(1 - \\alpha)',
    tex: '\\mathrm{FL}_{{gamma}}\\left({z}, {y}\\right)',
    // α_t ≥ 0 in both forms whenever α ≤ 1 (negative α disables it), and every other factor is ≥ 0.
    range: (args) => (hyperArg(args, 'alpha', 0.25).hi <= 1 ? I.NONNEG : I.ALL),
  },
  {
    name: 'gradnorm', category: 'combiner', family: 'dynamic-weighting', result: 'scalar', paper: PAPERS.gradnorm,
    gradientLevel: true, learnable: true,
    params: [
      taskLosses(),
      hyper('alpha', 1.5, 'Restoring force: how strongly tasks that train slower are pushed to catch up (0: equal gradient norms).', { valid: [0, Infinity], recommended: [0, 3], tex: '\\alpha' }),
    ],
    doc: 'GradNorm weighting Σ w_k L_k with learnable weights w_k ≥ 0 kept summing to K (the number of tasks). In a trial, after each step the weights are moved to minimise Σ_k |G_k − Ḡ·r_k^α|, where G_k = ‖∇_W w_k L_k‖ is the gradient norm of task k on the last shared layer, Ḡ its mean over tasks (held constant), and r_k = (L_k(t)/L_k(0)) / mean_j(L_j(t)/L_j(0)) the relative inverse training rate; then renormalised to Σw = K. The weights start at 1. Outside a trial (`losslab eval`) w_k = 1, so the value is Σ L_k.',
    formula: 'L = \\sum_{k} w_{k} L_{k},\\quad \\min_{w} \\sum_{k} \\Big\\lvert \\lVert \\nabla_{W} w_{k} L_{k} \\rVert - \\bar{G}\\, r_{k}^{\\alpha} \\Big\\rvert,\\quad \\sum_{k} w_{k} = K',
    tex: '\\operatorname{GradNorm}_{{alpha}}\\left({l}\\right)',
    range: (args) => nonnegCombination(arg(args, 'l')),
  },
  {
    name: 'dice', category: 'loss', family: 'dynamic-weighting', result: 'scalar', paper: PAPERS.vnet,
    params: [
      OVERLAP_P, OVERLAP_Y,
      hyper('smooth', 1, 'Added to numerator and denominator: keeps the loss defined (0) when both p and y are empty.', { valid: [0, Infinity], recommended: [1e-5, 1], tex: 's' }),
    ],
    doc: `Soft Dice loss 1 − (2Σpy + s)/(Σp + Σy + s), with linear (not squared, as V-Net’s) denominators, like SMP and Keras. ${OVERLAP_AXES} Insensitive to the foreground/background ratio, so it helps rare foregrounds; its gradient is noisy when the foreground is tiny (combine with \`bce\`/\`ce\`). With smooth = 0 an empty mask and empty prediction give 0/0.`,
    formula: '\\mathrm{Dice}(p, y) = 1 - \\frac{2\\sum_{i} p_{i} y_{i} + s}{\\sum_{i} p_{i} + \\sum_{i} y_{i} + s}',
    tex: '\\mathrm{Dice}\\left({p}, {y}\\right)',
    range: (args) => overlapRange(args, [['smooth', 1]]),
  },
  {
    name: 'tversky', category: 'loss', family: 'dynamic-weighting', result: 'scalar', paper: PAPERS.tversky,
    params: [
      OVERLAP_P, OVERLAP_Y,
      hyper('alpha', 0.5, 'Weight of the false positives FP = Σp(1 − y).', { valid: [0, Infinity], recommended: [0, 1], tex: '\\alpha' }),
      hyper('beta', 0.5, 'Weight of the false negatives FN = Σ(1 − p)y: raise it to favour recall.', { valid: [0, Infinity], recommended: [0, 1], tex: '\\beta' }),
      hyper('smooth', 1, 'Added to numerator and denominator.', { valid: [0, Infinity], recommended: [1e-5, 1], tex: 's' }),
    ],
    doc: `Tversky loss 1 − TI with the Tversky index TI = (TP + s)/(TP + α·FP + β·FN + s), TP = Σpy, FP = Σp(1 − y), FN = Σ(1 − p)y: **α weighs false positives, β false negatives** (Salehi et al.; SMP; Keras after its fix). α = β = 0.5 is Dice; α = 0.3, β = 0.7 (Salehi et al.’s best) trades precision for recall. ${OVERLAP_AXES}`,
    formula: '1 - \\mathrm{TI},\\quad \\mathrm{TI} = \\frac{\\mathrm{TP} + s}{\\mathrm{TP} + \\alpha\\,\\mathrm{FP} + \\beta\\,\\mathrm{FN} + s},\\quad \\mathrm{TP} = \\sum p y,\\; \\mathrm{FP} = \\sum p (1 - y),\\; \\mathrm{FN} = \\sum (1 - p) y',
    tex: '\\mathrm{Tversky}_{{alpha},{beta}}\\left({p}, {y}\\right)',
    range: (args) => overlapRange(args, [['alpha', 0.5], ['beta', 0.5], ['smooth', 1]]),
  },
  {
    name: 'focal_tversky', category: 'loss', family: 'dynamic-weighting', result: 'scalar', paper: PAPERS.focalTversky,
    params: [
      OVERLAP_P, OVERLAP_Y,
      hyper('alpha', 0.7, 'Weight of the false positives (the same convention as `tversky`).', { valid: [0, Infinity], recommended: [0, 1], tex: '\\alpha' }),
      hyper('beta', 0.3, 'Weight of the false negatives.', { valid: [0, Infinity], recommended: [0, 1], tex: '\\beta' }),
      hyper('gamma', 0.75, 'Exponent on 1 − TI (the paper’s 1/γ with γ = 4/3): below 1 it emphasises the hard, low-TI classes.', { valid: [0, Infinity], recommended: [0.25, 2], tex: '\\gamma' }),
      hyper('smooth', 1, 'Added to the Tversky index’s numerator and denominator (keep it > 0: with γ < 1 the gradient is unbounded as TI → 1).', { valid: [0, Infinity], recommended: [1e-5, 1], tex: 's' }),
    ],
    doc: `Focal Tversky loss (1 − TI)^γ, with TI the Tversky index of \`tversky\` — the same convention: **α weighs false positives, β false negatives**. Abraham & Khan write α on the false negatives, so their recall-favouring α = 0.7 is \`beta=0.7, alpha=0.3\` here; the defaults α = 0.7, β = 0.3 follow the language sketch and weigh false positives more. With a class axis the power is applied per class, then averaged (the paper’s form; SMP instead raises the mean). ${OVERLAP_AXES}`,
    formula: '\\left(1 - \\mathrm{TI}\\right)^{\\gamma},\\quad \\mathrm{TI} = \\frac{\\mathrm{TP} + s}{\\mathrm{TP} + \\alpha\\,\\mathrm{FP} + \\beta\\,\\mathrm{FN} + s}',
    tex: '\\mathrm{FTL}_{{gamma}}\\left({p}, {y}\\right)',
    range: (args) => {
      const base = overlapRange(args, [['alpha', 0.7], ['beta', 0.3], ['smooth', 1]]);
      if (base === I.ALL) return I.ALL;
      return hyperArg(args, 'gamma', 0.75).lo >= 0 ? I.UNIT : I.NONNEG;
    },
  },
];
