// Classification metrics as pure functions of predicted probabilities (n × C, row-major) and true labels.
// Conventions follow scikit-learn: recall of a class with no samples is 0 and left out of balanced
// accuracy; F1 of a class with no predictions and no samples is 0; AUC is the Mann–Whitney statistic
// (ties count ½); multi-class AUC is the macro one-vs-rest mean over classes that have both outcomes.

export function argmaxRows(probs: ArrayLike<number>, n: number, C: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < C; c++) if (probs[i * C + c] > probs[i * C + best]) best = c;
    out[i] = best;
  }
  return out;
}

export function confusion(pred: ArrayLike<number>, labels: ArrayLike<number>, C: number): number[][] {
  const m = Array.from({ length: C }, () => new Array<number>(C).fill(0));
  for (let i = 0; i < labels.length; i++) m[labels[i]][pred[i]]++;
  return m;
}

export function accuracy(pred: ArrayLike<number>, labels: ArrayLike<number>): number {
  let ok = 0;
  for (let i = 0; i < labels.length; i++) ok += pred[i] === labels[i] ? 1 : 0;
  return labels.length ? ok / labels.length : 0;
}

export function perClassRecall(pred: ArrayLike<number>, labels: ArrayLike<number>, C: number): number[] {
  const m = confusion(pred, labels, C);
  return m.map((row, c) => { const s = row.reduce((a, b) => a + b, 0); return s ? row[c] / s : 0; });
}

export function perClassPrecision(pred: ArrayLike<number>, labels: ArrayLike<number>, C: number): number[] {
  const m = confusion(pred, labels, C);
  return m.map((_, c) => { let s = 0; for (let r = 0; r < C; r++) s += m[r][c]; return s ? m[c][c] / s : 0; });
}

export function balancedAccuracy(pred: ArrayLike<number>, labels: ArrayLike<number>, C: number): number {
  const m = confusion(pred, labels, C);
  let sum = 0, present = 0;
  m.forEach((row, c) => { const s = row.reduce((a, b) => a + b, 0); if (s) { sum += row[c] / s; present++; } });
  return present ? sum / present : 0;
}

export function macroF1(pred: ArrayLike<number>, labels: ArrayLike<number>, C: number): number {
  const m = confusion(pred, labels, C);
  let sum = 0;
  for (let c = 0; c < C; c++) {
    let tp = m[c][c], fn = 0, fp = 0;
    for (let k = 0; k < C; k++) if (k !== c) { fn += m[c][k]; fp += m[k][c]; }
    sum += tp + fp + fn ? (2 * tp) / (2 * tp + fp + fn) : 0;
  }
  return C ? sum / C : 0;
}

/** ROC AUC of scores against 0/1 outcomes (Mann–Whitney U with average ranks); NaN when one class is absent. */
export function binaryAuc(scores: ArrayLike<number>, positive: ArrayLike<number | boolean>): number {
  const n = scores.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let rankSumPos = 0, nPos = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && scores[idx[j + 1]] === scores[idx[i]]) j++;
    const avgRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (positive[idx[k]]) { rankSumPos += avgRank; nPos++; }
    i = j + 1;
  }
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return NaN;
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/** Binary: AUC of p(class 1); multi-class: macro one-vs-rest. */
export function auc(probs: ArrayLike<number>, labels: ArrayLike<number>, C: number): number {
  const n = labels.length;
  const classes = C === 2 ? [1] : Array.from({ length: C }, (_, c) => c);
  let sum = 0, k = 0;
  for (const c of classes) {
    const s = new Float64Array(n), pos = new Uint8Array(n);
    for (let i = 0; i < n; i++) { s[i] = probs[i * C + c]; pos[i] = labels[i] === c ? 1 : 0; }
    const a = binaryAuc(s, pos);
    if (!Number.isNaN(a)) { sum += a; k++; }
  }
  return k ? sum / k : NaN;
}

/** Expected calibration error of the top-class confidence, `bins` equal-width bins (Guo et al. 2017). */
export function ece(probs: ArrayLike<number>, labels: ArrayLike<number>, C: number, bins = 15): number {
  const n = labels.length;
  const count = new Float64Array(bins), conf = new Float64Array(bins), acc = new Float64Array(bins);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < C; c++) if (probs[i * C + c] > probs[i * C + best]) best = c;
    const p = probs[i * C + best];
    const b = Math.min(bins - 1, Math.max(0, Math.ceil(p * bins) - 1));
    count[b]++;
    conf[b] += p;
    acc[b] += best === labels[i] ? 1 : 0;
  }
  let e = 0;
  for (let b = 0; b < bins; b++) if (count[b]) e += Math.abs(acc[b] - conf[b]);
  return n ? e / n : 0;
}

/** Mean top-class probability (how confident the model is). */
export function meanConfidence(probs: ArrayLike<number>, n: number, C: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) { let m = 0; for (let c = 0; c < C; c++) m = Math.max(m, probs[i * C + c]); s += m; }
  return n ? s / n : 0;
}

/**
 * The decision threshold on p(positive) that maximises F1 on these samples (a post-hoc rule chosen on
 * validation), and the F1 it reaches. Candidates are the distinct scores; ties broken towards the lower
 * threshold.
 */
export function tunedThreshold(scores: ArrayLike<number>, positive: ArrayLike<number | boolean>): { threshold: number; f1: number } {
  const n = scores.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  let totalPos = 0;
  for (let i = 0; i < n; i++) totalPos += positive[i] ? 1 : 0;
  let tp = 0, fp = 0, best = { threshold: 0.5, f1: 0 };
  for (let k = 0; k < n; k++) {
    if (positive[idx[k]]) tp++; else fp++;
    if (k + 1 < n && scores[idx[k + 1]] === scores[idx[k]]) continue;
    const f1 = totalPos ? (2 * tp) / (2 * tp + fp + (totalPos - tp)) : 0;
    if (f1 > best.f1) best = { threshold: scores[idx[k]], f1 };
  }
  return best;
}
