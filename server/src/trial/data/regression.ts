import { Rng } from '../random.js';
import { checkCount, checkFraction } from './counts.js';
import type { Dataset, Split } from './types.js';

// 1-D regression y = x + 0.5·sin(3x) + noise, x ~ U(−2, 2), with a fraction of gross outliers
// (y + outlier_scale) in the training split only, so robust losses can be told apart from MSE.

export interface RegressionParams {
  readonly n: number;
  readonly noise: number;
  /** Fraction of training targets shifted by `outlier_scale`. */
  readonly outliers: number;
  readonly outlier_scale: number;
}

export const REGRESSION_DEFAULTS: RegressionParams = { n: 500, noise: 0.3, outliers: 0.05, outlier_scale: 20 };

export function regressionTruth(x: number): number {
  return x + 0.5 * Math.sin(3 * x);
}

function sample(n: number, noise: number, outliers: number, scale: number, rng: Rng): Split {
  const x = new Float32Array(n);
  const target = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = rng.between(-2, 2);
    target[i] = regressionTruth(x[i]) + noise * rng.normal();
  }
  const order = rng.permutation(n);
  const bad = Math.round(outliers * n);
  for (let i = 0; i < bad; i++) target[order[i]] += scale;
  return { n, x, target };
}

export function regression(p: Partial<RegressionParams>, seed: number, name = 'regression'): Dataset {
  const q = { ...REGRESSION_DEFAULTS, ...p };
  checkCount('n', q.n, 2);
  checkFraction('noise', q.noise, Infinity);
  checkFraction('outliers', q.outliers);
  const train = sample(q.n, q.noise, q.outliers, q.outlier_scale, new Rng(seed, 'data:regression:train'));
  const val = sample(q.n, q.noise, 0, 0, new Rng(seed, 'data:regression:val'));
  return { name, task: 'regression', inputDim: 1, numClasses: 0, labelDim: 0, targetDim: 1, classCounts: [], train, val };
}
