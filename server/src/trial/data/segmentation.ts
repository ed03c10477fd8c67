import { Rng } from '../random.js';
import { checkCount, checkFraction } from './counts.js';
import { DataError } from './types.js';
import type { Dataset, Split } from './types.js';

// Tiny segmentation: size×size images, each holding one disc of foreground at a random position, whose
// area is about `foreground` of the image (rare positives, as in medical masks). The input image is the
// mask plus Gaussian noise; the model predicts one logit per pixel.

export interface SegmentationParams {
  readonly n: number;
  readonly size: number;
  readonly foreground: number;
  readonly noise: number;
}

export const SEGMENTATION_DEFAULTS: SegmentationParams = { n: 400, size: 12, foreground: 0.04, noise: 0.6 };

function sample(n: number, size: number, radius: number, noise: number, rng: Rng): Split {
  const P = size * size;
  const x = new Float32Array(n * P);
  const mask = new Float32Array(n * P);
  for (let i = 0; i < n; i++) {
    const cx = rng.between(radius, size - radius), cy = rng.between(radius, size - radius);
    for (let r = 0; r < size; r++) {
      for (let c = 0; c < size; c++) {
        const on = Math.hypot(r + 0.5 - cy, c + 0.5 - cx) <= radius ? 1 : 0;
        mask[i * P + r * size + c] = on;
        x[i * P + r * size + c] = on + noise * rng.normal();
      }
    }
  }
  return { n, x, multilabel: mask };
}

export function segmentation(p: Partial<SegmentationParams>, seed: number, name = 'segmentation'): Dataset {
  const q = { ...SEGMENTATION_DEFAULTS, ...p };
  checkCount('n', q.n, 1);
  checkCount('size', q.size, 4);
  if (!(q.foreground > 0 && q.foreground < 0.5)) throw new DataError(`foreground must be in (0, 0.5), got ${q.foreground}`);
  checkFraction('noise', q.noise, Infinity);
  const radius = Math.sqrt((q.foreground * q.size * q.size) / Math.PI);
  const train = sample(q.n, q.size, radius, q.noise, new Rng(seed, 'data:segmentation:train'));
  const val = sample(Math.max(50, Math.round(q.n / 2)), q.size, radius, q.noise, new Rng(seed, 'data:segmentation:val'));
  const P = q.size * q.size;
  return {
    name, task: 'segmentation', inputDim: P, numClasses: 0, labelDim: P, targetDim: 0, classCounts: [],
    train, val, imageShape: [q.size, q.size],
  };
}
