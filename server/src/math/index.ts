// Math rendering for hovers and exports: TeX → themed SVG data URIs (MathJax), and a Unicode text fallback.
// Pure: no LSP import; the language server passes the client's theme kind.
export { renderMathSvg, MAX_TEX_LENGTH, type SvgOptions } from './render-svg.js';
export {
  mathImageMarkdown,
  mathDataUri,
  clearMathCache,
  mathCacheStats,
  HOVER_MARKDOWN_LIMIT,
  DEFAULT_MAX_IMAGE_CHARS,
  type MathImageOptions,
} from './image-markdown.js';
export { latexToUnicodeText } from './unicode-text.js';
export { texError } from './mathjax-engine.js';
export { THEME_COLORS, isThemeKind, type ThemeKind } from './theme.js';
