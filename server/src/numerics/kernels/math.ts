import * as tf from '@tensorflow/tfjs-core';
import { logOf, withLogs } from '../log-twins.js';
import * as O from '../ops.js';
import { TensorList, type Kernel, type T, type Value } from './kernel.js';

// Elementwise math, each in the form whose value and derivatives (of every order) are exact in float32
// where the exact ones are finite: log σ as −softplus(−x), softplus without overflow, |x|' = 0 at 0.

/** Applies f to a tensor, or to each tensor of the model's weight list. */
export function mapValue(v: T | TensorList, f: (x: T) => T): T | TensorList {
  return v instanceof TensorList ? new TensorList(v.items.map(f)) : f(v);
}

function unary(name: string, f: (x: T) => T): Kernel {
  return { name, run: (a): Value => mapValue(a.tensorOrList('x'), f) };
}

export const MATH_KERNELS: readonly Kernel[] = [
  unary('log', (x) => logOf(x) ?? tf.log(x)),
  unary('exp', O.exp),
  unary('sqrt', (x) => tf.sqrt(x)),
  unary('abs', O.abs),
  unary('sign', O.sign),
  unary('square', (x) => tf.square(x)),
  unary('sigmoid', (x) => withLogs(O.sigmoid(x), O.logSigmoid(x), O.logSigmoid(tf.neg(x)))),
  unary('log_sigmoid', O.logSigmoid),
  unary('softplus', O.softplus),
  unary('relu', O.relu),
  unary('tanh', O.tanh),
  unary('cos', (x) => tf.cos(x)),
  unary('sin', (x) => tf.sin(x)),
  unary('acos', (x) => tf.acos(x)),
  unary('round', O.round),
  unary('floor', O.floor),
  unary('stopgrad', O.stopGradient),
  {
    name: 'clamp',
    run: (a) => {
      const lo = a.optTensor('lo');
      const hi = a.optTensor('hi');
      return mapValue(a.tensorOrList('x'), (x) => O.clamp(x, lo, hi));
    },
  },
  {
    name: 'where',
    run: (a) => O.select(O.compare('!=', a.tensor('cond'), tf.scalar(0)), a.tensor('a'), a.tensor('b')),
  },
];
