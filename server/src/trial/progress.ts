import type { SeriesPointMsg } from './protocol.js';

// Batches per-step series points into messages at a fixed rate (10–20 Hz): posting every step would cost
// the receiving UI more than the trial itself.

export class ProgressBatcher<Meta> {
  private pending: SeriesPointMsg[] = [];
  private meta: Meta | undefined;
  private lastStep = 0;
  private lastFlush: number;

  constructor(private readonly send: (meta: Meta, step: number, points: SeriesPointMsg[]) => void, private readonly hz: number, private readonly now: () => number = () => performance.now()) {
    this.lastFlush = now();
  }

  add(meta: Meta, step: number, points: readonly SeriesPointMsg[]): void {
    if (this.meta !== undefined && this.meta !== meta) this.flush();
    this.meta = meta;
    this.lastStep = step;
    for (const p of points) this.pending.push(p);
    if (this.now() - this.lastFlush >= 1000 / this.hz) this.flush();
  }

  flush(): void {
    if (this.meta !== undefined && this.pending.length) this.send(this.meta, this.lastStep, this.pending);
    this.pending = [];
    this.lastFlush = this.now();
  }
}
