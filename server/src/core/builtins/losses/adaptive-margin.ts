import * as I from '../../analysis/interval.js';
import { PAPERS } from '../papers.js';
import { hyper, tensor } from '../params.js';
import type { BuiltinFunction } from '../types.js';

// 6. Adaptive margins: hinge-type losses, asymmetric focusing for multi-label data, and label-
// distribution-aware margins. Tuned decision thresholds are a trial metric (`tuned_threshold`).

const SCORE = tensor('z', ['logits'], 'Scores (logits), N or N×K.');
const SIGNED = tensor('y', ['binary', 'signs', 'multilabel'], 'Targets: 0/1 (`binary`, `multilabel`; mapped to −1/+1 by 2y − 1) or ±1 (`signs`, used as they are).');
const MARGIN = hyper('margin', 1, 'The margin m: scores with y·z ≥ m cost nothing.', { valid: [0, Infinity], recommended: [0.1, 5], tex: 'm' });
const SIGN_RULE = 'y is mapped to ±1 by its role: `binary`/`multilabel` by 2y − 1, `signs` as is (both agree on valid data, since 0 only occurs in binary targets). Mean over every element. (TensorFlow.js’ `hingeLoss` maps every label by 2y − 1, which silently breaks ±1 labels.)';

export const ADAPTIVE_MARGIN_BUILTINS: readonly BuiltinFunction[] = [
  {
    name: 'hinge', category: 'loss', family: 'adaptive-margin', result: 'scalar', paper: PAPERS.svm,
    params: [SCORE, SIGNED, MARGIN],
    doc: `Binary hinge loss max(0, m − y·z), the SVM margin loss on raw scores. ${SIGN_RULE}`,
    formula: '\\frac{1}{n}\\sum_{i} \\max\\left(0,\\, m - y_{i} z_{i}\\right),\\quad y_{i} \\in \\{-1, +1\\}',
    tex: '\\mathrm{hinge}_{{margin}}\\left({z}, {y}\\right)',
    range: () => I.NONNEG,
  },
  {
    name: 'squared_hinge', category: 'loss', family: 'adaptive-margin', result: 'scalar', paper: PAPERS.l2svm,
    params: [SCORE, SIGNED, MARGIN],
    doc: `Squared hinge loss max(0, m − y·z)² (the L2-SVM loss): differentiable at the margin, and it punishes large violations more. ${SIGN_RULE}`,
    formula: '\\frac{1}{n}\\sum_{i} \\max\\left(0,\\, m - y_{i} z_{i}\\right)^{2},\\quad y_{i} \\in \\{-1, +1\\}',
    tex: '\\mathrm{hinge}^{2}_{{margin}}\\left({z}, {y}\\right)',
    range: () => I.NONNEG,
  },
  {
    name: 'asl', category: 'loss', family: 'adaptive-margin', result: 'scalar', paper: PAPERS.asl,
    params: [
      tensor('z', ['logits'], 'Logits, N×K (one per label).'),
      tensor('y', ['multilabel', 'binary'], 'Multi-label targets, N×K of 0/1.'),
      hyper('gamma_neg', 4, 'Focusing exponent γ₋ on negatives: easy negatives are down-weighted by p_m^γ₋.', { valid: [0, Infinity], recommended: [0, 6], tex: '\\gamma_{-}' }),
      hyper('gamma_pos', 0, 'Focusing exponent γ₊ on positives.', { valid: [0, Infinity], recommended: [0, 2], tex: '\\gamma_{+}' }),
      hyper('clip', 0.05, 'Probability margin m: negatives with p < m cost nothing (p_m = max(p − m, 0)).', { valid: [0, 1], recommended: [0, 0.2], tex: 'm' }),
    ],
    doc: 'Asymmetric loss for multi-label classification, the official implementation’s math (Alibaba-MIIL `AsymmetricLoss`): per element −[y·(1 − p)^{γ₊}·log p + (1 − y)·p_m^{γ₋}·log(1 − p_m)], p = σ(z), p_m = max(p − m, 0), with the focusing weights differentiated too (the official class leaves them attached). Unlike the official code (which clamps at 1e-8 and sums), the logs use the log-sigmoid form — log p = log_sigmoid(z) and log(1 − p_m) = log(min(1 − p + m, 1)), or log_sigmoid(−z) when m = 0 — so very negative logits of positives keep their gradient, and the reduction is the **mean over elements**.',
    formula: '-\\frac{1}{n}\\sum \\Big[ y\\,(1 - p)^{\\gamma_{+}} \\log p + (1 - y)\\, p_{m}^{\\gamma_{-}} \\log(1 - p_{m}) \\Big],\\quad p = \\sigma(z),\\; p_{m} = \\max(p - m, 0)',
    tex: '\\mathrm{ASL}\\left({z}, {y}\\right)',
    range: () => I.NONNEG,
  },
  {
    name: 'ldam', category: 'loss', family: 'adaptive-margin', result: 'scalar', paper: PAPERS.ldam,
    params: [
      tensor('z', ['logits'], 'Logits, N×C. The paper uses cosine similarities (normalised features and class weights), which is what s = 30 assumes: a trial model with `head="cosine"` gives them.'),
      tensor('y', ['labels'], 'Class indices, N.'),
      tensor('class_counts', ['counts'], 'Per-class counts n_c (usually the context value `class_counts`).', 'n'),
      hyper('max_margin', 0.5, 'The largest margin (given to the rarest class).', { valid: [0, Infinity], recommended: [0.1, 1], tex: 'm_{\\max}' }),
      hyper('s', 30, 'Logit scale s; 30 assumes cosine logits in [−1, 1] (`mlp(head="cosine")`) — use about 1 for raw logits.', { valid: [0, Infinity], validOpen: [true, false], recommended: [1, 64], tex: 's' }),
    ],
    doc: 'Label-distribution-aware margin loss (the official `LDAMLoss`): margins m_c ∝ n_c^{−1/4}, scaled so the largest is `max_margin`, are subtracted from the true-class logit, then `ce(s·(z − m_y·onehot(y)), y)` (mean over rows). Rare classes get larger margins. Usually paired with deferred re-weighting (DRW): `weight` switched to `cb_weights(class_counts, 0.9999)` late in training, written as a separate `ce` term with `where(progress > 0.8, …)` or a `ramp`.',
    formula: '\\mathrm{CE}\\big(s\\,(z - m_{y}\\,e_{y}),\\, y\\big),\\quad m_{c} = m_{\\max}\\, \\frac{n_{c}^{-1/4}}{\\max_{j} n_{j}^{-1/4}}',
    tex: '\\mathrm{LDAM}\\left({z}, {y};\\, {class_counts}\\right)',
    range: () => I.NONNEG,
  },
];
