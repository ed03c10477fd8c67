import { tf } from './tfjs.js';

// Gradient-level combiners of per-task gradients (flat vectors): the update direction replaces the
// gradient of the summed loss.

/**
 * PCGrad (Yu et al. 2020): each task gradient is projected off every other task gradient it conflicts
 * with (negative dot product), visiting the others in index order, then the projections are summed.
 * With two tasks the order does not matter.
 */
export function pcgrad(grads: readonly tf.Tensor1D[]): tf.Tensor1D {
  return tf.tidy(() => {
    const projected = grads.map((gi, i) => {
      let g: tf.Tensor1D = gi;
      grads.forEach((gj, j) => {
        if (i === j) return;
        const dot = tf.sum(tf.mul(g, gj));
        const coef = tf.div(tf.minimum(dot, 0), tf.add(tf.sum(tf.square(gj)), 1e-20));
        g = tf.sub(g, tf.mul(coef, gj));
      });
      return g;
    });
    return tf.addN(projected);
  });
}

/**
 * MGDA (Sener & Koltun 2018): the minimum-norm point of the convex hull of the task gradients, Σ αᵢgᵢ with
 * α on the simplex. Two tasks: closed form; more: Frank–Wolfe on the Gram matrix (read back, K×K).
 * Returns the direction and the weights α.
 */
export function mgda(grads: readonly tf.Tensor1D[], iterations = 50): { direction: tf.Tensor1D; alpha: number[] } {
  const K = grads.length;
  const gram = tf.tidy(() => { const G = tf.stack([...grads]) as tf.Tensor2D; return tf.matMul(G, G, false, true); });
  const M = Array.from(gram.dataSync());
  gram.dispose();
  const alpha = minNormWeights(M, K, iterations);
  const direction = tf.tidy(() => tf.addN(grads.map((g, i) => tf.mul(g, alpha[i]))) as tf.Tensor1D);
  return { direction, alpha };
}

/** Minimum-norm simplex weights for Gram matrix M (row-major K×K). */
export function minNormWeights(M: readonly number[], K: number, iterations = 50): number[] {
  const at = (i: number, j: number) => M[i * K + j];
  if (K === 1) return [1];
  if (K === 2) {
    const denom = at(0, 0) - 2 * at(0, 1) + at(1, 1);
    const a = denom > 0 ? Math.min(1, Math.max(0, (at(1, 1) - at(0, 1)) / denom)) : 0.5;
    return [a, 1 - a];
  }
  const alpha = new Array<number>(K).fill(1 / K);
  for (let it = 0; it < iterations; it++) {
    const Ma = Array.from({ length: K }, (_, i) => alpha.reduce((s, a, j) => s + a * at(i, j), 0));
    let t = 0;
    for (let i = 1; i < K; i++) if (Ma[i] < Ma[t]) t = i;
    // Line search between α and vertex t: minimise ‖(1−γ)Σαg + γ g_t‖².
    const aMa = alpha.reduce((s, a, i) => s + a * Ma[i], 0);
    const vv = at(t, t), av = Ma[t];
    const denom = aMa - 2 * av + vv;
    const gamma = denom > 0 ? Math.min(1, Math.max(0, (aMa - av) / denom)) : 0;
    if (gamma < 1e-9) break;
    for (let i = 0; i < K; i++) alpha[i] *= 1 - gamma;
    alpha[t] += gamma;
  }
  return alpha;
}
