import * as I from '../../analysis/interval.js';
import { PAPERS } from '../papers.js';
import { hyper, tensor } from '../params.js';
import { arg } from '../range-helpers.js';
import type { Interval } from '../../analysis/interval.js';
import type { BuiltinFunction } from '../types.js';

// 7. Distillation: divergences between distributions, temperature-softened KD, feature hints and
// relational (pairwise distance / angle) transfer.

const inUnit = (a: Interval): boolean => a.lo >= 0 && a.hi <= 1;
const STUDENT_SCORES = ['logits', 'logits2', 'logits_fp'] as const;
const TEACHER_SCORES = ['teacher', 'logits', 'logits2', 'logits_fp'] as const;
const FS = tensor('fs', ['features'], 'Student features, N×D.', 'f^{S}');
const FT = tensor('ft', ['features', 'teacher'], 'Teacher features, N×D′ (same N).', 'f^{T}');

export const DISTILLATION_BUILTINS: readonly BuiltinFunction[] = [
  {
    name: 'kl', category: 'loss', family: 'distillation', result: 'scalar', paper: PAPERS.kl,
    params: [
      tensor('p', ['probs', 'onehot'], 'The reference distribution P (rows along the last axis sum to 1).', 'P'),
      tensor('q', ['probs'], 'The approximating distribution Q.', 'Q'),
    ],
    doc: 'Kullback–Leibler divergence KL(P‖Q) = Σ_c p_c log(p_c/q_c) along the last axis, then the mean over rows (PyTorch `kl_div(..., reduction="batchmean")`, not the mean over every element). 0·log 0 = 0; q = 0 where p > 0 gives +∞ — pass softmax outputs, or write it from log-probabilities. Not symmetric: R-Drop uses `0.5 * (kl(p1, p2) + kl(p2, p1))` with `p1 = softmax(z)`, `p2 = softmax(z2)` (z2: `logits2`). Assumes rows that sum to 1; its range [0, ∞) relies on it.',
    formula: '\\mathrm{KL}(P \\Vert Q) = \\frac{1}{n}\\sum_{i}\\sum_{c} p_{ic} \\log \\frac{p_{ic}}{q_{ic}}',
    tex: '\\mathrm{KL}\\left({p} \\,\\Vert\\, {q}\\right)',
    range: (args) => (inUnit(arg(args, 'p', I.UNIT)) && inUnit(arg(args, 'q', I.UNIT)) ? I.NONNEG : I.ALL),
  },
  {
    name: 'js', category: 'loss', family: 'distillation', result: 'scalar', paper: PAPERS.js,
    params: [
      tensor('p', ['probs', 'onehot'], 'First distribution (rows sum to 1).', 'P'),
      tensor('q', ['probs', 'onehot'], 'Second distribution.', 'Q'),
    ],
    doc: 'Jensen–Shannon divergence ½KL(P‖M) + ½KL(Q‖M), M = (P + Q)/2, per row along the last axis, mean over rows, natural log: symmetric, finite, in [0, log 2].',
    formula: '\\mathrm{JS}(P, Q) = \\tfrac{1}{2}\\mathrm{KL}(P \\Vert M) + \\tfrac{1}{2}\\mathrm{KL}(Q \\Vert M),\\quad M = \\tfrac{1}{2}(P + Q)',
    tex: '\\mathrm{JS}\\left({p}, {q}\\right)',
    range: (args) => (inUnit(arg(args, 'p', I.UNIT)) && inUnit(arg(args, 'q', I.UNIT)) ? I.interval(0, Math.LN2) : I.ALL),
  },
  {
    name: 'kd', category: 'loss', family: 'distillation', result: 'scalar', paper: PAPERS.kd,
    params: [
      tensor('s', [...STUDENT_SCORES], 'Student logits, N×C.'),
      tensor('t', [...TEACHER_SCORES], 'Teacher logits, N×C.'),
      hyper('T', 4, 'Temperature: higher T softens both distributions and transfers more “dark knowledge”.', { valid: [0, Infinity], validOpen: [true, false], recommended: [1, 10], tex: 'T' }),
    ],
    doc: 'Hinton’s distillation loss T²·KL(softmax(t/T) ‖ softmax(s/T)), KL per row then the mean over rows (batchmean). The T² keeps the soft-target gradient, which scales as 1/T², comparable across temperatures. Usually mixed with the hard-label loss: `0.5 * ce(s, y) + 0.5 * kd(s, t)`. It does not stop gradients into t: a trial’s `teacher` outputs carry none; wrap a trainable teacher in `stopgrad`.',
    formula: 'T^{2}\\,\\mathrm{KL}\\Big(\\operatorname{softmax}\\big(\\tfrac{t}{T}\\big) \\,\\Big\\Vert\\, \\operatorname{softmax}\\big(\\tfrac{s}{T}\\big)\\Big)',
    tex: '\\mathrm{KD}_{{T}}\\left({s}, {t}\\right)',
    range: () => I.NONNEG,
  },
  {
    name: 'hint', category: 'loss', family: 'distillation', result: 'scalar', paper: PAPERS.fitnets,
    params: [FS, { ...FT, doc: 'Teacher features, N×D (the same shape as fs: put a regressor layer in the student when widths differ).' }],
    doc: 'FitNets hint loss: the mean squared error between student and teacher features, mean over every element (torchdistill’s `FitNetsLoss`; the paper’s ½‖·‖² differs by a constant factor). fs and ft must have the same shape.',
    formula: '\\frac{1}{n}\\sum_{i} \\big(f^{S}_{i} - f^{T}_{i}\\big)^{2}',
    tex: '\\mathcal{L}_{\\mathrm{hint}}\\left({fs}, {ft}\\right)',
    range: () => I.NONNEG,
  },
  {
    name: 'rkd_distance', category: 'loss', family: 'distillation', result: 'scalar', paper: PAPERS.rkd,
    params: [FS, FT],
    doc: 'RKD distance loss: pairwise Euclidean distances within the batch, ψ_ij = ‖f_i − f_j‖ (computed as √max(d², 1e−12), diagonal 0), each divided by the mean of its positive entries, then the smooth-L1 (β = 1) between student and teacher ψ averaged over all N² entries, the diagonal included (as the reference `RkdDistance`). Transfers the relative geometry, not absolute positions, so widths may differ.',
    formula: '\\frac{1}{N^{2}}\\sum_{i,j} \\ell_{\\delta}\\big(\\psi^{S}_{ij} - \\psi^{T}_{ij}\\big),\\quad \\psi_{ij} = \\frac{\\lVert f_{i} - f_{j} \\rVert}{\\mu},\\; \\mu = \\operatorname{mean}_{\\lVert f_{k} - f_{l} \\rVert > 0} \\lVert f_{k} - f_{l} \\rVert',
    tex: '\\mathcal{L}_{\\mathrm{RKD\\text{-}D}}\\left({fs}, {ft}\\right)',
    range: () => I.NONNEG,
  },
  {
    name: 'rkd_angle', category: 'loss', family: 'distillation', result: 'scalar', paper: PAPERS.rkd,
    params: [FS, FT],
    doc: 'RKD angle loss: for every triplet (i, j, k) the cosine of the angle at j, ⟨e_ij, e_kj⟩ with e_ij = (f_i − f_j)/‖f_i − f_j‖ (normalised with ε = 1e−12, so coincident points give 0), and the smooth-L1 (β = 1) between student and teacher cosines averaged over all N³ triplets (the reference `RKdAngle`). Cosines lie in [−1, 1], so the loss is at most 1.5.',
    formula: '\\frac{1}{N^{3}}\\sum_{i,j,k} \\ell_{\\delta}\\big(\\cos\\angle^{S}_{ijk} - \\cos\\angle^{T}_{ijk}\\big),\\quad \\cos\\angle_{ijk} = \\langle e_{ij}, e_{kj} \\rangle,\\; e_{ij} = \\frac{f_{i} - f_{j}}{\\lVert f_{i} - f_{j} \\rVert}',
    tex: '\\mathcal{L}_{\\mathrm{RKD\\text{-}A}}\\left({fs}, {ft}\\right)',
    // Cosines differ by at most 2; smooth-L1 with β = 1 maps |d| ≤ 2 to at most 2 − ½.
    range: () => I.interval(0, 1.5),
  },
];
