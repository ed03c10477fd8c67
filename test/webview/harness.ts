import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { trialPanelHtml } from '../../client/src/trial-panel/html.js';
import type { HostToPanel, PanelState, PanelToHost } from '../../webview/src/protocol.js';

// Loads the built trial webview (dist/webview.js + dist/webview.css) in Debian's Chromium, in the same
// HTML and under the same Content-Security-Policy the extension serves, with a stand-in for the VS Code
// webview API (acquireVsCodeApi: postMessage is recorded, get/setState kept) and the `--vscode-*` theme
// variables VS Code injects. Messages from the "host" are delivered as window messages, as VS Code does.

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const ARTIFACTS = join(ROOT, 'test-results', 'webview');

export const CHROMIUM = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(existsSync);

export type ThemeName = 'light' | 'dark' | 'high-contrast';

/** A subset of what VS Code injects, with its default values for Light+, Dark+ and High Contrast. */
export const THEMES: Record<ThemeName, { bodyClass: string; vars: Record<string, string> }> = {
  light: {
    bodyClass: 'vscode-light',
    vars: {
      '--vscode-foreground': '#616161', '--vscode-editor-foreground': '#3b3b3b', '--vscode-editor-background': '#ffffff',
      '--vscode-descriptionForeground': '#717171', '--vscode-panel-border': '#e5e5e5', '--vscode-editorWidget-border': '#c8c8c8',
      '--vscode-focusBorder': '#005fb8', '--vscode-button-background': '#005fb8', '--vscode-button-foreground': '#ffffff',
      '--vscode-charts-blue': '#1a85ff', '--vscode-charts-orange': '#d18616', '--vscode-charts-green': '#388a34',
      '--vscode-charts-purple': '#652d90', '--vscode-charts-red': '#e51400', '--vscode-charts-yellow': '#bf8803',
      '--vscode-font-family': 'DejaVu Sans, sans-serif', '--vscode-font-size': '13px',
    },
  },
  dark: {
    bodyClass: 'vscode-dark',
    vars: {
      '--vscode-foreground': '#cccccc', '--vscode-editor-foreground': '#cccccc', '--vscode-editor-background': '#1f1f1f',
      '--vscode-descriptionForeground': '#9d9d9d', '--vscode-panel-border': '#2b2b2b', '--vscode-editorWidget-border': '#454545',
      '--vscode-focusBorder': '#0078d4', '--vscode-button-background': '#0078d4', '--vscode-button-foreground': '#ffffff',
      '--vscode-charts-blue': '#3794ff', '--vscode-charts-orange': '#d18616', '--vscode-charts-green': '#89d185',
      '--vscode-charts-purple': '#b180d7', '--vscode-charts-red': '#f14c4c', '--vscode-charts-yellow': '#cca700',
      '--vscode-font-family': 'DejaVu Sans, sans-serif', '--vscode-font-size': '13px',
    },
  },
  'high-contrast': {
    bodyClass: 'vscode-high-contrast',
    vars: {
      '--vscode-foreground': '#ffffff', '--vscode-editor-foreground': '#ffffff', '--vscode-editor-background': '#000000',
      '--vscode-descriptionForeground': '#ffffff', '--vscode-contrastBorder': '#6fc3df', '--vscode-panel-border': '#6fc3df',
      '--vscode-focusBorder': '#f38518', '--vscode-button-background': '#000000', '--vscode-button-foreground': '#ffffff',
      '--vscode-charts-blue': '#3794ff', '--vscode-charts-orange': '#d18616', '--vscode-charts-green': '#89d185',
      '--vscode-charts-purple': '#b180d7', '--vscode-charts-red': '#f14c4c', '--vscode-charts-yellow': '#cca700',
      '--vscode-font-family': 'DejaVu Sans, sans-serif', '--vscode-font-size': '13px',
    },
  },
};

export interface PanelPage {
  readonly page: Page;
  readonly origin: string;
  /** Messages the page posted to the host. */
  posted(): Promise<PanelToHost[]>;
  /** Delivers host messages to the page, in order. */
  send(messages: readonly HostToPanel[]): Promise<void>;
  state(): Promise<PanelState | undefined>;
  setTheme(theme: ThemeName): Promise<void>;
  /** Console errors, page errors, CSP violations and requests outside the page's origin. */
  readonly problems: string[];
}

export class WebviewHarness {
  private server: Server | undefined;
  private browser: Browser | undefined;
  origin = '';

  async start(): Promise<void> {
    const script = join(ROOT, 'dist/webview.js');
    const style = join(ROOT, 'dist/webview.css');
    if (!existsSync(script) || !existsSync(style)) throw new Error('dist/webview.js or dist/webview.css is missing: run `npm run build` first');
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(trialPanelHtml({ cspSource: this.origin, scriptUri: `${this.origin}/dist/webview.js`, styleUri: `${this.origin}/dist/webview.css`, title: 'LossLab trial: fixture.loss' }));
      } else if (url.pathname === '/dist/webview.js' || url.pathname === '/dist/webview.css') {
        res.writeHead(200, { 'content-type': url.pathname.endsWith('.js') ? 'text/javascript' : 'text/css' });
        res.end(readFileSync(join(ROOT, url.pathname)));
      } else {
        res.writeHead(404).end(); // favicon.ico: Chromium asks, VS Code's webview would not

      }
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    if (!CHROMIUM) throw new Error('Chromium not found: apt-get install -y chromium (or set CHROMIUM_PATH)');
    this.browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--force-color-profile=srgb', '--font-render-hinting=none'],
    });
    mkdirSync(ARTIFACTS, { recursive: true });
  }

  async open(opts: { theme?: ThemeName; state?: PanelState; width?: number; height?: number } = {}): Promise<PanelPage> {
    if (!this.browser) throw new Error('harness not started');
    const context = await this.browser.newContext({ viewport: { width: opts.width ?? 1100, height: opts.height ?? 900 }, deviceScaleFactor: 1, acceptDownloads: false });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => { if (!r.url().startsWith(this.origin) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) problems.push(`network: ${r.url()}`); });
    const theme = THEMES[opts.theme ?? 'light'];
    // tsx (esbuild keepNames) wraps functions in __name(); the functions below are serialised into the page.
    await page.addInitScript('globalThis.__name = (fn) => fn;');
    await page.addInitScript(({ state, theme }) => {
      const w = window as unknown as Record<string, unknown>;
      w.__posted = [];
      w.__state = state;
      w.__csp = [];
      let acquired = false;
      w.acquireVsCodeApi = () => {
        if (acquired) throw new Error('acquireVsCodeApi called twice');
        acquired = true;
        return {
          postMessage: (m: unknown) => (w.__posted as unknown[]).push(JSON.parse(JSON.stringify(m))),
          getState: () => w.__state,
          setState: (s: unknown) => { w.__state = JSON.parse(JSON.stringify(s)); },
        };
      };
      document.addEventListener('securitypolicyviolation', (e) => (w.__csp as string[]).push(`${e.violatedDirective}: ${e.blockedURI}`));
      // VS Code puts the theme variables on <html> and the theme class on <body> (through CSSOM: no CSP issue).
      const apply = (t: { bodyClass: string; vars: Record<string, string> }) => {
        for (const [k, v] of Object.entries(t.vars)) document.documentElement.style.setProperty(k, v);
        document.body.className = t.bodyClass;
        document.body.dataset.vscodeThemeKind = t.bodyClass;
      };
      w.__applyTheme = apply;
      const whenBody = () => {
        if (document.body) { apply(theme); return; }
        requestAnimationFrame(whenBody);
      };
      new MutationObserver((_m, obs) => { if (document.body) { obs.disconnect(); apply(theme); } }).observe(document, { childList: true, subtree: true });
      whenBody();
    }, { state: opts.state, theme });
    await page.goto(`${this.origin}/`);
    await page.waitForFunction(() => ((window as unknown as { __posted: { type: string }[] }).__posted ?? []).some((m) => m.type === 'ready'));
    return {
      page,
      origin: this.origin,
      problems,
      posted: () => page.evaluate(() => (window as unknown as { __posted: PanelToHost[] }).__posted),
      state: () => page.evaluate(() => (window as unknown as { __state: PanelState | undefined }).__state),
      send: async (messages) => {
        await page.evaluate((ms) => { for (const m of ms) window.postMessage(m, '*'); }, messages as HostToPanel[]);
        // Window messages are delivered asynchronously; then one animation frame draws them.
        await page.evaluate(() => new Promise((r) => setTimeout(() => requestAnimationFrame(() => requestAnimationFrame(r)), 0)));
      },
      setTheme: async (name) => {
        await page.evaluate((t) => (window as unknown as { __applyTheme: (t: unknown) => void }).__applyTheme(t), THEMES[name]);
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      },
    };
  }

  async stop(): Promise<void> {
    await this.browser?.close();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** The recorded trial (see record-fixture.ts). */
export function recordedRun(): { messages: HostToPanel[] } {
  return JSON.parse(readFileSync(join(ROOT, 'test/webview/fixtures/trial-run.json'), 'utf8')) as { messages: HostToPanel[] };
}

/** Pixels of a canvas close to a colour (each channel within `tol`). */
export async function countColour(page: Page, selector: string, rgb: readonly [number, number, number], tol = 40): Promise<number> {
  return page.evaluate(({ selector, rgb, tol }) => {
    const canvas = document.querySelector(selector) as HTMLCanvasElement | null;
    if (!canvas) return -1;
    const ctx = canvas.getContext('2d');
    if (!ctx) return -1;
    const d = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3] > 128 && Math.abs(d[i] - rgb[0]) <= tol && Math.abs(d[i + 1] - rgb[1]) <= tol && Math.abs(d[i + 2] - rgb[2]) <= tol) n++;
    }
    return n;
  }, { selector, rgb, tol });
}

export function hexRgb(hex: string): [number, number, number] {
  const h = hex.replace('#', '');
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
}
