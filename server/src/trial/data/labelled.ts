import { Rng } from '../random.js';
import { countClasses } from './counts.js';
import type { Split } from './types.js';

// Shared assembly for 2-D class-labelled generators (blobs, moons, spirals): sample each class from a
// per-class sampler, shuffle, and flip a fraction of the training labels to a different class.

export type PointSampler = (cls: number, rng: Rng) => readonly [number, number];

export function sampleLabelled(counts: readonly number[], sample: PointSampler, rng: Rng): { x: Float32Array; labels: Int32Array } {
  const n = counts.reduce((a, b) => a + b, 0);
  const order = rng.permutation(n);
  const x = new Float32Array(2 * n);
  const labels = new Int32Array(n);
  let k = 0;
  for (let c = 0; c < counts.length; c++) {
    for (let i = 0; i < counts[c]; i++, k++) {
      const [a, b] = sample(c, rng);
      const row = order[k];
      x[2 * row] = a;
      x[2 * row + 1] = b;
      labels[row] = c;
    }
  }
  return { x, labels };
}

/** Replaces a `fraction` of the labels with a uniformly drawn different class (symmetric label noise). */
export function flipLabels(labels: Int32Array, classes: number, fraction: number, rng: Rng): Int32Array {
  const noisy = labels.slice();
  if (fraction <= 0 || classes < 2) return noisy;
  const flips = Math.round(fraction * labels.length);
  const order = rng.permutation(labels.length);
  for (let i = 0; i < flips; i++) {
    const j = order[i];
    noisy[j] = (labels[j] + 1 + rng.int(classes - 1)) % classes;
  }
  return noisy;
}

/** Training and validation splits of a labelled 2-D generator. */
export function labelledSplits(
  trainCounts: readonly number[],
  valPerClass: number,
  labelNoise: number,
  sample: PointSampler,
  seed: number,
  name: string,
): { train: Split; val: Split; classCounts: number[] } {
  const classes = trainCounts.length;
  const tr = sampleLabelled(trainCounts, sample, new Rng(seed, `data:${name}:train`));
  const noisy = flipLabels(tr.labels, classes, labelNoise, new Rng(seed, `data:${name}:label-noise`));
  const va = sampleLabelled(new Array(classes).fill(valPerClass), sample, new Rng(seed, `data:${name}:val`));
  const train: Split = labelNoise > 0
    ? { n: noisy.length, x: tr.x, labels: noisy, cleanLabels: tr.labels }
    : { n: noisy.length, x: tr.x, labels: noisy };
  return { train, val: { n: va.labels.length, x: va.x, labels: va.labels }, classCounts: countClasses(noisy, classes) };
}
