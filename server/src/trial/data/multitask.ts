import { Rng } from '../random.js';
import { checkCount, checkFraction, checkPositive, longTailCounts, validationPerClass } from './counts.js';
import { blobCentre } from './blobs.js';
import { labelledSplits } from './labelled.js';
import { DataError, type Dataset, type Split } from './types.js';

// One input, two kinds of head on a shared trunk: a classification task (2-D blobs) and one regression
// target per entry of `reg_noise`, target_k = scale · (sin(2·x₀) + 0.5·x₁ + k·x₀·x₁/2) + reg_noise_k · ε.
// Scaling one target up (scale = 100) is the classic "one task drowns the other" set-up; two targets with
// different noise (reg_noise = [0.1, 1]) is the uncertainty-weighting set-up.

export interface MultitaskParams {
  readonly classes: number;
  readonly n: number;
  readonly imbalance: number;
  readonly noise: number;
  readonly label_noise: number;
  readonly reg_noise: number | readonly number[];
  readonly scale: number;
}

export const MULTITASK_DEFAULTS: MultitaskParams = { classes: 2, n: 500, imbalance: 1, noise: 0.5, label_noise: 0, reg_noise: 0.1, scale: 1 };

export function multitaskTruth(x0: number, x1: number, k: number): number {
  return Math.sin(2 * x0) + 0.5 * x1 + (k * x0 * x1) / 2;
}

function addTargets(split: Split, noise: readonly number[], scale: number, rng: Rng): Split {
  const K = noise.length;
  const target = new Float32Array(split.n * K);
  for (let i = 0; i < split.n; i++) {
    for (let k = 0; k < K; k++) {
      const x0 = split.x[2 * i], x1 = split.x[2 * i + 1];
      target[i * K + k] = scale * (multitaskTruth(x0, x1, k) + noise[k] * rng.normal());
    }
  }
  return { ...split, target };
}

export function multitask(p: Partial<MultitaskParams>, seed: number, name = 'multitask'): Dataset {
  const q = { ...MULTITASK_DEFAULTS, ...p };
  checkCount('classes', q.classes, 2);
  checkPositive('noise', q.noise);
  checkPositive('scale', q.scale);
  checkFraction('label_noise', q.label_noise);
  const regNoise = typeof q.reg_noise === 'number' ? [q.reg_noise] : [...q.reg_noise];
  if (regNoise.length === 0 || regNoise.some((s) => !(s >= 0))) throw new DataError(`reg_noise must be a non-negative number or a non-empty vector of them`);
  const counts = longTailCounts(q.classes, q.n, q.imbalance);
  const s = labelledSplits(counts, validationPerClass(q.n), q.label_noise, (c, rng) => {
    const [cx, cy] = blobCentre(c, q.classes);
    return [cx + q.noise * rng.normal(), cy + q.noise * rng.normal()];
  }, seed, 'multitask');
  // Validation targets keep their noise: the noise floor of each task is part of what the trial shows.
  const train = addTargets(s.train, regNoise, q.scale, new Rng(seed, 'data:multitask:train-targets'));
  const val = addTargets(s.val, regNoise, q.scale, new Rng(seed, 'data:multitask:val-targets'));
  return { name, task: 'multitask', inputDim: 2, numClasses: q.classes, labelDim: 0, targetDim: regNoise.length, classCounts: s.classCounts, train, val };
}
