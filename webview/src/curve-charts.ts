import uPlot from 'uplot';
import { chartColumns, chartGroups, chartLines, fmt, type ChartDef, type LineRef } from './series.js';
import type { TrialStore } from './store.js';
import { lossColour, withAlpha, type Theme } from './theme.js';

// The live training curves: one uPlot chart per group of series (total loss, terms, gradient norms, each
// metric, learned values, learning rate). Each loss has its stable colour (the declared loss first); its
// seeds are drawn as the mean with a min–max band; smoothing draws the EMA over the faint raw mean. The
// cursors of all curve charts are synced and each chart reads out its values under the cursor; with the
// keyboard, ←/→ move the cursor (Shift: 10 steps), Home/End jump, Esc hides it.

export interface CurveOptions {
  readonly smoothing: number;
  readonly log: boolean;
}

/** Dash patterns that tell the series of one loss apart within a chart (terms of a loss, …). */
const DASHES: readonly number[][] = [[], [6, 3], [2, 2], [8, 3, 2, 3], [1, 3]];

export const CURSOR_SYNC_KEY = 'losslab-steps';

interface Chart {
  readonly def: ChartDef;
  readonly root: HTMLElement;
  readonly plotEl: HTMLElement;
  readonly readout: HTMLElement;
  lines: LineRef[];
  shape: string;
  plot?: uPlot;
  /** For each line, the uPlot series index of its mean. */
  meanIndex: number[];
  /** The read-out's text nodes (step, then one per line), rebuilt only with the chart. */
  readoutText: Text[];
}

export interface ChartImage {
  readonly title: string;
  readonly canvas: HTMLCanvasElement;
  readonly legend: readonly { colour: string; text: string; dash: readonly number[] }[];
}

export class CurveCharts {
  private readonly charts = new Map<string, Chart>();
  private width = 480;
  private readonly height = 190;

  constructor(
    private readonly container: HTMLElement,
    private readonly store: TrialStore,
    private theme: Theme,
    private options: CurveOptions,
  ) {
    const ro = new ResizeObserver(() => this.resize());
    ro.observe(container);
    this.width = this.chartWidth();
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.rebuildAll();
  }

  setOptions(options: CurveOptions): void {
    const rebuild = options.log !== this.options.log || (options.smoothing > 0) !== (this.options.smoothing > 0);
    this.options = options;
    if (rebuild) this.rebuildAll();
    else this.update();
  }

  /** Drops every chart (a new trial starts). */
  clear(): void {
    for (const c of this.charts.values()) {
      c.plot?.destroy();
      c.root.remove();
    }
    this.charts.clear();
  }

  private rebuildAll(): void {
    for (const c of this.charts.values()) c.shape = '';
    this.update();
  }

  /** Brings every chart up to date with the store: new charts, new series, new points. */
  update(): void {
    const defs = chartGroups(this.store.seriesNames());
    const seen = new Set<string>();
    const seeds = this.store.plan?.seeds.length ?? 1;
    for (const def of defs) {
      seen.add(def.id);
      let chart = this.charts.get(def.id);
      if (!chart) chart = this.addChart(def);
      const lines = chartLines(this.store, def);
      const shape = JSON.stringify([lines.map((l) => [l.label, l.series]), useLog(def, this.options), this.options.smoothing > 0, seeds > 1, this.theme]);
      const cols = chartColumns(this.store, lines, { smoothing: this.options.smoothing, log: useLog(def, this.options) });
      const data = toAligned(cols, drawOrder(lines), seeds > 1, this.options.smoothing > 0);
      if (shape !== chart.shape || !chart.plot) {
        chart.lines = lines;
        chart.shape = shape;
        this.create(chart, data, seeds > 1);
      } else {
        chart.plot.setData(data);
        if (chart.plot.cursor.idx == null) this.writeReadout(chart, null);
      }
    }
    for (const [id, c] of this.charts) {
      if (seen.has(id)) continue;
      c.plot?.destroy();
      c.root.remove();
      this.charts.delete(id);
    }
    // Keep the DOM order equal to the group order.
    for (const def of defs) this.container.appendChild(this.charts.get(def.id)!.root);
  }

  private addChart(def: ChartDef): Chart {
    const root = document.createElement('section');
    root.className = 'chart';
    root.dataset.chart = def.id;
    const h = document.createElement('h3');
    h.textContent = def.title;
    const plotEl = document.createElement('div');
    plotEl.className = 'plot';
    plotEl.tabIndex = 0;
    plotEl.setAttribute('role', 'img');
    plotEl.setAttribute('aria-label', `${def.title} by step. Arrow keys move the cursor; the values are read out below.`);
    const readout = document.createElement('div');
    readout.className = 'readout';
    root.append(h, plotEl, readout);
    this.container.appendChild(root);
    const chart: Chart = { def, root, plotEl, readout, lines: [], shape: '', meanIndex: [], readoutText: [] };
    plotEl.addEventListener('keydown', (e) => this.onKey(chart, e));
    // Announced only while the user explores the chart from the keyboard (not 20 times a second in a run).
    plotEl.addEventListener('focus', () => readout.setAttribute('aria-live', 'polite'));
    plotEl.addEventListener('blur', () => readout.removeAttribute('aria-live'));
    this.charts.set(def.id, chart);
    return chart;
  }

  private create(chart: Chart, data: uPlot.AlignedData, bands: boolean): void {
    chart.plot?.destroy();
    chart.plotEl.replaceChildren();
    const t = this.theme;
    const smoothing = this.options.smoothing > 0;
    const series: uPlot.Series[] = [{ label: 'step' }];
    const bandDefs: uPlot.Band[] = [];
    chart.meanIndex = new Array(chart.lines.length);
    for (const k of drawOrder(chart.lines)) {
      const line = chart.lines[k];
      const colour = lossColour(t, line.lossIndex);
      const dash = DASHES[line.seriesIndex % DASHES.length];
      chart.meanIndex[k] = series.length;
      // Thin lines: noisy curves of thousands of points stroke several times faster at 1 px than at 2 px
      // where the canvas is rasterised in software; the declared loss is a little bolder.
      series.push({ label: lineName(line, chart.def), stroke: colour, width: line.lossIndex === 0 ? 1.5 : 1, dash, spanGaps: true, points: { show: false } });
      if (smoothing) series.push({ label: `${lineName(line, chart.def)} (raw)`, stroke: withAlpha(colour, 0.3), width: 1, dash, spanGaps: true, points: { show: false } });
      if (bands) {
        const hi = series.length;
        series.push({ label: `${lineName(line, chart.def)} max`, stroke: withAlpha(colour, 0.25), width: 0.5, spanGaps: true, points: { show: false } });
        series.push({ label: `${lineName(line, chart.def)} min`, stroke: withAlpha(colour, 0.25), width: 0.5, spanGaps: true, points: { show: false } });
        bandDefs.push({ series: [hi, hi + 1], fill: withAlpha(colour, 0.14) });
      }
    }
    const font = `${Math.round(t.fontSize * 0.85)}px ${t.fontFamily}`;
    const axis = (extra: uPlot.Axis): uPlot.Axis => ({ stroke: t.foreground, grid: { stroke: t.grid, width: 1 }, ticks: { stroke: t.grid, width: 1 }, font, labelFont: font, ...extra });
    const log = useLog(chart.def, this.options);
    const opts: uPlot.Options = {
      width: this.width,
      height: this.height,
      pxAlign: 1,
      legend: { show: false },
      scales: { x: { time: false }, y: log ? { distr: 3, log: 10 } : { auto: true } },
      axes: [axis({ label: 'step', labelSize: 18 }), axis({ size: 58, values: (_u, vals) => vals.map((v) => fmt(v, 3)) })],
      series,
      bands: bandDefs,
      cursor: { sync: { key: CURSOR_SYNC_KEY }, drag: { x: true, y: false }, points: { size: 6 } },
      hooks: { setCursor: [(u) => this.writeReadout(chart, u.cursor.idx ?? null)] },
    };
    chart.readoutText = [];
    chart.plot = new uPlot(opts, data, chart.plotEl);
    chart.plot.root.querySelector('canvas')?.setAttribute('aria-hidden', 'true');
    this.writeReadout(chart, null);
  }

  /** The values under the cursor (or the latest values when the cursor is away): text updates only. */
  private writeReadout(chart: Chart, idx: number | null): void {
    const u = chart.plot;
    if (!u) return;
    const xs = u.data[0];
    if (chart.readoutText.length !== chart.lines.length + 1) this.buildReadout(chart);
    const [head, ...values] = chart.readoutText;
    if (!xs.length) {
      setText(head, 'waiting for the first points…');
      return;
    }
    const i = idx ?? xs.length - 1;
    setText(head, `${idx === null ? 'latest, ' : ''}step ${xs[i]}`);
    chart.lines.forEach((line, k) => {
      const si = chart.meanIndex[k];
      const v = lastDefined(u.data[si] as (number | null)[], i, idx === null);
      setText(values[k], `${lineName(line, chart.def)} ${fmt(v)}${this.bandText(u, si, i)}`);
    });
  }

  private buildReadout(chart: Chart): void {
    const head = document.createElement('span');
    head.className = 'step';
    const headText = document.createTextNode('');
    head.appendChild(headText);
    chart.readoutText = [headText];
    const items = chart.lines.map((line) => {
      const item = document.createElement('span');
      item.className = 'value';
      const sw = document.createElement('i');
      sw.className = 'swatch';
      sw.style.background = lossColour(this.theme, line.lossIndex);
      const t = document.createTextNode('');
      chart.readoutText.push(t);
      item.append(sw, t);
      return item;
    });
    chart.readout.replaceChildren(head, ...items);
  }

  private bandText(u: uPlot, meanIdx: number, i: number): string {
    if (!(this.store.plan && this.store.plan.seeds.length > 1)) return '';
    const off = this.options.smoothing > 0 ? 2 : 1;
    const hi = (u.data[meanIdx + off] as (number | null)[] | undefined)?.[i];
    const lo = (u.data[meanIdx + off + 1] as (number | null)[] | undefined)?.[i];
    return hi != null && lo != null ? ` [${fmt(lo, 3)}–${fmt(hi, 3)}]` : '';
  }

  private onKey(chart: Chart, e: KeyboardEvent): void {
    const u = chart.plot;
    if (!u || !u.data[0].length) return;
    const n = u.data[0].length;
    const cur = u.cursor.idx ?? n - 1;
    let next: number | undefined;
    switch (e.key) {
      case 'ArrowLeft': next = Math.max(0, cur - (e.shiftKey ? 10 : 1)); break;
      case 'ArrowRight': next = Math.min(n - 1, cur + (e.shiftKey ? 10 : 1)); break;
      case 'Home': next = 0; break;
      case 'End': next = n - 1; break;
      case 'Escape': (u.setCursor as (o: { left: number; top: number }, fire?: boolean, pub?: boolean) => void)({ left: -10, top: -10 }, true, true); e.preventDefault(); return;
      default: return;
    }
    e.preventDefault();
    // The third argument publishes the move to the synced charts, as a mouse move would.
    (u.setCursor as (o: { left: number; top: number }, fire?: boolean, pub?: boolean) => void)(
      { left: u.valToPos(u.data[0][next], 'x'), top: u.bbox.height / devicePixelRatio / 2 }, true, true);
  }

  private chartWidth(): number {
    const w = this.container.clientWidth || 960;
    const cols = w >= 900 ? 2 : 1;
    return Math.max(260, Math.floor((w - (cols - 1) * 16) / cols) - 2);
  }

  private resize(): void {
    const w = this.chartWidth();
    if (w === this.width) return;
    this.width = w;
    for (const c of this.charts.values()) c.plot?.setSize({ width: w, height: this.height });
  }

  /** Each chart's canvas and legend, for the PNG export. */
  images(): ChartImage[] {
    return [...this.charts.values()].flatMap((c) => {
      const canvas = c.plot?.root.querySelector('canvas');
      if (!canvas) return [];
      return [{
        title: c.def.title,
        canvas,
        legend: c.lines.map((l) => ({ colour: lossColour(this.theme, l.lossIndex), text: lineName(l, c.def), dash: DASHES[l.seriesIndex % DASHES.length] })),
      }];
    });
  }

  /** The chart ids on the page, in order (tests, keyboard navigation). */
  ids(): string[] {
    return [...this.charts.keys()];
  }
}

function useLog(def: ChartDef, o: CurveOptions): boolean {
  return def.alwaysLog === true || (o.log && def.loggable);
}

/** A line's name in its chart: the loss, plus the series when the chart shows several. */
function lineName(line: LineRef, def: ChartDef): string {
  return def.series.length > 1 ? `${line.label} · ${line.series}` : line.label;
}

function setText(node: Text, text: string): void {
  if (node.data !== text) node.data = text;
}

function lastDefined(values: readonly (number | null)[], i: number, searchBack: boolean): number | null {
  if (!searchBack) return values[i] ?? null;
  for (let k = i; k >= 0; k--) if (values[k] != null) return values[k];
  return null;
}

/** The order lines are drawn in: baselines first, the declared loss last (on top of them). */
function drawOrder(lines: readonly LineRef[]): number[] {
  return lines.map((_, k) => k).sort((a, b) => lines[b].lossIndex - lines[a].lossIndex || a - b);
}

/**
 * uPlot's columns: x, then per line (in draw order, the same order `create` lays the series out in) its
 * mean, raw mean (when smoothing), max and min (several seeds).
 */
function toAligned(cols: ReturnType<typeof chartColumns>, order: readonly number[], bands: boolean, smoothing: boolean): uPlot.AlignedData {
  const out: (number | null)[][] = [cols.x];
  for (const k of order) {
    const l = cols.lines[k];
    out.push(l.mean);
    if (smoothing) out.push(l.raw);
    if (bands) out.push(l.hi, l.lo);
  }
  return out as uPlot.AlignedData;
}
