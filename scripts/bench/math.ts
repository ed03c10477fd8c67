// Math rendering for hovers: MathJax start-up, first and cached render per formula, data-URI sizes of
// the largest builtin formulas, and what SVG compaction saves. Baseline: rendering the formula `x`
// (ratios are comparable across runs on a noisy machine, absolute times less so).
import { performance } from 'node:perf_hooks';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

const t0 = performance.now();
const engine = await import('../../server/src/math/mathjax-engine.js');
const math = await import('../../server/src/math/index.js');
const tLoad = performance.now() - t0;
const { allFunctions } = await import('../../server/src/core/builtins/table.js');
const latex = await import('../../server/src/core/latex/index.js');
const { analyze } = await import('../../server/src/core/analysis/analyze.js');

const ms = (x: number) => `${x.toFixed(2)} ms`;
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

// Engine start-up: the first render pays for building the TeX parser and the SVG font tables.
let t = performance.now();
engine.texToSvg('x', true);
const tFirst = performance.now() - t;

// Baseline: a trivial formula, warm engine.
const baselineRuns: number[] = [];
for (let i = 0; i < 50; i++) {
  t = performance.now();
  math.renderMathSvg('x', { color: '#000' });
  baselineRuns.push(performance.now() - t);
}
const baseline = quantile(baselineRuns, 0.5);

// Corpus: every builtin's hover block and formula, every example loss's formula and aligned fragment.
const corpus: { name: string; tex: string }[] = [];
for (const b of allFunctions()) {
  const f = latex.builtinFormulaLatex(b);
  corpus.push({ name: `builtin ${b.name}`, tex: f.tex });
  corpus.push({ name: `builtin ${b.name} (formula only)`, tex: f.formula });
}
const examples = join(root, 'examples');
for (const file of readdirSync(examples).filter((f) => f.endsWith('.loss'))) {
  const path = join(examples, file);
  const a = analyze(readFileSync(path, 'utf8'), { path });
  for (const d of a.file.declarations) {
    if (d.kind !== 'Loss') continue;
    corpus.push({ name: `${file}:${d.name?.name}`, tex: latex.lossLatexDocumentFragment(d, { analysis: a }, { environment: 'aligned' }) });
  }
}

math.clearMathCache();
const cold: number[] = [];
const cached: number[] = [];
const sizes: { name: string; chars: number; raw: number }[] = [];
let failures = 0;
for (const { name, tex } of corpus) {
  t = performance.now();
  const md = math.mathImageMarkdown(tex, { themeKind: 'dark', alt: name, maxChars: Infinity });
  cold.push(performance.now() - t);
  t = performance.now();
  math.mathImageMarkdown(tex, { themeKind: 'dark', alt: name, maxChars: Infinity });
  cached.push(performance.now() - t);
  if (!md) {
    failures++;
    continue;
  }
  const raw = engine.texToSvg(tex, true).replace(/currentColor/g, '#d4d4d4');
  sizes.push({ name, chars: md.length, raw: `![${name}](data:image/svg+xml;base64,${Buffer.from(raw).toString('base64')})`.length });
}

// Unicode fallback.
const textTimes: number[] = [];
for (const { tex } of corpus) {
  t = performance.now();
  math.latexToUnicodeText(tex);
  textTimes.push(performance.now() - t);
}

// LaTeX generation from the AST (per example loss).
const genTimes: number[] = [];
for (const file of readdirSync(examples).filter((f) => f.endsWith('.loss'))) {
  const path = join(examples, file);
  const a = analyze(readFileSync(path, 'utf8'), { path });
  for (const d of a.file.declarations) {
    if (d.kind !== 'Loss') continue;
    t = performance.now();
    latex.lossToLatex(d, { analysis: a });
    genTimes.push(performance.now() - t);
  }
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
console.log(`module load (mathjax-full parts + renderer): ${ms(tLoad)}`);
console.log(`engine start + first render of "x":           ${ms(tFirst)}`);
console.log(`baseline: render "x", warm (median):           ${ms(baseline)}`);
console.log(`corpus: ${corpus.length} formulas (${failures} not rendered)`);
console.log(`first render per formula: median ${ms(quantile(cold, 0.5))} (${(quantile(cold, 0.5) / baseline).toFixed(1)}× baseline), p90 ${ms(quantile(cold, 0.9))}, max ${ms(Math.max(...cold))}`);
console.log(`cached lookup per formula: median ${ms(quantile(cached, 0.5))}, max ${ms(Math.max(...cached))}`);
console.log(`Unicode fallback per formula: mean ${ms(mean(textTimes))}`);
console.log(`LaTeX from AST per example loss: mean ${ms(mean(genTimes))}, max ${ms(Math.max(...genTimes))}`);
const over = sizes.filter((s) => s.chars > math.DEFAULT_MAX_IMAGE_CHARS);
console.log(`image Markdown size: median ${quantile(sizes.map((s) => s.chars), 0.5)} chars, max ${Math.max(...sizes.map((s) => s.chars))}; over the ${math.DEFAULT_MAX_IMAGE_CHARS}-char cap: ${over.length}`);
const savedRatio = mean(sizes.map((s) => s.chars / s.raw));
console.log(`compaction: images are ${(savedRatio * 100).toFixed(0)}% of MathJax's raw output on average`);
console.log('largest images (chars; raw MathJax → compact):');
for (const s of [...sizes].sort((a, b) => b.chars - a.chars).slice(0, 8)) console.log(`  ${s.name.padEnd(48)} ${s.raw} → ${s.chars}`);
console.log(`render cache after the run: ${JSON.stringify(math.mathCacheStats())}`);
