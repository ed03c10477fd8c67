import { tf } from '../tfjs.js';

// A dense layer x·W + b (optionally ReLU) with its own gradient. tfjs's matMul gradient multiplies with
// the transposeA/transposeB flags, which the wasm backend runs about 8× slower than a matMul of an
// explicitly transposed operand (measured: 256×64 by 64×64, 1.0 ms against 0.13 ms of CPU time), and
// the backward pass of every layer does two of them. The gradient here transposes explicitly. It is
// written with differentiable ops from the saved inputs, so a gradient penalty can differentiate it again.

type Dense = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.Tensor2D;

function make(relu: boolean): Dense {
  const op = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
    const z = tf.fused.matMul({ a: x as tf.Tensor2D, b: w as tf.Tensor2D, bias: b, activation: relu ? 'relu' : 'linear' });
    save(relu ? [x, w, z] : [x, w]);
    return {
      value: z,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const [xs, ws, zs] = saved;
        // ReLU: the derivative is 1 where the output is positive (tf.step has a zero gradient itself).
        const dz = relu ? tf.mul(dy as tf.Tensor, tf.step(zs)) : (dy as tf.Tensor);
        return [tf.matMul(dz as tf.Tensor2D, tf.transpose(ws as tf.Tensor2D)), tf.matMul(tf.transpose(xs as tf.Tensor2D), dz as tf.Tensor2D), tf.sum(dz, 0)];
      },
    };
  };
  return tf.customGrad(op as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as Dense;
}

const linearDense = make(false);
const reluDense = make(true);

/** x·W + b, then ReLU when asked; x is N×in, W in×out, b out. */
export function dense(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor, relu: boolean): tf.Tensor2D {
  return (relu ? reluDense : linearDense)(x, w, b);
}
