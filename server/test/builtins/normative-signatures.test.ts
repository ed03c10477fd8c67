import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allFunctions, lookupFunction, signatureText } from '../../src/core/builtins/table.js';

// The builtins the language sketch (§ "Builtins the language must have", normative) names, written out
// by hand from it: names, argument names, order and defaults. `null` is an optional argument without a
// value (the sketch's `axis=…`, `weight=…`, `scale=…`, an omittable clamp bound). A `…` entry is a
// variadic list of task losses (`l1, l2, …`).
const NORMATIVE: Record<string, string> = {
  // Math, elementwise.
  log: 'log(x)', exp: 'exp(x)', sqrt: 'sqrt(x)', abs: 'abs(x)', sign: 'sign(x)', square: 'square(x)',
  sigmoid: 'sigmoid(x)', log_sigmoid: 'log_sigmoid(x)', softplus: 'softplus(x)', relu: 'relu(x)', tanh: 'tanh(x)',
  cos: 'cos(x)', sin: 'sin(x)', acos: 'acos(x)', round: 'round(x)', floor: 'floor(x)',
  clamp: 'clamp(x, lo=null, hi=null)',
  where: 'where(cond, a, b)',
  stopgrad: 'stopgrad(x)',
  // min/max: the two-argument elementwise form `min(a, b)` and the one-argument reduction share a record.
  min: 'min(a, b=null, axis=null, keepdims=false)',
  max: 'max(a, b=null, axis=null, keepdims=false)',
  // Reductions.
  sum: 'sum(x, axis=null, keepdims=false)',
  mean: 'mean(x, axis=null, keepdims=false)',
  norm: 'norm(x, p=2, axis=null, keepdims=false)',
  logsumexp: 'logsumexp(x, axis=-1, keepdims=false)', // keepdims: an extension after the normative axis=-1
  // Tensors.
  softmax: 'softmax(z, axis=-1)',
  log_softmax: 'log_softmax(z, axis=-1)',
  onehot: 'onehot(y, C)',
  gather: 'gather(z, y)',
  matmul: 'matmul(a, b)',
  transpose: 'transpose(x, a=-2, b=-1)',
  concat: 'concat(a, b, axis=-1)',
  // Schedules and autodiff.
  ramp: 'ramp(from, to, start=0, end=1)',
  cosine: 'cosine(from, to)',
  warmup: 'warmup(value, until=0.1)',
  grad: 'grad(f, x)',
  // 1. Dynamic weighting.
  focal: 'focal(z, y, gamma=2, alpha=0.25)',
  gradnorm: 'gradnorm(l1, l2, …, alpha=1.5)',
  dice: 'dice(p, y, smooth=1)',
  tversky: 'tversky(p, y, alpha=0.5, beta=0.5, smooth=1)',
  focal_tversky: 'focal_tversky(p, y, alpha=0.7, beta=0.3, gamma=0.75, smooth=1)', // smooth: extension
  // 2. Multi-task fusion.
  uncertainty: 'uncertainty(l1, l2, …)',
  dwa: 'dwa(l1, l2, …, T=2)',
  pcgrad: 'pcgrad(l1, l2, …)',
  mgda: 'mgda(l1, l2, …)',
  // 3. Adversarial.
  gan_g: 'gan_g(fake, kind="ns")',
  gan_d: 'gan_d(real, fake, kind="ns")',
  ragan_g: 'ragan_g(real, fake)',
  ragan_d: 'ragan_d(real, fake)',
  rsgan_d: 'rsgan_d(real, fake)',
  // 4. Imbalance.
  ce: 'ce(z, y, weight=null, label_smoothing=0)',
  nll: 'nll(logp, y)',
  cb_weights: 'cb_weights(class_counts, beta=0.999)',
  inv_freq: 'inv_freq(class_counts)',
  center: 'center(features, y)',
  // 5. Regularisation.
  l1: 'l1(weights)',
  l2: 'l2(weights)',
  // 6. Adaptive margins.
  hinge: 'hinge(z, y, margin=1)',
  squared_hinge: 'squared_hinge(z, y, margin=1)',
  asl: 'asl(z, y, gamma_neg=4, gamma_pos=0, clip=0.05)',
  ldam: 'ldam(z, y, class_counts, max_margin=0.5, s=30)',
  // 7. Distillation.
  kl: 'kl(p, q)',
  js: 'js(p, q)',
  kd: 'kd(s, t, T=4)',
  hint: 'hint(fs, ft)',
  rkd_distance: 'rkd_distance(fs, ft)',
  rkd_angle: 'rkd_angle(fs, ft)',
  // 8. Quantisation.
  fakequant: 'fakequant(x, bits=8, scale=null)',
  quant_noise: 'quant_noise(x, bits=8)',
  // Base losses.
  bce: 'bce(z, y)',
  mse: 'mse(x, t)',
  mae: 'mae(x, t)',
  huber: 'huber(x, t, delta=1)',
  smooth_l1: 'smooth_l1(x, t, beta=1)',
  log_cosh: 'log_cosh(x, t)',
  quantile: 'quantile(x, t, q=0.5)',
  contrastive: 'contrastive(d, y, margin=1)',
  triplet: 'triplet(a, p, n, margin=1)',
  infonce: 'infonce(q, k, tau=0.07)',
};

/** Builtins beyond the sketch, each with its reason. */
const EXTENSIONS: Record<string, string> = {
  rsgan_g: 'rsgan_g(real, fake)', // the generator partner of the normative rsgan_d
};

describe('normative builtin signatures', () => {
  for (const [name, expected] of Object.entries(NORMATIVE)) {
    it(`${name} is ${expected}`, () => {
      const b = lookupFunction(name);
      assert.ok(b, `missing builtin ${name}`);
      assert.equal(signatureText(b), expected);
    });
  }

  it('has no builtin that is neither normative nor a listed extension', () => {
    const extra = allFunctions().map((b) => b.name).filter((n) => !(n in NORMATIVE) && !(n in EXTENSIONS));
    assert.deepEqual(extra, []);
    for (const [name, expected] of Object.entries(EXTENSIONS)) assert.equal(signatureText(lookupFunction(name)!), expected);
  });

  it('has unique names', () => {
    const names = allFunctions().map((b) => b.name);
    assert.equal(new Set(names).size, names.length);
  });

  it('puts the extensions of normative signatures after every normative parameter', () => {
    // logsumexp(x, axis=-1) and focal_tversky(p, y, alpha, beta, gamma) are prefixes of their records.
    assert.deepEqual(lookupFunction('logsumexp')!.params.slice(0, 2).map((p) => p.name), ['x', 'axis']);
    assert.deepEqual(lookupFunction('focal_tversky')!.params.slice(0, 5).map((p) => p.name), ['p', 'y', 'alpha', 'beta', 'gamma']);
  });

  it('models min/max as one record with a two-argument elementwise form', () => {
    for (const name of ['min', 'max']) {
      const b = lookupFunction(name)!;
      assert.equal(b.result, 'reduction');
      assert.deepEqual(b.forms?.map((f) => [f.when, f.result, [...f.excludes]]), [['b', 'elementwise', ['axis', 'keepdims']]]);
      assert.equal(b.params[1].kind, 'tensor');
    }
  });

  it('gives the sketch’s accepted roles to the tensor inputs the sketch constrains', () => {
    const roles = (fn: string, param: string) => lookupFunction(fn)!.params.find((p) => p.name === param)!.roles;
    assert.deepEqual(roles('focal', 'z'), ['logits']);
    assert.deepEqual(roles('focal', 'y'), ['binary', 'multilabel', 'labels']);
    for (const fn of ['mse', 'mae', 'huber', 'smooth_l1', 'log_cosh', 'quantile']) {
      for (const param of ['x', 't']) {
        const r = roles(fn, param)!;
        assert.ok(!r.includes('labels'), `${fn}.${param} must not accept labels`);
        assert.deepEqual([...r].sort(), ['features', 'probs', 'real', 'target']);
      }
    }
    assert.deepEqual(roles('hinge', 'y'), ['binary', 'signs', 'multilabel']);
    assert.ok(roles('kd', 't')!.includes('teacher'));
    assert.deepEqual(roles('bce', 'z'), ['logits']);
    assert.ok(roles('ce', 'y')!.includes('labels'));
    assert.deepEqual(roles('cb_weights', 'class_counts'), ['counts']);
  });

  it('offers the gan kinds of the sketch, "ns" first and by default', () => {
    for (const fn of ['gan_g', 'gan_d']) {
      const kind = lookupFunction(fn)!.params.find((p) => p.name === 'kind')!;
      assert.deepEqual(kind.options, ['ns', 'minimax', 'hinge', 'wgan', 'ls']);
      assert.equal(kind.default, 'ns');
    }
  });

  it('marks the combiners and learnable builtins', () => {
    for (const n of ['gradnorm', 'pcgrad', 'mgda']) assert.equal(lookupFunction(n)!.gradientLevel, true, n);
    for (const n of ['uncertainty', 'center', 'gradnorm']) assert.equal(lookupFunction(n)!.learnable, true, n);
    for (const n of ['gradnorm', 'uncertainty', 'dwa', 'pcgrad', 'mgda']) {
      const p = lookupFunction(n)!.params[0];
      assert.equal(p.variadic, true);
      assert.equal(p.kind, 'loss');
      assert.equal(p.minCount, 2);
    }
  });
});
