import type { Dataset } from './data/types.js';
import type { Mlp } from './models/mlp.js';
import type { BoundaryMsg } from './protocol.js';
import { tf } from './tfjs.js';

// A trained 2-D classifier's decision over its input plane, as TensorFlow Playground shows it: the model
// evaluated on a grid covering the data (one forward pass of size² points), reduced to the predicted class
// and its probability per cell, plus a subsample of the training points to draw on top.

/** Cells per side (Playground uses 100; drawn smoothed, 80 looks the same and is a third smaller). */
export const BOUNDARY_GRID = 80;
const MAX_POINTS = 1500;

/** Whether the data is a 2-D classification task (the only kind that has a picture). */
export function hasBoundary(data: Dataset, model: Mlp): boolean {
  return data.inputDim === 2 && (data.task === 'classification' || data.task === 'multitask') && data.numClasses >= 2
    && model.heads.some((h) => h.name === 'logits');
}

export function decisionBoundary(model: Mlp, weights: Float32Array, data: Dataset, seed: number, size = BOUNDARY_GRID): BoundaryMsg {
  const xs = [data.train.x, data.val.x];
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (const a of xs) {
    for (let i = 0; i + 1 < a.length; i += 2) {
      x0 = Math.min(x0, a[i]); x1 = Math.max(x1, a[i]);
      y0 = Math.min(y0, a[i + 1]); y1 = Math.max(y1, a[i + 1]);
    }
  }
  if (!Number.isFinite(x0)) { x0 = -1; x1 = 1; y0 = -1; y1 = 1; }
  const padX = (x1 - x0 || 1) * 0.08, padY = (y1 - y0 || 1) * 0.08;
  const extent: [number, number, number, number] = [round(x0 - padX), round(x1 + padX), round(y0 - padY), round(y1 + padY)];

  const grid = new Float32Array(size * size * 2);
  for (let r = 0; r < size; r++) {
    const y = extent[3] - ((r + 0.5) / size) * (extent[3] - extent[2]);
    for (let c = 0; c < size; c++) {
      const i = (r * size + c) * 2;
      grid[i] = extent[0] + ((c + 0.5) / size) * (extent[1] - extent[0]);
      grid[i + 1] = y;
    }
  }
  const state = model.createState(seed);
  let probs: Float32Array;
  let width: number;
  try {
    [probs, width] = tf.tidy(() => {
      const z = model.forward(tf.tensor1d(weights), tf.tensor2d(grid, [size * size, 2]), { training: false, state }).heads.logits;
      if (z.rank === 1 || z.shape[1] === 1) return [tf.sigmoid(tf.reshape(z, [-1])).dataSync() as Float32Array, 1] as const;
      return [tf.softmax(z as tf.Tensor2D).dataSync() as Float32Array, z.shape[1]!] as const;
    });
  } finally {
    state.dispose();
  }
  const cells = size * size;
  const predicted = new Array<number>(cells);
  const confidence = new Array<number>(cells);
  for (let i = 0; i < cells; i++) {
    if (width === 1) {
      const p = probs[i];
      predicted[i] = p >= 0.5 ? 1 : 0;
      confidence[i] = round2(Math.max(p, 1 - p));
    } else {
      let best = 0;
      for (let k = 1; k < width; k++) if (probs[i * width + k] > probs[i * width + best]) best = k;
      predicted[i] = best;
      confidence[i] = round2(probs[i * width + best]);
    }
  }
  const n = data.train.n;
  const stride = Math.max(1, Math.ceil(n / MAX_POINTS));
  const points: [number, number, number][] = [];
  const labels = data.train.labels;
  for (let i = 0; i < n; i += stride) points.push([round(data.train.x[2 * i]), round(data.train.x[2 * i + 1]), labels ? labels[i] : 0]);
  return { extent, size, classes: Math.max(data.numClasses, width === 1 ? 2 : width), predicted, confidence, points };
}

function round(v: number): number {
  return Number(v.toPrecision(5));
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
