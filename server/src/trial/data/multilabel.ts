import { Rng } from '../random.js';
import { checkCount, checkFraction } from './counts.js';
import { DataError } from './types.js';
import type { Dataset, Split } from './types.js';

// Multi-label 2-D data: x ~ N(0, I); label k is on when x lies within a radius of its centre (centres on
// the unit circle). Each radius is the `positive_rate` quantile of the training distances, so every label
// is on for exactly that fraction of training points. Label noise flips training entries.

export interface MultilabelParams {
  readonly labels: number;
  readonly n: number;
  readonly positive_rate: number;
  readonly label_noise: number;
}

export const MULTILABEL_DEFAULTS: MultilabelParams = { labels: 5, n: 1000, positive_rate: 0.1, label_noise: 0 };

function points(n: number, rng: Rng): Float32Array {
  const x = new Float32Array(2 * n);
  for (let i = 0; i < 2 * n; i++) x[i] = rng.normal();
  return x;
}

function distances(x: Float32Array, k: number, labels: number): Float64Array {
  const a = (2 * Math.PI * k) / labels;
  const cx = Math.cos(a), cy = Math.sin(a);
  const d = new Float64Array(x.length / 2);
  for (let i = 0; i < d.length; i++) d[i] = Math.hypot(x[2 * i] - cx, x[2 * i + 1] - cy);
  return d;
}

function labelWith(x: Float32Array, radii: readonly number[]): Float32Array {
  const n = x.length / 2, K = radii.length;
  const y = new Float32Array(n * K);
  for (let k = 0; k < K; k++) {
    const d = distances(x, k, K);
    for (let i = 0; i < n; i++) y[i * K + k] = d[i] < radii[k] ? 1 : 0;
  }
  return y;
}

export function multilabel(p: Partial<MultilabelParams>, seed: number, name = 'multilabel'): Dataset {
  const q = { ...MULTILABEL_DEFAULTS, ...p };
  checkCount('labels', q.labels, 1);
  checkCount('n', q.n, 2);
  if (!(q.positive_rate > 0 && q.positive_rate < 1)) throw new DataError(`positive_rate must be in (0, 1), got ${q.positive_rate}`);
  checkFraction('label_noise', q.label_noise);
  const xt = points(q.n, new Rng(seed, 'data:multilabel:train'));
  const xv = points(q.n, new Rng(seed, 'data:multilabel:val'));
  // Radius k: midway between the m-th and (m+1)-th smallest distance, m = rate·n, so exactly m are inside.
  const m = Math.max(1, Math.round(q.positive_rate * q.n));
  const radii = Array.from({ length: q.labels }, (_, k) => {
    const d = Array.from(distances(xt, k, q.labels)).sort((a, b) => a - b);
    return m < d.length ? (d[m - 1] + d[m]) / 2 : d[m - 1] + 1;
  });
  const clean = labelWith(xt, radii);
  const noisy = clean.slice();
  if (q.label_noise > 0) {
    const rng = new Rng(seed, 'data:multilabel:label-noise');
    const order = rng.permutation(noisy.length);
    const flips = Math.round(q.label_noise * noisy.length);
    for (let i = 0; i < flips; i++) noisy[order[i]] = 1 - noisy[order[i]];
  }
  const train: Split = { n: q.n, x: xt, multilabel: noisy };
  const val: Split = { n: q.n, x: xv, multilabel: labelWith(xv, radii) };
  return { name, task: 'multilabel', inputDim: 2, numClasses: 0, labelDim: q.labels, targetDim: 0, classCounts: [], train, val };
}
