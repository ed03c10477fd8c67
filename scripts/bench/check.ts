// Benchmark: how long `losslab check` takes on a generated 5,000-line file (target: under 100 ms), and
// how much memory it needs. Baselines measured in the same run, on the same text: lexing alone and
// parsing alone; the ratios are what to compare across machines (these are shared and noisy).
// Run: `npm run bench -- check` (or `node --expose-gc --import tsx scripts/bench/check.ts`).
import * as esbuild from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

// The code is measured as it ships: bundled by esbuild like dist/*.cjs (tsx's on-the-fly transpilation
// adds a helper call to every closure and would inflate the numbers).
const root = fileURLToPath(new URL('../..', import.meta.url));
const tmp = mkdtempSync(path.join(tmpdir(), 'losslab-bench-'));
const bundle = path.join(tmp, 'core.mjs');
await esbuild.build({
  stdin: {
    contents: [
      "export { analyze, reanalyze } from './server/src/core/analysis/analyze.ts';",
      "export { parse } from './server/src/core/syntax/parse.ts';",
      "export { lossLexer } from './server/src/core/syntax/tokens.ts';",
    ].join('\n'),
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: bundle,
  logLevel: 'warning',
});
type Core = typeof import('../../server/src/core/analysis/analyze.js') & typeof import('../../server/src/core/syntax/parse.js') & typeof import('../../server/src/core/syntax/tokens.js');
const { analyze, reanalyze, parse, lossLexer } = (await import(pathToFileURL(bundle).href)) as Core;
rmSync(tmp, { recursive: true, force: true });

const TARGET_LINES = 5000;
const TARGET_MS = 100;
const RUNS = 15;

/** A realistic mix: written-out and builtin losses of every family, lets, learns, ranges, trials, and a few lint findings. */
function block(i: number): string {
  return `## Sigmoid focal loss, variant ${i}, in the log-space form.
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

loss mt_${i}(z: logits, y: labels, r: target, t: target) {
  learn s1 = 0
  learn s2 = 0
  return exp(-s1) * ce(z, y) + s1 + exp(-s2) * mse(r, t) + s2
}

loss kd_${i}(s: logits, t: teacher, y: labels, T = 4 in [1, 10], alpha = 0.5 in [0, 1]) =
  alpha * ce(s, y) + (1 - alpha) * T^2 * kl(softmax(t / T), softmax(s / T))

loss combo_${i}(z: logits, y: binary) = 0.7 * focal_${i}(z, y, gamma=2) + 0.3 * dice(sigmoid(z), y)

loss reg_${i}(z: logits, y: labels, lambda = 0.001 in [0, 0.01]) = ce(z, y, label_smoothing=0.1) + lambda * l2(weights)

trial t_${i} {
  data = blobs(classes=2, n=2000, imbalance=0.05, noise=0.3)
  model = mlp(hidden=[32, 32])
  loss = focal_${i}(gamma=2)
  compare = [bce]
  steps = 300
}

`;
}

function generate(lines: number): string {
  let text = '# Generated for the check benchmark.\n\n';
  for (let i = 0; text.split('\n').length < lines; i++) text += block(i);
  return text;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(label: string, f: () => unknown): { label: string; median: number; min: number } {
  f(); // warm-up: JIT and Chevrotain's lazy initialisation
  f();
  const ts: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    f();
    ts.push(performance.now() - t0);
  }
  return { label, median: median(ts), min: Math.min(...ts) };
}

const gc = (globalThis as { gc?: () => void }).gc;
const text = generate(TARGET_LINES);
const lineCount = text.split('\n').length;

const lex = time('lex (baseline)', () => lossLexer.tokenize(text));
const parsed = time('parse', () => parse(text));
const checkNoLints = time('check without lints', () => analyze(text, { skipLints: true }));
const check = time('check (parse + names + ranges + lints)', () => analyze(text));


gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const kept = analyze(text);
gc?.();
const retained = process.memoryUsage().heapUsed - heapBefore;
const peakRss = process.resourceUsage().maxRSS / 1024;

// The editor's case: the same file after a character typed into a `let` name near the middle and deleted
// again, alternately, each version analysed from the one before.
const at = text.indexOf('let ', text.length / 2) + 4;
const versions = [text.slice(0, at) + 'x' + text.slice(at), text];
let current = analyze(text);
let step = 0;
const recheck = time('re-check after a one-character edit', () => (current = reanalyze(current, versions[step++ % 2])));

const f = (ms: number): string => `${ms.toFixed(1).padStart(7)} ms`;
console.log(`input: ${lineCount} lines, ${(text.length / 1024).toFixed(0)} KB, ${kept.diagnostics.length} diagnostics, ${RUNS} runs each (median, min)`);
for (const r of [lex, parsed, checkNoLints, check]) console.log(`  ${r.label.padEnd(42)} ${f(r.median)}  ${f(r.min)}   ×${(r.median / lex.median).toFixed(1)} of lexing`);
console.log(`  check: ${(check.median / lineCount * 1000).toFixed(1)} µs per line; target < ${TARGET_MS} ms: ${check.median < TARGET_MS ? 'met' : 'NOT met'}`);
console.log(`  ${recheck.label.padEnd(42)} ${f(recheck.median)}  ${f(recheck.min)}   ×${(recheck.median / check.median).toFixed(2)} of a full check`);
console.log(`  memory: analysis result retains ${gc ? `${(retained / 1048576).toFixed(1)} MB of heap` : '? (run with --expose-gc)'}; peak RSS of the process ${peakRss.toFixed(0)} MB`);
