import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { tf } from '../../src/trial/tfjs.js';
import { initBackend } from '../../src/numerics/backend.js';
import { LINEAR_DEFAULTS, MLP_DEFAULTS, Mlp, type MlpSpec } from '../../src/trial/models/mlp.js';
import { ACTIVATIONS } from '../../src/trial/models/activations.js';
import { fakeQuantWeights } from '../../src/trial/models/fake-quant.js';
import { FlatOptimizer, optimizerSpec } from '../../src/trial/optim/optimizer.js';
import { cosine, ramp, warmup } from '../../src/trial/optim/schedule.js';

before(async () => { await initBackend(); });

const heads = [{ name: 'logits', dim: 3, squeeze: true }];
const x = () => tf.tensor2d([[0.5, -1], [2, 0.25], [-0.3, 0.7], [1, 1]]);

function run(spec: MlpSpec, seed: number, training = false, dropoutSeed = 0): Float32Array {
  const m = new Mlp(spec, 2, heads);
  return tf.tidy(() => {
    const theta = tf.tensor1d(m.init(seed));
    return m.forward(theta, x(), { training, dropoutSeed }).heads.logits.dataSync() as Float32Array;
  });
}

describe('models', () => {
  const specs: Record<string, MlpSpec> = {
    linear: LINEAR_DEFAULTS,
    mlp: MLP_DEFAULTS,
    'mlp tanh + dropout': { ...MLP_DEFAULTS, activation: 'tanh', dropout: 0.3 },
    'mlp quantize=4': { ...MLP_DEFAULTS, quantize: 4 },
    'mlp elu': { ...MLP_DEFAULTS, activation: 'elu', hidden: [8] },
  };
  for (const [name, spec] of Object.entries(specs)) {
    it(`${name}: output shape, same seed → same numbers, other seed → different`, () => {
      const start = tf.memory().numTensors;
      const a = run(spec, 1, true, 7), b = run(spec, 1, true, 7), c = run(spec, 2, true, 7);
      assert.equal(a.length, 12);
      assert.deepEqual(a, b);
      assert.notDeepEqual(a, c);
      assert.equal(tf.memory().numTensors, start);
    });
  }

  it('lays kernels out before biases, with parameter counts of a 2-32-32-3 MLP', () => {
    const m = new Mlp(MLP_DEFAULTS, 2, heads);
    assert.equal(m.layout.size, 2 * 32 + 32 * 32 + 32 * 3 + 32 + 32 + 3);
    assert.deepEqual(m.kernelSpan, { offset: 0, size: 2 * 32 + 32 * 32 + 32 * 3 });
  });

  it('dropout changes training passes with the seed and leaves evaluation alone', () => {
    const spec = { ...MLP_DEFAULTS, dropout: 0.5 };
    assert.notDeepEqual(run(spec, 1, true, 1), run(spec, 1, true, 2));
    assert.deepEqual(run(spec, 1, false, 1), run(spec, 1, false, 2));
  });

  it('splits the output layer into heads and squeezes single columns', () => {
    const m = new Mlp(MLP_DEFAULTS, 2, [{ name: 'logits', dim: 2, squeeze: true }, { name: 'regression', dim: 1, squeeze: true }]);
    tf.tidy(() => {
      const r = m.forward(tf.tensor1d(m.init(3)), x(), { training: false });
      assert.deepEqual(r.heads.logits.shape, [4, 2]);
      assert.deepEqual(r.heads.regression.shape, [4]);
      assert.deepEqual(r.features.shape, [4, 32]);
    });
  });

  it('second-order gradients through tanh, sigmoid and elu match finite differences', () => {
    // d/da of (d/dx f(a·x))² at x: needs the gradient of a gradient.
    for (const name of ['tanh', 'sigmoid', 'elu'] as const) {
      const act = ACTIVATIONS[name];
      const xv = tf.scalar(0.3);
      const penalty = (a: tf.Tensor) => {
        const g = tf.grad((xx: tf.Tensor) => tf.sum(act(tf.mul(a, xx))))(xv);
        return tf.sum(tf.square(g)) as tf.Scalar;
      };
      const a0 = -0.8, h = 1e-3;
      const analytic = tf.grad(penalty)(tf.scalar(a0)).dataSync()[0];
      const fd = (penalty(tf.scalar(a0 + h)).dataSync()[0] - penalty(tf.scalar(a0 - h)).dataSync()[0]) / (2 * h);
      assert.ok(Math.abs(analytic - fd) < 2e-3, `${name}: ${analytic} vs ${fd}`);
    }
  });

  it('fake quantisation rounds to the grid and passes the gradient straight through', () => {
    const w = tf.tensor1d([0.5, -1, 0.26, 0.1]);
    const q = fakeQuantWeights(2)(w).dataSync();
    // 2 bits: qmax = 1, scale = max|w| = 1: values round to {−1, 0, 1}·1 (clamped at −2).
    assert.deepEqual(Array.from(q), [0, -1, 0, 0]);
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(fakeQuantWeights(8)(t), tf.tensor1d([1, 2, 3, 4]))))(w).dataSync();
    assert.deepEqual(Array.from(g), [1, 2, 3, 4]);
    assert.throws(() => fakeQuantWeights(1), /quantize/);
  });

  it('spectral normalisation drives the largest singular value of each kernel to about 1', () => {
    const m = new Mlp({ ...MLP_DEFAULTS, hidden: [16], spectral_norm: true }, 2, heads);
    const theta = tf.tensor1d(m.init(1).map((v) => v * 5));
    const state = m.createState(1);
    for (let i = 0; i < 30; i++) m.beforeStep(theta, state);
    const s = tf.tidy(() => {
      const w = tf.reshape(tf.slice(theta, 0, 32), [2, 16]) as tf.Tensor2D;
      const wn = state.spectral!.normalise(w, 0);
      // σ_max via power iteration on WᵀW.
      let v = tf.ones([16, 1]);
      for (let i = 0; i < 100; i++) { v = tf.matMul(wn, tf.matMul(wn, v), true, false); v = tf.div(v, tf.norm(v)); }
      return tf.norm(tf.matMul(wn, v)).dataSync()[0];
    });
    assert.ok(Math.abs(s - 1) < 1e-3, `σ = ${s}`);
    state.dispose();
    theta.dispose();
  });

  it('rejects bad model options with the option named', () => {
    assert.throws(() => new Mlp({ ...MLP_DEFAULTS, activation: 'swishy' as never }, 2, heads), /activation/);
    assert.throws(() => new Mlp({ ...MLP_DEFAULTS, dropout: 1 }, 2, heads), /dropout/);
    assert.throws(() => new Mlp({ ...MLP_DEFAULTS, hidden: [0] }, 2, heads), /hidden/);
  });
});

describe('optimizers', () => {
  // Minimise ½‖θ − 3‖² from 0: every optimizer must approach 3; Adam's first step is exactly lr·sign(g).
  const quad = (kind: 'sgd' | 'momentum' | 'adam' | 'adamw', steps: number) => {
    const opt = new FlatOptimizer(optimizerSpec(kind, { lr: 0.1, weight_decay: 0 }), 2);
    let theta = tf.tensor1d([0, 0]);
    const first: number[] = [];
    for (let i = 0; i < steps; i++) {
      const g = tf.sub(theta, 3) as tf.Tensor1D;
      const next = opt.step(theta, g, i / steps);
      g.dispose(); theta.dispose(); theta = next;
      if (i === 0) first.push(...theta.dataSync());
    }
    const v = Array.from(theta.dataSync());
    theta.dispose(); opt.dispose();
    return { v, first };
  };
  it('sgd, momentum, adam and adamw converge on a quadratic without leaking tensors', () => {
    const start = tf.memory().numTensors;
    for (const k of ['sgd', 'momentum', 'adam', 'adamw'] as const) {
      const { v } = quad(k, 300);
      assert.ok(Math.abs(v[0] - 3) < 0.05, `${k}: ${v[0]}`);
    }
    assert.equal(tf.memory().numTensors, start);
  });
  it('adam takes a first step of lr in the direction of −g (PyTorch bias correction)', () => {
    assert.ok(Math.abs(quad('adam', 1).first[0] - 0.1) < 1e-6);
    assert.ok(Math.abs(quad('sgd', 1).first[0] - 0.3) < 1e-6);
  });
  it('adamw decays weights but not masked entries (learn values)', () => {
    const opt = new FlatOptimizer(optimizerSpec('adamw', { lr: 0.1, weight_decay: 0.5 }), 2, Float32Array.from([1, 0]));
    const theta = tf.tensor1d([1, 1]), g = tf.zeros([2]) as tf.Tensor1D;
    const next = opt.step(theta, g, 0);
    assert.deepEqual(Array.from(next.dataSync()).map((v) => +v.toFixed(6)), [0.95, 1]);
    tf.dispose([theta, g, next]); opt.dispose();
  });
  it('schedules follow the language definitions', () => {
    assert.equal(ramp(0, 2)(0.5), 1);
    assert.equal(ramp(0, 2, 0.5, 1)(0.25), 0);
    assert.equal(cosine(1, 0)(0), 1);
    assert.ok(Math.abs(cosine(1, 0)(0.5) - 0.5) < 1e-12);
    assert.equal(warmup(1, 0.1)(0.05), 0.5);
    assert.equal(warmup(1, 0)(0), 1);
  });
  it('rejects bad optimizer settings', () => {
    assert.throws(() => optimizerSpec('adam', { lr: -1 }), /lr/);
    assert.throws(() => optimizerSpec('rmsprop' as never), /unknown optimizer/);
  });
});

describe('cosine head', () => {
  it('gives class logits that are cosines (in [−1, 1], unchanged when a row of inputs is scaled) and finite gradients', () => {
    const spec: MlpSpec = { ...MLP_DEFAULTS, hidden: [8], head: 'cosine' };
    const z = run(spec, 3);
    assert.equal(z.length, 12);
    assert.ok(z.every((v) => v >= -1 - 1e-6 && v <= 1 + 1e-6), `${z}`);
    assert.ok(z.some((v) => Math.abs(v) > 0.05), 'not all zero');
    // A linear model: scaling an input row scales h, not its cosine with each class's weights.
    const lin = new Mlp({ ...LINEAR_DEFAULTS, head: 'cosine' }, 2, heads);
    const [once, twice, grad] = tf.tidy(() => {
      const theta = tf.tensor1d(lin.init(5));
      const f = (xs: tf.Tensor2D) => lin.forward(theta, xs, { training: false }).heads.logits;
      const g = tf.grad((t: tf.Tensor) => tf.sum(lin.forward(t as tf.Tensor1D, tf.tensor2d([[0, 0], [1, 2]]), { training: true }).heads.logits))(theta);
      return [f(x()).arraySync() as number[][], f(tf.mul(x(), 3) as tf.Tensor2D).arraySync() as number[][], g.dataSync() as Float32Array];
    });
    for (let i = 0; i < once.length; i++) for (let j = 0; j < 3; j++) assert.ok(Math.abs(once[i][j] - twice[i][j]) < 1e-5);
    assert.ok(grad.every(Number.isFinite), 'a zero input row still has finite gradients');
  });

  it('keeps a regression head linear next to cosine logits, and refuses a model without logits', () => {
    const both = [{ name: 'logits', dim: 3, squeeze: true }, { name: 'pred', dim: 1, squeeze: true }];
    const cos = new Mlp({ ...MLP_DEFAULTS, hidden: [8], head: 'cosine' }, 2, both);
    const lin = new Mlp({ ...MLP_DEFAULTS, hidden: [8] }, 2, both);
    const [pc, pl, zc] = tf.tidy(() => {
      const theta = tf.tensor1d(lin.init(9));
      const a = cos.forward(theta, x(), { training: false }).heads;
      const b = lin.forward(theta, x(), { training: false }).heads;
      return [a.pred.dataSync(), b.pred.dataSync(), a.logits.dataSync()] as Float32Array[];
    });
    assert.deepEqual(pc, pl);
    assert.ok(zc.every((v) => Math.abs(v) <= 1 + 1e-6));
    assert.throws(() => new Mlp({ ...MLP_DEFAULTS, head: 'cosine' }, 2, [{ name: 'pred', dim: 1, squeeze: true }]), /no logits/);
  });
});
