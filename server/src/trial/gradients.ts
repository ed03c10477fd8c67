import { tf } from './tfjs.js';

// Gradients of a scalar with respect to several leaf tensors, where some leaves may not reach the value
// (a regulariser term reaches the kernels but not the biases): those get null, not an exception.
// tf.grads would throw "Cannot compute gradient…" for them; the engine call it wraps takes a flag.

export function gradientsOf(f: () => tf.Scalar, xs: readonly tf.Tensor[]): { value: tf.Scalar; grads: (tf.Tensor | null)[] } {
  const r = tf.engine().gradients(f, [...xs], undefined, true);
  return { value: r.value as tf.Scalar, grads: r.grads.map((g) => g ?? null) };
}
