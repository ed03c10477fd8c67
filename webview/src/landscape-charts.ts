import uPlot from 'uplot';
import type { LandscapeMsg } from '../../server/src/trial/protocol.js';
import { fmt } from './series.js';
import { lossColour, type Theme } from './theme.js';

// The loss landscape: each compared loss, and its gradient, on one sample as the model's confidence in
// the sample's true class goes from 0 to 1 (or as the regression residual varies). It shows at a glance
// what a loss does to easy and hard samples — focal's flattened tail, a margin's kink, a weight's lift.

export class LandscapeCharts {
  private plots: uPlot[] = [];
  private last: LandscapeMsg | undefined;

  constructor(
    private readonly container: HTMLElement,
    private readonly labels: () => readonly string[],
    private theme: Theme,
  ) {}

  setTheme(theme: Theme): void {
    this.theme = theme;
    if (this.last) this.show(this.last);
  }

  clear(): void {
    for (const p of this.plots) p.destroy();
    this.plots = [];
    this.last = undefined;
    this.container.replaceChildren();
    this.container.hidden = true;
  }

  show(l: LandscapeMsg): void {
    for (const p of this.plots) p.destroy();
    this.plots = [];
    this.last = l;
    this.container.hidden = false;
    this.container.replaceChildren();
    const xLabel = l.axis === 'confidence'
      ? `confidence in the true class${l.trueClass !== undefined ? ` (a sample of class ${l.trueClass})` : ''}`
      : 'residual (prediction − target)';
    const drawn = l.curves.filter((c) => !c.note);
    const colourOf = (label: string) => lossColour(this.theme, Math.max(0, this.labels().indexOf(label)));
    const width = Math.max(260, Math.floor(((this.container.clientWidth || 960) - 16) / 2) - 2);
    const t = this.theme;
    const font = `${Math.round(t.fontSize * 0.85)}px ${t.fontFamily}`;
    const axis = (extra: uPlot.Axis): uPlot.Axis => ({ stroke: t.foreground, grid: { stroke: t.grid, width: 1 }, ticks: { stroke: t.grid, width: 1 }, font, labelFont: font, ...extra });
    const panels: { title: string; key: 'loss' | 'grad'; id: string }[] = [
      { title: 'Loss', key: 'loss', id: 'landscape-loss' },
      { title: l.axis === 'confidence' ? 'Gradient (∂loss/∂ true-class logit)' : 'Gradient (∂loss/∂ prediction)', key: 'grad', id: 'landscape-grad' },
    ];
    const row = document.createElement('div');
    row.className = 'chart-row';
    for (const p of panels) {
      const section = document.createElement('section');
      section.className = 'chart';
      section.dataset.chart = p.id;
      const h = document.createElement('h3');
      h.textContent = p.title;
      const plotEl = document.createElement('div');
      plotEl.className = 'plot';
      plotEl.tabIndex = 0;
      plotEl.setAttribute('role', 'img');
      plotEl.setAttribute('aria-label', `${p.title} against ${xLabel}, one line per loss`);
      const readout = document.createElement('div');
      readout.className = 'readout';
      section.append(h, plotEl, readout);
      row.appendChild(section);
      const data = [l.x.slice(), ...drawn.map((c) => c[p.key].map((v) => (v === null || !Number.isFinite(v) ? null : v))).reverse()] as uPlot.AlignedData;
      const plot = new uPlot({
        width, height: 180, pxAlign: 0,
        legend: { show: false },
        scales: { x: { time: false } },
        axes: [axis({ label: xLabel, labelSize: 18 }), axis({ size: 58, values: (_u, vals) => vals.map((v) => fmt(v, 3)) })],
        // Baselines first, the declared loss last (on top).
        series: [{ label: l.axis }, ...drawn.map((c, i) => ({ label: c.label, stroke: colourOf(c.label), width: i === 0 ? 2 : 1.5, spanGaps: false, points: { show: false } })).reverse()],
        cursor: { sync: { key: 'losslab-landscape' }, drag: { x: false, y: false } },
        hooks: {
          setCursor: [(u) => {
            const i = u.cursor.idx;
            readout.textContent = i == null ? '' : `${l.axis} ${fmt(l.x[i], 3)}: ${drawn.map((c) => `${c.label} ${fmt(c[p.key][i])}`).join(' · ')}`;
          }],
        },
      }, data, plotEl);
      this.plots.push(plot);
    }
    const legend = document.createElement('div');
    legend.className = 'legend';
    for (const c of l.curves) {
      const item = document.createElement('span');
      item.className = c.note ? 'value muted' : 'value';
      const sw = document.createElement('i');
      sw.className = 'swatch';
      sw.style.background = colourOf(c.label);
      item.append(sw, document.createTextNode(c.note ? `${c.label}: ${c.note}` : c.label));
      legend.appendChild(item);
    }
    const note = document.createElement('p');
    note.className = 'muted caption';
    note.textContent = l.axis === 'confidence'
      ? `Each loss on one training sample${l.trueClass !== undefined ? ` of class ${l.trueClass} (the rarest)` : ''}, as the model's probability for its true class goes from 0 to 1, before training. Class weights that a loss normalises over the batch (weighted cross-entropy) cancel on a single sample.`
      : 'Each loss on one training sample as the prediction moves away from the target, before training.';
    this.container.append(row, legend, note);
  }
}
