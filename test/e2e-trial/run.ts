// `npm run test:e2e:trial`: the shipped extension end to end in a real VS Code (code-server 4.100.3,
// VS Code 1.100), driven by Playwright through Debian's Chromium, as a user would: install losslab.vsix,
// open an example, see its squiggle and its Problems entry, hover a loss and see the formula image, click
// the ▶ Run trial code lens, and see the trial view draw its curves, landscape and decision boundaries and
// show the trial's numbers — the same numbers the engine gives for that trial run headless.
//
//   node --import tsx test/e2e-trial/run.ts [--no-package] [--keep]
// Steps: package (scripts/package.mjs, with its smoke test) unless --no-package; install code-server into
// $CS_HOME (default /tmp/e2e-cs) when missing, with test/e2e-editor/code-server/install.sh; launch it on a
// copy of test/e2e-trial/workspace; run the checks; stop it. Screenshots: test-results/e2e-trial/.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type FrameLocator, type Page } from 'playwright-core';
import { fmt } from '../../webview/src/series.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const here = fileURLToPath(new URL('.', import.meta.url));
const out = join(root, 'test-results', 'e2e-trial');
const args = process.argv.slice(2);
const CS_HOME = process.env.CS_HOME ?? '/tmp/e2e-cs';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FILE = 'quick.loss';
const TRIAL = 'quick';
mkdirSync(out, { recursive: true });

const results: { name: string; ok: boolean; detail: string; ms: number }[] = [];
async function check(name: string, fn: () => Promise<string>): Promise<boolean> {
  const t0 = Date.now();
  try {
    const detail = await fn();
    results.push({ name, ok: true, detail, ms: Date.now() - t0 });
    console.log(`ok   ${name} (${Date.now() - t0} ms)${detail ? `: ${detail}` : ''}`);
    return true;
  } catch (e) {
    const detail = e instanceof Error ? e.message.split('\n')[0] : String(e);
    results.push({ name, ok: false, detail, ms: Date.now() - t0 });
    console.log(`FAIL ${name} (${Date.now() - t0} ms): ${detail}`);
    await page.screenshot({ path: join(out, `failed-${results.length}.png`) }).catch(() => undefined);
    return false;
  }
}

function sh(cmd: string, argv: string[], what: string): string {
  const r = spawnSync(cmd, argv, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, CS_HOME } });
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status})`);
  return r.stdout;
}

// 1. The .vsix as shipped.
const vsix = join(root, 'losslab.vsix');
if (!args.includes('--no-package') || !existsSync(vsix)) {
  execFileSync(process.execPath, [join(root, 'scripts/package.mjs')], { cwd: root, stdio: 'inherit' });
}
// 2. code-server.
if (!existsSync(join(CS_HOME, 'node_modules', '.bin', 'code-server'))) {
  execFileSync('bash', [join(root, 'test/e2e-editor/code-server/install.sh'), CS_HOME], { cwd: root, stdio: 'inherit' });
}
// 3. The numbers the view must show (the engine, in-process, same plan and seeds).
const workspace = mkdtempSync(join(tmpdir(), 'losslab-e2e-trial-'));
cpSync(join(here, 'workspace'), workspace, { recursive: true });
const expected = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', join(here, 'expected-summary.ts'), join(workspace, FILE), TRIAL], { cwd: root, encoding: 'utf8' })) as {
  backend: string; summary: Record<string, Record<string, { mean: number; std: number }>>;
};
// 4. code-server with the .vsix installed.
const env = Object.fromEntries(sh('bash', [join(root, 'test/e2e-editor/code-server/launch.sh'), vsix, workspace], 'launching code-server')
  .split('\n').map((l) => /^(\w+)='?(.*?)'?$/.exec(l)).filter((m): m is RegExpExecArray => m !== null).map((m) => [m[1], m[2]]));
console.log(`code-server: ${env.CS_ORIGIN} (run dir ${env.CS_RUN_DIR})`);

const browser = await chromium.launch({
  executablePath: CHROMIUM, headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});
const context = await browser.newContext({ viewport: { width: 1500, height: 950 } });
// tsx (esbuild keepNames) wraps functions in __name(): the evaluated functions need it in every frame.
await context.addInitScript('globalThis.__name = (fn) => fn;');
const page = await context.newPage();
const shot = (name: string) => page.screenshot({ path: join(out, `${name}.png`) });
let view: FrameLocator | undefined;

try {
  await check('workbench loads', async () => {
    await page.goto(env.CS_URL, { timeout: 90_000 });
    await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
    await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 90_000 });
    return '';
  });
  await check(`opens ${FILE}`, async () => {
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.fill(FILE);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: FILE }).first().waitFor({ timeout: 30_000 });
    await input.press('Enter');
    await page.locator(`.tabs-container .tab.active[data-resource-name="${FILE}"]`).waitFor({ timeout: 30_000 });
    return '';
  });
  await check('squiggle under the unstable log', async () => {
    const w = page.locator('.editor-instance .monaco-editor .squiggly-warning').first();
    await w.waitFor({ state: 'attached', timeout: 60_000 });
    await shot('1-squiggle');
    return `${await page.locator('.editor-instance .monaco-editor .squiggly-warning').count()} warning squiggle(s)`;
  });
  await check('Problems entry', async () => {
    await runCommand(page, 'View: Focus Problems');
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'log of' }).first();
    await row.waitFor({ timeout: 60_000 });
    await shot('2-problems');
    return (await row.innerText()).replace(/\s+/g, ' ').slice(0, 120);
  });
  await check('hover shows the formula image', async () => {
    await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+G');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.fill(':2:7');
    await input.press('Enter');
    await runCommand(page, 'Show or Focus Hover');
    const img = page.locator('.monaco-editor .monaco-hover:not(.hidden) img[src^="data:image/svg+xml"]').first();
    await img.waitFor({ state: 'attached', timeout: 60_000 });
    const box = await img.boundingBox();
    if (!box || box.width < 20) throw new Error(`the formula image is ${box ? `${box.width}px wide` : 'not visible'}`);
    await page.waitForTimeout(300);
    await shot('3-hover');
    await page.keyboard.press('Escape');
    return `image ${Math.round(box.width)}×${Math.round(box.height)}`;
  });
  await check('▶ Run trial opens the trial view and it finishes', async () => {
    const lens = page.locator('.editor-instance .monaco-editor .codelens-decoration a', { hasText: 'Run trial' }).first();
    await lens.waitFor({ timeout: 60_000 });
    await lens.click();
    view = await findWebview(page, 'main#app', 60_000);
    await view.locator('body[data-status="running"], body[data-status="done"]').first().waitFor({ timeout: 60_000 });
    await shot('4-running');
    await view.locator('body[data-status="done"]').waitFor({ timeout: 180_000 });
    await page.waitForTimeout(300);
    await shot('5-done');
    return (await view.locator('#status-text').innerText()).trim();
  });
  await check('curves, landscape and decision boundaries are drawn', async () => {
    if (!view) throw new Error('no trial view');
    const charts = await view.locator('section[data-chart]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.chart));
    for (const c of ['loss', 'grad', 'metric:balanced_accuracy', 'metric:accuracy', 'landscape-loss', 'landscape-grad']) {
      if (!charts.includes(c)) throw new Error(`no '${c}' chart (charts: ${charts.join(', ')})`);
    }
    const inked = await view.locator('section[data-chart="loss"] canvas').first().evaluate((canvas) => {
      const c = canvas as HTMLCanvasElement;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      // Coloured pixels only (the axes, grid and labels are grey): the loss curves themselves.
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 128 && Math.max(d[i], d[i + 1], d[i + 2]) - Math.min(d[i], d[i + 1], d[i + 2]) > 60) n++;
      return n;
    });
    if (inked < 300) throw new Error(`the loss chart has only ${inked} coloured pixels`);
    const figures = await view.locator('figure.boundary').count();
    if (figures !== 3) throw new Error(`${figures} decision boundaries, expected 3`);
    return `${charts.length} charts, ${inked} coloured pixels on the loss chart, ${figures} boundaries`;
  });
  await check("the table shows the trial's numbers", async () => {
    if (!view) throw new Error('no trial view');
    const shown: string[] = [];
    for (const [label, metrics] of Object.entries(expected.summary)) {
      for (const [metric, v] of Object.entries(metrics)) {
        const cell = (await view.locator(`table[data-table="metrics"] tr[data-loss="${label}"] td[data-metric="${metric}"]`).innerText()).trim();
        const want = `${fmt(v.mean)} ± ${fmt(v.std, 2)}`;
        if (cell !== want) throw new Error(`${label} ${metric}: the view shows '${cell}', the engine gives '${want}'`);
        shown.push(`${label} ${metric} ${cell}`);
      }
    }
    const caption = await view.locator('table[data-table="metrics"] caption').innerText();
    if (!caption.includes(`backend ${expected.backend}`)) throw new Error(`caption: ${caption}`);
    await view.locator('#summary-section').scrollIntoViewIfNeeded();
    await shot('6-table');
    return shown.slice(0, 2).join('; ') + ` … (${shown.length} cells)`;
  });
  await check('the trial view comes back after a reload, with its results', async () => {
    // Through the workbench's own reload, so it saves its state (a browser reload may not get to).
    const reloaded = page.waitForEvent('load', { timeout: 90_000 });
    await runCommand(page, 'Developer: Reload Window').catch(() => undefined);
    await reloaded;
    await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
    const restored = await findWebview(page, 'body[data-status="done"]', 90_000);
    const [label, metrics] = Object.entries(expected.summary)[0];
    const [metric, v] = Object.entries(metrics)[0];
    const cell = (await restored.locator(`table[data-table="metrics"] tr[data-loss="${label}"] td[data-metric="${metric}"]`).innerText()).trim();
    if (cell !== `${fmt(v.mean)} ± ${fmt(v.std, 2)}`) throw new Error(`after the reload the view shows '${cell}'`);
    const charts = await restored.locator('section[data-chart]').count();
    if (charts < 4) throw new Error(`only ${charts} charts after the reload`);
    await shot('7-restored');
    return `${charts} charts, ${label} ${metric} ${cell}`;
  });
} finally {
  writeFileSync(join(out, 'result.json'), `${JSON.stringify(results, null, 2)}\n`);
  await browser.close();
  if (!args.includes('--keep')) spawnSync('bash', [join(root, 'test/e2e-editor/code-server/stop.sh'), env.CS_RUN_DIR ?? ''], { stdio: 'inherit' });
}
const failed = results.filter((r) => !r.ok).length;
console.log(`e2e-trial: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

async function runCommand(p: Page, title: string): Promise<void> {
  await p.keyboard.press('F1');
  const input = p.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  await p.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 30_000 });
  await input.press('Enter');
  await p.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 30_000 });
}

/** The webview whose page matches `selector`: VS Code nests it in two iframes. */
async function findWebview(p: Page, selector: string, timeout: number): Promise<FrameLocator> {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    const n = await p.locator('iframe.webview.ready').count();
    for (let i = 0; i < n; i++) {
      const f = p.frameLocator('iframe.webview.ready').nth(i).frameLocator('iframe#active-frame');
      if (await f.locator(selector).count().catch(() => 0)) return f;
    }
    await p.waitForTimeout(250);
  }
  throw new Error(`no webview shows ${selector}`);
}
