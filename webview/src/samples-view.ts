import { RING_DEFAULTS, ringCentres } from '../../server/src/trial/data/ring.js';
import type { TrialPlan } from '../../server/src/trial/protocol.js';
import { lossColour, withAlpha, type Theme } from './theme.js';

// GAN trials on ring data: what each generator loss's trained generator draws (first seed), over the
// ring's true modes — mode collapse shows as clusters on only a few of the modes, poor samples as points
// between them. One picture per loss, in the loss's colour, side by side.

export class SamplesView {
  private items: { label: string; samples: readonly (readonly [number, number])[] }[] = [];
  private plan: TrialPlan | undefined;

  constructor(private readonly container: HTMLElement, private theme: Theme, private readonly labels: () => readonly string[]) {}

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.render();
  }

  clear(): void {
    this.items = [];
    this.container.replaceChildren();
    this.container.hidden = true;
  }

  set(label: string, samples: readonly (readonly [number, number])[], plan: TrialPlan | undefined): void {
    this.plan = plan;
    this.items = this.items.filter((i) => i.label !== label);
    this.items.push({ label, samples });
    const order = this.labels();
    this.items.sort((a, b) => order.indexOf(a.label) - order.indexOf(b.label));
    this.render();
  }

  get count(): number {
    return this.items.length;
  }

  private ring(): { centres: Float32Array; radius: number; std: number } {
    const args = this.plan?.data.generator === 'ring' ? this.plan.data.args : {};
    const num = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) ? v : d);
    const modes = num(args.modes, RING_DEFAULTS.modes), radius = num(args.radius, RING_DEFAULTS.radius), std = num(args.std, RING_DEFAULTS.std);
    return { centres: ringCentres(modes, radius), radius, std };
  }

  private render(): void {
    this.container.hidden = this.items.length === 0;
    const figures = this.items.map(({ label, samples }) => {
      const fig = document.createElement('figure');
      fig.className = 'boundary samples';
      fig.dataset.loss = label;
      const canvas = document.createElement('canvas');
      const css = 220;
      const dpr = window.devicePixelRatio || 1;
      canvas.width = canvas.height = Math.round(css * dpr);
      canvas.style.width = canvas.style.height = `${css}px`;
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', `${samples.length} samples of the generator trained with ${label}, over the ring's modes`);
      this.draw(canvas, label, samples);
      const cap = document.createElement('figcaption');
      cap.textContent = label;
      fig.append(canvas, cap);
      return fig;
    });
    this.container.replaceChildren(...figures);
  }

  private draw(canvas: HTMLCanvasElement, label: string, samples: readonly (readonly [number, number])[]): void {
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const { centres, radius, std } = this.ring();
    // The view: the ring with a margin, widened to show samples that wandered off (within reason).
    let half = (radius + 6 * std) * 1.15;
    for (const [x, y] of samples) half = Math.max(half, Math.min(3 * radius, Math.max(Math.abs(x), Math.abs(y)) * 1.05));
    const s = canvas.width / (2 * half);
    const px = (x: number) => (x + half) * s, py = (y: number) => (half - y) * s;
    ctx.fillStyle = this.theme.background;
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.strokeStyle = this.theme.grid;
    ctx.lineWidth = 1;
    for (let k = 0; k < centres.length; k += 2) {
      ctx.beginPath();
      ctx.arc(px(centres[k]), py(centres[k + 1]), Math.max(3, 3 * std * s), 0, Math.PI * 2);
      ctx.stroke();
    }
    const colour = lossColour(this.theme, Math.max(0, this.labels().indexOf(label)));
    ctx.fillStyle = withAlpha(colour, 0.7);
    const r = Math.max(1.2, canvas.width / 180);
    for (const [x, y] of samples) {
      ctx.beginPath();
      ctx.arc(px(x), py(y), r, 0, Math.PI * 2);
      ctx.fill();
    }
    ctx.strokeRect(0.5, 0.5, canvas.width - 1, canvas.height - 1);
  }
}
