import { pairedComparisons, summarise, type PairedComparison } from '../../server/src/trial/summary.js';
import { metricDirection } from '../../server/src/trial/metrics/registry.js';
import type { RunSummaryMsg } from '../../server/src/trial/protocol.js';
import { fmt } from './series.js';
import type { TrialStore } from './store.js';
import { lossColour, type Theme } from './theme.js';

// The summary under the charts: final validation metrics, mean ± std over seeds, per loss (the best of
// each column marked); the paired comparison of the declared loss against each baseline (same seeds,
// same data and initial weights: mean difference, its std, t, wins); and every divergence with its
// step and term. While a trial runs, the finished runs are summarised with the engine's own functions.

export function renderSummary(container: HTMLElement, store: TrialStore, theme: Theme): void {
  const runs = [...store.runs.values()].flatMap((r) => (r.summary ? [r.summary] : []));
  if (runs.length === 0) {
    container.replaceChildren();
    container.hidden = true;
    return;
  }
  container.hidden = false;
  const summary = store.result?.summary ?? summarise(runs);
  const labels = store.labels.filter((l) => summary[l]);
  const metrics = [...new Set(labels.flatMap((l) => Object.keys(summary[l])))];
  const comparisons: readonly PairedComparison[] = store.result?.comparisons
    ?? (labels.length > 1 ? pairedComparisons(runs, store.labels[0], store.labels.slice(1).filter((l) => summary[l])) : []);
  const higher = (m: string) => comparisons.find((c) => c.metric === m)?.higherIsBetter ?? metricDirection(m);

  const parts: HTMLElement[] = [];
  const done = runs.length;
  const expected = store.expectedRuns();
  const caption = `Final validation metrics, mean ± std over seeds${done < expected ? ` (${done} of ${expected} runs finished)` : ''}${store.result ? ` · backend ${store.result.backend} · ${(store.result.wallMs / 1000).toFixed(1)} s` : ''}`;

  // Metrics per loss.
  const table = el('table', 'summary');
  table.dataset.table = 'metrics';
  table.appendChild(el('caption', '', caption));
  const head = el('tr');
  head.append(el('th', '', 'loss'), ...metrics.map((m) => headerCell(m, higher(m))), el('th', '', 'ms / step'));
  table.appendChild(el('thead')).appendChild(head);
  const body = table.appendChild(el('tbody'));
  const best = new Map(metrics.map((m) => {
    const vals = labels.map((l) => summary[l][m]?.mean).filter((v): v is number => v !== undefined && Number.isFinite(v));
    return [m, vals.length > 1 ? (higher(m) ? Math.max(...vals) : Math.min(...vals)) : undefined];
  }));
  labels.forEach((label) => {
    const tr = el('tr');
    tr.dataset.loss = label;
    const name = el('th', '', '');
    name.scope = 'row';
    const sw = el('i', 'swatch');
    sw.style.background = lossColour(theme, store.labels.indexOf(label));
    name.append(sw, document.createTextNode(label + (label === store.labels[0] ? ' (declared)' : '')));
    tr.appendChild(name);
    for (const m of metrics) {
      const v = summary[label][m];
      const td = el('td', v && best.get(m) === v.mean ? 'best' : '', v ? `${fmt(v.mean)} ± ${fmt(v.std, 2)}` : '—');
      td.dataset.metric = m;
      if (v && best.get(m) === v.mean) td.title = 'best of the compared losses';
      tr.appendChild(td);
    }
    const ms = runs.filter((r) => r.label === label).map((r) => r.msPerStep);
    tr.appendChild(el('td', '', ms.length ? fmt(ms.reduce((a, b) => a + b, 0) / ms.length, 3) : '—'));
    body.appendChild(tr);
  });
  parts.push(table);

  // Paired comparison against each baseline.
  if (comparisons.length) {
    const t = el('table', 'summary');
    t.dataset.table = 'comparison';
    t.appendChild(el('caption', '', `${store.labels[0]} against each baseline, paired by seed (difference = ${store.labels[0]} − baseline)`));
    const h = el('tr');
    h.append(...['baseline', 'metric', 'difference', 't', 'wins', 'verdict'].map((x) => el('th', '', x)));
    t.appendChild(el('thead')).appendChild(h);
    const tb = t.appendChild(el('tbody'));
    for (const c of comparisons) {
      const tr = el('tr');
      tr.dataset.baseline = c.baseline;
      tr.dataset.metric = c.metric;
      const better = c.higherIsBetter ? c.meanDiff > 0 : c.meanDiff < 0;
      const clear = c.t !== null && Math.abs(c.t) >= 2;
      const verdict = !Number.isFinite(c.meanDiff) ? '—' : c.meanDiff === 0 ? 'tie' : `${better ? 'better' : 'worse'}${clear ? '' : ' (within noise)'}`;
      tr.append(
        el('td', '', c.baseline), el('td', '', c.metric),
        el('td', '', `${c.meanDiff >= 0 ? '+' : ''}${fmt(c.meanDiff)} ± ${fmt(c.stdDiff, 2)}`),
        el('td', '', c.t === null ? '—' : c.t.toFixed(2)),
        el('td', '', `${c.wins}/${c.seeds}`),
        el('td', better && clear ? 'better' : !better && clear ? 'worse' : '', verdict),
      );
      tb.appendChild(tr);
    }
    parts.push(t);
  }

  // Divergences.
  const diverged = runs.filter((r): r is RunSummaryMsg & { diverged: NonNullable<RunSummaryMsg['diverged']> } => r.diverged !== null);
  if (diverged.length) {
    const list = el('ul', 'divergences');
    list.dataset.table = 'divergences';
    for (const r of diverged) {
      const li = el('li', '', `${r.label}, seed ${r.seed}: diverged at step ${r.diverged.step} in term ${r.diverged.term}`);
      li.dataset.loss = r.label;
      list.appendChild(li);
    }
    const h = el('h3', '', 'Divergences');
    parts.push(h, list);
  }
  container.replaceChildren(...parts);
}

function headerCell(metric: string, higherIsBetter: boolean): HTMLElement {
  const th = el('th', '', `${metric} ${higherIsBetter ? '↑' : '↓'}`);
  th.title = higherIsBetter ? 'higher is better' : 'lower is better';
  th.scope = 'col';
  return th;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls = '', text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}
