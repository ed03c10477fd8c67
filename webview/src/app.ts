import type { RunSummaryMsg } from '../../server/src/trial/protocol.js';
import { BoundaryView } from './boundary-view.js';
import { CurveCharts } from './curve-charts.js';
import { chartsPng, curvesCsv, exportStem, runJson } from './exports.js';
import { LandscapeCharts } from './landscape-charts.js';
import { buildPage, type PageElements } from './page.js';
import { PANEL_PROTOCOL_VERSION, type ExportFormat, type HostToPanel, type PanelDocument, type PanelState, type ParamValues, type SliderSpec } from './protocol.js';
import { SamplesView } from './samples-view.js';
import { Sliders } from './sliders.js';
import { TrialStore } from './store.js';
import { renderSummary } from './summary-table.js';
import { lossColour, readTheme, watchTheme, type Theme } from './theme.js';
import { loadState, post, saveState } from './vscode-api.js';

// The trial view: receives the host's messages, keeps the store, and redraws at most once per animation
// frame however fast progress arrives. Charts and tables only read the store. UI state (smoothing, log
// scale, slider positions) and the last trial's data are kept with setState, so a reload (the panel is
// hidden and shown again, or VS Code restarts) shows them again at once.

/** Minimum time between two redraws of the curves during a run (at most 10 redraws a second). */
export const CURVE_FRAME_MS = 100;

export class TrialView {
  private readonly store = new TrialStore();
  private readonly el: PageElements;
  private theme: Theme;
  private readonly curves: CurveCharts;
  private readonly landscape: LandscapeCharts;
  private readonly boundary: BoundaryView;
  private readonly samples: SamplesView;
  private readonly sliders: Sliders;
  private doc: PanelDocument | undefined;
  private trial: string | undefined;
  private sliderSpecs: readonly SliderSpec[] = [];
  private values: ParamValues = {};
  private trusted = true;
  private problem: string | undefined;
  private ui = { smoothing: 0, log: false };
  private frame = 0;
  private dirty = { curves: false, summary: false, controls: false };
  private note: string | undefined;
  private legendKey = '';
  /** When the curves were last drawn, for the live-progress frame budget. */
  private lastCurves = 0;
  private throttleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(root: HTMLElement) {
    this.el = buildPage(root);
    this.theme = readTheme();
    this.curves = new CurveCharts(this.el.curves, this.store, this.theme, this.ui);
    this.landscape = new LandscapeCharts(this.el.landscape, () => this.store.labels, this.theme);
    this.boundary = new BoundaryView(this.el.boundary, this.theme);
    this.samples = new SamplesView(this.el.samples, this.theme, () => this.store.labels);
    this.sliders = new Sliders(this.el.sliders, (v) => this.runWith(v), (v) => { this.values = v; this.persist(); });
    this.wire();
    watchTheme(() => this.onTheme());

    const saved = loadState();
    if (saved) {
      this.doc = saved.document;
      this.trial = saved.trial;
      this.ui = { ...this.ui, ...saved.ui };
      this.sliderSpecs = saved.sliders ?? [];
      this.values = saved.values ?? {};
      // A run saved mid-way did not survive the reload: the host will say if it still runs.
      if (saved.snapshot) this.loadSnapshot(saved.snapshot.status === 'running' ? { ...saved.snapshot, status: 'cancelled', message: 'interrupted by a reload' } : saved.snapshot);
    }
    this.applyUi();
    this.renderControls();
    this.invalidate({ curves: true, summary: true, controls: true });
    window.addEventListener('message', (e: MessageEvent) => this.onMessage(e.data as HostToPanel));
    post({ type: 'ready', v: PANEL_PROTOCOL_VERSION });
  }

  private wire(): void {
    const e = this.el;
    e.run.addEventListener('click', () => this.runWith(this.sliders.current()));
    e.rerun.addEventListener('click', () => this.runWith(this.sliders.current()));
    e.stop.addEventListener('click', () => post({ type: 'stop' }));
    e.trial.addEventListener('change', () => {
      this.trial = e.trial.value;
      post({ type: 'select-trial', trial: e.trial.value });
      this.persist();
    });
    e.smoothing.addEventListener('input', () => {
      this.ui = { ...this.ui, smoothing: Number(e.smoothing.value) };
      this.applyUi();
      this.curves.setOptions(this.ui);
      this.persist();
    });
    e.log.addEventListener('change', () => {
      this.ui = { ...this.ui, log: e.log.checked };
      this.curves.setOptions(this.ui);
      this.persist();
    });
    e.exportPng.addEventListener('click', () => this.export('png'));
    e.exportCsv.addEventListener('click', () => this.export('csv'));
    e.exportJson.addEventListener('click', () => this.export('json'));
    document.addEventListener('keydown', (ev) => {
      if ((ev.ctrlKey || ev.metaKey) && ev.key === 'Enter' && !e.run.disabled) { ev.preventDefault(); this.runWith(this.sliders.current()); }
      if (ev.key === 'Escape' && this.store.status === 'running' && !(ev.target instanceof HTMLElement && ev.target.classList.contains('plot'))) post({ type: 'stop' });
    });
  }

  private runWith(values: ParamValues): void {
    if (!this.trial || !this.trusted || this.problem) return;
    this.values = values;
    this.persist();
    post({ type: 'run', trial: this.trial, params: values });
  }

  private onMessage(msg: HostToPanel): void {
    if (!msg || typeof msg !== 'object') return;
    switch (msg.type) {
      case 'init':
        this.doc = msg.document;
        this.trial = msg.trial;
        this.trusted = msg.trusted;
        this.problem = msg.problem;
        // Keep the positions the user chose for sliders that still exist with the same document value.
        this.values = Object.fromEntries(Object.entries(this.values).filter(([k]) => msg.sliders.some((s) => `${s.loss}.${s.name}` === k && this.sliderSpecs.some((o) => o.loss === s.loss && o.name === s.name && o.value === s.value))));
        this.sliderSpecs = msg.sliders;
        if (msg.snapshot) this.loadSnapshot(msg.snapshot);
        else if (this.store.plan && this.store.plan.trial !== msg.trial) this.resetViews(true);
        this.invalidate({ curves: true, summary: true, controls: true });
        this.persist();
        break;
      case 'trial-started':
        this.store.start(msg.runId, msg.plan, msg.params);
        this.note = undefined;
        this.resetViews(false);
        this.invalidate({ curves: true, summary: true, controls: true });
        break;
      case 'progress':
        if (msg.runId !== this.store.runId) return;
        for (const b of msg.batches) this.store.addProgress(b);
        this.invalidate({ controls: true });
        this.invalidateCurvesLive();
        break;
      case 'run-done':
        if (msg.runId !== this.store.runId) return;
        this.store.runDone(msg.index, msg.run);
        this.showBoundary(msg.run);
        this.invalidate({ curves: true, summary: true, controls: true });
        break;
      case 'landscape':
        if (msg.runId !== this.store.runId) return;
        this.store.setLandscape(msg.landscape);
        this.el.landscapeSection.hidden = false;
        this.landscape.show(msg.landscape);
        break;
      case 'trial-finished':
        if (msg.runId !== this.store.runId) return;
        this.store.finish(msg.status, msg.result, msg.message);
        for (const r of this.store.runs.values()) if (r.summary) this.showBoundary(r.summary);
        this.invalidate({ curves: true, summary: true, controls: true });
        this.persist();
        break;
      case 'command':
        if (msg.command === 'run') this.runWith(this.sliders.current());
        else post({ type: 'stop' });
        break;
      case 'exported':
        this.note = `${msg.format.toUpperCase()} saved to ${msg.path}`;
        this.invalidate({ controls: true });
        break;
    }
  }

  private loadSnapshot(s: NonNullable<PanelState['snapshot']>): void {
    this.store.load(s);
    this.resetViews(false);
    if (s.landscape) {
      this.el.landscapeSection.hidden = false;
      this.landscape.show(s.landscape);
    }
    for (const r of this.store.runs.values()) if (r.summary) this.showBoundary(r.summary);
  }

  private resetViews(clearStore: boolean): void {
    if (clearStore) this.store.reset();
    this.curves.clear();
    this.landscape.clear();
    this.boundary.clear();
    this.samples.clear();
    this.el.landscapeSection.hidden = true;
    this.el.boundarySection.hidden = true;
    this.el.samplesSection.hidden = true;
  }

  /** The pictures of a first-seed run: its decision boundary (2-D data) or its generated samples (GAN). */
  private showBoundary(run: RunSummaryMsg): void {
    if (run.seed !== this.store.plan?.seeds[0]) return;
    if (run.boundary) {
      this.boundary.set(run.label, run.boundary, this.store.labels);
      this.el.boundarySection.hidden = false;
    }
    if (run.samples) {
      this.samples.set(run.label, run.samples, this.store.plan);
      this.el.samplesSection.hidden = false;
    }
  }

  private onTheme(): void {
    this.theme = readTheme();
    this.curves.setTheme(this.theme);
    this.landscape.setTheme(this.theme);
    this.boundary.setTheme(this.theme);
    this.samples.setTheme(this.theme);
    this.invalidate({ summary: true, controls: true });
  }

  /**
   * Live progress redraws the curves at most every CURVE_FRAME_MS: progress arrives at 10–20 Hz and a
   * redraw of every chart is the page's largest cost. Anything else (a run finishing, a toggle) redraws at
   * the next frame.
   */
  private invalidateCurvesLive(): void {
    const wait = this.lastCurves + CURVE_FRAME_MS - performance.now();
    if (wait <= 0) {
      this.invalidate({ curves: true });
      return;
    }
    this.throttleTimer ??= setTimeout(() => {
      this.throttleTimer = undefined;
      this.invalidate({ curves: true });
    }, wait);
  }

  /** Marks parts stale and draws them on the next animation frame (one redraw per frame at most). */
  private invalidate(parts: Partial<typeof this.dirty>): void {
    Object.assign(this.dirty, Object.fromEntries(Object.entries(parts).filter(([, v]) => v)));
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      const d = this.dirty;
      this.dirty = { curves: false, summary: false, controls: false };
      if (d.curves) {
        this.curves.update();
        this.lastCurves = performance.now();
      }
      if (d.summary) renderSummary(this.el.summary, this.store, this.theme);
      if (d.controls) this.renderControls();
      this.el.summarySection.hidden = this.el.summary.hidden;
      const hasCurves = this.store.aggregates.size > 0;
      this.el.curvesSection.hidden = !hasCurves;
      this.el.empty.hidden = hasCurves || this.store.status === 'running';
      document.body.dataset.status = this.store.status;
      document.body.dataset.revision = String(this.store.revision);
    });
  }

  private renderControls(): void {
    const e = this.el;
    const s = this.store;
    const running = s.status === 'running';
    const trials = this.doc?.trials ?? [];
    if (e.trial.options.length !== trials.length || trials.some((t, i) => e.trial.options[i]?.value !== t)) {
      e.trial.replaceChildren(...trials.map((t) => new Option(t, t)));
    }
    if (this.trial) e.trial.value = this.trial;
    e.trial.disabled = running || trials.length < 2;
    const canRun = !!this.trial && this.trusted && !this.problem;
    e.run.disabled = running || !canRun;
    e.rerun.disabled = running || !canRun || !s.plan;
    e.stop.disabled = !running;
    const hasData = s.runs.size > 0;
    e.exportPng.disabled = !hasData;
    e.exportCsv.disabled = !hasData;
    e.exportJson.disabled = !hasData;
    e.problem.hidden = !this.problem && this.trusted;
    e.problem.textContent = !this.trusted ? 'This workspace is in Restricted Mode: trials train models and read data, so they run only in trusted workspaces.' : this.problem ?? '';
    this.sliders.render(this.sliderSpecs, this.values, canRun);

    const frac = s.fractionDone();
    e.progress.value = frac;
    e.progress.hidden = s.status === 'idle';
    e.progress.setAttribute('aria-valuetext', `${Math.round(frac * 100)}%`);
    e.statusText.textContent = this.statusLine();

    // The legend changes with the losses or the theme, not with every point.
    const legendKey = JSON.stringify([s.labels, this.theme.palette]);
    if (legendKey === this.legendKey) return;
    this.legendKey = legendKey;
    e.legend.replaceChildren(...s.labels.map((label, i) => {
      const item = document.createElement('span');
      item.className = 'value';
      const sw = document.createElement('i');
      sw.className = 'swatch';
      sw.style.background = lossColour(this.theme, i);
      item.append(sw, document.createTextNode(i === 0 ? `${label} (declared)` : label));
      return item;
    }));
  }

  private statusLine(): string {
    const s = this.store;
    const seeds = s.plan?.seeds.length ?? 0;
    const base = (() => {
      switch (s.status) {
        case 'idle': return this.trial ? `Trial ${this.trial}${this.doc ? ` in ${this.doc.fileName}` : ''}: not run yet.` : 'No trial selected.';
        case 'running': {
          const c = s.current;
          if (!c) return `Starting trial ${s.plan?.trial ?? ''}…`;
          return `Running ${c.label}, seed ${c.seed} (run ${c.index + 1} of ${c.total}), step ${c.step + 1} of ${s.plan?.steps ?? '?'} · ${Math.round(s.fractionDone() * 100)}%`;
        }
        case 'done': return `Done: ${s.labels.length} losses × ${seeds} seed${seeds === 1 ? '' : 's'}${s.result ? ` in ${(s.result.wallMs / 1000).toFixed(1)} s on ${s.result.backend}` : ''}.`;
        case 'cancelled': return `Stopped${s.result ? ` after ${s.result.runs.length} of ${s.expectedRuns()} runs` : ''}.`;
        case 'error': return `The trial failed: ${s.message ?? 'unknown error'}`;
      }
    })();
    return this.note ? `${base} ${this.note}.` : base;
  }

  private applyUi(): void {
    this.el.smoothing.value = String(this.ui.smoothing);
    this.el.smoothingOut.textContent = this.ui.smoothing.toFixed(2);
    this.el.log.checked = this.ui.log;
    this.curves.setOptions(this.ui);
  }

  private export(format: ExportFormat): void {
    const stem = exportStem(this.doc, this.store);
    switch (format) {
      case 'png': post({ type: 'export', format, fileName: `${stem}.png`, data: chartsPng(this.curves.images(), this.theme, `${this.store.plan?.trial ?? 'trial'} — ${this.doc?.fileName ?? ''}`) }); break;
      case 'csv': post({ type: 'export', format, fileName: `${stem}.csv`, data: curvesCsv(this.store) }); break;
      case 'json': post({ type: 'export', format, fileName: `${stem}.json`, data: runJson(this.store, this.doc) }); break;
    }
  }

  private persist(): void {
    const snapshot = this.store.snapshot();
    saveState({
      v: PANEL_PROTOCOL_VERSION, ui: this.ui,
      ...(this.doc ? { document: this.doc } : {}), ...(this.trial ? { trial: this.trial } : {}),
      sliders: this.sliderSpecs, values: this.values, ...(snapshot ? { snapshot } : {}),
    });
  }
}
