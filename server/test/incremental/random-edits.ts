import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Random edits of real `.loss` files, for the tests that compare incremental results with full ones.
// Deterministic (seeded), and biased towards what typing does: single characters, deletions, pasted
// lines, half-typed declarations, and cuts across declaration boundaries.

const examplesDir = fileURLToPath(new URL('../../../examples/', import.meta.url));

export function exampleTexts(): { name: string; text: string }[] {
  return readdirSync(examplesDir)
    .filter((f) => f.endsWith('.loss'))
    .sort()
    .map((f) => ({ name: f, text: readFileSync(examplesDir + f, 'utf8') }));
}

/** A mulberry32 generator: small, seeded, good enough for picking edits. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CHARS = 'abxyz_019 .\n\t()[]{}=+-*/^,:#"';
const SNIPPETS = [
  'let q = 1\n', 'learn s = 0\n', 'return mean(x)\n', '}', '{', ')', '(', 'loss ', 'trial ', 'import "x.loss"\n',
  '\nloss extra(z: logits, y: binary) = bce(z, y)\n', '## a doc line\n', '# a comment\n', 'gamma=2, ', ' * 0.5', '**2',
  'log(sigmoid(z))', 'steps = 10\n', '\ntrial t2 {\n  data = blobs()\n  loss = bce\n}\n', '"', '\n\n',
];

export interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export function randomEdit(text: string, next: () => number): Edit {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  const at = Math.floor(next() * (text.length + 1));
  const r = next();
  if (r < 0.35) return { start: at, end: at, text: pick([...CHARS]) };
  if (r < 0.55) return { start: at, end: Math.min(text.length, at + 1 + Math.floor(next() * 4)), text: '' };
  if (r < 0.75) return { start: at, end: at, text: pick(SNIPPETS) };
  if (r < 0.85) {
    // Replace a word-sized piece with another piece of the same text (a rename, a retyped number).
    const from = Math.floor(next() * text.length);
    return { start: at, end: Math.min(text.length, at + Math.floor(next() * 6)), text: text.slice(from, from + Math.floor(next() * 8)) };
  }
  // Cut a larger piece: whole lines, often across declarations.
  return { start: at, end: Math.min(text.length, at + Math.floor(next() * 200)), text: '' };
}

export function applyEdit(text: string, e: Edit): string {
  return text.slice(0, e.start) + e.text + text.slice(e.end);
}

/** The generated file of the editor benchmark: focal, naive BCE, distillation and combined losses with trials. */
export function generatedFile(blocks: number): string {
  let text = '# Generated.\n\n';
  for (let i = 0; i < blocks; i++) {
    text += `## Sigmoid focal loss, variant ${i}.
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
  return text;
}
