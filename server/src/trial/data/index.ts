import { blobs } from './blobs.js';
import { iris } from './iris.js';
import { moons } from './moons.js';
import { multilabel } from './multilabel.js';
import { multitask } from './multitask.js';
import { regression } from './regression.js';
import { ring } from './ring.js';
import { segmentation } from './segmentation.js';
import { spirals } from './spirals.js';
import { DataError, type Dataset } from './types.js';

// Every data generator by its name in the `.loss` trial block. Arguments arrive as plain values (numbers,
// vectors, strings) already checked against the trial vocabulary; each generator validates its own.

export type GeneratorArgs = Readonly<Record<string, number | string | boolean | readonly number[]>>;
export type Generator = (args: GeneratorArgs, seed: number, name?: string) => Dataset;

/* eslint-disable @typescript-eslint/no-explicit-any -- each generator checks its own argument types */
export const GENERATORS: Readonly<Record<string, Generator>> = {
  blobs: (a, s, n) => blobs(a as any, s, n),
  moons: (a, s, n) => moons(a as any, s, n),
  spirals: (a, s, n) => spirals(a as any, s, n),
  multilabel: (a, s, n) => multilabel(a as any, s, n),
  regression: (a, s, n) => regression(a as any, s, n),
  segmentation: (a, s, n) => segmentation(a as any, s, n),
  multitask: (a, s, n) => multitask(a as any, s, n),
  ring: (a, s, n) => ring(a as any, s, n),
  iris: (a, s, n) => iris(a as any, s, n),
};

export function generate(generator: string, args: GeneratorArgs, seed: number, name?: string): Dataset {
  const g = GENERATORS[generator];
  if (!g) throw new DataError(`unknown data generator '${generator}' (known: ${Object.keys(GENERATORS).join(', ')})`);
  return g(args, seed, name ?? generator);
}

export type { Dataset, Split, TaskKind } from './types.js';
