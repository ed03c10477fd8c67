import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inflateSync } from 'node:zlib';
import type { RunSummaryMsg, TrialPlan, TrialResultMsg } from '../../src/trial/protocol.js';
import { aggregate, boundaryPng, renderReport } from '../../src/trial/report/html.js';
import { encodePng } from '../../src/trial/report/png.js';
import { lineChart, niceTicks } from '../../src/trial/report/svg.js';
import { fmt, formatSummary, trialJson } from '../../src/trial/report/text.js';
import { pairedComparisons, summarise } from '../../src/trial/summary.js';

// The views of a finished trial: the JSON object, the human summary and the static HTML report.

const run = (label: string, seed: number, acc: number, over: Partial<RunSummaryMsg> = {}): RunSummaryMsg => ({
  label, seed, final: { accuracy: acc, ece: 0.1 }, learned: {}, diverged: null, stop: 'completed', stepsCompleted: 3, msPerStep: 1.23456,
  series: { loss: [[0, 1 + seed], [1, 0.5 + seed], [2, 0.25 + seed]], accuracy: [[0, 0.5], [2, acc]] }, ...over,
});
const runs = [run('focal<2>', 0, 0.9), run('ce', 0, 0.8), run('focal<2>', 1, 0.7, { diverged: { step: 2, term: '0.1 * x' }, stop: 'diverged' }), run('ce', 1, 0.6)];
const finals = runs.map((r) => ({ label: r.label, seed: r.seed, final: r.final }));
const result: TrialResultMsg = {
  trial: 't', backend: 'wasm', runs, summary: summarise(finals), comparisons: pairedComparisons(finals, 'focal<2>', ['ce']), wallMs: 1234,
};
const plan: TrialPlan = {
  trial: 't', data: { generator: 'blobs', args: {}, label: 'blobs' }, model: { kind: 'mlp', hidden: [8] },
  loss: { kind: 'source', text: '', expr: 'focal<2>' }, compare: [{ kind: 'source', text: '', expr: 'ce' }],
  optimizer: { kind: 'adam', lr: 0.01 }, steps: 3, seeds: [0, 1], metrics: [{ name: 'accuracy' }, { name: 'ece' }],
};

describe('trial report', () => {
  it('JSON: the normative fields, per-run timings rounded, no pictures', () => {
    const j = trialJson({ ...result, runs: [{ ...runs[0], samples: [[0, 0]] }] }, { file: 'a.loss' }) as { runs: Record<string, unknown>[] };
    assert.deepEqual(Object.keys(j).slice(0, 4), ['trial', 'backend', 'runs', 'summary']);
    assert.deepEqual(Object.keys(j.runs[0]).slice(0, 6), ['label', 'seed', 'final', 'series', 'learned', 'diverged']);
    assert.equal(j.runs[0].msPerStep, 1.2346);
    assert.ok(!('samples' in j.runs[0]) && !('boundary' in j.runs[0]));
  });

  it('human summary: mean ± std per loss and metric, the paired comparison with wins, divergence with step and term', () => {
    const s = formatSummary(plan, result, { file: 'a.loss' });
    assert.match(s, /trial t \(a\.loss\): blobs, 2 losses × 2 seeds × 3 steps/);
    assert.match(s, /backend wasm, 4 runs in 1\.2 s/);
    assert.match(s, /focal<2> +0\.800 ± 0\.141 +0\.100 ± 0\.000/);
    assert.match(s, /ce +accuracy +\+0\.100 ± 0\.000 +2\/2 seeds \(higher is better\)/);
    assert.match(s, /focal<2>, seed 1: non-finite at step 2 in '0\.1 \* x'/);
    assert.equal(fmt(NaN), '–');
    assert.equal(fmt(12345), '1.23e+4');
  });

  it('HTML: static, escaped, with the summary, curves with seed bands, and the divergence', () => {
    const html = renderReport(plan, result, { file: 'a.loss', source: 'loss <x>' });
    assert.ok(!/<script/i.test(html));
    assert.ok(!html.includes('focal<2>'), 'labels are escaped');
    assert.match(html, /focal&lt;2&gt;/);
    assert.match(html, /loss &lt;x&gt;/);
    assert.match(html, /<td class="best">0\.800 <small>± 0\.141<\/small><\/td>/);
    assert.match(html, /<polygon points=/, 'a seed band');
    assert.match(html, /a non-finite value at step 2 in <code>0\.1 \* x<\/code>/);
  });

  it('aggregates series over seeds into mean and ± one standard deviation', () => {
    const b = aggregate(runs.filter((r) => r.label === 'ce'), 'loss');
    assert.deepEqual(b.map((x) => x.x), [0, 1, 2]);
    assert.equal(b[0].y, 1.5);
    assert.ok(Math.abs(b[0].hi! - b[0].y - Math.SQRT1_2) < 1e-12);
  });

  it('axis ticks are round numbers, without floating-point dust', () => {
    assert.deepEqual(niceTicks(-0.7, 1e-7), [-0.6, -0.4, -0.2, 0]);
    assert.deepEqual(niceTicks(0, 300, 6), [0, 50, 100, 150, 200, 250, 300]);
    const svg = lineChart({ title: 't', xLabel: 'step', series: [{ label: 'a', color: '#000', points: [{ x: 0, y: 1 }, { x: 1, y: 1000 }] }], logY: true });
    assert.match(svg, />1000</);
    assert.match(svg, /\(log y\)/);
  });

  it('PNG: a valid RGBA image, the decision boundary as a data URI', () => {
    const rgba = new Uint8Array([255, 0, 0, 255, 0, 255, 0, 128, 0, 0, 255, 0, 1, 2, 3, 4]);
    const png = encodePng(2, 2, rgba);
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.equal(png.readUInt32BE(16), 2);
    assert.equal(png.readUInt32BE(20), 2);
    const idatLength = png.readUInt32BE(33);
    assert.equal(png.toString('ascii', 37, 41), 'IDAT');
    const raw = inflateSync(png.subarray(41, 41 + idatLength));
    assert.deepEqual([...raw], [0, ...rgba.subarray(0, 8), 0, ...rgba.subarray(8)]);
    const uri = boundaryPng({ extent: [0, 1, 0, 1], size: 2, classes: 2, predicted: [0, 1, 1, 0], confidence: [0.5, 1, 0.75, 0.9], points: [] });
    assert.match(uri, /^data:image\/png;base64,iVBORw0KGgo/);
  });
});
