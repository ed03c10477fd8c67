import { LruCache } from './lru.js';
import { renderMathSvg } from './render-svg.js';
import { THEME_COLORS, type ThemeKind } from './theme.js';

// TeX → `![alt](data:image/svg+xml;base64,…)` for hover Markdown. VS Code truncates Markdown longer than
// 100,000 characters (a truncated data URI is a broken image), so each image has a size cap and whatever
// exceeds it, or fails to render, gives undefined: the caller shows its text fallback instead.

/** VS Code truncates hover Markdown beyond this many characters. */
export const HOVER_MARKDOWN_LIMIT = 100_000;
/** Default cap for one image's Markdown: leaves room for a second image, the doc text and the fallback. */
export const DEFAULT_MAX_IMAGE_CHARS = 40_000;

export interface MathImageOptions {
  readonly themeKind: ThemeKind;
  /** Alternative text (screen readers, clients without images): a Unicode rendering is a good choice. */
  readonly alt: string;
  /** Overrides the theme's colour. */
  readonly color?: string;
  readonly display?: boolean;
  readonly fontSize?: number;
  /** Largest Markdown (image syntax included) to return; default DEFAULT_MAX_IMAGE_CHARS. */
  readonly maxChars?: number;
}

/** Cached data URIs by TeX and look; `null` remembers a TeX that MathJax rejects. */
const cache = new LruCache<string | null>(500, 8_000_000, (v) => (v ? v.length : 16));

/** `data:image/svg+xml;base64,…` for `tex`, or undefined when it does not render. Never throws. */
export function mathDataUri(tex: string, options: Omit<MathImageOptions, 'alt' | 'maxChars'>): string | undefined {
  const color = options.color ?? THEME_COLORS[options.themeKind] ?? THEME_COLORS.dark;
  const display = options.display ?? true;
  const fontSize = options.fontSize ?? 15;
  const key = `${color}|${display ? 'D' : 'T'}|${fontSize}|${tex}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached ?? undefined;
  let uri: string | null = null;
  try {
    const svg = renderMathSvg(tex, { color, display, fontSize });
    if (svg) uri = `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
  } catch {
    uri = null; // renderMathSvg does not throw; this guards against MathJax internals that might.
  }
  cache.set(key, uri);
  return uri ?? undefined;
}

/** The Markdown image for `tex`, or undefined (render error, or larger than `maxChars`). Never throws. */
export function mathImageMarkdown(tex: string, options: MathImageOptions): string | undefined {
  const uri = mathDataUri(tex, options);
  if (!uri) return undefined;
  const markdown = `![${markdownAlt(options.alt)}](${uri})`;
  return markdown.length <= (options.maxChars ?? DEFAULT_MAX_IMAGE_CHARS) ? markdown : undefined;
}

/** Alt text on one line, without the characters that would end the `![…]` early. */
function markdownAlt(alt: string): string {
  const oneLine = alt.replace(/\s+/g, ' ').trim();
  const short = oneLine.length > 300 ? `${oneLine.slice(0, 299)}…` : oneLine;
  return short.replace(/[\\[\]]/g, (c) => `\\${c}`);
}

/** Empties the render cache (tests, or a change of rendering settings). */
export function clearMathCache(): void {
  cache.clear();
}

export function mathCacheStats(): { entries: number; chars: number } {
  return { entries: cache.size, chars: cache.totalSize };
}
