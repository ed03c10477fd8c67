import { checkCount, checkFraction, checkPositive, longTailCounts, validationPerClass } from './counts.js';
import { labelledSplits } from './labelled.js';
import type { Dataset } from './types.js';

// Interleaved spiral arms, one per class: radius grows linearly with the position t along the arm.

export interface SpiralsParams {
  readonly classes: number;
  readonly n: number;
  readonly imbalance: number;
  readonly noise: number;
  readonly label_noise: number;
  /** Full turns each arm makes. */
  readonly turns: number;
}

export const SPIRALS_DEFAULTS: SpiralsParams = { classes: 2, n: 500, imbalance: 1, noise: 0.05, label_noise: 0, turns: 1 };

export function spirals(p: Partial<SpiralsParams>, seed: number, name = 'spirals'): Dataset {
  const q = { ...SPIRALS_DEFAULTS, ...p };
  checkCount('classes', q.classes, 2);
  checkPositive('noise', q.noise);
  checkPositive('turns', q.turns);
  checkFraction('label_noise', q.label_noise);
  const counts = longTailCounts(q.classes, q.n, q.imbalance);
  const { train, val, classCounts } = labelledSplits(counts, validationPerClass(q.n), q.label_noise, (c, rng) => {
    const t = 0.05 + 0.95 * rng.uniform();
    const angle = 2 * Math.PI * (q.turns * t + c / q.classes);
    return [t * Math.cos(angle) + q.noise * rng.normal(), t * Math.sin(angle) + q.noise * rng.normal()];
  }, seed, 'spirals');
  return { name, task: 'classification', inputDim: 2, numClasses: q.classes, labelDim: 0, targetDim: 0, classCounts, train, val };
}
