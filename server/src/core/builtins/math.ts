import * as I from '../analysis/interval.js';
import { hyper, tensor } from './params.js';
import { arg, cosRange, logSigmoid, roundHalfEven, sigmoid, softplus } from './range-helpers.js';
import type { Role } from './roles.js';
import type { BuiltinFunction } from './types.js';

// Elementwise math. Each record's `range` is the exact image of the argument interval where the
// function is monotone, a safe hull otherwise.

const x = (doc = 'Any real tensor.', roles?: readonly Role[]) => tensor('x', roles, doc);

/**
 * What a sigmoid makes sense of: scores and other real values — not probabilities (a second sigmoid)
 * and not class targets.
 */
const SCORE_LIKE: readonly Role[] = ['logits', 'teacher', 'critic', 'logits2', 'logits_fp', 'real', 'features', 'target', 'logprobs', 'distance'];

type Unary = Omit<BuiltinFunction, 'category' | 'family' | 'params' | 'result' | 'range'> & {
  readonly xDoc?: string;
  readonly xRoles?: readonly Role[];
  readonly image: (a: I.Interval) => I.Interval;
};

/** An elementwise function of one tensor. */
function unary(u: Unary): BuiltinFunction {
  const { xDoc, xRoles, image, ...rest } = u;
  return { ...rest, category: 'math', family: 'math', params: [x(xDoc, xRoles)], result: 'elementwise', range: (args) => image(arg(args, 'x')) };
}

export const MATH_BUILTINS: readonly BuiltinFunction[] = [
  unary({
    name: 'log', xDoc: 'A positive tensor.',
    doc: 'Natural logarithm, elementwise. At 0 the value is −∞ and the gradient infinite, below 0 it is NaN: keep the argument away from 0 (the checker warns when its range reaches 0, e.g. `log(p + 1e-7)` or `log(clamp(p, lo=1e-7))`), or use the stable forms `log_sigmoid`, `log_softmax`.',
    formula: '\\log x', tex: '\\log\\left({x}\\right)', singularAt: 'zero', domain: { lo: 0, hi: Infinity, open: [true, true] },
    image: (a) => I.monotone(I.clampTo(a, 0, Infinity), Math.log),
  }),
  unary({
    name: 'exp',
    doc: 'Exponential, elementwise. Overflows to Infinity in float32 above about 88.7: exponentiate only bounded values (a difference of logits, a log-probability), or use `softplus`, `logsumexp`.',
    formula: 'e^{x}', tex: 'e^{{x}}',
    image: (a) => I.monotone(a, Math.exp),
  }),
  unary({
    name: 'sqrt', xDoc: 'A non-negative tensor.',
    doc: 'Square root, elementwise. NaN below 0, and its gradient 1/(2√x) is infinite at 0 — the classic NaN of norms and pairwise distances at coincident points. Keep the argument positive: `sqrt(s + 1e-12)` or `sqrt(clamp(s, lo=1e-12))`.',
    formula: '\\sqrt{x}', tex: '\\sqrt{{x}}', singularAt: 'nonneg-zero', domain: { lo: 0, hi: Infinity, open: [true, true] },
    image: (a) => I.monotone(I.clampTo(a, 0, Infinity), Math.sqrt),
  }),
  unary({
    name: 'abs',
    doc: 'Absolute value |x|, elementwise. Its gradient at exactly 0 is taken as 0 (PyTorch); TensorFlow.js returns −1 there, and the trial engine corrects for it.',
    formula: '\\lvert x \\rvert', tex: '\\left|{x}\\right|',
    image: I.abs,
  }),
  unary({
    name: 'sign',
    doc: 'Sign of x, elementwise: −1, 0 or 1 (0 at exactly 0). Its gradient is 0 everywhere.',
    formula: '\\operatorname{sign} x', tex: '\\operatorname{sign}\\left({x}\\right)',
    image: (a) => I.monotone(a, Math.sign),
  }),
  unary({
    name: 'square',
    doc: 'x², elementwise — the same as `x^2`, with gradient 2x. Never negative, so its range starts at 0.',
    formula: 'x^{2}', tex: '\\left({x}\\right)^{2}',
    image: I.square,
  }),
  unary({
    name: 'sigmoid', xDoc: 'Logits (or any real scores; not probabilities).', xRoles: SCORE_LIKE, resultRole: 'probs',
    doc: 'Logistic function σ(x) = 1 / (1 + e^{−x}), elementwise; maps logits to probabilities. In float32 it reaches exactly 0 or 1 for |x| ≳ 17 (1 − σ) and ≳ 88 (σ), so its range is the closed [0, 1]: never take its log, use `log_sigmoid` (and `bce` for the binary cross-entropy).',
    formula: '\\sigma(x) = \\frac{1}{1 + e^{-x}}', tex: '\\sigma\\left({x}\\right)',
    // Closed [0, 1]: in float32 it does reach the ends, which is what the stability lints care about.
    image: (a) => I.interval(a.lo === -Infinity ? 0 : sigmoid(a.lo), a.hi === Infinity ? 1 : sigmoid(a.hi)),
  }),
  unary({
    name: 'log_sigmoid', xDoc: 'Logits (or any real scores; not probabilities).', xRoles: SCORE_LIKE,
    doc: 'log σ(x), elementwise, computed stably as −softplus(−x): finite for every finite x (≈ x for very negative x), where `log(sigmoid(x))` gives −∞. Note log(1 − σ(x)) = log_sigmoid(−x).',
    formula: '\\log \\sigma(x) = -\\operatorname{softplus}(-x)', tex: '\\log\\sigma\\left({x}\\right)',
    image: (a) => I.monotone(a, logSigmoid),
  }),
  unary({
    name: 'softplus',
    doc: 'softplus(x) = log(1 + eˣ), elementwise, computed stably as max(x, 0) + log1p(e^{−|x|}). A smooth ReLU; −log σ(x) = softplus(−x).',
    formula: '\\operatorname{softplus}(x) = \\log\\left(1 + e^{x}\\right)', tex: '\\operatorname{softplus}\\left({x}\\right)',
    image: (a) => I.monotone(a, softplus),
  }),
  unary({
    name: 'relu',
    doc: 'max(x, 0), elementwise. Gradient 0 for x < 0 and 1 for x > 0 (0 at exactly 0).',
    formula: '\\operatorname{relu}(x) = \\max(x, 0)', tex: '\\left[{x}\\right]_{+}',
    image: (a) => I.monotone(a, (v) => Math.max(v, 0)),
  }),
  unary({
    name: 'tanh',
    doc: 'Hyperbolic tangent, elementwise, in [−1, 1] (float32 reaches ±1 for |x| ≳ 9).',
    formula: '\\tanh x', tex: '\\tanh\\left({x}\\right)',
    image: (a) => I.monotone(a, Math.tanh),
  }),
  unary({
    name: 'cos',
    doc: 'Cosine of an angle in radians, elementwise, in [−1, 1]. With `acos` it builds angular margins (ArcFace-style `cos(acos(c) + m)`).',
    formula: '\\cos x', tex: '\\cos\\left({x}\\right)',
    image: cosRange,
  }),
  unary({
    name: 'sin',
    doc: 'Sine of an angle in radians, elementwise, in [−1, 1]. Periodic: its range is [−1, 1] as soon as the argument spans 2π.',
    formula: '\\sin x', tex: '\\sin\\left({x}\\right)',
    // sin x = cos(x − π/2); the shift is exact enough that the hull stays sound after rounding.
    image: (a) => {
      if (!Number.isFinite(a.lo) || !Number.isFinite(a.hi)) return I.interval(-1, 1);
      const r = cosRange(I.interval(a.lo - Math.PI / 2, a.hi - Math.PI / 2));
      return I.interval(Math.max(-1, Math.min(r.lo, Math.sin(a.lo), Math.sin(a.hi))), Math.min(1, Math.max(r.hi, Math.sin(a.lo), Math.sin(a.hi))));
    },
  }),
  unary({
    name: 'acos', xDoc: 'A tensor in [−1, 1] (cosines).',
    doc: 'Arc cosine, elementwise, in [0, π]. NaN outside [−1, 1], and its gradient −1/√(1 − x²) is infinite at ±1: clamp cosines first, `acos(clamp(c, -1 + 1e-7, 1 - 1e-7))` (ArcFace-style angular margins).',
    formula: '\\arccos x', tex: '\\arccos\\left({x}\\right)', domain: { lo: -1, hi: 1, open: [true, true] },
    image: (a) => I.antitone(I.clampTo(a, -1, 1), Math.acos),
  }),
  unary({
    name: 'round',
    doc: 'Rounds to the nearest integer, ties to even (`round(0.5) = 0`, `round(1.5) = 2`), like PyTorch and TensorFlow — not like JavaScript’s `Math.round`. Its gradient is 0 almost everywhere: use `fakequant` for a straight-through estimator.',
    formula: '\\operatorname{round}(x)', tex: '\\left\\lfloor {x} \\right\\rceil',
    image: (a) => I.monotone(a, roundHalfEven),
  }),
  unary({
    name: 'floor',
    doc: 'The largest integer ≤ x, elementwise. Its gradient is 0 almost everywhere.',
    formula: '\\lfloor x \\rfloor', tex: '\\left\\lfloor {x} \\right\\rfloor',
    image: (a) => I.monotone(a, Math.floor),
  }),
  {
    name: 'clamp', category: 'math', family: 'math', result: 'elementwise',
    params: [
      x(),
      hyper('lo', null, 'Lower bound; omitted: no lower bound.', { tex: 'a' }),
      hyper('hi', null, 'Upper bound; omitted: no upper bound.', { tex: 'b' }),
    ],
    doc: 'Limits x to [lo, hi], elementwise: min(max(x, lo), hi). Either bound may be omitted (`clamp(x, lo=0)`). The gradient is 1 inside and 0 where a bound is active — clamped entries stop learning, which is how Keras-style probability clipping silences confident mistakes.',
    formula: '\\operatorname{clamp}(x, a, b) = \\min(\\max(x, a), b)',
    range: (args) => {
      let r = arg(args, 'x');
      if (args.lo) r = I.max2(r, args.lo);
      if (args.hi) r = I.min2(r, args.hi);
      return r;
    },
  },
  {
    name: 'where', category: 'math', family: 'math', result: 'elementwise',
    params: [
      tensor('cond', undefined, 'Condition: nonzero is true (usually a comparison such as `y == 1`).', 'c'),
      tensor('a', undefined, 'Value where the condition holds.'),
      tensor('b', undefined, 'Value elsewhere.'),
    ],
    doc: 'Elementwise selection: a where cond ≠ 0, b elsewhere (broadcast together, NumPy rules). The gradient flows only into the chosen branch, but a NaN or ∞ computed in the other branch still poisons the gradient: make both branches finite everywhere.',
    formula: '\\operatorname{where}(c, a, b) = \\begin{cases} a & c \\neq 0 \\\\ b & c = 0 \\end{cases}',
    range: (args) => {
      const c = arg(args, 'cond');
      const a = arg(args, 'a');
      const b = arg(args, 'b');
      if (c.lo > 0 || c.hi < 0) return a;
      if (c.lo === 0 && c.hi === 0) return b;
      return I.union(a, b);
    },
  },
  {
    name: 'stopgrad', category: 'math', family: 'math', result: 'elementwise',
    params: [x()],
    doc: 'The value of x with no gradient flowing through it (PyTorch `detach`, TensorFlow `stop_gradient`): use it for targets built from the model’s own outputs, such as a detached teacher or the real-sample critic term of a relativistic generator loss.',
    formula: '\\operatorname{sg}(x) = x,\\quad \\nabla \\operatorname{sg}(x) = 0', tex: '\\operatorname{sg}\\left({x}\\right)',
    range: (args) => arg(args, 'x'),
  },
];
