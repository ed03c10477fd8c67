import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { TrialResultMsg } from '../../server/src/trial/protocol.js';
import type { HostToPanel, PanelToHost } from '../../webview/src/protocol.js';
import { csvField } from '../../webview/src/exports.js';
import { fmt } from '../../webview/src/series.js';
import { ARTIFACTS, countColour, hexRgb, recordedRun, THEMES, WebviewHarness, type PanelPage } from './harness.js';

// The trial webview in Chromium, fed a real recorded trial: every chart draws its series (read back from
// the canvas pixels), the tables show the numbers sent, the theme variables are honoured, exports produce
// files, the controls post what the host expects, and the page restores itself from its saved state.
// Screenshots go to test-results/webview/.

const harness = new WebviewHarness();
const run = recordedRun();
const finished = run.messages.find((m): m is Extract<HostToPanel, { type: 'trial-finished' }> => m.type === 'trial-finished')!;
const result = finished.result as TrialResultMsg;
const runDone = run.messages.filter((m): m is Extract<HostToPanel, { type: 'run-done' }> => m.type === 'run-done');
const labels = ['0.7 * focal_cb + 0.3 * tempered', 'ce_cb', 'ce'];

before(async () => { await harness.start(); });
after(async () => { await harness.stop(); });

const canvasOf = (chart: string) => `section[data-chart="${chart}"] canvas`;
const pageProblems = (p: PanelPage) => p.problems.filter((x) => !/favicon|404 \(Not Found\)/.test(x));

async function loaded(theme: 'light' | 'dark' | 'high-contrast' = 'light'): Promise<PanelPage> {
  const p = await harness.open({ theme });
  await p.send(run.messages);
  await p.page.waitForFunction(() => document.body.dataset.status === 'done');
  return p;
}

describe('trial webview (Chromium)', () => {
  it('draws every chart: each loss in its colour, on the canvas', async () => {
    const p = await loaded('light');
    const palette = THEMES.light.vars;
    const colours = [palette['--vscode-charts-blue'], palette['--vscode-charts-orange'], palette['--vscode-charts-green']].map(hexRgb);
    const charts = await p.page.$$eval('section[data-chart]', (els) => els.map((e) => (e as HTMLElement).dataset.chart!));
    assert.deepEqual(charts, ['loss', 'terms', 'grad', 'metric:balanced_accuracy', 'metric:accuracy', 'metric:ece', 'learned', 'lr', 'landscape-loss', 'landscape-grad']);
    // Which losses each chart has: every loss has a total, gradient norm and metrics; only the declared
    // loss has terms and a learned value; cross-entropy on one sample is the same curve with and without
    // class weights (a weighted mean of one sample), so ce_cb (drawn after ce) covers ce in the landscape.
    const expected: Record<string, number[]> = {
      loss: [0, 1, 2], terms: [0], grad: [0, 1, 2], 'metric:balanced_accuracy': [0, 1, 2], 'metric:accuracy': [0, 1, 2], 'metric:ece': [0, 1, 2],
      learned: [0], 'landscape-loss': [0, 1], 'landscape-grad': [0, 1],
    };
    for (const [chart, losses] of Object.entries(expected)) {
      for (const i of losses) {
        const n = await countColour(p.page, canvasOf(chart), colours[i], 24);
        assert.ok(n > 40, `chart ${chart}: ${labels[i]} drew ${n} pixels of its colour`);
      }
      for (const i of [0, 1, 2].filter((k) => !losses.includes(k) && chart !== 'landscape-loss' && chart !== 'landscape-grad')) {
        const n = await countColour(p.page, canvasOf(chart), colours[i], 8);
        assert.ok(n < 10, `chart ${chart} should not draw ${labels[i]} (${n} pixels)`);
      }
    }
    // The learning rate is the same for every loss: the declared loss, drawn last, covers the others.
    assert.ok(await countColour(p.page, canvasOf('lr'), colours[0], 24) > 40, 'lr drawn');
    // Decision boundaries: one picture per loss, both its regions and its points in class colours.
    const figures = await p.page.$$eval('figure.boundary', (els) => els.map((e) => (e as HTMLElement).dataset.loss));
    assert.deepEqual(figures, labels);
    const bg = hexRgb(THEMES.light.vars['--vscode-editor-background']);
    const classColours = [colours[1], colours[0], colours[2]];
    for (const [f, label] of labels.entries()) {
      for (const c of classColours) {
        const region = c.map((v, k) => Math.round(bg[k] + (v - bg[k]) * 0.75)) as [number, number, number];
        const n = await countColour(p.page, `figure.boundary:nth-of-type(${f + 1}) canvas`, region, 30);
        assert.ok(n > 500, `${label}: a region of class colour ${c} covers ${n} pixels`);
      }
    }
    // The read-out under each chart names each loss with its latest value.
    const readout = await p.page.textContent('section[data-chart="loss"] .readout');
    assert.match(readout ?? '', /latest, step 119/);
    for (const l of labels) assert.ok(readout?.includes(l), `${l} in the read-out: ${readout}`);
    // Each loss reads out its own numbers: the mean over seeds of its last loss value, with the min–max.
    for (const label of labels) {
      const last = runDone.filter((m) => m.run.label === label).map((m) => m.run.series.loss.at(-1)![1]);
      const mean = last.reduce((a, b) => a + b, 0) / last.length;
      const band = `[${fmt(Math.min(...last), 3)}–${fmt(Math.max(...last), 3)}]`;
      assert.ok(readout?.includes(`${label} ${fmt(mean)} ${band}`), `${label} ${fmt(mean)} ${band} in the read-out: ${readout}`);
    }
    await p.page.screenshot({ path: join(ARTIFACTS, 'trial-light.png'), fullPage: true });
    assert.deepEqual(pageProblems(p), []);
    assert.deepEqual(await p.page.evaluate(() => (window as unknown as { __csp: string[] }).__csp), [], 'no Content-Security-Policy violation');
    await p.page.context().close();
  });

  it('shows the numbers it was sent: metrics mean ± std, the paired comparison, ms per step', async () => {
    const p = await loaded();
    for (const label of labels) {
      for (const [metric, v] of Object.entries(result.summary[label])) {
        const cell = await p.page.textContent(`table[data-table="metrics"] tr[data-loss="${label}"] td[data-metric="${metric}"]`);
        assert.equal(cell, `${fmt(v.mean)} ± ${fmt(v.std, 2)}`, `${label} ${metric}`);
      }
    }
    const rows = await p.page.$$eval('table[data-table="comparison"] tbody tr', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
    assert.equal(rows.length, result.comparisons.length);
    result.comparisons.forEach((c, i) => {
      assert.equal(rows[i][0], c.baseline);
      assert.equal(rows[i][1], c.metric);
      assert.equal(rows[i][2], `${c.meanDiff >= 0 ? '+' : ''}${fmt(c.meanDiff)} ± ${fmt(c.stdDiff, 2)}`);
      assert.equal(rows[i][4], `${c.wins}/${c.seeds}`);
    });
    const caption = await p.page.textContent('table[data-table="metrics"] caption');
    assert.match(caption ?? '', /backend wasm/);
    const status = await p.page.textContent('#status-text');
    assert.match(status ?? '', /Done: 3 losses × 2 seeds/);
    await p.page.context().close();
  });

  it('lists a divergence with its step and term', async () => {
    const p = await harness.open();
    const started = run.messages.find((m) => m.type === 'trial-started')!;
    const first = runDone[0];
    const diverged = { ...first, run: { ...first.run, diverged: { step: 37, term: '0.7 * focal_cb' }, stop: 'diverged' as const } };
    await p.send([started, diverged]);
    const text = await p.page.textContent('ul[data-table="divergences"]');
    assert.match(text ?? '', /0\.7 \* focal_cb \+ 0\.3 \* tempered, seed 0: diverged at step 37 in term 0\.7 \* focal_cb/);
    await p.page.context().close();
  });

  it('honours the theme variables: light, dark and high contrast differ, and a theme switch redraws', async () => {
    const green = { light: hexRgb(THEMES.light.vars['--vscode-charts-green']), dark: hexRgb(THEMES.dark.vars['--vscode-charts-green']) };
    const fg = { light: hexRgb(THEMES.light.vars['--vscode-editor-foreground']), dark: hexRgb(THEMES.dark.vars['--vscode-editor-foreground']) };
    const light = await loaded('light');
    const dark = await loaded('dark');
    const hc = await loaded('high-contrast');
    for (const [name, p, mine, other] of [['light', light, 'light', 'dark'], ['dark', dark, 'dark', 'light']] as const) {
      assert.ok(await countColour(p.page, canvasOf('loss'), green[mine], 12) > 40, `${name}: ce in the theme's green`);
      assert.ok(await countColour(p.page, canvasOf('loss'), green[other], 12) < 5, `${name}: not in the other theme's green`);
      assert.ok(await countColour(p.page, canvasOf('loss'), fg[mine], 30) > 40, `${name}: axis labels in the theme's foreground`);
    }
    const bodyBg = async (p: PanelPage) => p.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(await bodyBg(light), 'rgb(255, 255, 255)');
    assert.equal(await bodyBg(dark), 'rgb(31, 31, 31)');
    assert.equal(await bodyBg(hc), 'rgb(0, 0, 0)');
    // High contrast: grid lines in the contrast border colour.
    assert.ok(await countColour(hc.page, canvasOf('loss'), hexRgb('#6fc3df'), 10) > 100, 'high contrast grid');
    await dark.page.screenshot({ path: join(ARTIFACTS, 'trial-dark.png'), fullPage: true });
    await hc.page.screenshot({ path: join(ARTIFACTS, 'trial-high-contrast.png'), fullPage: true });
    // Switching theme live redraws the canvases in the new colours.
    await light.setTheme('dark');
    assert.ok(await countColour(light.page, canvasOf('loss'), green.dark, 12) > 40, 'redrawn in dark green');
    assert.ok(await countColour(light.page, canvasOf('loss'), green.light, 12) < 5, 'no light green left');
    const boundaryDark = hexRgb(THEMES.dark.vars['--vscode-editor-background']);
    assert.ok(await countColour(light.page, 'figure.boundary canvas', boundaryDark, 6) > 10, 'boundary faded to the dark background');
    for (const p of [light, dark, hc]) {
      assert.deepEqual(pageProblems(p), []);
      await p.page.context().close();
    }
  });

  it('exports the curves as PNG and CSV and the whole run as JSON', async () => {
    const p = await loaded();
    for (const id of ['#export-png', '#export-csv', '#export-json']) await p.page.click(id);
    const exports = (await p.posted()).filter((m): m is Extract<PanelToHost, { type: 'export' }> => m.type === 'export');
    assert.deepEqual(exports.map((e) => [e.format, e.fileName]), [['png', 'fixture.fixture.png'], ['csv', 'fixture.fixture.csv'], ['json', 'fixture.fixture.json']]);
    const png = Buffer.from(exports[0].data, 'base64');
    writeFileSync(join(ARTIFACTS, 'export.png'), png);
    assert.equal(png.subarray(1, 4).toString(), 'PNG');
    const width = png.readUInt32BE(16), height = png.readUInt32BE(20);
    assert.ok(width >= 400 && height > 8 * 200, `PNG ${width}×${height} holds every chart`);
    const csv = exports[1].data;
    writeFileSync(join(ARTIFACTS, 'export.csv'), csv);
    const lines = csv.trim().split('\n');
    assert.equal(lines[0], 'loss,seed,series,step,value');
    const points = runDone.reduce((n, m) => n + Object.values(m.run.series).reduce((k, s) => k + s.length, 0), 0);
    assert.equal(lines.length - 1, points, 'every recorded point');
    assert.ok(lines.includes(`0.7 * focal_cb + 0.3 * tempered,0,loss,0,${runDone[0].run.series.loss[0][1]}`), 'rows complete');
    assert.equal(csvField('focal(gamma=2, alpha=0.5)'), '"focal(gamma=2, alpha=0.5)"', 'labels with commas are quoted');
    const json = JSON.parse(exports[2].data);
    writeFileSync(join(ARTIFACTS, 'export.json'), exports[2].data);
    assert.equal(json.format, 'losslab-trial-run/1');
    assert.equal(json.runs.length, 6);
    assert.deepEqual(json.result.summary, result.summary);
    assert.equal(json.plan.trial, 'fixture');
    assert.equal(json.landscape.curves.length, 3);
    await p.page.context().close();
  });

  it('posts Run, Stop and Re-run, re-runs once when a slider settles, and moves the cursor from the keyboard', async () => {
    const p = await harness.open();
    const [init] = run.messages;
    await p.send([init]);
    assert.equal(await p.page.isDisabled('#stop'), true);
    await p.page.click('#run');
    const started = run.messages.find((m) => m.type === 'trial-started')!;
    await p.send([started, ...run.messages.filter((m) => m.type === 'progress').slice(0, 5)]);
    assert.equal(await p.page.isDisabled('#stop'), false);
    assert.equal(await p.page.isDisabled('#run'), true);
    const progress = await p.page.$eval('#progress', (e) => (e as HTMLProgressElement).value);
    assert.ok(progress > 0 && progress < 1, `progress ${progress}`);
    assert.match(await p.page.textContent('#status-text') ?? '', /Running .*seed 0 \(run 1 of 6\), step \d+ of 120/);
    await p.page.click('#stop');
    await p.send(run.messages.filter((m) => m.type !== 'init' && m.type !== 'trial-started').slice(5));
    await p.page.click('#rerun');
    // Three presses of → on the γ slider within the debounce: one re-run, with γ moved three positions.
    await p.page.focus('input[data-param="focal_cb.gamma"]');
    for (let i = 0; i < 3; i++) await p.page.keyboard.press('ArrowRight');
    await p.page.waitForTimeout(800);
    const posted = (await p.posted()).filter((m) => m.type !== 'ready');
    assert.deepEqual(posted.map((m) => m.type), ['run', 'stop', 'run', 'run']);
    const last = posted[3] as Extract<PanelToHost, { type: 'run' }>;
    assert.equal(last.trial, 'fixture');
    assert.equal(last.params['focal_cb.gamma'], 2.075);
    assert.equal(last.params['ce_cb.beta'], 0.999);
    assert.equal(await p.page.textContent('.slider:first-of-type output'), '2.075');
    // Keyboard cursor: Home puts it on the first step, → moves it, the read-out follows.
    await p.page.focus('section[data-chart="loss"] .plot');
    await p.page.keyboard.press('Home');
    assert.match(await p.page.textContent('section[data-chart="loss"] .readout') ?? '', /^step 0/);
    await p.page.keyboard.press('ArrowRight');
    assert.match(await p.page.textContent('section[data-chart="loss"] .readout') ?? '', /^step 1/);
    // The cursors are synced: the metrics chart reads out the same step.
    assert.match(await p.page.textContent('section[data-chart="metric:accuracy"] .readout') ?? '', /^step (0|4)/);
    await p.page.context().close();
  });

  it('applies smoothing and log scale to the curves', async () => {
    const p = await loaded();
    const raw = await p.page.textContent('section[data-chart="loss"] .readout');
    await p.page.$eval('#smoothing', (e) => { (e as HTMLInputElement).value = '0.9'; e.dispatchEvent(new Event('input')); });
    await p.send([]);
    const smoothed = await p.page.textContent('section[data-chart="loss"] .readout');
    assert.notEqual(smoothed, raw, 'the read-out shows the smoothed mean');
    await p.page.check('#log');
    await p.send([]);
    const ticks = await p.page.evaluate(() => document.querySelector('section[data-chart="loss"] canvas') !== null);
    assert.ok(ticks);
    const blue = hexRgb(THEMES.light.vars['--vscode-charts-blue']);
    assert.ok(await countColour(p.page, canvasOf('loss'), blue, 24) > 40, 'still drawn on a log axis');
    assert.deepEqual((await p.state())?.ui, { smoothing: 0.9, log: true });
    await p.page.context().close();
  });

  it('restores curves, pictures and tables from its saved state after a reload', async () => {
    const first = await loaded();
    const state = await first.state();
    await first.page.context().close();
    assert.ok(state?.snapshot, 'the finished trial is saved');
    const p = await harness.open({ state });
    await p.page.waitForFunction(() => document.body.dataset.status === 'done');
    assert.ok(await countColour(p.page, canvasOf('loss'), hexRgb(THEMES.light.vars['--vscode-charts-blue']), 24) > 40);
    assert.equal(await p.page.locator('figure.boundary').count(), 3);
    const cell = await p.page.textContent(`table[data-table="metrics"] tr[data-loss="ce"] td[data-metric="accuracy"]`);
    assert.equal(cell, `${fmt(result.summary.ce.accuracy.mean)} ± ${fmt(result.summary.ce.accuracy.std, 2)}`);
    assert.equal(await p.page.$eval('input[data-param="focal_cb.gamma"]', (e) => (e as HTMLInputElement).disabled), false);
    await p.page.context().close();
  });

  it('switches to another trial of the document: the old curves go, the choice is posted', async () => {
    const p = await loaded();
    const init = run.messages[0] as Extract<HostToPanel, { type: 'init' }>;
    const doc = { ...init.document, trials: ['fixture', 'other'] };
    await p.send([{ ...init, document: doc }]);
    assert.ok(await p.page.locator('section[data-chart]').count() > 0, 'same trial: the curves stay');
    await p.page.selectOption('#trial', 'other');
    const posted = (await p.posted()).filter((m) => m.type === 'select-trial');
    assert.deepEqual(posted, [{ type: 'select-trial', trial: 'other' }]);
    await p.send([{ ...init, document: doc, trial: 'other', sliders: [] }]);
    assert.equal(await p.page.locator('section[data-chart]').count(), 0, 'the other trial has no curves yet');
    assert.equal(await p.page.locator('figure.boundary').count(), 0);
    assert.match(await p.page.textContent('#status-text') ?? '', /Trial other in fixture\.loss: not run yet/);
    assert.equal(await p.page.isHidden('#sliders'), true, 'no sliders');
    await p.page.context().close();
  });

  it("draws a GAN's generated samples over the ring's modes", async () => {
    const p = await harness.open();
    const started = run.messages.find((m): m is Extract<HostToPanel, { type: 'trial-started' }> => m.type === 'trial-started')!;
    const plan = { ...started.plan, data: { generator: 'ring', args: { modes: 8, radius: 2 } }, loss: { kind: 'reference' as const, name: 'gan_g', label: 'gan_g' }, compare: [] };
    // A collapsed generator: every sample near two of the eight modes.
    const samples = Array.from({ length: 400 }, (_, i) => [(i % 2 ? 2 : -2) + 0.2 * Math.sin(i * 1.7), 0.2 * Math.cos(i * 2.3)] as const);
    const summary = { label: 'gan_g', seed: 0, final: { modes_covered: 2 }, series: { loss: [[0, 1], [1, 0.9]] as [number, number][] }, learned: {}, diverged: null, stop: 'completed' as const, stepsCompleted: 2, msPerStep: 1, samples };
    await p.send([{ type: 'trial-started', runId: 'g1', plan, params: {} }, { type: 'run-done', runId: 'g1', index: 0, run: summary }]);
    assert.equal(await p.page.locator('#samples-section').isVisible(), true);
    assert.deepEqual(await p.page.$$eval('figure.samples', (els) => els.map((e) => (e as HTMLElement).dataset.loss)), ['gan_g']);
    // Points are drawn at 70% opacity: the loss colour over the background, darker where they overlap.
    const blue = hexRgb(THEMES.light.vars['--vscode-charts-blue']);
    const faded = blue.map((c) => Math.round(255 + (c - 255) * 0.7)) as [number, number, number];
    const n = await countColour(p.page, 'figure.samples canvas', faded, 40) + await countColour(p.page, 'figure.samples canvas', blue, 30);
    assert.ok(n > 200, `samples drawn in the loss colour (${n} pixels)`);
    assert.equal(await p.page.locator('figure.boundary:not(.samples)').count(), 0, 'no decision boundary for GAN data');
    await p.page.context().close();
  });

  it('says why it cannot run: Restricted Mode, or a document problem', async () => {
    const p = await harness.open();
    const init = run.messages[0] as Extract<HostToPanel, { type: 'init' }>;
    await p.send([{ ...init, trusted: false }]);
    assert.equal(await p.page.isDisabled('#run'), true);
    assert.match(await p.page.textContent('#problem') ?? '', /Restricted Mode/);
    await p.send([{ ...init, problem: 'fixture.loss has 1 error: fix it to run the trial' }]);
    assert.equal(await p.page.isDisabled('#run'), true);
    assert.match(await p.page.textContent('#problem') ?? '', /has 1 error/);
    await p.page.context().close();
  });
});
