import { RING_DEFAULTS, ringCentres } from '../data/ring.js';
import { metricDirection } from '../metrics/registry.js';
import type { BoundaryMsg, LandscapeMsg, RunSummaryMsg, TrialPlan, TrialResultMsg } from '../protocol.js';
import { encodePng } from './png.js';
import { esc, lineChart, scatter, type Band, type LineSeries } from './svg.js';
import { fmt, labelsOf, metricsOf } from './text.js';

// `losslab trial --out report.html`: one self-contained HTML file (inline CSS and SVG, images as data
// URIs, no script, no network) with what the trial view shows: the summary table and paired comparisons,
// curves per loss, term and metric with mean ± std bands over seeds, the loss landscape, the decision
// boundaries of 2-D classifiers and the samples of GAN generators. It is static, so it can be archived,
// attached to a pull request or opened in any browser; light and dark follow the reader's settings.

export interface ReportSource {
  readonly file?: string;
  /** The `.loss` source, shown at the end. */
  readonly source?: string;
}

/** One colour per compared loss; the loss under trial first. */
export const LOSS_COLOURS = ['#D55E00', '#0072B2', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#7F7F7F', '#8C564B'];
/** Classes on decision-boundary pictures. */
const CLASS_COLOURS = ['#4C78A8', '#F58518', '#54A24B', '#E45756', '#72B7B2', '#B279A2', '#EECA3B', '#9D755D'];
/** Terms, tasks and learned values within one loss's breakdown charts. */
const PART_COLOURS = ['#1B9E77', '#D95F02', '#7570B3', '#E7298A', '#66A61E', '#E6AB02', '#A6761D', '#666666'];

const colourOf = (i: number, palette: readonly string[]) => palette[i % palette.length];

/** Mean ± std over seeds of one series of one loss, step by step. */
export function aggregate(runs: readonly RunSummaryMsg[], name: string): Band[] {
  const byStep = new Map<number, number[]>();
  for (const r of runs) for (const [step, v] of r.series[name] ?? []) (byStep.get(step) ?? byStep.set(step, []).get(step)!).push(v);
  return [...byStep.entries()].sort((a, b) => a[0] - b[0]).map(([x, vs]) => {
    const ok = vs.filter(Number.isFinite);
    if (!ok.length) return { x, y: NaN };
    const mean = ok.reduce((a, b) => a + b, 0) / ok.length;
    if (ok.length < 2) return { x, y: mean };
    const sd = Math.sqrt(ok.reduce((a, b) => a + (b - mean) ** 2, 0) / (ok.length - 1));
    return { x, y: mean, lo: mean - sd, hi: mean + sd };
  });
}

function positive(bands: readonly Band[][]): boolean {
  const ys = bands.flat().map((b) => b.y).filter(Number.isFinite);
  if (!ys.length || ys.some((y) => y <= 0)) return false;
  return Math.max(...ys) / Math.min(...ys) > 30;
}

function chartOf(title: string, name: string, labels: readonly string[], runsBy: Map<string, RunSummaryMsg[]>, yLabel?: string, yRange?: [number, number]): string | undefined {
  const series: LineSeries[] = [];
  labels.forEach((l, i) => {
    const points = aggregate(runsBy.get(l) ?? [], name);
    if (points.length) series.push({ label: l, color: colourOf(i, LOSS_COLOURS), points });
  });
  if (!series.length) return undefined;
  return lineChart({ title, xLabel: 'step', yLabel, series, logY: positive(series.map((s) => [...s.points])), ...(yRange ? { yRange } : {}) });
}

/** Breakdown charts of one loss: its terms (or combiner tasks), their gradient norms, weights, learned values. */
function breakdownCharts(label: string, runs: readonly RunSummaryMsg[]): string[] {
  const names = [...new Set(runs.flatMap((r) => Object.keys(r.series)))];
  const groups: [string, string, string][] = [
    ['loss/', `${label}: terms`, 'value'],
    ['grad_norm/', `${label}: gradient norm per term`, '‖∇‖'],
    ['weight/', `${label}: task weights`, 'weight'],
    ['learned/', `${label}: learned values`, 'value'],
  ];
  const out: string[] = [];
  for (const [prefix, title, yLabel] of groups) {
    const parts = names.filter((n) => n.startsWith(prefix));
    if (!parts.length) continue;
    const series = parts.map((n, i) => ({ label: n.slice(prefix.length), color: colourOf(i, PART_COLOURS), points: aggregate(runs, n) }));
    out.push(`<figure>${lineChart({ title, xLabel: 'step', yLabel, series, logY: prefix === 'grad_norm/' && positive(series.map((s) => s.points)) })}${legend(series.map((s) => [s.label, s.color]))}</figure>`);
  }
  return out;
}

function legend(items: readonly (readonly [string, string])[]): string {
  return `<div class="legend">${items.map(([l, c]) => `<span><i style="background:${c}"></i>${esc(l)}</span>`).join('')}</div>`;
}

function hexRgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** The decision boundary as a PNG data URI: class colour per cell, more opaque where the model is surer. */
export function boundaryPng(b: BoundaryMsg): string {
  const rgba = new Uint8Array(b.size * b.size * 4);
  const floor = 1 / Math.max(2, b.classes);
  for (let i = 0; i < b.size * b.size; i++) {
    const [r, g, bl] = hexRgb(colourOf(b.predicted[i], CLASS_COLOURS));
    const sure = Math.min(1, Math.max(0, (b.confidence[i] - floor) / (1 - floor)));
    rgba.set([r, g, bl, Math.round(255 * (0.12 + 0.6 * sure))], i * 4);
  }
  return `data:image/png;base64,${encodePng(b.size, b.size, rgba).toString('base64')}`;
}

function boundaryFigure(label: string, b: BoundaryMsg, maxPoints = 600): string {
  const S = 240;
  const [x0, x1, y0, y1] = b.extent;
  const stride = Math.max(1, Math.ceil(b.points.length / maxPoints));
  const dots = b.points.filter((_, i) => i % stride === 0).map(([x, y, c]) =>
    `<circle cx="${(((x - x0) / (x1 - x0)) * S).toFixed(1)}" cy="${(((y1 - y) / (y1 - y0)) * S).toFixed(1)}" r="2.2" fill="${colourOf(c, CLASS_COLOURS)}"/>`).join('');
  return `<figure class="boundary"><svg viewBox="0 0 ${S} ${S}" width="${S}" height="${S}" role="img" aria-label="decision boundary of ${esc(label)}"><image href="${boundaryPng(b)}" x="0" y="0" width="${S}" height="${S}" preserveAspectRatio="none"/><g class="points">${dots}</g><rect class="frame" x="0.5" y="0.5" width="${S - 1}" height="${S - 1}"/></svg><figcaption>${esc(label)}</figcaption></figure>`;
}

function landscapeCharts(l: LandscapeMsg, labels: readonly string[]): string {
  const xLabel = l.axis === 'confidence' ? `confidence p in the true class${l.trueClass !== undefined ? ` (class ${l.trueClass})` : ''}` : 'residual (prediction − target)';
  const idx = (label: string) => Math.max(0, labels.indexOf(label));
  const curves = l.curves.filter((c) => c.loss.length);
  const mk = (key: 'loss' | 'grad', title: string, yLabel: string) => lineChart({
    title, xLabel, yLabel,
    series: curves.map((c) => ({ label: c.label, color: colourOf(idx(c.label), LOSS_COLOURS), points: l.x.map((x, i) => ({ x, y: c[key][i] ?? NaN })) })),
  });
  const notes = l.curves.filter((c) => c.note).map((c) => `<li>${esc(c.label)}: ${esc(c.note!)}</li>`).join('');
  return `<div class="charts"><figure>${mk('loss', 'loss on one sample', 'loss')}</figure><figure>${mk('grad', l.axis === 'confidence' ? 'gradient w.r.t. the true-class logit' : 'gradient w.r.t. the prediction', 'gradient')}</figure></div>${notes ? `<ul class="notes">${notes}</ul>` : ''}`;
}

function summaryTable(labels: readonly string[], metrics: readonly string[], r: TrialResultMsg): string {
  const best = new Map<string, number>();
  for (const m of metrics) {
    const vals = labels.map((l) => r.summary[l]?.[m]?.mean).filter((v): v is number => v !== undefined && Number.isFinite(v));
    if (vals.length > 1) best.set(m, metricDirection(m) ? Math.max(...vals) : Math.min(...vals));
  }
  const head = `<tr><th>loss</th>${metrics.map((m) => `<th>${esc(m)} <small>${metricDirection(m) ? '↑' : '↓'}</small></th>`).join('')}</tr>`;
  const rows = labels.map((l, i) => {
    const s = r.summary[l];
    const cells = metrics.map((m) => {
      const v = s?.[m];
      if (!v) return '<td>–</td>';
      return `<td${best.get(m) === v.mean ? ' class="best"' : ''}>${fmt(v.mean)} <small>± ${fmt(v.std)}</small></td>`;
    }).join('');
    return `<tr><td><i class="swatch" style="background:${colourOf(i, LOSS_COLOURS)}"></i>${esc(l)}${i === 0 ? ' <small>(under trial)</small>' : ''}</td>${cells}</tr>`;
  }).join('');
  return `<table class="summary">${head}${rows}</table>`;
}

function comparisonTable(r: TrialResultMsg): string {
  if (!r.comparisons.length) return '';
  const rows = r.comparisons.map((c) => {
    const good = Number.isFinite(c.meanDiff) && c.meanDiff !== 0 && (c.meanDiff > 0) === c.higherIsBetter;
    const cls = !Number.isFinite(c.meanDiff) || c.meanDiff === 0 ? '' : good ? ' class="up"' : ' class="down"';
    return `<tr><td>${esc(c.baseline)}</td><td>${esc(c.metric)}</td><td${cls}>${c.meanDiff > 0 ? '+' : ''}${fmt(c.meanDiff)} <small>± ${fmt(c.stdDiff)}</small></td><td>${c.wins}/${c.seeds}</td><td>${c.t === null ? '–' : c.t.toFixed(2)}</td></tr>`;
  }).join('');
  return `<h3>Against each baseline, paired by seed</h3><p class="note">Same data and initial weights per seed, so the difference is the loss's. "Better on" counts seeds where the loss beat the baseline in the metric's direction.</p><table class="summary"><tr><th>baseline</th><th>metric</th><th>difference</th><th>better on</th><th>paired t</th></tr>${rows}</table>`;
}

function planLine(plan: TrialPlan): string {
  const m = plan.model;
  const model = m.kind === 'gan' ? `gan (g: ${m.g.kind} ${JSON.stringify(m.g.hidden ?? [])}, d: ${m.d.kind} ${JSON.stringify(m.d.hidden ?? [])}${m.d.spectral_norm ? ', spectral norm' : ''})` : `${m.kind}${m.kind === 'mlp' ? ` ${JSON.stringify(m.hidden ?? [])}` : ''}${m.dropout ? `, dropout ${m.dropout}` : ''}${m.quantize ? `, quantize ${m.quantize}` : ''}${m.head === 'cosine' ? ', cosine head' : ''}`;
  const lr = typeof plan.optimizer.lr === 'number' ? `lr ${plan.optimizer.lr}` : 'scheduled lr';
  return [
    `data ${esc(plan.data.label ?? plan.data.generator)}`,
    `model ${esc(model)}`,
    `${plan.optimizer.kind} (${lr})`,
    `${plan.steps} steps`,
    `batch ${plan.batch ?? 'full'}`,
    `seeds ${plan.seeds.join(', ')}`,
    ...(plan.dLoss ? [`discriminator ${esc(plan.dLoss.label ?? (plan.dLoss.kind === 'source' ? plan.dLoss.expr : plan.dLoss.name))} × ${plan.dSteps ?? 1}`] : []),
    ...(plan.teacher ? [`teacher ${plan.teacher.model.kind} ${JSON.stringify(plan.teacher.model.hidden ?? [])}`] : []),
    ...(plan.resampling ? [`resampling ${plan.resampling}`] : []),
  ].join(' · ');
}

const CSS = `
:root{color-scheme:light dark;--fg:#1f2328;--muted:#656d76;--bg:#fff;--panel:#f6f8fa;--line:#d0d7de;--up:#1a7f37;--down:#cf222e}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#8d96a0;--bg:#0d1117;--panel:#161b22;--line:#30363d;--up:#3fb950;--down:#f85149}}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg);margin:24px auto;max-width:1120px;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}h3{font-size:15px;margin:18px 0 6px}
.meta,.note,small{color:var(--muted)}.meta{margin:0 0 4px}
table.summary{border-collapse:collapse;margin:6px 0;font-variant-numeric:tabular-nums}table.summary th,table.summary td{border:1px solid var(--line);padding:4px 9px;text-align:left}
table.summary th{background:var(--panel)}td.best{font-weight:600}td.up{color:var(--up)}td.down{color:var(--down)}
.swatch,.legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:6px;vertical-align:baseline}
.legend{display:flex;flex-wrap:wrap;gap:4px 16px;margin:4px 0 8px 56px;font-size:12.5px}
.charts{display:flex;flex-wrap:wrap;gap:8px 18px}figure{margin:0}figcaption{font-size:12.5px;text-align:center;color:var(--muted)}
svg{overflow:visible}svg text{fill:currentColor;font-size:11px}svg .title{font-size:12.5px;font-weight:600}svg .tick,svg .axis{fill:var(--muted)}
svg .grid{stroke:var(--line);stroke-width:0.6}svg .frame{fill:none;stroke:var(--line)}svg .mark{fill:none;stroke:var(--muted);stroke-width:1.2}
.boundary .points circle{stroke:var(--bg);stroke-width:0.6}
ul.diverged li{color:var(--down)}pre{background:var(--panel);border:1px solid var(--line);padding:10px;overflow:auto;font-size:12.5px}
`;

export function renderReport(plan: TrialPlan, r: TrialResultMsg, src: ReportSource = {}): string {
  const labels = labelsOf(plan, r);
  const metrics = metricsOf(r);
  const runsBy = new Map<string, RunSummaryMsg[]>(labels.map((l) => [l, r.runs.filter((x) => x.label === l)]));
  const body: string[] = [];
  body.push(`<h1>Trial <code>${esc(r.trial)}</code></h1>`);
  body.push(`<p class="meta">${src.file ? `${esc(src.file)} · ` : ''}backend ${esc(r.backend)} · ${r.runs.length} runs in ${(r.wallMs / 1000).toFixed(1)} s</p>`);
  body.push(`<p class="meta">${planLine(plan)}</p>`);
  if (r.stopped) body.push(`<p class="note">Stopped early (${r.stopped === 'cancelled' ? 'cancelled' : 'wall-time budget'}): the report shows the runs that finished.</p>`);

  body.push('<h2>Summary</h2>');
  body.push(metrics.length ? `<p class="note">Validation metrics at the end of training, mean ± standard deviation over seeds; the best mean per metric in bold.</p>${summaryTable(labels, metrics, r)}` : '<p class="note">The trial asks for no metrics.</p>');
  body.push(comparisonTable(r));
  const diverged = r.runs.filter((x) => x.diverged);
  if (diverged.length) body.push(`<h3>Diverged</h3><ul class="diverged">${diverged.map((x) => `<li>${esc(x.label)}, seed ${x.seed}: a non-finite value at step ${x.diverged!.step} in <code>${esc(x.diverged!.term)}</code>; the run stopped there.</li>`).join('')}</ul>`);

  body.push('<h2>Training curves</h2>');
  body.push(`<p class="note">Lines are the mean over seeds, bands ± one standard deviation.</p>${legend(labels.map((l, i) => [l, colourOf(i, LOSS_COLOURS)]))}`);
  const main = [
    chartOf('training loss', 'loss', labels, runsBy, 'loss'),
    ...metrics.map((m) => chartOf(`${m} (validation)`, m, labels, runsBy, m)),
    chartOf('gradient norm', 'grad_norm', labels, runsBy, '‖∇‖'),
    chartOf('discriminator loss', 'd_loss', labels, runsBy, 'loss'),
    chartOf('discriminator gradient norm', 'd_grad_norm', labels, runsBy, '‖∇‖'),
  ].filter((c): c is string => c !== undefined);
  body.push(`<div class="charts">${main.map((c) => `<figure>${c}</figure>`).join('')}</div>`);
  const breakdown = labels.flatMap((l) => breakdownCharts(l, runsBy.get(l) ?? []));
  if (breakdown.length) body.push(`<h3>Terms, tasks and learned values</h3><div class="charts">${breakdown.join('')}</div>`);

  if (r.landscape) {
    body.push('<h2>Loss landscape</h2>');
    body.push(`<p class="note">Each loss on one training sample of the rarest class while the model's output sweeps: how hard each loss pushes a sample it already gets right, and one it gets wrong. Class weights normalised over the batch (PyTorch's weighted mean, Σw·ℓ / Σw) cancel on a single sample, so such a loss draws the curve of its unweighted form.</p>${landscapeCharts(r.landscape, labels)}`);
  }
  const boundaries = r.runs.filter((x) => x.boundary);
  if (boundaries.length) {
    body.push('<h2>Decision boundaries</h2>');
    body.push(`<p class="note">Seed ${boundaries[0].seed}, after training: the predicted class over the input plane (more opaque where the model is surer), with training points.</p><div class="charts">${boundaries.map((x) => boundaryFigure(x.label, x.boundary!)).join('')}</div>`);
  }
  const sampled = r.runs.filter((x) => x.samples?.length);
  if (sampled.length) {
    const all = sampled.flatMap((x) => x.samples!);
    const lim = Math.max(2.5, ...all.map(([x, y]) => Math.max(Math.abs(x), Math.abs(y))).filter(Number.isFinite).map((v) => Math.min(v, 6))) * 1.05;
    const centres = ringCentresOf(plan);
    body.push('<h2>Generated samples</h2>');
    body.push(`<p class="note">Seed ${sampled[0].seed}: samples of each trained generator; circles mark the modes of the ring.</p><div class="charts">${sampled.map((x) => scatter({ title: x.label, points: x.samples!, color: colourOf(labels.indexOf(x.label), LOSS_COLOURS), marks: centres, extent: [-lim, lim, -lim, lim] })).join('')}</div>`);
  }
  if (src.source) body.push(`<h2>Source</h2><details><summary>${esc(src.file ?? 'the .loss file')}</summary><pre>${esc(src.source)}</pre></details>`);
  body.push('<p class="note">Generated by <code>losslab trial</code>. Static: no script and no network access.</p>');
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(r.trial)} — LossLab trial report</title><style>${CSS}</style></head><body>\n${body.join('\n')}\n</body></html>\n`;
}

/** The ring's mode centres, from the plan's data arguments (the ring generator's own defaults otherwise). */
function ringCentresOf(plan: TrialPlan): [number, number][] {
  if (plan.data.generator !== 'ring') return [];
  const modes = typeof plan.data.args.modes === 'number' ? plan.data.args.modes : RING_DEFAULTS.modes;
  const radius = typeof plan.data.args.radius === 'number' ? plan.data.args.radius : RING_DEFAULTS.radius;
  const c = ringCentres(modes, radius);
  return Array.from({ length: modes }, (_, k) => [c[2 * k], c[2 * k + 1]]);
}
