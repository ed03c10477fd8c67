import { checkFraction, checkPositive, longTailCounts, validationPerClass } from './counts.js';
import { labelledSplits } from './labelled.js';
import type { Dataset } from './types.js';

// Two interleaving half circles (scikit-learn's make_moons geometry), centred on the origin.

export interface MoonsParams {
  readonly n: number;
  readonly imbalance: number;
  readonly noise: number;
  readonly label_noise: number;
}

export const MOONS_DEFAULTS: MoonsParams = { n: 500, imbalance: 1, noise: 0.15, label_noise: 0 };

export function moons(p: Partial<MoonsParams>, seed: number, name = 'moons'): Dataset {
  const q = { ...MOONS_DEFAULTS, ...p };
  checkPositive('noise', q.noise);
  checkFraction('label_noise', q.label_noise);
  const counts = longTailCounts(2, q.n, q.imbalance);
  const { train, val, classCounts } = labelledSplits(counts, validationPerClass(q.n), q.label_noise, (c, rng) => {
    const t = Math.PI * rng.uniform();
    const [a, b] = c === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
    return [a - 0.5 + q.noise * rng.normal(), b - 0.25 + q.noise * rng.normal()];
  }, seed, 'moons');
  return { name, task: 'classification', inputDim: 2, numClasses: 2, labelDim: 0, targetDim: 0, classCounts, train, val };
}
