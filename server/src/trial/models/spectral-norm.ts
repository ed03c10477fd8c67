import { tf } from '../tfjs.js';
import type { Rng } from '../random.js';

// Spectral normalisation (Miyato et al. 2018), as PyTorch's spectral_norm: one power iteration per
// training step on the current weights, outside the gradient, updating a persistent vector u; the forward
// pass divides W by σ = vᵀ W u with u and v held constant, so the gradient flows through W only.
// Our kernels are [in, out] (x @ W): u has `out` entries, v has `in`.

export class SpectralState {
  private readonly us: tf.Tensor1D[] = [];
  private readonly vs: tf.Tensor1D[] = [];

  constructor(shapes: readonly (readonly number[])[], rng: Rng) {
    for (const [inDim, outDim] of shapes) {
      const u = Float32Array.from({ length: outDim }, () => rng.normal());
      this.us.push(tf.tidy(() => normalise(tf.tensor1d(u))));
      this.vs.push(tf.tidy(() => normalise(tf.ones([inDim]))));
    }
  }

  /** One power iteration per kernel on the given (current) weights. */
  iterate(kernels: readonly tf.Tensor2D[]): void {
    kernels.forEach((w, i) => {
      const [v, u] = tf.tidy(() => {
        const v = normalise(tf.squeeze(tf.matMul(w, tf.reshape(this.us[i], [-1, 1])), [1]) as tf.Tensor1D);
        const u = normalise(tf.squeeze(tf.matMul(tf.reshape(v, [1, -1]), w), [0]) as tf.Tensor1D);
        return [v, u];
      });
      this.us[i].dispose();
      this.vs[i].dispose();
      this.us[i] = u;
      this.vs[i] = v;
    });
  }

  /** W / σ(W) with σ = vᵀ W u (u, v constants). */
  normalise(w: tf.Tensor2D, i: number): tf.Tensor2D {
    const sigma = tf.sum(tf.mul(tf.matMul(tf.reshape(this.vs[i], [1, -1]), w), tf.reshape(this.us[i], [1, -1])));
    return tf.div(w, sigma);
  }

  dispose(): void {
    for (const t of [...this.us, ...this.vs]) t.dispose();
    this.us.length = 0;
    this.vs.length = 0;
  }
}

function normalise(x: tf.Tensor1D): tf.Tensor1D {
  return tf.div(x, tf.add(tf.norm(x), 1e-12));
}
