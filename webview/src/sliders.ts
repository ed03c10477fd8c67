import { paramKey, type ParamValues, type SliderSpec } from './protocol.js';
import { fmt } from './series.js';

// Sliders for the hyperparameters that declare a range (`gamma = 2 in [0, 5]`). Moving one re-runs the
// trial after a short pause (the host cancels the run in progress); each slider has a reset to the
// document's value. Native range inputs: keyboard (arrows, PageUp/Down, Home/End) and screen readers work.

export const SLIDER_DEBOUNCE_MS = 350;

export class Sliders {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private values: Record<string, number> = {};
  private signature = '';

  constructor(
    private readonly container: HTMLElement,
    /** A slider settled: the new values (debounced). */
    private readonly onSettle: (values: ParamValues) => void,
    /** Any move (for saving the positions). */
    private readonly onMove: (values: ParamValues) => void,
  ) {}

  current(): ParamValues {
    return { ...this.values };
  }

  /** Shows these sliders at these positions (values for unknown keys are dropped). */
  render(specs: readonly SliderSpec[], values: ParamValues, enabled: boolean): void {
    // Redrawing would drop focus and an ongoing drag: only when something changed.
    const signature = JSON.stringify([specs, enabled]);
    const same = signature === this.signature && specs.every((s) => {
      const k = paramKey(s.loss, s.name);
      return values[k] === undefined || values[k] === this.values[k];
    });
    if (same) return;
    this.signature = signature;
    this.values = {};
    for (const s of specs) {
      const k = paramKey(s.loss, s.name);
      const v = values[k];
      this.values[k] = typeof v === 'number' && v >= s.min && v <= s.max ? v : s.value;
    }
    this.container.hidden = specs.length === 0;
    const rows = specs.map((s) => this.row(s, enabled));
    const h = document.createElement('h2');
    h.textContent = 'Hyperparameters';
    this.container.replaceChildren(h, ...rows);
  }

  private row(s: SliderSpec, enabled: boolean): HTMLElement {
    const k = paramKey(s.loss, s.name);
    const id = `slider-${k.replace(/[^\w]/g, '_')}`;
    const row = document.createElement('div');
    row.className = 'slider';
    const label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = k;
    const input = document.createElement('input');
    input.type = 'range';
    input.id = id;
    // Positions 0..STEPS map linearly onto [min, max]: the document's value stays exact until moved.
    input.min = '0';
    input.max = String(SLIDER_POSITIONS);
    input.step = '1';
    input.value = String(positionOf(this.values[k], s));
    input.setAttribute('aria-valuetext', fmt(this.values[k]));
    input.disabled = !enabled;
    input.dataset.param = k;
    const out = document.createElement('output');
    out.htmlFor.add(id);
    out.textContent = fmt(this.values[k]);
    const reset = document.createElement('button');
    reset.type = 'button';
    reset.className = 'secondary reset';
    reset.textContent = '↺';
    reset.title = `Reset ${k} to the document's value (${fmt(s.value)})`;
    reset.setAttribute('aria-label', reset.title);
    reset.disabled = !enabled;
    const set = (v: number) => {
      this.values[k] = v;
      out.textContent = fmt(v);
      input.setAttribute('aria-valuetext', fmt(v));
      this.onMove(this.current());
      this.schedule();
    };
    input.addEventListener('input', () => set(valueAt(Number(input.value), s)));
    reset.addEventListener('click', () => {
      input.value = String(positionOf(s.value, s));
      set(s.value);
    });
    const range = document.createElement('span');
    range.className = 'range muted';
    range.textContent = `[${fmt(s.min)}, ${fmt(s.max)}]`;
    row.append(label, input, out, range, reset);
    return row;
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.onSettle(this.current()), SLIDER_DEBOUNCE_MS);
  }
}

/** Slider positions across a range. */
export const SLIDER_POSITIONS = 200;

export function positionOf(v: number, s: Pick<SliderSpec, 'min' | 'max'>): number {
  const span = s.max - s.min;
  return span > 0 ? Math.round(((v - s.min) / span) * SLIDER_POSITIONS) : 0;
}

/** The value at a position, rounded to what the step can tell apart (0.025, not 0.025000000000000001). */
export function valueAt(pos: number, s: Pick<SliderSpec, 'min' | 'max'>): number {
  const span = s.max - s.min;
  if (pos <= 0) return s.min;
  if (pos >= SLIDER_POSITIONS) return s.max;
  const raw = s.min + (pos / SLIDER_POSITIONS) * span;
  const digits = Math.max(0, -Math.floor(Math.log10(span / SLIDER_POSITIONS)) + 1);
  return Number(raw.toFixed(Math.min(12, digits)));
}
