import { checkCount, checkFraction, checkPositive, longTailCounts, validationPerClass } from './counts.js';
import { labelledSplits } from './labelled.js';
import type { Dataset } from './types.js';

// Gaussian blobs in 2-D: class centres evenly spaced on the unit circle, isotropic noise.

export interface BlobsParams {
  readonly classes: number;
  /** Size of the largest class. */
  readonly n: number;
  /** Rarest / most frequent class size (1 = balanced). */
  readonly imbalance: number;
  /** Standard deviation of each blob. */
  readonly noise: number;
  /** Fraction of training labels flipped to another class. */
  readonly label_noise: number;
}

export const BLOBS_DEFAULTS: BlobsParams = { classes: 2, n: 500, imbalance: 1, noise: 0.5, label_noise: 0 };

export function blobCentre(cls: number, classes: number): [number, number] {
  const a = (2 * Math.PI * cls) / classes;
  return [Math.cos(a), Math.sin(a)];
}

export function blobs(p: Partial<BlobsParams>, seed: number, name = 'blobs'): Dataset {
  const q = { ...BLOBS_DEFAULTS, ...p };
  checkCount('classes', q.classes, 2);
  checkPositive('noise', q.noise);
  checkFraction('label_noise', q.label_noise);
  const counts = longTailCounts(q.classes, q.n, q.imbalance);
  const { train, val, classCounts } = labelledSplits(counts, validationPerClass(q.n), q.label_noise, (c, rng) => {
    const [cx, cy] = blobCentre(c, q.classes);
    return [cx + q.noise * rng.normal(), cy + q.noise * rng.normal()];
  }, seed, 'blobs');
  return { name, task: 'classification', inputDim: 2, numClasses: q.classes, labelDim: 0, targetDim: 0, classCounts, train, val };
}
