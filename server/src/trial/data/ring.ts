import { Rng } from '../random.js';
import { checkCount, checkPositive } from './counts.js';
import type { Dataset, Split } from './types.js';

// A mixture of Gaussians evenly spaced on a circle: the standard mode-collapse test for GANs.
// `labels` hold each real sample's mode, for reference; the generator never sees them.

export interface RingParams {
  readonly modes: number;
  readonly n: number;
  readonly radius: number;
  readonly std: number;
}

export const RING_DEFAULTS: RingParams = { modes: 8, n: 2000, radius: 2, std: 0.05 };

export function ringCentres(modes: number, radius: number): Float32Array {
  const c = new Float32Array(2 * modes);
  for (let k = 0; k < modes; k++) {
    c[2 * k] = radius * Math.cos((2 * Math.PI * k) / modes);
    c[2 * k + 1] = radius * Math.sin((2 * Math.PI * k) / modes);
  }
  return c;
}

function sampleRing(n: number, centres: Float32Array, std: number, rng: Rng): Split {
  const modes = centres.length / 2;
  const x = new Float32Array(2 * n);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const k = rng.int(modes);
    labels[i] = k;
    x[2 * i] = centres[2 * k] + std * rng.normal();
    x[2 * i + 1] = centres[2 * k + 1] + std * rng.normal();
  }
  return { n, x, labels };
}

export function ring(p: Partial<RingParams>, seed: number, name = 'ring'): Dataset {
  const q = { ...RING_DEFAULTS, ...p };
  checkCount('modes', q.modes, 1);
  checkCount('n', q.n, 1);
  checkPositive('radius', q.radius);
  checkPositive('std', q.std);
  const centres = ringCentres(q.modes, q.radius);
  const train = sampleRing(q.n, centres, q.std, new Rng(seed, 'data:ring:train'));
  const val = sampleRing(q.n, centres, q.std, new Rng(seed, 'data:ring:val'));
  return {
    name, task: 'generative', inputDim: 2, numClasses: 0, labelDim: 0, targetDim: 0, classCounts: [],
    train, val, modes: { centres, std: q.std },
  };
}
