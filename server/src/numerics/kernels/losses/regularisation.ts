import * as tf from '@tensorflow/tfjs-core';
import * as O from '../../ops.js';
import { mapValue } from '../math.js';
import { sumAll } from '../reductions.js';
import type { Kernel } from '../kernel.js';

// 5. Regularisation: weight penalties over every tensor of the model (`weights`), Keras convention (no ½).
// R-Drop and gradient penalties are written with `kl` and `grad`.

export const REGULARISATION_KERNELS: readonly Kernel[] = [
  { name: 'l1', run: (a) => sumAll(mapValue(a.tensorOrList('weights'), O.abs)) },
  { name: 'l2', run: (a) => sumAll(mapValue(a.tensorOrList('weights'), (x) => tf.square(x))) },
];
