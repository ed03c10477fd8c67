import * as I from '../../analysis/interval.js';
import type { Interval } from '../../analysis/interval.js';
import { PAPERS } from '../papers.js';
import { hyper, tensor } from '../params.js';
import { arg, hyperArg, widen } from '../range-helpers.js';
import type { BuiltinFunction } from '../types.js';

// 8. Quantisation-aware losses: simulated quantisation inside the loss. Model weights are quantised by
// the model option `mlp(quantize=8)`; these builtins quantise any tensor of a loss (activations, logits).

const BITS = hyper('bits', 8, 'Bit width b of the signed integer grid [−2^(b−1), 2^(b−1) − 1].', { valid: [2, 32], recommended: [2, 8], integer: true, tex: 'b' });

/** The largest grid level 2^(b−1) − 1 for the smallest bit width in `bits`. */
const topLevel = (bits: Interval, end: 'lo' | 'hi'): number => 2 ** (Math.round(bits[end]) - 1) - 1;

/**
 * The dynamic scale s = max|x| / (2^(b−1) − 1) keeps every x on the grid without clipping: q lies
 * within s/2 of x and within ±max|x|.
 */
function dynamicStep(x: Interval, bits: Interval): number | undefined {
  const levels = topLevel(bits, 'lo');
  if (!(levels >= 1)) return undefined;
  return Math.max(Math.abs(x.lo), Math.abs(x.hi)) / levels;
}

const signKept = (x: Interval, r: Interval): Interval =>
  I.interval(x.lo >= 0 ? Math.max(r.lo, 0) : r.lo, x.hi <= 0 ? Math.min(r.hi, 0) : r.hi);

function fakequantRange(args: Readonly<Record<string, Interval>>): Interval {
  const x = arg(args, 'x');
  const bits = hyperArg(args, 'bits', 8);
  const scale = args.scale;
  if (!scale) {
    const step = dynamicStep(x, bits);
    if (step === undefined) return I.ALL;
    if (!Number.isFinite(step)) return signKept(x, I.ALL);
    const m = step * topLevel(bits, 'lo');
    return signKept(x, widen(I.interval(Math.max(x.lo - step / 2, -m), Math.min(x.hi + step / 2, m))));
  }
  if (!(scale.lo > 0) || scale.hi === Infinity || bits.lo < 2) return I.ALL;
  // g(x) = clamp(round(x/s), N, P)·s is nondecreasing in x; bound g(lo) and g(hi) over every s and b.
  const pMin = topLevel(bits, 'lo');
  const pMax = topLevel(bits, 'hi');
  const nLeast = -(2 ** (Math.round(bits.lo) - 1)); // the least negative bottom level
  const nMost = -(2 ** (Math.round(bits.hi) - 1));
  const lo = Math.max(Math.min(x.lo - scale.hi / 2, pMin * scale.lo), nMost * scale.hi);
  const hi = Math.min(Math.max(x.hi + scale.hi / 2, nLeast * scale.lo), pMax * scale.hi);
  return signKept(x, widen(I.interval(lo, hi)));
}

export const QUANTISATION_BUILTINS: readonly BuiltinFunction[] = [
  {
    name: 'fakequant', category: 'quantiser', family: 'quantisation', result: 'elementwise', paper: PAPERS.quantisation,
    params: [
      tensor('x', undefined, 'The tensor to quantise.'),
      BITS,
      hyper('scale', null, 'The step s; omitted: max|x| / (2^(b−1) − 1), computed per call and held constant (no gradient).', { valid: [0, Infinity], validOpen: [true, false], tex: 's' }),
    ],
    doc: 'Symmetric signed fake quantisation, PyTorch’s `fake_quantize_per_tensor_affine` with zero point 0: q = clamp(round(x/s), −2^(b−1), 2^(b−1) − 1)·s, round half to even. Straight-through gradient: 1 where round(x/s) lies inside the grid, 0 where it is clipped. Without `scale`, s = max|x|/(2^(b−1) − 1) over the whole tensor, treated as a constant (nothing is clipped then; an all-zero x gives 0). At 2 bits the grid is {−2, −1, 0, 1}·s and most values round to 0.',
    formula: 'q(x) = s \\cdot \\operatorname{clamp}\\!\\left(\\operatorname{round}\\!\\left(\\frac{x}{s}\\right), -2^{b-1}, 2^{b-1} - 1\\right),\\quad \\frac{\\partial q}{\\partial x} = [\\, -2^{b-1} \\le \\operatorname{round}(x/s) \\le 2^{b-1} - 1 \\,]',
    tex: 'q_{{bits}}\\left({x}\\right)',
    range: fakequantRange,
  },
  {
    name: 'quant_noise', category: 'quantiser', family: 'quantisation', result: 'elementwise', paper: PAPERS.diffq,
    params: [tensor('x', undefined, 'The tensor to perturb.'), BITS],
    doc: 'Pseudo-quantisation noise: x + Δ·u with u ~ U(−½, ½) drawn independently per element and per training step (from the trial’s seed), Δ = max|x|/(2^(b−1) − 1) the step of `fakequant`’s grid, held constant. Smooth, with gradient 1, and its variance Δ²/12 matches the rounding error. Outside training steps (validation metrics, `losslab eval`) it is `fakequant(x, bits)`, the deployed behaviour.',
    formula: '\\tilde{x} = x + \\Delta\\, u,\\quad u \\sim \\mathcal{U}\\!\\left(-\\tfrac{1}{2}, \\tfrac{1}{2}\\right),\\quad \\Delta = \\frac{\\max \\lvert x \\rvert}{2^{b-1} - 1}',
    tex: '\\tilde{q}_{{bits}}\\left({x}\\right)',
    range: (args) => {
      const x = arg(args, 'x');
      const step = dynamicStep(x, hyperArg(args, 'bits', 8));
      if (step === undefined || !Number.isFinite(step)) return I.ALL;
      return widen(I.interval(x.lo - step / 2, x.hi + step / 2));
    },
  },
];
