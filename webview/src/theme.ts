// Colours for the canvases, read from the `--vscode-*` variables VS Code injects into the webview (a
// canvas cannot use CSS variables itself), and a watch that calls back when the theme changes (VS Code
// rewrites the variables on <html> and the theme class on <body>).

export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

export interface Theme {
  readonly kind: ThemeKind;
  readonly foreground: string;
  readonly background: string;
  readonly muted: string;
  readonly grid: string;
  readonly focus: string;
  readonly fontFamily: string;
  readonly fontSize: number;
  /** Line colours, in the order losses get them (the declared loss first). */
  readonly palette: readonly string[];
}

const PALETTE_VARS = ['--vscode-charts-blue', '--vscode-charts-orange', '--vscode-charts-green', '--vscode-charts-purple', '--vscode-charts-red', '--vscode-charts-yellow'];
const FALLBACK: Record<'light' | 'dark', readonly string[]> = {
  light: ['#1a85ff', '#d18616', '#388a34', '#652d90', '#e51400', '#bf8803'],
  dark: ['#3794ff', '#d18616', '#89d185', '#b180d7', '#f14c4c', '#cca700'],
};
/** Beyond the theme's six chart colours. */
const EXTRA = ['#17becf', '#e377c2', '#8c564b', '#7f7f7f', '#bcbd22', '#9edae5'];

export function themeKind(body: HTMLElement = document.body): ThemeKind {
  const attr = body.dataset.vscodeThemeKind;
  if (attr === 'vscode-high-contrast-light' || body.classList.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (attr === 'vscode-high-contrast' || body.classList.contains('vscode-high-contrast')) return 'high-contrast';
  if (attr === 'vscode-dark' || body.classList.contains('vscode-dark')) return 'dark';
  if (attr === 'vscode-light' || body.classList.contains('vscode-light')) return 'light';
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function readTheme(body: HTMLElement = document.body): Theme {
  const css = getComputedStyle(body);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const kind = themeKind(body);
  const dark = kind === 'dark' || kind === 'high-contrast';
  const foreground = v('--vscode-editor-foreground', v('--vscode-foreground', dark ? '#cccccc' : '#333333'));
  const background = v('--vscode-editor-background', dark ? '#1e1e1e' : '#ffffff');
  const fallback = FALLBACK[dark ? 'dark' : 'light'];
  const hc = kind === 'high-contrast' || kind === 'high-contrast-light';
  return {
    kind,
    foreground,
    background,
    muted: v('--vscode-descriptionForeground', withAlpha(foreground, 0.7)),
    // High contrast: solid grid lines in the contrast border colour.
    grid: hc ? v('--vscode-contrastBorder', foreground) : withAlpha(v('--vscode-editorWidget-border', v('--vscode-panel-border', foreground)), 0.35),
    focus: v('--vscode-focusBorder', fallback[0]),
    fontFamily: v('--vscode-font-family', 'system-ui, sans-serif'),
    fontSize: parseFloat(v('--vscode-font-size', '13')) || 13,
    palette: [...PALETTE_VARS.map((name, i) => v(name, fallback[i])), ...EXTRA],
  };
}

/** The colour of the i-th loss (stable: the declared loss is always the first). */
export function lossColour(theme: Theme, i: number): string {
  return theme.palette[i % theme.palette.length];
}

let probe: CanvasRenderingContext2D | null | undefined;

/** Any CSS colour as rgba() with this alpha. */
export function withAlpha(colour: string, alpha: number): string {
  const rgb = parseColour(colour);
  return rgb ? `rgba(${rgb[0]}, ${rgb[1]}, ${rgb[2]}, ${alpha})` : colour;
}

/** [r, g, b] of any CSS colour (through a canvas, which normalises every syntax), or undefined. */
export function parseColour(colour: string): [number, number, number] | undefined {
  const hex = /^#([0-9a-f]{3,8})$/i.exec(colour.trim());
  if (hex) {
    const h = hex[1];
    if (h.length === 3 || h.length === 4) return [0, 1, 2].map((i) => parseInt(h[i] + h[i], 16)) as [number, number, number];
    if (h.length === 6 || h.length === 8) return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
  }
  const rgb = /^rgba?\(\s*([\d.]+)[ ,]+([\d.]+)[ ,]+([\d.]+)/i.exec(colour.trim());
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
  if (typeof document === 'undefined') return undefined;
  probe ??= document.createElement('canvas').getContext('2d');
  if (!probe) return undefined;
  probe.fillStyle = '#000000';
  probe.fillStyle = colour;
  const norm = String(probe.fillStyle);
  return norm === colour ? undefined : parseColour(norm);
}

/** Calls `onChange` when VS Code switches theme; returns the stop function. */
export function watchTheme(onChange: () => void): () => void {
  let last = themeSignature();
  const check = () => {
    const now = themeSignature();
    if (now !== last) {
      last = now;
      onChange();
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind', 'data-vscode-theme-name'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  return () => observer.disconnect();
}

function themeSignature(): string {
  const css = getComputedStyle(document.body);
  return [document.body.className, document.body.dataset.vscodeThemeKind ?? '', ...['--vscode-editor-foreground', '--vscode-editor-background', ...PALETTE_VARS].map((n) => css.getPropertyValue(n))].join('|');
}
