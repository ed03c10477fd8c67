import { compactSvg } from './compact-svg.js';
import { texToSvg } from './mathjax-engine.js';

// TeX → a standalone SVG that looks right inside an <img>: an explicit colour (the SVG paints with
// currentColor, which an <img> does not inherit from the page), a pixel size (ex units would resolve
// against the image's own default font), and without MathJax's data-* bookkeeping (a third of the bytes).

export interface SvgOptions {
  /** Any CSS colour; `#rrggbb` in practice. */
  readonly color: string;
  /** Display style (big operators with limits under them) rather than inline. */
  readonly display?: boolean;
  /** Pixel size of 1em (default 15, close to the editor's hover text). */
  readonly fontSize?: number;
  /** Longest TeX to render (default MAX_TEX_LENGTH). */
  readonly maxTexLength?: number;
}

/**
 * Default longest TeX rendered. MathJax runs synchronously at roughly 0.1–0.2 ms per TeX character, and
 * past ~1,500 characters the image would exceed the hover budget anyway; the largest formula the
 * project generates today (a loss with eight where-lines) is about 900.
 */
export const MAX_TEX_LENGTH = 3000;

/** The SVG for `tex`, or undefined when MathJax rejects it (or it is absurdly long). Never throws. */
export function renderMathSvg(tex: string, options: SvgOptions): string | undefined {
  if (tex.length > (options.maxTexLength ?? MAX_TEX_LENGTH) || !isSafeColor(options.color)) return undefined;
  try {
    return finishSvg(texToSvg(forSvg(tex), options.display ?? true), options.color, options.fontSize ?? 15);
  } catch {
    return undefined; // a TeX error (TexError), or anything unexpected inside MathJax
  }
}

/**
 * MathJax's TeX fonts have no double-struck digits, so \mathbb{1} would become a <text> element in
 * whatever system font the image viewer finds (often a missing-glyph box). A bold 1 draws from paths.
 */
function forSvg(tex: string): string {
  return tex.replace(/\\mathbb\s*\{\s*1\s*\}/g, '\\mathbf{1}');
}

function finishSvg(raw: string, color: string, fontSize: number): string {
  let svg = raw
    .replace(/ data-[a-z-]+="[^"]*"/g, '')
    .replace(/ focusable="false"/, '')
    .replace(/ style="vertical-align:[^"]*"/, '')
    .replace(/currentColor/g, color);
  // Size in pixels from the viewBox (MathJax's units are 1/1000 em).
  const vb = /viewBox="([-\d.]+) ([-\d.]+) ([\d.]+) ([\d.]+)"/.exec(svg);
  if (vb) {
    const px = (units: string) => `${round2((Number(units) / 1000) * fontSize)}px`;
    svg = svg.replace(/ width="[^"]*"/, ` width="${px(vb[3]!)}"`).replace(/ height="[^"]*"/, ` height="${px(vb[4]!)}"`);
  }
  // Belt and braces: glyphs drawn as <text> (characters outside the TeX fonts) take `color`.
  return compactSvg(svg.replace('<svg ', `<svg color="${color}" `));
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Only plain colour syntax reaches the SVG markup (no quotes or markup from a caller's setting). */
function isSafeColor(c: string): boolean {
  return /^(#[0-9a-fA-F]{3,8}|[a-zA-Z]+|rgba?\([\d\s.,%]+\))$/.test(c);
}
