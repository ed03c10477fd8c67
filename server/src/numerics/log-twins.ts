import type * as tf from '@tensorflow/tfjs-core';

// Probabilities that carry their exact logarithm. softmax(z) and sigmoid(z) underflow to exactly 0 (or
// round to 1) in float32 long before their logarithms stop being finite, so `log(softmax(z))`,
// `kl(softmax(a), softmax(b))` or `log(1 - sigmoid(z))` would give −∞ where the exact value is
// finite. Each probability remembers log p (log_softmax, log_sigmoid) and log(1 − p) where known, and
// the ops that take logarithms use them: same value where float32 can represent it, exact beyond.

const logs = new WeakMap<tf.Tensor, tf.Tensor>();
const complementLogs = new WeakMap<tf.Tensor, tf.Tensor>();

/** Records log p (and log(1 − p) when given) for the probability tensor p; returns p. */
export function withLogs(p: tf.Tensor, logp: tf.Tensor, log1mp?: tf.Tensor): tf.Tensor {
  logs.set(p, logp);
  if (log1mp) complementLogs.set(p, log1mp);
  return p;
}

/** The exact log p, when p was made by an op that knows it. */
export function logOf(p: tf.Tensor): tf.Tensor | undefined {
  return logs.get(p);
}

/** The exact log(1 − p), when p was made by an op that knows it (sigmoid). */
export function complementLogOf(p: tf.Tensor): tf.Tensor | undefined {
  return complementLogs.get(p);
}
