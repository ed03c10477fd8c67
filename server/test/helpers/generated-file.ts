// The generated file of the editor benchmark (scripts/bench/lsp.ts), also edited at random by the
// incremental-analysis tests: blocks of a focal loss, a naive BCE, distillation, a combination and a
// trial, about 29 lines each.

/** Block `i`: its names end in `_i`, so blocks do not clash. */
export function generatedBlock(i: number): string {
  return `## Sigmoid focal loss, variant ${i}.
loss focal_${i}(z: logits, y: binary, gamma = 2 in [0, 5], alpha = 0.25 in [0, 1]) {
  let s = 2 * y - 1
  let log_pt = log_sigmoid(s * z)
  let modulator = exp(gamma * log_sigmoid(-s * z))
  let at = y * alpha + (1 - y) * (1 - alpha)
  return mean(-at * modulator * log_pt)
}

loss naive_${i}(z: logits, y: binary) {
  let p = sigmoid(z)
  return -mean(y * log(p) + (1 - y) * log(1 - p))
}

loss kd_${i}(s: logits, t: teacher, y: labels, T = 4 in [1, 10], alpha = 0.5 in [0, 1]) =
  alpha * ce(s, y) + (1 - alpha) * T^2 * kl(softmax(t / T), softmax(s / T))

loss combo_${i}(z: logits, y: binary) = 0.7 * focal_${i}(z, y, gamma=2) + 0.3 * dice(sigmoid(z), y)

trial t_${i} {
  data    = blobs(classes=2, n=2000, imbalance=0.05, noise=0.3)
  model   = mlp(hidden=[32, 32])
  loss    = focal_${i}(gamma=2)
  compare = [bce]
  steps   = 300
}

`;
}

/** A file of `blocks` blocks. */
export function generatedFile(blocks: number): string {
  let text = '# Generated.\n\n';
  for (let i = 0; i < blocks; i++) text += generatedBlock(i);
  return text;
}
