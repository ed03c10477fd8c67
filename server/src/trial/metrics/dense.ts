// Metrics of dense 0/1 predictions (segmentation masks, multi-label outputs) and of real-valued ones
// (regression). Inputs are flat arrays of equal length.

/** Dice = 2|P∩T| / (|P| + |T|) of the thresholded prediction, pooled over all entries; 1 when both are empty. */
export function dice(probs: ArrayLike<number>, truth: ArrayLike<number>, threshold = 0.5): number {
  let inter = 0, p = 0, t = 0;
  for (let i = 0; i < truth.length; i++) {
    const a = probs[i] >= threshold ? 1 : 0, b = truth[i] >= 0.5 ? 1 : 0;
    inter += a * b; p += a; t += b;
  }
  return p + t ? (2 * inter) / (p + t) : 1;
}

/** IoU = |P∩T| / |P∪T|, pooled; 1 when both are empty. */
export function iou(probs: ArrayLike<number>, truth: ArrayLike<number>, threshold = 0.5): number {
  let inter = 0, union = 0;
  for (let i = 0; i < truth.length; i++) {
    const a = probs[i] >= threshold ? 1 : 0, b = truth[i] >= 0.5 ? 1 : 0;
    inter += a * b; union += a | b;
  }
  return union ? inter / union : 1;
}

/** Recall and precision of the positive entries at a threshold. */
export function positiveRecall(probs: ArrayLike<number>, truth: ArrayLike<number>, threshold = 0.5): number {
  let tp = 0, pos = 0;
  for (let i = 0; i < truth.length; i++) if (truth[i] >= 0.5) { pos++; tp += probs[i] >= threshold ? 1 : 0; }
  return pos ? tp / pos : 0;
}

export function positivePrecision(probs: ArrayLike<number>, truth: ArrayLike<number>, threshold = 0.5): number {
  let tp = 0, pp = 0;
  for (let i = 0; i < truth.length; i++) if (probs[i] >= threshold) { pp++; tp += truth[i] >= 0.5 ? 1 : 0; }
  return pp ? tp / pp : 0;
}

/** Fraction of entries whose thresholded prediction equals the truth. */
export function elementAccuracy(probs: ArrayLike<number>, truth: ArrayLike<number>, threshold = 0.5): number {
  let ok = 0;
  for (let i = 0; i < truth.length; i++) ok += (probs[i] >= threshold ? 1 : 0) === (truth[i] >= 0.5 ? 1 : 0) ? 1 : 0;
  return truth.length ? ok / truth.length : 0;
}

export function mse(pred: ArrayLike<number>, truth: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < truth.length; i++) s += (pred[i] - truth[i]) ** 2;
  return truth.length ? s / truth.length : 0;
}

export function mae(pred: ArrayLike<number>, truth: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < truth.length; i++) s += Math.abs(pred[i] - truth[i]);
  return truth.length ? s / truth.length : 0;
}

/** Fraction of targets at or below the prediction (a quantile-q model should reach about q). */
export function coverage(pred: ArrayLike<number>, truth: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < truth.length; i++) s += truth[i] <= pred[i] ? 1 : 0;
  return truth.length ? s / truth.length : 0;
}

/** Column `k` of an n × K row-major array. */
export function column(a: ArrayLike<number>, K: number, k: number): Float32Array {
  const n = Math.floor(a.length / K);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = a[i * K + k];
  return out;
}
