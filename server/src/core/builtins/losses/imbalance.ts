import * as I from '../../analysis/interval.js';
import { PAPERS } from '../papers.js';
import { hyper, tensor } from '../params.js';
import { arg, hyperArg } from '../range-helpers.js';
import type { BuiltinFunction } from '../types.js';

// 4. Imbalance correction: class-weighted likelihood losses, the class weights themselves, and a
// prototype distance penalty. Resampling is a trial option (`resample = "balanced"`).

const COUNTS = tensor('class_counts', ['counts'], 'Per-class sample counts n_c (usually the context value `class_counts`).', 'n');

export const IMBALANCE_BUILTINS: readonly BuiltinFunction[] = [
  {
    name: 'ce', category: 'loss', family: 'imbalance', result: 'scalar', paper: PAPERS.labelSmoothing,
    params: [
      tensor('z', ['logits'], 'Logits, N×C (class axis last).'),
      tensor('y', ['labels', 'onehot', 'probs'], 'Class indices (`labels`, N), or class probabilities (`onehot`/`probs`, N×C).'),
      hyper('weight', null, 'Per-class weights w_c (a vector of length C, e.g. `cb_weights(class_counts)`); omitted: all 1.', { valid: [0, Infinity], recommended: [0, 100], vector: true, tex: 'w' }),
      hyper('label_smoothing', 0, 'ε: targets become (1 − ε)·onehot + ε/C.', { valid: [0, 1], recommended: [0, 0.3], tex: '\\varepsilon' }),
    ],
    doc: 'Softmax cross-entropy from logits, PyTorch’s `F.cross_entropy` exactly: ℓ_i = logsumexp(z_i) − z_{i,y_i}, computed stably. With class-index labels and `weight` the mean is the **weighted mean** Σ_i w_{y_i}ℓ_i / Σ_i w_{y_i}; with label smoothing ε it is (1 − ε)·that + (ε/C)·Σ_i Σ_c w_c(−log p_{ic}) / Σ_i w_{y_i} (without weights: plain means over rows). With probability targets (`onehot`, `probs`) ℓ_i = −Σ_c w_c q_{ic} log p_{ic} and the mean divides by N. Label smoothing is from Szegedy et al. 2016.',
    formula: '\\mathrm{CE}(z, y) = \\frac{\\sum_{i} w_{y_{i}} \\big(-\\log \\operatorname{softmax}(z_{i})_{y_{i}}\\big)}{\\sum_{i} w_{y_{i}}}',
    tex: '\\mathrm{CE}\\left({z}, {y}\\right)',
    range: (args) => {
      const w = args.weight;
      const eps = hyperArg(args, 'label_smoothing', 0);
      return (!w || w.lo >= 0) && eps.lo >= 0 && eps.hi <= 1 ? I.NONNEG : I.ALL;
    },
  },
  {
    name: 'nll', category: 'loss', family: 'imbalance', result: 'scalar', paper: PAPERS.maximumLikelihood,
    params: [
      tensor('logp', ['logprobs', 'real'], 'Log-probabilities, N×C (from `log_softmax`).', '\\log p'),
      tensor('y', ['labels', 'onehot', 'probs'], 'Class indices (N), or class probabilities (N×C).'),
    ],
    doc: 'Negative log-likelihood of log-probabilities: the mean over rows of −logp[i, y_i] (PyTorch `F.nll_loss`), or −Σ_c q_{ic}·logp_{ic} for probability targets. `nll(log_softmax(z), y)` equals `ce(z, y)`; pass log-probabilities, never probabilities.',
    formula: '\\mathrm{NLL}(\\log p, y) = -\\frac{1}{n}\\sum_{i} \\log p_{i, y_{i}}',
    tex: '\\mathrm{NLL}\\left({logp}, {y}\\right)',
    range: (args) => {
      const r = I.neg(arg(args, 'logp', I.interval(-Infinity, 0)));
      return I.interval(r.lo + 0, r.hi + 0); // + 0 turns −0 into 0
    },
  },
  {
    name: 'cb_weights', category: 'weighting', family: 'imbalance', result: 'tensor', paper: PAPERS.classBalanced,
    params: [
      COUNTS,
      hyper('beta', 0.999, 'β: 0 gives equal weights, β → 1 inverse frequency. Typical: 0.9, 0.99, 0.999, 0.9999.', { valid: [0, 1], validOpen: [false, true], recommended: [0.9, 0.9999], tex: '\\beta' }),
    ],
    doc: 'Class-balanced weights from the “effective number of samples” E_c = (1 − β^{n_c})/(1 − β): w_c ∝ 1/E_c, normalised so that Σ_c w_c = C. A vector of length C to pass as `ce(..., weight=cb_weights(class_counts))` or as focal’s α. Constants for the gradient.',
    formula: 'w_{c} = \\frac{C\\,(1 - \\beta)/(1 - \\beta^{n_{c}})}{\\sum_{j} (1 - \\beta)/(1 - \\beta^{n_{j}})}',
    tex: '\\mathrm{CB}_{{beta}}\\left({class_counts}\\right)',
    range: () => I.NONNEG,
  },
  {
    name: 'inv_freq', category: 'weighting', family: 'imbalance', result: 'tensor', paper: PAPERS.rareEvents,
    params: [COUNTS],
    doc: 'Inverse-frequency class weights w_c = N/(C·n_c), N = Σ_c n_c: scikit-learn’s `class_weight="balanced"` (inspired by King & Zeng 2001). Balanced classes give 1; Σ_c n_c·w_c = N. A vector of length C, constant for the gradient.',
    formula: 'w_{c} = \\frac{\\sum_{j} n_{j}}{C\\, n_{c}}',
    tex: '\\mathrm{IF}\\left({class_counts}\\right)',
    range: () => I.NONNEG,
  },
  {
    name: 'center', category: 'loss', family: 'imbalance', result: 'scalar', paper: PAPERS.center, learnable: true,
    params: [
      tensor('features', ['features'], 'Feature vectors f_i, N×D (e.g. the penultimate layer).', 'f'),
      tensor('y', ['labels'], 'Class indices, N.'),
    ],
    doc: 'Center loss: the mean over the batch of ½‖f_i − c_{y_i}‖², with one learnable prototype c_c per class (C×D, initialised to 0), trained by the trial’s optimiser together with the model (Wen et al. use a separate update rule; KaiyangZhou’s implementation drops the ½). Pulls each class into a compact cluster; combine with `ce` and a small weight (the paper uses 0.003) — too large a weight collapses the features. Outside a trial the prototypes are 0.',
    formula: '\\mathcal{L}_{C} = \\frac{1}{n}\\sum_{i} \\tfrac{1}{2}\\lVert f_{i} - c_{y_{i}} \\rVert^{2}',
    tex: '\\mathcal{L}_{C}\\left({features}, {y}\\right)',
    range: () => I.NONNEG,
  },
];
