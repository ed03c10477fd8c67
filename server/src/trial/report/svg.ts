// Static SVG charts for the HTML report: line charts with optional seed bands (mean ± std) and scatter
// plots. Pure string building: no DOM, no fonts measured; colours of text and axes come from CSS
// (`currentColor` and classes), so the report follows the reader's light or dark theme.

export interface Band {
  readonly x: number;
  readonly y: number;
  readonly lo?: number;
  readonly hi?: number;
}

export interface LineSeries {
  readonly label: string;
  readonly color: string;
  readonly points: readonly Band[];
  readonly dashed?: boolean;
}

export interface LineChartOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel?: string;
  readonly series: readonly LineSeries[];
  /** Log-scaled y (only when every value is positive). */
  readonly logY?: boolean;
  readonly width?: number;
  readonly height?: number;
  /** Fixed y range (e.g. [0, 1] for a probability axis). */
  readonly yRange?: readonly [number, number];
}

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const M = { left: 56, right: 12, top: 28, bottom: 38 };

/** Round numbers for an axis: about `count` ticks covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let k = Math.ceil(lo / step); k * step <= hi + step * 1e-9; k++) out.push(Number((k * step).toPrecision(12)));
  return out;
}

function tickText(v: number): string {
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e4 || a < 1e-3)) return v.toExponential(0).replace('e+', 'e');
  return String(Number(v.toPrecision(4)));
}

function fmtNum(v: number): string {
  return Number.isFinite(v) ? v.toFixed(1) : '0';
}

export function lineChart(o: LineChartOptions): string {
  const W = o.width ?? 520, H = o.height ?? 250;
  const pw = W - M.left - M.right, ph = H - M.top - M.bottom;
  const finite = (v: number | undefined): v is number => v !== undefined && Number.isFinite(v);
  const ys = o.series.flatMap((s) => s.points.flatMap((p) => [p.y, p.lo, p.hi])).filter(finite);
  const xs = o.series.flatMap((s) => s.points.map((p) => p.x)).filter(finite);
  const log = o.logY === true && ys.length > 0 && ys.every((v) => v > 0);
  const ty = (v: number) => (log ? Math.log10(v) : v);
  let [y0, y1] = o.yRange ?? (ys.length ? [Math.min(...ys.map(ty)), Math.max(...ys.map(ty))] : [0, 1]);
  if (o.yRange && log) [y0, y1] = [Math.log10(o.yRange[0]), Math.log10(o.yRange[1])];
  if (y1 - y0 < 1e-12) { y0 -= 0.5; y1 += 0.5; }
  else if (!o.yRange) { const padY = (y1 - y0) * 0.05; y0 -= padY; y1 += padY; }
  const x0 = xs.length ? Math.min(...xs) : 0, x1 = xs.length ? Math.max(...xs) : 1;
  const sx = (x: number) => M.left + (x1 > x0 ? ((x - x0) / (x1 - x0)) * pw : pw / 2);
  const sy = (v: number) => M.top + ph - ((ty(v) - y0) / (y1 - y0)) * ph;
  const parts: string[] = [];
  parts.push(`<svg class="chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(o.title)}">`);
  parts.push(`<text class="title" x="${M.left}" y="16">${esc(o.title)}</text>`);
  // Grid and ticks.
  const yTicks = log ? niceTicks(Math.floor(y0), Math.ceil(y1), Math.min(6, Math.max(1, Math.ceil(y1) - Math.floor(y0)))).filter((t) => Number.isInteger(t) && t >= y0 && t <= y1).map((t) => 10 ** t) : niceTicks(y0, y1);
  for (const t of yTicks) {
    const y = sy(t);
    if (!(y >= M.top - 0.5 && y <= M.top + ph + 0.5)) continue;
    parts.push(`<line class="grid" x1="${M.left}" x2="${M.left + pw}" y1="${fmtNum(y)}" y2="${fmtNum(y)}"/><text class="tick" x="${M.left - 6}" y="${fmtNum(y + 4)}" text-anchor="end">${tickText(t)}</text>`);
  }
  for (const t of niceTicks(x0, x1, 6)) {
    const x = sx(t);
    parts.push(`<line class="grid" x1="${fmtNum(x)}" x2="${fmtNum(x)}" y1="${M.top}" y2="${M.top + ph}"/><text class="tick" x="${fmtNum(x)}" y="${M.top + ph + 14}" text-anchor="middle">${tickText(t)}</text>`);
  }
  parts.push(`<rect class="frame" x="${M.left}" y="${M.top}" width="${pw}" height="${ph}"/>`);
  parts.push(`<text class="axis" x="${M.left + pw / 2}" y="${H - 6}" text-anchor="middle">${esc(o.xLabel)}${log ? ' (log y)' : ''}</text>`);
  if (o.yLabel) parts.push(`<text class="axis" transform="translate(12 ${M.top + ph / 2}) rotate(-90)" text-anchor="middle">${esc(o.yLabel)}</text>`);
  parts.push(`<clipPath id="c${hash(o.title)}"><rect x="${M.left}" y="${M.top}" width="${pw}" height="${ph}"/></clipPath><g clip-path="url(#c${hash(o.title)})">`);
  for (const s of o.series) {
    const pts = s.points.filter((p) => finite(p.y) && (!log || p.y > 0));
    const band = pts.filter((p) => finite(p.lo) && finite(p.hi) && (!log || p.lo! > 0));
    if (band.length > 1) {
      const top = band.map((p) => `${fmtNum(sx(p.x))},${fmtNum(sy(p.hi!))}`);
      const bottom = band.slice().reverse().map((p) => `${fmtNum(sx(p.x))},${fmtNum(sy(p.lo!))}`);
      parts.push(`<polygon points="${[...top, ...bottom].join(' ')}" fill="${s.color}" fill-opacity="0.16" stroke="none"/>`);
    }
    if (pts.length === 1) parts.push(`<circle cx="${fmtNum(sx(pts[0].x))}" cy="${fmtNum(sy(pts[0].y))}" r="3" fill="${s.color}"/>`);
    else if (pts.length > 1) parts.push(`<polyline fill="none" stroke="${s.color}" stroke-width="1.8"${s.dashed ? ' stroke-dasharray="5 3"' : ''} points="${pts.map((p) => `${fmtNum(sx(p.x))},${fmtNum(sy(p.y))}`).join(' ')}"><title>${esc(s.label)}</title></polyline>`);
  }
  parts.push('</g></svg>');
  return parts.join('');
}

export interface ScatterOptions {
  readonly title: string;
  readonly points: readonly (readonly [number, number])[];
  readonly color: string;
  readonly marks?: readonly (readonly [number, number])[];
  readonly extent: readonly [number, number, number, number];
  readonly size?: number;
}

/** A square scatter plot (GAN samples), with optional marks (the ring's mode centres). */
export function scatter(o: ScatterOptions): string {
  const S = o.size ?? 240, pad = 8;
  const [x0, x1, y0, y1] = o.extent;
  const sx = (x: number) => pad + ((x - x0) / (x1 - x0)) * (S - 2 * pad);
  const sy = (y: number) => S - pad - ((y - y0) / (y1 - y0)) * (S - 2 * pad);
  const dots = o.points.filter(([x, y]) => x >= x0 && x <= x1 && y >= y0 && y <= y1).map(([x, y]) => `<circle cx="${fmtNum(sx(x))}" cy="${fmtNum(sy(y))}" r="1.6"/>`).join('');
  const marks = (o.marks ?? []).map(([x, y]) => `<circle class="mark" cx="${fmtNum(sx(x))}" cy="${fmtNum(sy(y))}" r="5"/>`).join('');
  return `<figure class="scatter"><svg viewBox="0 0 ${S} ${S}" width="${S}" height="${S}" role="img" aria-label="${esc(o.title)}"><rect class="frame" x="0.5" y="0.5" width="${S - 1}" height="${S - 1}"/>${marks}<g fill="${o.color}" fill-opacity="0.55">${dots}</g></svg><figcaption>${esc(o.title)}</figcaption></figure>`;
}

/** A small stable id for clip paths. */
function hash(s: string): string {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36);
}
