// TypeScript helpers of the TensorFlow.js export: one function per builtin (or support need), in the
// stable forms of LossLab's numerics (server/src/numerics/kernels), written with public @tensorflow/tfjs
// ops only. Emitted once each, dependencies first, only when used. Tensor arguments come positionally,
// then the other parameters in the builtin table's order (values filled in by the exporter).

export interface TsHelper {
  readonly code: string;
  readonly deps: readonly string[];
}

const h = (code: string, deps: readonly string[] = []): TsHelper => ({ code: code.trim(), deps });

export const TS_HELPERS: Readonly<Record<string, TsHelper>> = {
  _test: h(`
/**
 * a OP b as a boolean tensor with a zero gradient: tfjs registers no gradient for comparisons, so a
 * comparison of a differentiated tensor would otherwise break backpropagation through tf.where.
 */
function _test(op: 'less' | 'lessEqual' | 'greater' | 'greaterEqual' | 'equal' | 'notEqual', a: Num, b: Num): tf.Tensor {
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, y, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    save([x, y]);
    return { value: tf[op](x, y), gradFunc: (_dy: tf.Tensor, saved: tf.Tensor[]) => [tf.zerosLike(saved[0]!), tf.zerosLike(saved[1]!)] };
  });
  return f(_tensor(a), _tensor(b));
}`, ['_tensor']),
  _mask: h(`
/** A comparison as a 0/1 float mask (LossLab comparisons give numbers). */
function _mask(op: 'less' | 'lessEqual' | 'greater' | 'greaterEqual' | 'equal' | 'notEqual', a: Num, b: Num): tf.Tensor {
  return tf.cast(_test(op, a, b), 'float32');
}`, ['_test']),
  _vector: h(`
/** A 1-D (or nested) float tensor from numbers and scalar tensors. */
function _vector(items: readonly (Num | tf.Tensor)[] | tf.Tensor): tf.Tensor {
  if (items instanceof tf.Tensor) return tf.cast(items, 'float32');
  return tf.stack(items.map((v) => (typeof v === 'number' ? tf.scalar(v) : tf.cast(v, 'float32'))));
}`),
  _broadcast: h(`
/** Broadcasts tensors to their common NumPy shape. */
function _broadcast(...xs: tf.Tensor[]): tf.Tensor[] {
  const rank = Math.max(...xs.map((x) => x.rank));
  const shape: number[] = [];
  for (let i = 0; i < rank; i++) {
    shape.push(Math.max(...xs.map((x) => x.shape[x.rank - rank + i] ?? 1)));
  }
  return xs.map((x) => (x.shape.length === rank && x.shape.every((d, i) => d === shape[i]) ? x : tf.broadcastTo(x, shape)));
}`),
  _where: h(`
/** a where cond != 0, b elsewhere (broadcast). */
function _where(cond: Num, a: Num, b: Num): tf.Tensor {
  const [c, x, y] = _broadcast(_test('notEqual', cond, 0), _tensor(a), _tensor(b));
  return tf.where(c as tf.Tensor, x as tf.Tensor, y as tf.Tensor);
}`, ['_broadcast', '_tensor', '_test']),
  _tensor: h(`
function _tensor(x: Num): tf.Tensor {
  return typeof x === 'number' ? tf.scalar(x) : x;
}`),
  _log_sigmoid: h(`
/** log σ(x) = −softplus(−x), whose gradient works on intermediate tensors (unlike tf.logSigmoid). */
function _log_sigmoid(x: Num): tf.Tensor {
  return tf.neg(tf.softplus(tf.neg(x)));
}`),
  _clamp: h(`
/** min(max(x, lo), hi); either bound may be absent. Gradient 1 inside [lo, hi], 0 outside. */
function _clamp(x: Num, lo: Num | null, hi: Num | null): tf.Tensor {
  let out = _tensor(x);
  if (lo !== null) out = tf.where(_test('less', out, lo), tf.add(tf.zerosLike(out), lo), out);
  if (hi !== null) out = tf.where(_test('greater', out, hi), tf.add(tf.zerosLike(out), hi), out);
  return out;
}`, ['_tensor', '_test']),
  _reduce: h(`
/** A reduction over every element (axis null) or one axis. */
function _reduce(fn: 'sum' | 'mean' | 'max' | 'min' | 'logSumExp', x: Num, axis: number | null, keepdims: boolean): tf.Tensor {
  const t = _tensor(x);
  const ax = axis === null ? undefined : axis;
  switch (fn) {
    case 'sum': return tf.sum(t, ax, keepdims);
    case 'mean': return tf.mean(t, ax, keepdims);
    case 'max': return tf.max(t, ax, keepdims);
    case 'min': return tf.min(t, ax, keepdims);
    case 'logSumExp': return tf.logSumExp(t, ax, keepdims);
  }
}`, ['_tensor']),
  _norm: h(`
/** The p-norm over every element or along one axis. */
function _norm(x: Num, p: number, axis: number | null, keepdims: boolean): tf.Tensor {
  const t = _tensor(x);
  const ax = axis === null ? undefined : axis;
  if (p === 2) return tf.sqrt(tf.sum(tf.square(t), ax, keepdims));
  if (p === 1) return tf.sum(tf.abs(t), ax, keepdims);
  return tf.pow(tf.sum(tf.pow(tf.abs(t), p), ax, keepdims), 1 / p);
}`, ['_tensor']),
  _softmax: h(`
/** Softmax along an axis, exp(z − logsumexp(z)). */
function _softmax(z: tf.Tensor, axis: number): tf.Tensor {
  return tf.exp(_log_softmax(z, axis));
}`, ['_log_softmax']),
  _log_softmax: h(`
/** Log-softmax along an axis, z − logsumexp(z). */
function _log_softmax(z: tf.Tensor, axis: number): tf.Tensor {
  return tf.sub(z, tf.logSumExp(z, axis, true));
}`),
  _onehot: h(`
/** One-hot, class axis of length C appended last; labels outside 0..C−1 give zero rows. */
function _onehot(y: tf.Tensor, C: number): tf.Tensor {
  return tf.cast(tf.oneHot(tf.cast(y, 'int32'), Math.round(C)), 'float32');
}`),
  _gather: h(`
/** z[i, y_i] along the last axis. */
function _gather(z: tf.Tensor, y: tf.Tensor): tf.Tensor {
  return tf.sum(tf.mul(z, _onehot(y, z.shape[z.rank - 1]!)), -1);
}`, ['_onehot']),
  _transpose: h(`
/** Swaps axes a and b (negative counts from the last); rank 1 is returned unchanged. */
function _transpose(x: tf.Tensor, a: number, b: number): tf.Tensor {
  if (x.rank < 2) return x;
  const perm = x.shape.map((_, i) => i);
  const i = a < 0 ? x.rank + a : a;
  const j = b < 0 ? x.rank + b : b;
  [perm[i], perm[j]] = [perm[j]!, perm[i]!];
  return tf.transpose(x, perm);
}`),
  _ramp: h(`
function _ramp(progress: number, from: number, to: number, start: number, end: number): number {
  if (end <= start) return progress >= start ? to : from;
  return from + (to - from) * Math.min(Math.max((progress - start) / (end - start), 0), 1);
}`),
  _cosine: h(`
function _cosine(progress: number, from: number, to: number): number {
  return to + ((from - to) * (1 + Math.cos(Math.PI * progress))) / 2;
}`),
  _warmup: h(`
function _warmup(progress: number, value: number, until: number): number {
  return until <= 0 ? value : value * Math.min(1, progress / until);
}`),
  _bce_rows: h(`
/** Elementwise BCE on logits, max(z, 0) − z·y + log(1 + e^{−|z|}). */
function _bce_rows(z: tf.Tensor, y: Num): tf.Tensor {
  return tf.add(tf.sub(tf.relu(z), tf.mul(z, y)), tf.log1p(tf.exp(tf.neg(tf.abs(z)))));
}`),
  _ce_rows: h(`
/** Per-row cross-entropy logsumexp(z_i) − z_{i, y_i}. */
function _ce_rows(z: tf.Tensor, y: tf.Tensor): tf.Tensor {
  return tf.sub(tf.logSumExp(z, -1), _gather(z, y));
}`, ['_gather']),
  _is_disabled_alpha: h(`
function _is_disabled_alpha(alpha: Num | tf.Tensor): boolean {
  if (typeof alpha === 'number') return alpha < 0;
  return alpha.rank === 0 && alpha.dataSync()[0]! < 0;
}`),
  _focal: h(`
/** Focal loss, mean: softmax form for class-index labels, sigmoid form otherwise; (1 − p_t)^γ in log space. */
function _focal(z: tf.Tensor, y: tf.Tensor, gamma: Num, alpha: Num | tf.Tensor): tf.Tensor {
  if (y.rank === z.rank - 1) {
    const C = z.shape[z.rank - 1]!;
    const oh = _onehot(y, C);
    const logp = tf.sum(tf.mul(_log_softmax(z, -1), oh), -1);
    const others = tf.where(_test('greater', oh, 0), tf.fill(z.shape, -Infinity), z);
    const log1mp = tf.sub(tf.logSumExp(others, -1), tf.logSumExp(z, -1));
    let loss = tf.mul(tf.neg(tf.exp(tf.mul(gamma, log1mp))), logp);
    if (!_is_disabled_alpha(alpha)) {
      const a = _tensor(alpha);
      loss = tf.mul(a.rank > 0 ? tf.sum(tf.mul(oh, a), -1) : a, loss);
    }
    return tf.mean(loss);
  }
  const ce = _bce_rows(z, y);
  const s = tf.sub(tf.mul(2, y), 1);
  let loss = tf.mul(tf.exp(tf.mul(gamma, _log_sigmoid(tf.neg(tf.mul(s, z))))), ce);
  if (!_is_disabled_alpha(alpha)) {
    const a = _tensor(alpha);
    loss = tf.mul(tf.add(tf.mul(a, y), tf.mul(tf.sub(1, a), tf.sub(1, y))), loss);
  }
  return tf.mean(loss);
}`, ['_onehot', '_log_softmax', '_is_disabled_alpha', '_tensor', '_bce_rows', '_log_sigmoid', '_test']),
  _overlap_sums: h(`
/** Σpy, Σp, Σy over every element, or per class (last axis) over all other axes. */
function _overlap_sums(p: tf.Tensor, y: tf.Tensor, perClass: boolean): [tf.Tensor, tf.Tensor, tf.Tensor] {
  const [pb, yb] = _broadcast(p, y);
  const axes = perClass ? pb!.shape.slice(0, -1).map((_, i) => i) : undefined;
  return [tf.sum(tf.mul(pb!, yb!), axes), tf.sum(pb!, axes), tf.sum(yb!, axes)];
}`, ['_broadcast']),
  _dice: h(`
function _dice(p: tf.Tensor, y: tf.Tensor, smooth: Num, perClass: boolean): tf.Tensor {
  const [tp, sp, sy] = _overlap_sums(p, y, perClass);
  return tf.mean(tf.sub(1, tf.div(tf.add(tf.mul(2, tp), smooth), tf.add(tf.add(sp, sy), smooth))));
}`, ['_overlap_sums']),
  _tversky_index: h(`
function _tversky_index(p: tf.Tensor, y: tf.Tensor, alpha: Num, beta: Num, smooth: Num, perClass: boolean): tf.Tensor {
  const [tp, sp, sy] = _overlap_sums(p, y, perClass);
  const fp = tf.sub(sp, tp);
  const fn = tf.sub(sy, tp);
  return tf.div(tf.add(tp, smooth), tf.add(tf.add(tf.add(tp, tf.mul(alpha, fp)), tf.mul(beta, fn)), smooth));
}`, ['_overlap_sums']),
  _tversky: h(`
function _tversky(p: tf.Tensor, y: tf.Tensor, alpha: Num, beta: Num, smooth: Num, perClass: boolean): tf.Tensor {
  return tf.mean(tf.sub(1, _tversky_index(p, y, alpha, beta, smooth, perClass)));
}`, ['_tversky_index']),
  _focal_tversky: h(`
function _focal_tversky(p: tf.Tensor, y: tf.Tensor, alpha: Num, beta: Num, gamma: Num, smooth: Num, perClass: boolean): tf.Tensor {
  return tf.mean(tf.pow(tf.relu(tf.sub(1, _tversky_index(p, y, alpha, beta, smooth, perClass))), gamma));
}`, ['_tversky_index']),
  _gan_g: h(`
function _gan_g(fake: tf.Tensor, kind: string): tf.Tensor {
  switch (kind) {
    case 'ns': return tf.mean(tf.softplus(tf.neg(fake)));
    case 'minimax': return tf.mean(tf.neg(tf.softplus(fake)));
    case 'hinge':
    case 'wgan': return tf.neg(tf.mean(fake));
    case 'ls': return tf.mean(tf.mul(0.5, tf.square(tf.sub(fake, 1))));
    default: throw new Error('gan_g: unknown kind ' + kind);
  }
}`),
  _gan_d: h(`
function _gan_d(real: tf.Tensor, fake: tf.Tensor, kind: string): tf.Tensor {
  switch (kind) {
    case 'ns':
    case 'minimax': return tf.add(tf.mean(tf.softplus(tf.neg(real))), tf.mean(tf.softplus(fake)));
    case 'hinge': return tf.add(tf.mean(tf.relu(tf.sub(1, real))), tf.mean(tf.relu(tf.add(1, fake))));
    case 'wgan': return tf.sub(tf.mean(fake), tf.mean(real));
    case 'ls': return tf.add(tf.mul(0.5, tf.mean(tf.square(tf.sub(real, 1)))), tf.mul(0.5, tf.mean(tf.square(fake))));
    default: throw new Error('gan_d: unknown kind ' + kind);
  }
}`),
  _ragan_g: h(`
function _ragan_g(real: tf.Tensor, fake: tf.Tensor): tf.Tensor {
  return tf.mul(0.5, tf.add(tf.mean(tf.softplus(tf.sub(real, tf.mean(fake)))), tf.mean(tf.softplus(tf.neg(tf.sub(fake, tf.mean(real)))))));
}`),
  _ragan_d: h(`
function _ragan_d(real: tf.Tensor, fake: tf.Tensor): tf.Tensor {
  return tf.mul(0.5, tf.add(tf.mean(tf.softplus(tf.neg(tf.sub(real, tf.mean(fake))))), tf.mean(tf.softplus(tf.sub(fake, tf.mean(real))))));
}`),
  _rsgan_d: h(`
function _rsgan_d(real: tf.Tensor, fake: tf.Tensor): tf.Tensor {
  return tf.mean(tf.softplus(tf.neg(tf.sub(real, fake))));
}`),
  _rsgan_g: h(`
function _rsgan_g(real: tf.Tensor, fake: tf.Tensor): tf.Tensor {
  return tf.mean(tf.softplus(tf.neg(tf.sub(fake, real))));
}`),
  _ce: h(`
/** Softmax cross-entropy with PyTorch's conventions (weighted mean Σ w_y ℓ / Σ w_y; label smoothing ε/C). */
function _ce(z: tf.Tensor, y: tf.Tensor, weight: readonly number[] | tf.Tensor | null, labelSmoothing: Num): tf.Tensor {
  const C = z.shape[z.rank - 1]!;
  const logp = _log_softmax(z, -1);
  const w = weight === null ? null : _vector(weight);
  if (y.rank === z.rank - 1) {
    const oh = _onehot(y, C);
    const nll = tf.neg(tf.sum(tf.mul(logp, oh), -1));
    if (w === null) {
      return tf.add(tf.mul(tf.sub(1, labelSmoothing), tf.mean(nll)), tf.div(tf.mul(labelSmoothing, tf.mean(tf.neg(tf.sum(logp, -1)))), C));
    }
    const wy = tf.sum(tf.mul(oh, w), -1);
    const smooth = tf.neg(tf.sum(tf.mul(logp, w), -1));
    const num = tf.add(tf.mul(tf.sub(1, labelSmoothing), tf.sum(tf.mul(wy, nll))), tf.div(tf.mul(labelSmoothing, tf.sum(smooth)), C));
    return tf.div(num, tf.sum(wy));
  }
  const q = tf.add(tf.mul(tf.sub(1, labelSmoothing), y), tf.div(labelSmoothing, C));
  const per = tf.neg(tf.sum(tf.mul(tf.mul(q, logp), w === null ? 1 : w), -1));
  return tf.mean(per);
}`, ['_log_softmax', '_vector', '_onehot']),
  _nll: h(`
function _nll(logp: tf.Tensor, y: tf.Tensor): tf.Tensor {
  if (y.rank === logp.rank - 1) return tf.mean(tf.neg(_gather(logp, y)));
  return tf.mean(tf.neg(tf.sum(tf.mul(y, logp), -1)));
}`, ['_gather']),
  _cb_weights: h(`
function _cb_weights(classCounts: tf.Tensor, beta: number): tf.Tensor {
  const n = tf.cast(classCounts, 'float32');
  const w = tf.div(1 - beta, tf.sub(1, tf.pow(beta, n)));
  return tf.mul(tf.div(w, tf.sum(w)), n.size);
}`),
  _inv_freq: h(`
function _inv_freq(classCounts: tf.Tensor): tf.Tensor {
  const n = tf.cast(classCounts, 'float32');
  return tf.div(tf.sum(n), tf.mul(n.size, n));
}`),
  _center: h(`
/** Center loss: mean of ½‖f_i − c_{y_i}‖² with learnable prototypes (C × D, initialised to 0). */
function _center(features: tf.Tensor, y: tf.Tensor, centers: tf.Tensor): tf.Tensor {
  const c = tf.matMul(_onehot(y, centers.shape[0]!), centers);
  return tf.mean(tf.mul(0.5, tf.sum(tf.square(tf.sub(features, c)), -1)));
}`, ['_onehot']),
  _l1: h(`
function _l1(weights: tf.Tensor): tf.Tensor {
  return tf.sum(tf.abs(weights));
}`),
  _l2: h(`
function _l2(weights: tf.Tensor): tf.Tensor {
  return tf.sum(tf.square(weights));
}`),
  _hinge: h(`
function _hinge(z: tf.Tensor, y: tf.Tensor, margin: Num, signs: boolean): tf.Tensor {
  const s = signs ? y : tf.sub(tf.mul(2, y), 1);
  return tf.mean(tf.relu(tf.sub(margin, tf.mul(s, z))));
}`),
  _squared_hinge: h(`
function _squared_hinge(z: tf.Tensor, y: tf.Tensor, margin: Num, signs: boolean): tf.Tensor {
  const s = signs ? y : tf.sub(tf.mul(2, y), 1);
  return tf.mean(tf.square(tf.relu(tf.sub(margin, tf.mul(s, z)))));
}`),
  _asl: h(`
/** Asymmetric loss (Ridnik et al. 2021), log-sigmoid form, mean over elements. */
function _asl(z: tf.Tensor, y: tf.Tensor, gammaNeg: Num, gammaPos: Num, clip: number): tf.Tensor {
  const p = tf.sigmoid(z);
  const logP = _log_sigmoid(z);
  const logNeg = clip > 0 ? tf.log(tf.minimum(tf.add(tf.sub(1, p), clip), 1)) : _log_sigmoid(tf.neg(z));
  const pm = clip > 0 ? tf.relu(tf.sub(p, clip)) : p;
  const wPos = tf.exp(tf.mul(gammaPos, _log_sigmoid(tf.neg(z))));
  const wNeg = tf.pow(pm, gammaNeg);
  return tf.mean(tf.neg(tf.add(tf.mul(tf.mul(y, wPos), logP), tf.mul(tf.mul(tf.sub(1, y), wNeg), logNeg))));
}`, ['_log_sigmoid']),
  _ldam: h(`
function _ldam(z: tf.Tensor, y: tf.Tensor, classCounts: tf.Tensor, maxMargin: Num, s: Num): tf.Tensor {
  const n = tf.cast(classCounts, 'float32');
  let m = tf.pow(n, -0.25);
  m = tf.mul(m, tf.div(maxMargin, tf.max(m)));
  const oh = _onehot(y, z.shape[z.rank - 1]!);
  const shifted = tf.sub(z, tf.mul(tf.sum(tf.mul(oh, m), -1, true), oh));
  return tf.mean(_ce_rows(tf.mul(s, shifted), y));
}`, ['_onehot', '_ce_rows']),
  _kl_rows: h(`
/** Σ p log(p/q) along the last axis, 0·log 0 = 0. */
function _kl_rows(p: tf.Tensor, q: tf.Tensor): tf.Tensor {
  const [pb, qb] = _broadcast(p, q);
  const pos = _test('greater', pb!, 0);
  const one = tf.onesLike(pb!);
  const term = tf.where(pos, tf.mul(pb!, tf.sub(tf.log(tf.where(pos, pb!, one)), tf.log(tf.where(pos, qb!, one)))), tf.zerosLike(pb!));
  return tf.sum(term, -1);
}`, ['_broadcast', '_test']),
  _kl: h(`
function _kl(p: tf.Tensor, q: tf.Tensor): tf.Tensor {
  return tf.mean(_kl_rows(p, q));
}`, ['_kl_rows']),
  _js: h(`
function _js(p: tf.Tensor, q: tf.Tensor): tf.Tensor {
  const m = tf.mul(0.5, tf.add(p, q));
  return tf.mean(tf.add(tf.mul(0.5, _kl_rows(p, m)), tf.mul(0.5, _kl_rows(q, m))));
}`, ['_kl_rows']),
  _kd: h(`
function _kd(s: tf.Tensor, t: tf.Tensor, T: number): tf.Tensor {
  const logPt = _log_softmax(tf.div(t, T), -1);
  const logPs = _log_softmax(tf.div(s, T), -1);
  return tf.mul(T * T, tf.mean(tf.sum(tf.mul(tf.exp(logPt), tf.sub(logPt, logPs)), -1)));
}`, ['_log_softmax']),
  _hint: h(`
function _hint(fs: tf.Tensor, ft: tf.Tensor): tf.Tensor {
  return tf.mean(tf.square(tf.sub(fs, ft)));
}`),
  _smooth_l1_mean: h(`
function _smooth_l1_mean(d: tf.Tensor, beta = 1): tf.Tensor {
  const a = tf.abs(d);
  return tf.mean(tf.where(_test('less', a, beta), tf.div(tf.mul(0.5, tf.square(d)), beta), tf.sub(a, 0.5 * beta)));
}`, ['_test']),
  _rkd_psi: h(`
function _rkd_psi(f: tf.Tensor): tf.Tensor {
  const n = f.shape[0]!;
  const diff = tf.sub(tf.expandDims(f, 1), tf.expandDims(f, 0));
  const d = tf.mul(tf.sqrt(tf.maximum(tf.sum(tf.square(diff), -1), 1e-12)), tf.sub(1, tf.eye(n)));
  const positive = _mask('greater', d, 0);
  return tf.div(d, tf.div(tf.sum(d), tf.sum(positive)));
}`, ['_mask']),
  _rkd_distance: h(`
function _rkd_distance(fs: tf.Tensor, ft: tf.Tensor): tf.Tensor {
  return _smooth_l1_mean(tf.sub(_rkd_psi(fs), _rkd_psi(ft)));
}`, ['_rkd_psi', '_smooth_l1_mean']),
  _rkd_cosines: h(`
function _rkd_cosines(f: tf.Tensor): tf.Tensor {
  const diff = tf.sub(tf.expandDims(f, 0), tf.expandDims(f, 1));
  // max(‖d‖, 1e−12) written as √max(Σd², 1e−24): the same value, and a zero (not NaN) gradient at d = 0.
  const e = tf.div(diff, tf.sqrt(tf.maximum(tf.sum(tf.square(diff), -1, true), 1e-24)));
  return tf.matMul(e, e, false, true);
}`),
  _rkd_angle: h(`
function _rkd_angle(fs: tf.Tensor, ft: tf.Tensor): tf.Tensor {
  return _smooth_l1_mean(tf.sub(_rkd_cosines(fs), _rkd_cosines(ft)));
}`, ['_rkd_cosines', '_smooth_l1_mean']),
  _fakequant: h(`
/**
 * Symmetric signed fake quantisation, round half to even, with the straight-through gradient (1 where
 * round(x/s) is inside the grid, 0 outside) and LSQ's gradient for a given scale. Without a scale,
 * s = max|x| / (2^(b−1) − 1), a constant (1 for an all-zero x).
 */
function _fakequant(x: tf.Tensor, bits: number, scale: Num | null): tf.Tensor {
  const qmax = 2 ** (bits - 1) - 1;
  const qmin = -(2 ** (bits - 1));
  let s: tf.Tensor;
  if (scale === null) {
    const m = tf.div(tf.max(tf.abs(x)), qmax);
    s = tf.where(tf.greater(m, 0), m, tf.onesLike(m));
    s = tf.tensor(s.dataSync(), s.shape); // held constant
  } else {
    s = _tensor(scale);
  }
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xv, sv, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    save([xv, sv]);
    const r = tf.round(tf.div(xv, sv));
    return {
      value: tf.mul(tf.clipByValue(r, qmin, qmax), sv),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, ss] = saved as [tf.Tensor, tf.Tensor];
        const v = tf.div(xs, ss);
        const rr = tf.round(v);
        const inside = tf.cast(tf.logicalAnd(tf.greaterEqual(rr, qmin), tf.lessEqual(rr, qmax)), 'float32');
        const dqds = tf.add(tf.mul(inside, tf.sub(rr, v)), tf.mul(tf.sub(1, inside), tf.clipByValue(rr, qmin, qmax)));
        return [tf.mul(dy, inside), tf.reshape(tf.sum(tf.mul(dy, dqds)), ss.shape)];
      },
    };
  });
  return op(x, s);
}`, ['_tensor']),
  _quant_noise: h(`
/** x + Δ·u, u ~ U(−½, ½), Δ = max|x| / (2^(b−1) − 1) held constant, while training; fakequant otherwise. */
function _quant_noise(x: tf.Tensor, bits: number, training: boolean): tf.Tensor {
  if (!training) return _fakequant(x, bits, null);
  const step = tf.tensor(tf.div(tf.max(tf.abs(x)), 2 ** (bits - 1) - 1).dataSync()[0]!);
  return tf.add(x, tf.mul(step, tf.randomUniform(x.shape, -0.5, 0.5)));
}`, ['_fakequant']),
  _bce: h(`
function _bce(z: tf.Tensor, y: Num): tf.Tensor {
  return tf.mean(_bce_rows(z, y));
}`, ['_bce_rows']),
  _mse: h(`
function _mse(x: Num, t: Num): tf.Tensor {
  return tf.mean(tf.square(tf.sub(x, t)));
}`),
  _mae: h(`
function _mae(x: Num, t: Num): tf.Tensor {
  return tf.mean(tf.abs(tf.sub(x, t)));
}`),
  _huber: h(`
function _huber(x: Num, t: Num, delta: number): tf.Tensor {
  const r = tf.sub(x, t);
  const a = tf.abs(r);
  return tf.mean(tf.where(_test('lessEqual', a, delta), tf.mul(0.5, tf.square(r)), tf.mul(delta, tf.sub(a, 0.5 * delta))));
}`, ['_test']),
  _smooth_l1: h(`
function _smooth_l1(x: Num, t: Num, beta: number): tf.Tensor {
  const r = tf.sub(x, t);
  const a = tf.abs(r);
  if (beta <= 0) return tf.mean(a);
  return tf.mean(tf.where(_test('less', a, beta), tf.div(tf.mul(0.5, tf.square(r)), beta), tf.sub(a, 0.5 * beta)));
}`, ['_test']),
  _log_cosh: h(`
function _log_cosh(x: Num, t: Num): tf.Tensor {
  const r = tf.sub(x, t);
  return tf.mean(tf.sub(tf.add(r, tf.softplus(tf.mul(-2, r))), Math.log(2)));
}`),
  _quantile: h(`
function _quantile(x: Num, t: Num, q: number): tf.Tensor {
  const r = tf.sub(t, x);
  return tf.mean(tf.maximum(tf.mul(q, r), tf.mul(q - 1, r)));
}`),
  _contrastive: h(`
function _contrastive(d: tf.Tensor, y: tf.Tensor, margin: Num): tf.Tensor {
  return tf.mean(tf.add(tf.mul(y, tf.square(d)), tf.mul(tf.sub(1, y), tf.square(tf.relu(tf.sub(margin, d))))));
}`),
  _triplet: h(`
/** max(0, d(a, p) − d(a, n) + m), d(u, v) = ‖u − v + 1e−6‖ (PyTorch's triplet_margin_loss). */
function _triplet(a: tf.Tensor, p: tf.Tensor, n: tf.Tensor, margin: Num): tf.Tensor {
  const d = (u: tf.Tensor, v: tf.Tensor) => tf.sqrt(tf.sum(tf.square(tf.add(tf.sub(u, v), 1e-6)), -1));
  return tf.mean(tf.relu(tf.add(tf.sub(d(a, p), d(a, n)), margin)));
}`),
  _infonce: h(`
function _infonce(q: tf.Tensor, k: tf.Tensor, tau: number): tf.Tensor {
  const unit = (v: tf.Tensor) => tf.div(v, tf.sqrt(tf.maximum(tf.sum(tf.square(v), -1, true), 1e-24)));
  const logits = tf.div(tf.matMul(unit(q), unit(k), false, true), tau);
  const n = logits.shape[0]!;
  return tf.mean(tf.sub(tf.logSumExp(logits, -1), tf.sum(tf.mul(logits, tf.eye(n)), -1)));
}`),
};

export function tsHelperClosure(names: Iterable<string>): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (n: string): void => {
    if (seen.has(n)) return;
    const helper = TS_HELPERS[n];
    if (!helper) throw new Error(`internal: no TypeScript helper '${n}'`);
    seen.add(n);
    for (const d of helper.deps) add(d);
    out.push(n);
  };
  for (const n of names) add(n);
  return out;
}
