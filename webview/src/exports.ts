import type { ChartImage } from './curve-charts.js';
import type { PanelDocument } from './protocol.js';
import type { TrialStore } from './store.js';
import type { Theme } from './theme.js';

// What the export buttons produce. The page cannot write files (and anchor downloads are blocked in
// webviews): it builds the content and the extension asks where to save it.

/** Every recorded point of every run, one per line: loss, seed, series, step, value. */
export function curvesCsv(store: TrialStore): string {
  const lines = ['loss,seed,series,step,value'];
  const runs = [...store.runs.values()].sort((a, b) => a.index - b.index);
  for (const r of runs) {
    for (const [name, s] of r.series) {
      for (let i = 0; i < s.steps.length; i++) lines.push([csvField(r.label), r.seed, csvField(name), s.steps[i], s.values[i]].join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** RFC 4180: quote fields with commas, quotes or line breaks (loss labels such as `focal(gamma=2, alpha=0.5)`). */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The whole run: the plan, the slider values, every run's series and summary, landscape and result. */
export function runJson(store: TrialStore, doc: PanelDocument | undefined): string {
  const runs = [...store.runs.values()].sort((a, b) => a.index - b.index).map((r) => (r.summary
    ? { index: r.index, ...r.summary }
    : { index: r.index, label: r.label, seed: r.seed, series: Object.fromEntries([...r.series].map(([k, s]) => [k, s.steps.map((st, i) => [st, s.values[i]])])) }));
  return `${JSON.stringify({
    format: 'losslab-trial-run/1',
    document: doc?.fileName,
    trial: store.plan?.trial,
    status: store.status,
    params: store.params,
    plan: store.plan,
    runs,
    landscape: store.landscape,
    result: store.result ? { ...store.result, runs: undefined } : undefined,
  }, null, 1)}\n`;
}

/** File name stem for exports: `<file>.<trial>`. */
export function exportStem(doc: PanelDocument | undefined, store: TrialStore): string {
  const file = (doc?.fileName ?? 'trial').replace(/\.loss$/, '');
  return `${file}.${store.plan?.trial ?? 'trial'}`.replace(/[^\w.-]+/g, '_');
}

/** All curve charts stacked in one PNG (base64, without the data: prefix), each with its title and legend. */
export function chartsPng(images: readonly ChartImage[], theme: Theme, title: string): string {
  const dpr = window.devicePixelRatio || 1;
  const pad = Math.round(12 * dpr);
  const font = Math.round(theme.fontSize * dpr);
  const small = Math.round(theme.fontSize * 0.85 * dpr);
  const legendH = Math.round(small * 1.6);
  const width = Math.max(400 * dpr, ...images.map((i) => i.canvas.width)) + 2 * pad;
  const measure = document.createElement('canvas').getContext('2d');
  if (!measure) throw new Error('no 2-D canvas context for the export');
  measure.font = `${small}px ${theme.fontFamily}`;
  const rows = new Map(images.map((i) => [i, legendRows(measure, i, width - 2 * pad, small)]));
  const blockH = (i: ChartImage) => font * 1.6 + i.canvas.height + rows.get(i)! * legendH + pad;
  const height = Math.round(pad + font * 2 + images.reduce((s, i) => s + blockH(i), 0));
  const out = document.createElement('canvas');
  out.width = Math.round(width);
  out.height = height;
  const ctx = out.getContext('2d');
  if (!ctx) throw new Error('no 2-D canvas context for the export');
  ctx.fillStyle = theme.background;
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.fillStyle = theme.foreground;
  ctx.textBaseline = 'top';
  ctx.font = `600 ${font}px ${theme.fontFamily}`;
  ctx.fillText(title, pad, pad);
  let y = pad + font * 2;
  for (const img of images) {
    ctx.font = `600 ${font}px ${theme.fontFamily}`;
    ctx.fillStyle = theme.foreground;
    ctx.fillText(img.title, pad, y);
    y += font * 1.6;
    ctx.drawImage(img.canvas, pad, y);
    y += img.canvas.height;
    ctx.font = `${small}px ${theme.fontFamily}`;
    let x = pad;
    let row = 0;
    for (const item of img.legend) {
      const w = ctx.measureText(item.text).width + small * 3;
      if (x + w > width - pad && x > pad) { x = pad; row++; }
      const ly = y + row * legendH + legendH / 2;
      ctx.strokeStyle = item.colour;
      ctx.lineWidth = 2 * dpr;
      ctx.setLineDash(item.dash.map((d) => d * dpr));
      ctx.beginPath();
      ctx.moveTo(x, ly);
      ctx.lineTo(x + small * 1.8, ly);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = theme.foreground;
      ctx.textBaseline = 'middle';
      ctx.fillText(item.text, x + small * 2.2, ly);
      ctx.textBaseline = 'top';
      x += w;
    }
    y += rows.get(img)! * legendH + pad;
  }
  return out.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
}

/** Rows the legend wraps into, laid out exactly as chartsPng draws it. */
function legendRows(ctx: CanvasRenderingContext2D, img: ChartImage, width: number, small: number): number {
  let x = 0;
  let rows = 1;
  for (const item of img.legend) {
    const w = ctx.measureText(item.text).width + small * 3;
    if (x + w > width && x > 0) { x = 0; rows++; }
    x += w;
  }
  return rows;
}
