import type { BoundaryMsg } from '../../server/src/trial/protocol.js';
import { parseColour, withAlpha, type Theme } from './theme.js';

// The decision boundary of each loss's trained model over the 2-D input plane, as TensorFlow Playground
// draws it: the grid of predictions painted into a small ImageData (class colour, faded by how unsure the
// model is), scaled up smoothly, with the training points on top. One picture per loss, side by side.

/** Class colours: distinct from each other in every theme (the loss colours are not reused on purpose). */
function classColours(theme: Theme): string[] {
  const p = theme.palette;
  return [p[1], p[0], p[2], p[3], p[4], p[5], ...p.slice(6)];
}

export class BoundaryView {
  private items: { label: string; b: BoundaryMsg }[] = [];

  constructor(private readonly container: HTMLElement, private theme: Theme) {}

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.render();
  }

  clear(): void {
    this.items = [];
    this.container.replaceChildren();
    this.container.hidden = true;
  }

  /** Shows (or replaces) the picture of one loss. */
  set(label: string, b: BoundaryMsg, order: readonly string[]): void {
    this.items = this.items.filter((i) => i.label !== label);
    this.items.push({ label, b });
    this.items.sort((x, y) => order.indexOf(x.label) - order.indexOf(y.label));
    this.render();
  }

  get count(): number {
    return this.items.length;
  }

  private render(): void {
    this.container.hidden = this.items.length === 0;
    const figures = this.items.map(({ label, b }) => {
      const fig = document.createElement('figure');
      fig.className = 'boundary';
      fig.dataset.loss = label;
      const canvas = document.createElement('canvas');
      const css = 220;
      const dpr = window.devicePixelRatio || 1;
      canvas.width = Math.round(css * dpr);
      canvas.height = Math.round(css * dpr);
      canvas.style.width = `${css}px`;
      canvas.style.height = `${css}px`;
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', `Decision boundary of ${label}: ${b.classes} classes, ${b.points.length} training points`);
      this.draw(canvas, b);
      const cap = document.createElement('figcaption');
      cap.textContent = label;
      fig.append(canvas, cap);
      return fig;
    });
    this.container.replaceChildren(...figures);
  }

  private draw(canvas: HTMLCanvasElement, b: BoundaryMsg): void {
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const colours = classColours(this.theme).map((c) => parseColour(c) ?? [128, 128, 128]);
    const bg = parseColour(this.theme.background) ?? [255, 255, 255];
    const n = b.size;
    const img = new ImageData(n, n);
    const chance = 1 / Math.max(2, b.classes);
    for (let i = 0; i < n * n; i++) {
      const c = colours[b.predicted[i] % colours.length];
      // Certainty above chance, 0..1: unsure regions fade to the background.
      const a = Math.max(0, Math.min(1, (b.confidence[i] - chance) / (1 - chance))) * 0.75;
      img.data[i * 4] = Math.round(bg[0] + (c[0] - bg[0]) * a);
      img.data[i * 4 + 1] = Math.round(bg[1] + (c[1] - bg[1]) * a);
      img.data[i * 4 + 2] = Math.round(bg[2] + (c[2] - bg[2]) * a);
      img.data[i * 4 + 3] = 255;
    }
    const small = document.createElement('canvas');
    small.width = n;
    small.height = n;
    small.getContext('2d')?.putImageData(img, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(small, 0, 0, canvas.width, canvas.height);
    const [x0, x1, y0, y1] = b.extent;
    const sx = canvas.width / (x1 - x0 || 1);
    const sy = canvas.height / (y1 - y0 || 1);
    const r = Math.max(1.5, canvas.width / 130);
    ctx.lineWidth = Math.max(0.75, r / 3);
    // Outlined in the text colour, so points stand out from the region of their own class in every theme.
    ctx.strokeStyle = withAlpha(this.theme.foreground, 0.85);
    for (const [px, py, cls] of b.points) {
      const c = colours[cls % colours.length];
      ctx.fillStyle = `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
      ctx.beginPath();
      ctx.arc((px - x0) * sx, (y1 - py) * sy, r, 0, Math.PI * 2);
      ctx.fill();
      ctx.stroke();
    }
    ctx.strokeStyle = this.theme.grid;
    ctx.lineWidth = 1;
    ctx.strokeRect(0.5, 0.5, canvas.width - 1, canvas.height - 1);
  }
}
