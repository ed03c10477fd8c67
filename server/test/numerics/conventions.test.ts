import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { analyze } from '../../src/core/analysis/analyze.js';
import { nodeSourceHost } from '../../src/core/workspace/node-host.js';
import { initBackend } from '../../src/numerics/backend.js';
import { compileLoss, type EvalState } from '../../src/numerics/compile.js';
import { EvalError } from '../../src/numerics/errors.js';

// Conventions and compiler behaviour that reference values cannot show: rounding ties, subgradients,
// training-time noise, learnable state and its names, the combiner hook, grad() corner cases, and
// where errors point.

before(async () => {
  await initBackend();
});

function loss(src: string, name = 't') {
  const a = analyze(src);
  const errors = a.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors.map((d) => d.message), []);
  return compileLoss(a, name);
}

function run(src: string, inputs: Record<string, number[] | number[][]>, wrt: string[] = [], state: EvalState = {}) {
  const l = loss(src);
  return tf.tidy(() => {
    const r = l.valueAndGrads(Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, tf.tensor(v)])), wrt, state);
    return { value: r.value.dataSync()[0]!, grads: Object.fromEntries(Object.entries(r.grads).map(([k, v]) => [k, Array.from(v.dataSync())])) };
  });
}

describe('elementwise conventions', () => {
  test('round is half to even (unlike Math.round), with zero gradient', () => {
    const r = run('loss t(x: real) = sum(round(x) * [1, 10, 100, 1000, 10000]) + 0 * sum(x)', { x: [0.5, 1.5, 2.5, -0.5, -1.5] }, ['x']);
    assert.equal(r.value, 0 + 2 * 10 + 2 * 100 + 0 + -2 * 10000);
    assert.deepEqual(r.grads.x, [0, 0, 0, 0, 0]);
  });

  test('|x| has gradient 0 at 0 (PyTorch), where tfjs gives −1', () => {
    assert.deepEqual(run('loss t(x: real) = sum(abs(x))', { x: [0, 2, -3] }, ['x']).grads.x, [0, 1, -1]);
  });

  test('relu has gradient 0 at 0; max/min split ties evenly', () => {
    assert.deepEqual(run('loss t(x: real) = sum(relu(x)) + sum(max(x, 1)) + max(x)', { x: [0, 1, 1] }, ['x']).grads.x, [0, 1 + 0.5 + 0.5, 1 + 0.5 + 0.5]);
  });

  test('onehot gives an all-zero row for labels outside 0…C−1', () => {
    assert.equal(run('loss t(y: labels, w: real) = sum(onehot(y, 3) * w)', { y: [0, 7], w: [[1, 2, 3], [4, 5, 6]] }).value, 1);
  });

  test('the norm of a zero vector has gradient 0, not NaN', () => {
    assert.deepEqual(run('loss t(x: real) = norm(x)', { x: [0, 0, 0] }, ['x']).grads.x, [0, 0, 0]);
  });
});

describe('quantisation', () => {
  const src = 'loss t(x: real) = sum(quant_noise(x, bits=4) * [1, 2, 3, 4])';
  const x = [0.7, -0.35, 0.1, 0.5];
  const step = 0.7 / 7;

  test('quant_noise is fakequant outside training', () => {
    const a = run(src, { x }, ['x']);
    const b = run('loss t(x: real) = sum(fakequant(x, bits=4) * [1, 2, 3, 4])', { x }, ['x']);
    assert.deepEqual(a, b);
  });

  test('during training it adds at most half a step of noise, seeded, with gradient 1', () => {
    const l = loss('loss t(x: real, w: real) = sum(quant_noise(x, bits=4) * w)');
    const draw = (seed: number, k: number) =>
      tf.tidy(() => {
        const w = Array.from({ length: 4 }, (_, i) => (i === k ? 1 : 0));
        const r = l.valueAndGrads({ x: tf.tensor(x), w: tf.tensor(w) }, ['x'], { training: true, seed });
        return { v: r.value.dataSync()[0]!, g: Array.from(r.grads.x!.dataSync()) };
      });
    for (let k = 0; k < 4; k++) {
      const d = draw(3, k);
      assert.ok(Math.abs(d.v - x[k]!) <= step / 2 + 1e-6, `element ${k}: ${d.v} vs ${x[k]}`);
      assert.deepEqual(d.g, [0, 1, 2, 3].map((i) => (i === k ? 1 : 0)));
      assert.equal(draw(3, k).v, d.v, 'same seed, same noise');
    }
    assert.notEqual(draw(3, 0).v, draw(4, 0).v, 'another seed, other noise');
  });

  test('fakequant: gradient 1 inside the grid, 0 where clipped; LSQ gradient for a learned scale', () => {
    const r = run('loss t(x: real) = sum(fakequant(x, bits=4, scale=0.125))', { x: [0.3, 2.0, -2.0, -0.1] }, ['x']);
    assert.equal(r.value, 0.25 + 0.875 - 1 - 0.125);
    assert.deepEqual(r.grads.x, [1, 0, 0, 1]);
    const l = run('loss t(x: real) {\n  learn s = 0.125\n  return sum(fakequant(x, bits=4, scale=s))\n}', { x: [0.3, 2.0, -2.0, -0.1] }, ['s']);
    // round(x/s) − x/s inside; 7 and −8 where clipped.
    assert.ok(Math.abs(l.grads.s![0]! - ((2 - 2.4) + 7 - 8 + (-1 + 0.8))) < 1e-5);
  });
});

describe('learnable state', () => {
  test('learn values of called losses are named after the loss; builtin state after the builtin', () => {
    const l = loss(`
loss helper(x: real) {
  learn s = 0.5
  return exp(-s) * mean(square(x)) + s
}
loss t(x: real, y: labels, f: features) {
  learn w = 2
  return w * helper(x) + uncertainty(mean(x), mean(abs(x))) + center(f, y)
}
`);
    const { specs, values } = l.learnables({ x: tf.tensor1d([1, 2]), y: tf.tensor1d([0, 1]), f: tf.tensor2d([[1, 2], [3, 4]]) }, { context: { num_classes: 3 } });
    assert.deepEqual(specs.map((s) => [s.name, s.shape, s.origin.builtin ?? s.origin.loss]), [
      ['w', [], 't'], ['helper.s', [], 'helper'], ['s1', [], 'uncertainty'], ['s2', [], 'uncertainty'], ['centers', [3, 2], 'center'],
    ]);
    assert.equal(values.w!.dataSync()[0], 2);
    assert.equal(values['helper.s']!.dataSync()[0], 0.5);
    tf.dispose(Object.values(values));
  });

  test('supplied learn values are used and differentiable (tf.variableGrads works with them)', () => {
    const l = loss('loss t(x: real) {\n  learn s = 0\n  return exp(-s) * mean(square(x)) + s\n}');
    const s = tf.variable(tf.scalar(1));
    const x = tf.tensor1d([1, 2, 3]);
    const { value, grads } = tf.variableGrads(() => l.evaluate({ x }, { learn: { s } }), [s]);
    const L = 14 / 3;
    assert.ok(Math.abs(value.dataSync()[0]! - (Math.exp(-1) * L + 1)) < 1e-5);
    assert.ok(Math.abs(grads[s.name]!.dataSync()[0]! - (1 - Math.exp(-1) * L)) < 1e-5);
    tf.dispose([s, x, value, ...Object.values(grads)]);
  });
});

describe('combiners', () => {
  test('a trial can weight the task losses of gradient-level combiners through the hook', () => {
    const calls: string[] = [];
    const r = run('loss t(x: real) = pcgrad(mean(x), sum(x)) + mgda(mean(x), max(x))', { x: [1, 2, 3] }, [], {
      combine: (kind, losses, defaults, i) => {
        calls.push(`${kind}#${i}:${defaults.join(',')}`);
        return tf.mul(losses[0]!, 10);
      },
    });
    assert.deepEqual(calls, ['pcgrad#0:1,1', 'mgda#1:0.5,0.5']);
    assert.equal(r.value, 40);
  });
});

describe('grad()', () => {
  test('with respect to a learn value, and of a function that does not depend on x (zero)', () => {
    const r = run('loss t(x: real) {\n  learn s = 2\n  return sum(grad(s * s * mean(x), s)) + sum(grad(mean(exp(x)) * 0 + 3, x))\n}', { x: [1, 3] }, ['x']);
    assert.equal(r.value, 2 * 2 * 2);
    assert.deepEqual(r.grads.x, [2, 2]);
  });

  test('of given critic outputs with respect to an input they do not depend on: zero (and differentiable)', () => {
    const r = run('loss t(d: critic, x: features) = mean(square(sqrt(sum(square(grad(sum(d), x)), axis=-1) + 1e-12) - 1)) + mean(d)', { d: [0.5, -1], x: [[1, 2], [3, 4]] }, ['d', 'x']);
    assert.ok(Math.abs(r.value - ((1 - 1e-6) ** 2 - 0.25)) < 1e-5);
    assert.deepEqual(r.grads.x, [0, 0, 0, 0]);
    assert.deepEqual(r.grads.d, [0.5, 0.5]);
  });

  test('nested: the gradient of a gradient (third derivative of tanh through grad twice)', () => {
    const r = run('loss t(x: real) = sum(grad(sum(grad(sum(tanh(x)), x)), x))', { x: [0.3, -0.7] }, ['x']);
    const third = (v: number) => {
      const t = Math.tanh(v);
      return -2 * (1 - t * t) * (1 - 3 * t * t);
    };
    [0.3, -0.7].forEach((v, i) => assert.ok(Math.abs(r.grads.x![i]! - third(v)) < 1e-4));
  });
});

describe('errors', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'losslab-conv-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('a builtin refusing its arguments points at the call, in the file that holds it', () => {
    const lib = path.join(dir, 'lib.loss');
    const main = path.join(dir, 'main.loss');
    writeFileSync(lib, 'loss inner(z: logits, y: labels) = ce(z, y)\n');
    writeFileSync(main, 'import "lib.loss"\nloss t(z: logits, y: labels) = inner(z, y)\n');
    const a = analyze(`import "lib.loss"\nloss t(z: logits, y: labels) = inner(z, y)\n`, { path: main, workspaceRoot: dir, host: nodeSourceHost });
    const l = compileLoss(a, 't');
    assert.throws(() => tf.tidy(() => l.evaluate({ z: tf.tensor2d([[1, 2]]), y: tf.tensor1d([0, 1]) })), (e: unknown) => {
      assert.ok(e instanceof EvalError);
      assert.equal(e.file, lib);
      assert.equal(e.span?.start, 'loss inner(z: logits, y: labels) = '.length);
      assert.match(e.message, /^ce: y has shape \[2\] but z has shape \[1, 2\]/);
      return true;
    });
  });

  test('a loss that does not reduce to a scalar is refused with its shape (the checker says so too)', () => {
    const l = compileLoss(analyze('loss t(x: real) = square(x)'), 't');
    assert.throws(() => tf.tidy(() => l.evaluate({ x: tf.tensor1d([1, 2]) })), /does not reduce to a scalar: its value has shape \[2\]/);
  });

  test('missing and unknown inputs, unknown losses and parameters', () => {
    const a = analyze('loss t(x: real, gamma = 2) = gamma * sum(x)');
    assert.throws(() => compileLoss(a, 'u'), /no loss named 'u' \(this file has: t\)/);
    assert.throws(() => compileLoss(a, 't', { params: { beta: 1 } }), /has no parameter 'beta'/);
    const l = compileLoss(a, 't', { params: { gamma: 3 } });
    assert.throws(() => l.evaluate({}), /missing input 'x' \(real\)/);
    assert.throws(() => l.evaluate({ x: tf.scalar(1), y: tf.scalar(2) }), /has no tensor input 'y'/);
    assert.equal(tf.tidy(() => l.evaluate({ x: tf.tensor1d([1, 2]) }).dataSync()[0]), 9);
  });
});
