// The trial webview's live-update cost in Chromium, and the size of the shipped .vsix.
//
// Packages the extension first (scripts/package.mjs: production bundles, .vsix, smoke test), then loads
// the shipped dist/webview.js in Debian's Chromium with a stand-in VS Code API, as the webview tests do.
// Workload (anchors-trial.md §4): 10 series × 2,000 points already drawn, then one new point per series
// per update at 20 updates/s for 10 s. Measured: renderer main-thread busy time (CDP TaskDuration) over
// the window, against the same page idle for as long (the baseline), the cost per update, and the first
// draw of the 20,000 points. Target: main thread under 30% busy at 20 Hz.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SERIES = 10;
const POINTS = 2000;
const HZ = 20;
const SECONDS = 10;
const TARGET_BUSY = 0.3;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// 1. The shipped extension (and its size).
if (!process.argv.includes('--no-package')) {
  execFileSync(process.execPath, [join(root, 'scripts/package.mjs')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}
const vsix = join(root, 'losslab.vsix');
const vsixBytes = existsSync(vsix) ? statSync(vsix).size : NaN;
const js = readFileSync(join(root, 'dist/webview.js'));
const css = readFileSync(join(root, 'dist/webview.css'));

// 2. The page, served as the extension serves it (strict CSP, nonce, no network).
const server = createServer((req, res) => {
  if (req.url === '/') {
    const origin = `http://127.0.0.1:${server.address().port}`;
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${origin} data: blob:; style-src ${origin}; script-src 'nonce-bench'">
<link rel="stylesheet" href="/webview.css"></head><body class="vscode-dark"><main id="app"></main><script nonce="bench" src="/webview.js"></script></body></html>`);
  } else if (req.url === '/webview.js' || req.url === '/webview.css') {
    res.writeHead(200, { 'content-type': req.url.endsWith('.js') ? 'text/javascript' : 'text/css' });
    res.end(req.url.endsWith('.js') ? js : css);
  } else res.writeHead(404).end();
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'] });
const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
await page.addInitScript(() => {
  window.acquireVsCodeApi = () => ({ postMessage() {}, getState() { return undefined; }, setState() {} });
});
await page.goto(`http://127.0.0.1:${server.address().port}/`);
await page.waitForSelector('#run');
const cdp = await page.context().newCDPSession(page);
await cdp.send('Performance.enable');
const taskSeconds = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value;

const labels = Array.from({ length: SERIES }, (_, i) => `loss ${i}`);
const plan = {
  trial: 'bench', data: { generator: 'blobs', args: {} }, model: { kind: 'mlp' },
  loss: { kind: 'reference', name: 'ce', label: labels[0] }, compare: labels.slice(1).map((label) => ({ kind: 'reference', name: 'ce', label })),
  optimizer: { kind: 'adam' }, steps: POINTS + HZ * SECONDS + 10, seeds: [0], metrics: [],
};
const progress = (from, to) => ({
  type: 'progress', runId: 'b1',
  batches: labels.map((label, i) => ({
    type: 'progress', id: 'b1', run: { index: i, total: SERIES, label, seed: 0 }, step: to - 1,
    points: Array.from({ length: to - from }, (_, k) => ({ series: 'loss', step: from + k, value: Math.exp(-(from + k) / 500) * (1 + i / 10) + 0.02 * Math.sin((from + k) * (i + 1)) })),
  })),
});

// 3. First draw of 10 × 2,000 points.
const firstDraw = await page.evaluate(async ([started, fill]) => {
  window.postMessage(started, '*');
  await new Promise((r) => setTimeout(r, 0));
  const t0 = performance.now();
  window.postMessage(fill, '*');
  // Drawn when the loss chart's canvas exists and its read-out names the last step.
  while (!/step 1999/.test(document.querySelector('section[data-chart="loss"] .readout')?.textContent ?? '')) {
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  }
  return performance.now() - t0;
}, [{ type: 'trial-started', runId: 'b1', plan, params: {} }, progress(0, POINTS)]);
const drawn = await page.$$eval('section[data-chart="loss"] canvas', (c) => c.length);
if (!drawn) throw new Error('the loss chart was not drawn');

// 4. Baseline: the same page, idle, for the same time.
const measure = async (updates) => {
  const before = await taskSeconds();
  const t0 = Date.now();
  await page.evaluate(async ([n, hz, start, labelsIn]) => {
    let step = start;
    await new Promise((resolve) => {
      let sent = 0;
      const timer = setInterval(() => {
        if (sent >= n) { clearInterval(timer); resolve(); return; }
        if (n > 0) {
          window.postMessage({
            type: 'progress', runId: 'b1',
            batches: labelsIn.map((label, i) => ({ type: 'progress', id: 'b1', run: { index: i, total: labelsIn.length, label, seed: 0 }, step, points: [{ series: 'loss', step, value: Math.exp(-step / 500) * (1 + i / 10) }] })),
          }, '*');
          step++;
        }
        sent++;
      }, 1000 / hz);
    });
  }, [updates, HZ, POINTS, labels]);
  const wall = (Date.now() - t0) / 1000;
  return { busy: (await taskSeconds()) - before, wall };
};
const idle = await page.evaluate(() => new Promise((r) => setTimeout(r, 0))).then(async () => {
  const before = await taskSeconds();
  const t0 = Date.now();
  await page.waitForTimeout(SECONDS * 1000);
  return { busy: (await taskSeconds()) - before, wall: (Date.now() - t0) / 1000 };
});
const live = await measure(HZ * SECONDS);
const points = await page.evaluate(() => Number(document.body.dataset.revision));

await browser.close();
server.close();

const pct = (x) => `${(x * 100).toFixed(1)}%`;
const liveBusy = live.busy / live.wall;
const idleBusy = idle.busy / idle.wall;
const perUpdate = ((live.busy - idle.busy * (live.wall / idle.wall)) / (HZ * SECONDS)) * 1000;
console.log(`webview live update, ${SERIES} series × ${POINTS} points, ${HZ} updates/s for ${SECONDS} s (shipped dist/webview.js, Chromium headless):`);
console.log(`  first draw of ${SERIES * POINTS} points: ${firstDraw.toFixed(1)} ms`);
console.log(`  main thread busy: ${pct(liveBusy)} at ${HZ} Hz (baseline, idle page: ${pct(idleBusy)}); target < ${pct(TARGET_BUSY)}: ${liveBusy < TARGET_BUSY ? 'met' : 'NOT MET'}`);
console.log(`  cost per update: ${perUpdate.toFixed(2)} ms (ratio to the ${(1000 / HZ).toFixed(0)} ms between updates: ${(perUpdate / (1000 / HZ)).toFixed(2)}); store revisions ${points}`);
console.log(`.vsix size: ${(vsixBytes / 1024 / 1024).toFixed(2)} MB (${vsixBytes} bytes); webview.js ${(js.length / 1024).toFixed(0)} KB, webview.css ${(css.length / 1024).toFixed(1)} KB`);
process.exit(liveBusy < TARGET_BUSY ? 0 : 1);
