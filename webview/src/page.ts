// The page's static structure, built once by script (the HTML the extension serves holds only the root,
// the stylesheet and this script, under a strict Content-Security-Policy). Every control is a native
// element with a label, so the page works from the keyboard and with a screen reader.

export interface PageElements {
  readonly trial: HTMLSelectElement;
  readonly run: HTMLButtonElement;
  readonly stop: HTMLButtonElement;
  readonly rerun: HTMLButtonElement;
  readonly smoothing: HTMLInputElement;
  readonly smoothingOut: HTMLOutputElement;
  readonly log: HTMLInputElement;
  readonly exportPng: HTMLButtonElement;
  readonly exportCsv: HTMLButtonElement;
  readonly exportJson: HTMLButtonElement;
  readonly progress: HTMLProgressElement;
  readonly statusText: HTMLElement;
  readonly problem: HTMLElement;
  readonly sliders: HTMLElement;
  readonly legend: HTMLElement;
  readonly curvesSection: HTMLElement;
  readonly curves: HTMLElement;
  readonly landscapeSection: HTMLElement;
  readonly landscape: HTMLElement;
  readonly boundarySection: HTMLElement;
  readonly boundary: HTMLElement;
  readonly samplesSection: HTMLElement;
  readonly samples: HTMLElement;
  readonly summarySection: HTMLElement;
  readonly summary: HTMLElement;
  readonly empty: HTMLElement;
}

function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<Record<string, string>> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) if (v !== undefined) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

export function buildPage(root: HTMLElement): PageElements {
  const trial = h('select', { id: 'trial', title: 'The trial of this file to run' });
  const run = h('button', { id: 'run', type: 'button', title: 'Run the trial (Ctrl+Enter)' }, '▶ Run');
  const stop = h('button', { id: 'stop', type: 'button', class: 'secondary', title: 'Stop the running trial (Escape)' }, '■ Stop');
  const rerun = h('button', { id: 'rerun', type: 'button', class: 'secondary', title: 'Run the trial again with the current values' }, '↻ Re-run');
  const smoothing = h('input', { id: 'smoothing', type: 'range', min: '0', max: '0.99', step: '0.01', value: '0' });
  const smoothingOut = h('output', { for: 'smoothing' }, '0');
  const log = h('input', { id: 'log', type: 'checkbox' });
  const exportPng = h('button', { id: 'export-png', type: 'button', class: 'secondary', title: 'Save the training curves as a PNG image' }, 'PNG');
  const exportCsv = h('button', { id: 'export-csv', type: 'button', class: 'secondary', title: 'Save every recorded point as CSV' }, 'CSV');
  const exportJson = h('button', { id: 'export-json', type: 'button', class: 'secondary', title: 'Save the whole run (plan, series, summaries, result) as JSON' }, 'JSON');
  const progress = h('progress', { id: 'progress', max: '1', value: '0', 'aria-label': 'trial progress' });
  const statusText = h('span', { id: 'status-text' });
  const problem = h('div', { id: 'problem', class: 'problem', role: 'alert' });
  problem.hidden = true;
  const sliders = h('section', { id: 'sliders', class: 'sliders', 'aria-label': 'hyperparameters' });
  sliders.hidden = true;
  const legend = h('div', { id: 'legend', class: 'legend', 'aria-label': 'losses and their colours' });
  const curves = h('div', { id: 'curves', class: 'grid' });
  const curvesSection = h('section', { id: 'curves-section' }, h('h2', {}, 'Training curves'), legend, curves);
  const landscape = h('div', { id: 'landscape' });
  const landscapeSection = h('section', { id: 'landscape-section' }, h('h2', {}, 'Loss landscape'), landscape);
  const boundary = h('div', { id: 'boundary', class: 'boundaries' });
  const boundarySection = h('section', { id: 'boundary-section' }, h('h2', {}, 'Decision boundary'), boundary);
  const samples = h('div', { id: 'samples', class: 'boundaries' });
  const samplesSection = h('section', { id: 'samples-section' }, h('h2', {}, 'Generated samples'), samples);
  const summary = h('div', { id: 'summary' });
  const summarySection = h('section', { id: 'summary-section' }, h('h2', {}, 'Summary'), summary);
  const empty = h('p', { id: 'empty', class: 'muted' }, 'Press ▶ Run to train the trial’s models; curves appear as they learn.');
  for (const s of [curvesSection, landscapeSection, boundarySection, samplesSection, summarySection]) s.hidden = true;

  const toolbar = h('header', { class: 'toolbar', role: 'toolbar', 'aria-label': 'trial controls' },
    h('div', { class: 'group' }, h('label', { for: 'trial' }, 'Trial'), trial, run, stop, rerun),
    h('div', { class: 'group' }, h('label', { for: 'smoothing' }, 'Smoothing'), smoothing, smoothingOut, h('label', { class: 'check' }, log, 'Log scale')),
    h('div', { class: 'group' }, h('span', { class: 'muted' }, 'Export'), exportPng, exportCsv, exportJson),
  );
  const status = h('div', { id: 'status', class: 'status', role: 'status', 'aria-live': 'polite' }, progress, statusText);
  root.replaceChildren(toolbar, status, problem, sliders, empty, curvesSection, landscapeSection, boundarySection, samplesSection, summarySection);
  return {
    trial, run, stop, rerun, smoothing, smoothingOut, log, exportPng, exportCsv, exportJson, progress, statusText, problem, sliders,
    legend, curvesSection, curves, landscapeSection, landscape, boundarySection, boundary, samplesSection, samples, summarySection, summary, empty,
  };
}
