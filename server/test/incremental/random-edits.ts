import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export { random } from '../helpers/random.js';
export { generatedFile } from '../helpers/generated-file.js';

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
