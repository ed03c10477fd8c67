import * as tf from '@tensorflow/tfjs-core';
import './tfjs.js';
import type { CustomGradientFunc } from '@tensorflow/tfjs-core/dist/engine.js';

// Differentiable primitives that are correct to every order of differentiation, in their numerically
// stable forms. Everything the language computes is built from these and from the tfjs ops verified to
// be correct at second order (add, sub, mul, div, neg, square, sqrt, log, log1p, sin, cos, acos, sum,
// mean, reshape, transpose, matMul, concat, slice, tile).
//
// Why: tfjs's own gradients of tanh/sigmoid/exp/elu/softmax/logSoftmax use the op's saved *output*,
// which the second-order tape cannot see (the second derivative comes out silently wrong or throws),
// and masks built with greater/equal/logicalAnd inside a gradient throw at second order (leakyRelu,
// relu6, where, minimum, clipByValue, max, logSumExp). Each op below is a `tf.customGrad` whose gradient
// recomputes from the saved *input* with these same ops, so differentiating it again is exact; masks are
// computed by `constant` ops, whose gradient is zero and whose insides are never taped.

export type T = tf.Tensor;

type GradFn = (dy: T, inputs: readonly T[]) => T[];

/** Defines an op from its value and its gradient (given the upstream gradient and the saved inputs). */
export function defineOp(value: (...xs: T[]) => T, grad: GradFn): (...xs: T[]) => T {
  const f = tf.customGrad(((...args: unknown[]) => {
    const save = args.pop() as tf.GradSaveFunc;
    const xs = args as T[];
    save(xs);
    return { value: value(...xs), gradFunc: (dy: T, saved: T[]) => grad(dy, saved) };
  }) as unknown as CustomGradientFunc<T>);
  return (...xs: T[]) => f(...xs);
}

/** A value with zero gradient with respect to every input; what it computes is never differentiated. */
export function constant(value: (...xs: T[]) => T): (...xs: T[]) => T {
  return defineOp(value, (_dy, xs) => xs.map((x) => tf.zerosLike(x)));
}

/** Sums a broadcast gradient back down to the shape of the input it belongs to. */
export function unbroadcast(g: T, shape: readonly number[]): T {
  if (arraysEqual(g.shape, shape)) return g;
  const lead = g.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.rank; i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) axes.push(i);
  }
  const s = axes.length ? tf.sum(g, axes, true) : g;
  return tf.reshape(s, [...shape]);
}

function arraysEqual(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** The NumPy broadcast of two shapes, or undefined when they do not broadcast. */
export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] | undefined {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) return undefined;
    out.push(x === 1 ? y : x);
  }
  return out;
}

function toShape(x: T, shape: readonly number[]): T {
  return arraysEqual(x.shape, shape) ? x : tf.broadcastTo(x, [...shape]);
}

// ---------------------------------------------------------------------------------------------------
// Masks, selection, stop-gradient

const f32 = (b: T) => tf.cast(b, 'float32');

const dependOnOp = defineOp((y) => tf.clone(y), (dy, [, ...xs]) => [dy, ...xs.map((x) => tf.zerosLike(x!))]);

/**
 * y, with each x made one of its inputs (gradient zero): tf.grad refuses to differentiate a value that
 * does not depend on the variable, where the derivative is simply zero (`grad(sum(critic), x)` when
 * the critic outputs are given rather than computed from x).
 */
export function dependOn(y: T, xs: readonly T[]): T {
  return xs.length ? dependOnOp(y, ...xs) : y;
}

/** Stop-gradient: the value of x, with zero gradient. */
export const stopGradient = constant((x) => tf.clone(x));

export type Comparison = '==' | '!=' | '<' | '<=' | '>' | '>=';

const COMPARE: Record<Comparison, (a: T, b: T) => T> = {
  '==': (a, b) => f32(tf.equal(a, b)),
  '!=': (a, b) => f32(tf.notEqual(a, b)),
  '<': (a, b) => f32(tf.less(a, b)),
  '<=': (a, b) => f32(tf.lessEqual(a, b)),
  '>': (a, b) => f32(tf.greater(a, b)),
  '>=': (a, b) => f32(tf.greaterEqual(a, b)),
};

const COMPARE_OPS = Object.fromEntries(
  (Object.keys(COMPARE) as Comparison[]).map((k) => [k, constant(COMPARE[k])]),
) as Record<Comparison, (a: T, b: T) => T>;

/** A 0/1 mask (float32), with zero gradient. */
export function compare(op: Comparison, a: T, b: T): T {
  return COMPARE_OPS[op](a, b);
}

/**
 * `where(mask, a, b)` with a 0/1 (nonzero = true) mask. The gradient reaches `a` only where the mask
 * holds and `b` only where it does not. As in PyTorch, a non-finite gradient inside the branch not
 * taken still turns into NaN: the branches themselves must be safe to differentiate.
 */
export const select = defineOp(
  (mask, a, b) => {
    const shape = broadcastShapes(broadcastShapes(mask.shape, a.shape) ?? [], b.shape) ?? [];
    return tf.where(tf.cast(toShape(mask, shape), 'bool'), toShape(a, shape), toShape(b, shape));
  },
  (dy, [mask, a, b]) => {
    const m = nonzero(mask!);
    return [tf.zerosLike(mask!), unbroadcast(tf.mul(dy, m), a!.shape), unbroadcast(tf.mul(dy, tf.sub(1, m)), b!.shape)];
  },
);

const nonzero = constant((m) => f32(tf.notEqual(m, 0)));

// ---------------------------------------------------------------------------------------------------
// Elementwise functions

const signOf = constant((x) => tf.sign(x));

export const exp: (x: T) => T = defineOp((x) => tf.exp(x), (dy, [x]) => [tf.mul(dy, exp(x!))]);

/** σ(x); its derivative σ(x)σ(−x) has no cancellation in the tails. */
export const sigmoid: (x: T) => T = defineOp(
  (x) => tf.sigmoid(x),
  (dy, [x]) => [tf.mul(dy, tf.mul(sigmoid(x!), sigmoid(tf.neg(x!))))],
);

/** tanh; derivative 1 − tanh² written as 4σ(2x)σ(−2x), accurate where tanh² rounds to 1. */
export const tanh: (x: T) => T = defineOp(
  (x) => tf.tanh(x),
  (dy, [x]) => {
    const x2 = tf.mul(x!, 2);
    return [tf.mul(dy, tf.mul(4, tf.mul(sigmoid(x2), sigmoid(tf.neg(x2)))))];
  },
);

/** softplus(x) = max(x, 0) + log1p(e^{−|x|}): exact at ±100, never overflows. */
export const softplus: (x: T) => T = defineOp(
  (x) => tf.add(tf.relu(x), tf.log1p(tf.exp(tf.neg(tf.abs(x))))),
  (dy, [x]) => [tf.mul(dy, sigmoid(x!))],
);

/** log σ(x) = −softplus(−x) (tf.logSigmoid's gradient throws on intermediate tensors). */
export function logSigmoid(x: T): T {
  return tf.neg(softplus(tf.neg(x)));
}

/** |x|, with gradient sign(x): 0 at 0, as in PyTorch (tfjs gives −1). */
export const abs: (x: T) => T = defineOp((x) => tf.abs(x), (dy, [x]) => [tf.mul(dy, signOf(x!))]);

export const sign = constant((x) => tf.sign(x));
/** Round half to even (tf.round already does; JavaScript's Math.round does not). Zero gradient. */
export const round = constant((x) => tf.round(x));
export const floor = constant((x) => tf.floor(x));

export const relu: (x: T) => T = defineOp(
  (x) => tf.relu(x),
  (dy, [x]) => [tf.mul(dy, compare('>', x!, tf.scalar(0)))],
);

export function leakyRelu(x: T, alpha = 0.01): T {
  return leakyReluOp(x, tf.scalar(alpha));
}
const leakyReluOp = defineOp(
  (x, a) => tf.where(tf.greater(x, 0), x, tf.mul(a, x)),
  (dy, [x, a]) => {
    const pos = compare('>', x!, tf.scalar(0));
    const slope = tf.add(pos, tf.mul(tf.sub(1, pos), a!));
    return [tf.mul(dy, slope), tf.zerosLike(a!)];
  },
);

/** elu(x) = x for x > 0, e^x − 1 otherwise (α = 1). */
export function elu(x: T): T {
  return select(compare('>', x, tf.scalar(0)), x, tf.sub(exp(minimum(x, tf.scalar(0))), 1));
}

export function relu6(x: T): T {
  return clamp(x, tf.scalar(0), tf.scalar(6));
}

const SQRT1_2 = Math.SQRT1_2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** Standard normal CDF Φ(x) = ½(1 + erf(x/√2)); derivative φ(x). */
const normalCdf: (x: T) => T = defineOp(
  (x) => tf.mul(0.5, tf.add(1, tf.erf(tf.mul(x, SQRT1_2)))),
  (dy, [x]) => [tf.mul(dy, tf.mul(INV_SQRT_2PI, exp(tf.mul(-0.5, tf.square(x!)))))],
);

/** GELU (exact): x·Φ(x). */
export function gelu(x: T): T {
  return tf.mul(x, normalCdf(x));
}

/**
 * a^b elementwise, with PyTorch's gradient conventions: ∂/∂a = b·a^(b−1) (0 when b = 0),
 * ∂/∂b = a^b·log a (0 where a = 0).
 */
export const pow: (a: T, b: T) => T = defineOp(
  (a, b) => tf.pow(a, b),
  (dy, [a, b]) => {
    const bIsZero = compare('==', b!, tf.scalar(0));
    const da = select(bIsZero, tf.scalar(0), tf.mul(b!, pow(a!, tf.sub(b!, 1))));
    const aIsZero = compare('==', a!, tf.scalar(0));
    const safeA = select(aIsZero, tf.scalar(1), a!);
    const db = tf.mul(pow(a!, b!), tf.log(safeA));
    return [unbroadcast(tf.mul(dy, da), a!.shape), unbroadcast(tf.mul(dy, db), b!.shape)];
  },
);

/** Elementwise maximum; at ties each side gets half the gradient, as in PyTorch. */
export const maximum: (a: T, b: T) => T = defineOp(
  (a, b) => tf.maximum(a, b),
  (dy, [a, b]) => {
    const [wa, wb] = tieWeights(a!, b!, '>');
    return [unbroadcast(tf.mul(dy, wa), a!.shape), unbroadcast(tf.mul(dy, wb), b!.shape)];
  },
);

/** Elementwise minimum; at ties each side gets half the gradient, as in PyTorch. */
export const minimum: (a: T, b: T) => T = defineOp(
  (a, b) => tf.minimum(a, b),
  (dy, [a, b]) => {
    const [wa, wb] = tieWeights(a!, b!, '<');
    return [unbroadcast(tf.mul(dy, wa), a!.shape), unbroadcast(tf.mul(dy, wb), b!.shape)];
  },
);

function tieWeights(a: T, b: T, wins: '>' | '<'): [T, T] {
  const win = compare(wins, a, b);
  const tie = tf.mul(compare('==', a, b), 0.5);
  return [tf.add(win, tie), tf.sub(tf.sub(1, win), tie)];
}

/**
 * clamp(x, lo, hi), either bound optional. PyTorch's gradient: x gets it where lo ≤ x ≤ hi (inclusive),
 * a tensor bound where x lies beyond it.
 */
export function clamp(x: T, lo?: T, hi?: T): T {
  if (lo && hi) return clampBoth(x, lo, hi);
  if (lo) return clampLo(x, lo);
  if (hi) return clampHi(x, hi);
  return x;
}

const clampLo = defineOp(
  (x, lo) => tf.maximum(x, lo),
  (dy, [x, lo]) => {
    const inside = compare('>=', x!, lo!);
    return [unbroadcast(tf.mul(dy, inside), x!.shape), unbroadcast(tf.mul(dy, tf.sub(1, inside)), lo!.shape)];
  },
);

const clampHi = defineOp(
  (x, hi) => tf.minimum(x, hi),
  (dy, [x, hi]) => {
    const inside = compare('<=', x!, hi!);
    return [unbroadcast(tf.mul(dy, inside), x!.shape), unbroadcast(tf.mul(dy, tf.sub(1, inside)), hi!.shape)];
  },
);

const clampBoth = defineOp(
  (x, lo, hi) => tf.minimum(tf.maximum(x, lo), hi),
  (dy, [x, lo, hi]) => {
    const above = compare('>', x!, hi!);
    const below = tf.mul(compare('<', x!, lo!), tf.sub(1, above));
    const inside = tf.sub(tf.sub(1, above), below);
    return [
      unbroadcast(tf.mul(dy, inside), x!.shape),
      unbroadcast(tf.mul(dy, below), lo!.shape),
      unbroadcast(tf.mul(dy, above), hi!.shape),
    ];
  },
);

// ---------------------------------------------------------------------------------------------------
// Reductions and normalisations along an axis

/** Normalises an axis (negative counts from the end); throws a clear message when out of range. */
export function normAxis(axis: number, rank: number): number {
  if (!Number.isInteger(axis)) throw new Error(`axis must be an integer, got ${axis}`);
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= Math.max(rank, 1)) throw new Error(`axis ${axis} is out of range for a tensor of rank ${rank}`);
  return a;
}

/** max or min over `axis` (all elements when undefined); ties share the gradient evenly (torch.amax). */
export function extremum(kind: 'max' | 'min', x: T, axis: number | undefined, keepDims: boolean): T {
  const axes = axis === undefined ? undefined : normAxis(axis, x.rank);
  return extremumOp(kind, axes, keepDims)(x);
}

function extremumOp(kind: 'max' | 'min', axis: number | undefined, keepDims: boolean): (x: T) => T {
  return memo(`${kind}/${axis}/${keepDims}`, () => {
    const reduce = (x: T, keep: boolean) => (kind === 'max' ? tf.max(x, axis, keep) : tf.min(x, axis, keep));
    const hits = constant((x) => {
      const m = f32(tf.equal(x, reduce(x, true)));
      return tf.div(m, tf.sum(m, axis, true));
    });
    return defineOp(
      (x) => reduce(x, keepDims),
      (dy, [x]) => {
        const g = keepDims || axis === undefined ? dy : tf.expandDims(dy, axis);
        return [tf.mul(tf.reshape(g, keepShape(x!.shape, axis)), hits(x!))];
      },
    );
  });
}

function keepShape(shape: readonly number[], axis: number | undefined): number[] {
  return shape.map((d, i) => (axis === undefined || i === axis ? 1 : d));
}

/**
 * log Σ exp(x) along `axis`, by max subtraction; the max is a constant (its gradient cancels exactly),
 * so every order of derivative goes through the exact `exp`. Infinite maxima are replaced by 0 as in
 * torch.logsumexp, so rows of −∞ give −∞ instead of NaN.
 */
export function logSumExp(x: T, axis: number, keepDims: boolean): T {
  const a = normAxis(axis, x.rank);
  const m = memo(`shift/${a}`, () => constant((v) => {
    const mx = tf.max(v, a, true);
    return tf.where(tf.isFinite(mx), mx, tf.zerosLike(mx));
  }))(x);
  const s = tf.add(tf.log(tf.sum(exp(tf.sub(x, m)), a, true)), m);
  return keepDims ? s : tf.squeeze(s, [a]);
}

export function logSoftmax(x: T, axis = -1): T {
  return tf.sub(x, logSumExp(x, axis, true));
}

export function softmax(x: T, axis = -1): T {
  return exp(logSoftmax(x, axis));
}

/**
 * The p-norm along `axis` (all elements when undefined). Its gradient is set to 0 where the norm is 0
 * (PyTorch's subgradient) instead of NaN, so normalising a zero vector or a zero difference is safe.
 */
export function norm(x: T, p: number, axis: number | undefined, keepDims: boolean): T {
  if (!(p > 0) || !Number.isFinite(p)) throw new Error(`norm: p must be a positive number, got ${p}`);
  const a = axis === undefined ? undefined : normAxis(axis, x.rank);
  return normOp(p, a, keepDims)(x);
}

function normOp(p: number, axis: number | undefined, keepDims: boolean): (x: T) => T {
  return memo(`norm/${p}/${axis}/${keepDims}`, () => {
    const value = (x: T, keep: boolean): T => {
      if (p === 2) return tf.sqrt(tf.sum(tf.square(x), axis, keep));
      if (p === 1) return tf.sum(tf.abs(x), axis, keep);
      return tf.pow(tf.sum(tf.pow(tf.abs(x), p), axis, keep), 1 / p);
    };
    const self = (x: T) => normOp(p, axis, true)(x);
    return defineOp(
      (x) => value(x, keepDims),
      (dy, [x]) => {
        const g = tf.reshape(keepDims || axis === undefined ? dy : tf.expandDims(dy, axis), keepShape(x!.shape, axis));
        let d: T;
        if (p === 1) {
          d = signOf(x!);
        } else {
          const n = self(x!);
          const pos = compare('>', n, tf.scalar(0));
          const safeN = select(pos, n, tf.scalar(1));
          d = p === 2
            ? tf.div(x!, safeN)
            : tf.mul(tf.mul(signOf(x!), pow(abs(x!), tf.scalar(p - 1))), pow(safeN, tf.scalar(1 - p)));
          d = tf.mul(d, pos);
        }
        return [tf.mul(g, d)];
      },
    );
  });
}

/** Gathers `z[..., y]` along the last axis (labels y as numbers), with a dense, second-order-safe gradient. */
export function gatherLast(z: T, y: T): T {
  const C = z.shape[z.rank - 1]!;
  const hot = oneHot(y, C);
  return tf.sum(select(hot, z, tf.scalar(0)), -1);
}

/** One-hot encoding with the class axis appended last (float 0/1, zero gradient). */
export function oneHot(y: T, numClasses: number): T {
  return memo(`onehot/${numClasses}`, () => constant((v) => {
    const hot = tf.oneHot(tf.cast(tf.reshape(v, [-1]), 'int32'), numClasses);
    return tf.reshape(f32(hot), [...v.shape, numClasses]);
  }))(y);
}

const ops = new Map<string, (...xs: T[]) => T>();
/** One op instance per configuration (axis, class count), built on first use. */
function memo(key: string, make: () => (...xs: T[]) => T): (...xs: T[]) => T {
  let op = ops.get(key);
  if (!op) ops.set(key, (op = make()));
  return op;
}
