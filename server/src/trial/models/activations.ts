import { tf } from '../tfjs.js';

// Hidden-layer activations. tanh, sigmoid and elu are written as recursive customGrads that recompute
// from the saved input: tfjs's own gradients of these are silently wrong when differentiated twice
// (gradient penalties through the model), see field-notes.md. leaky_relu is relu(x) − a·relu(−x), which
// differentiates twice (tfjs's leakyRelu throws).

type Unary = (x: tf.Tensor) => tf.Tensor;

/** A unary op whose gradient is computed from the saved input (so it can itself be differentiated). */
export function fromInput(value: Unary, derivative: (dy: tf.Tensor, x: tf.Tensor) => tf.Tensor): Unary {
  const f = (x: tf.Tensor, save: tf.GradSaveFunc) => {
    save([x]);
    return { value: value(x), gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => derivative(dy as tf.Tensor, saved[0]) };
  };
  return tf.customGrad(f as unknown as Parameters<typeof tf.customGrad>[0]) as Unary;
}

const tanh2: Unary = fromInput(tf.tanh, (dy, x) => tf.mul(dy, tf.sub(1, tf.square(tanh2(x)))));
const sigmoid2: Unary = fromInput(tf.sigmoid, (dy, x) => { const s = sigmoid2(x); return tf.mul(dy, tf.mul(s, tf.sub(1, s))); });
const exp2: Unary = fromInput(tf.exp, (dy, x) => tf.mul(dy, exp2(x)));

/** elu(x) = x for x > 0, e^x − 1 otherwise; written as relu(x) + (e^{min(x,0)} − 1) with min(x,0) = −relu(−x). */
function elu2(x: tf.Tensor): tf.Tensor {
  return tf.add(tf.relu(x), tf.sub(exp2(tf.neg(tf.relu(tf.neg(x)))), 1));
}

export const ACTIVATIONS = {
  relu: (x: tf.Tensor) => tf.relu(x),
  tanh: tanh2,
  sigmoid: sigmoid2,
  elu: elu2,
  leaky_relu: (x: tf.Tensor) => tf.sub(tf.relu(x), tf.mul(0.2, tf.relu(tf.neg(x)))),
  linear: (x: tf.Tensor) => x,
} as const satisfies Record<string, Unary>;

export type Activation = keyof typeof ACTIVATIONS;

export function isActivation(s: string): s is Activation {
  return Object.prototype.hasOwnProperty.call(ACTIVATIONS, s);
}

/** Activations tfjs can fuse into matMul + bias (one kernel instead of three, forward). */
export const FUSABLE: ReadonlySet<string> = new Set(['relu', 'linear']);
