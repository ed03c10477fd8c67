import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compactSvg, relativePath } from '../../src/math/compact-svg.js';
import {
  clearMathCache,
  DEFAULT_MAX_IMAGE_CHARS,
  mathCacheStats,
  mathImageMarkdown,
  MAX_TEX_LENGTH,
  renderMathSvg,
  texError,
  THEME_COLORS,
} from '../../src/math/index.js';
import { texToSvg } from '../../src/math/mathjax-engine.js';
import { LruCache } from '../../src/math/lru.js';

const FOCAL = String.raw`\mathcal{L}_{\text{focal\_bin}}(z, y) = -\frac{1}{N}\sum_{i} \alpha_{t} \left(1 - p_{t}\right)^{\gamma} \log p_{t}`;

/** Start and end tags balance, every `<use>` points at a defined glyph: a well-formed, self-contained SVG. */
function assertWellFormed(svg: string): void {
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([a-zA-Z]+)[^>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = m;
    if (selfClosing) continue;
    if (closing) assert.equal(stack.pop(), name, `unbalanced </${name}>`);
    else stack.push(name!);
  }
  assert.deepEqual(stack, []);
  const ids = new Set([...svg.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
  for (const m of svg.matchAll(/xlink:href="#([^"]+)"/g)) assert.ok(ids.has(m[1]), `undefined glyph #${m[1]}`);
}

describe('renderMathSvg', () => {
  it('paints in the given colour, never currentColor, sized in pixels', () => {
    const svg = renderMathSvg(FOCAL, { color: '#123456', fontSize: 20 })!;
    assert.ok(svg.startsWith('<svg '));
    assert.ok(!svg.includes('currentColor'));
    assert.match(svg, /fill="#123456"/);
    assert.match(svg, / width="[\d.]+px" height="[\d.]+px"/);
    assert.ok(!/data-mml-node|data-c=/.test(svg), 'MathJax bookkeeping attributes are stripped');
    assertWellFormed(svg);
    // 20px per em: the width is the viewBox width in thousandths of an em times 20.
    const vb = /viewBox="[-\d.]+ [-\d.]+ ([\d.]+) /.exec(svg)!;
    const width = Number(/ width="([\d.]+)px"/.exec(svg)![1]);
    assert.ok(Math.abs(width - (Number(vb[1]) / 1000) * 20) < 0.01);
  });
  it('draws \\mathbb{1} from glyph paths, not from a system font', () => {
    const svg = renderMathSvg(String.raw`\mathbb{1}\left[x > 0\right]`, { color: '#000' })!;
    assert.ok(!svg.includes('<text'));
  });
  it('returns undefined, never throws, for TeX MathJax rejects and for unsafe input', () => {
    for (const bad of [String.raw`\frac{1`, String.raw`\undefinedmacro{x}`, 'x^2^3', '}{', '&', String.raw`\begin{foo}`]) {
      assert.equal(renderMathSvg(bad, { color: '#000' }), undefined, bad);
      assert.ok(texError(bad));
    }
    assert.equal(renderMathSvg('x'.repeat(MAX_TEX_LENGTH + 1), { color: '#000' }), undefined);
    assert.equal(renderMathSvg('x', { color: '"/><script>' }), undefined, 'a colour cannot inject markup');
  });
  it('survives arbitrary input', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const alphabet = String.raw`\{}^_&$#%~ abcxyz0123456789+-=()[]|,.;:'"<>` + '\n';
    for (let i = 0; i < 200; i++) {
      let s = '';
      const n = Math.floor(rand() * 30);
      for (let k = 0; k < n; k++) s += alphabet[Math.floor(rand() * alphabet.length)];
      const svg = renderMathSvg(s, { color: '#000' });
      if (svg !== undefined) assertWellFormed(svg);
    }
  });
});

describe('compactSvg', () => {
  it('relative glyph paths describe the same points as the absolute ones', () => {
    const d = 'M60 948Q63 950 665 950H1267L1325 815Q1384 677 1388 669T1033 881T882 898V902H574Z M10 20L30 40 50 60Z';
    const rel = relativePath(d);
    assert.ok(rel.length < d.length);
    assert.deepEqual(absolutePoints(rel), absolutePoints(d));
  });
  it('leaves paths it cannot rewrite exactly alone', () => {
    assert.equal(relativePath('M1.5 2L3 4'), 'M1.5 2L3 4');
    assert.equal(relativePath('m1 2l3 4'), 'm1 2l3 4');
  });
  it('keeps the picture: the same glyph uses at the same accumulated positions', () => {
    const raw = texToSvg(FOCAL, true);
    const compact = compactSvg(raw);
    assert.ok(compact.length < raw.length * 0.8, `${compact.length} vs ${raw.length}`);
    assertWellFormed(compact);
    assert.equal((compact.match(/<use /g) ?? []).length, (raw.match(/<use /g) ?? []).length);
    assert.equal((compact.match(/<rect /g) ?? []).length, (raw.match(/<rect /g) ?? []).length);
  });
});

/** Every point a path visits, in absolute coordinates (reads both absolute and relative commands). */
function absolutePoints(d: string): number[][] {
  const tokens = d.match(/[A-Za-z]|-?\d+(?:\.\d+)?/g)!;
  const arity: Record<string, number> = { m: 2, l: 2, h: 1, v: 1, q: 4, t: 2, c: 6, s: 4, z: 0 };
  const pts: number[][] = [];
  let x = 0, y = 0, sx = 0, sy = 0, cmd = '', i = 0;
  while (i < tokens.length) {
    if (/[A-Za-z]/.test(tokens[i]!)) cmd = tokens[i++]!;
    const lower = cmd.toLowerCase();
    const rel = cmd === lower;
    if (lower === 'z') { x = sx; y = sy; pts.push([x, y]); continue; }
    const nums = tokens.slice(i, i + arity[lower]!).map(Number);
    i += arity[lower]!;
    if (lower === 'h') x = rel ? x + nums[0]! : nums[0]!;
    else if (lower === 'v') y = rel ? y + nums[0]! : nums[0]!;
    else {
      const abs = nums.map((n, k) => (rel ? n + (k % 2 === 0 ? x : y) : n));
      pts.push(abs);
      x = abs[abs.length - 2]!;
      y = abs[abs.length - 1]!;
      if (lower === 'm') { sx = x; sy = y; }
    }
    pts.push([x, y]);
  }
  return pts;
}

describe('mathImageMarkdown', () => {
  it('embeds a base64 SVG data URI painted in the theme colour', () => {
    for (const themeKind of ['light', 'dark', 'highContrast', 'highContrastLight'] as const) {
      const md = mathImageMarkdown(FOCAL, { themeKind, alt: 'focal loss' })!;
      const m = /^!\[focal loss\]\(data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)\)$/.exec(md);
      assert.ok(m, md.slice(0, 80));
      const svg = Buffer.from(m[1]!, 'base64').toString('utf8');
      assert.match(svg, new RegExp(`fill="${THEME_COLORS[themeKind]}"`));
      assert.ok(md.length <= DEFAULT_MAX_IMAGE_CHARS);
    }
  });
  it('caches by TeX and colour', () => {
    clearMathCache();
    const a = mathImageMarkdown(FOCAL, { themeKind: 'dark', alt: 'a' });
    const entries = mathCacheStats().entries;
    assert.equal(mathImageMarkdown(FOCAL, { themeKind: 'dark', alt: 'b' })!.slice(5), a!.slice(5));
    assert.equal(mathCacheStats().entries, entries, 'a different alt text reuses the rendered image');
    mathImageMarkdown(FOCAL, { themeKind: 'light', alt: 'a' });
    assert.equal(mathCacheStats().entries, entries + 1);
  });
  it('gives undefined (the caller falls back to text) for errors and for images over the budget', () => {
    assert.equal(mathImageMarkdown(String.raw`\frac{`, { themeKind: 'dark', alt: 'x' }), undefined);
    assert.equal(mathImageMarkdown(FOCAL, { themeKind: 'dark', alt: 'x', maxChars: 1000 }), undefined);
  });
  it('keeps the alt text on one line and inside its brackets', () => {
    const md = mathImageMarkdown('x^2', { themeKind: 'dark', alt: 'a ] b [c]\n next' })!;
    assert.ok(md.startsWith(String.raw`![a \] b \[c\] next](data:`));
  });
});

describe('LruCache', () => {
  it('evicts the least recently used entry by count and by total size', () => {
    const c = new LruCache<string>(2, 10, (v) => v.length);
    c.set('a', 'xx');
    c.set('b', 'yy');
    c.get('a');
    c.set('c', 'zz');
    assert.deepEqual([c.has('a'), c.has('b'), c.has('c')], [true, false, true]);
    c.set('d', 'wwwwwwwww');
    assert.deepEqual([c.has('a'), c.has('c'), c.has('d')], [false, false, true]);
    c.set('e', 'v'.repeat(11));
    assert.equal(c.has('e'), false, 'an entry larger than the whole budget is not kept');
    assert.ok(c.totalSize <= 10);
  });
});
