import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/numerics/backend.js';
import { compileLoss } from '../../src/numerics/compile.js';
import { analyseCase, contextOf, loadBuiltinCases, tensorsOf } from './reference-cases.js';

// The helpers leave no tensor behind: after valueAndGrads / learnables and disposing what they return
// (and what the test made), the engine holds exactly as many tensors as before — for every builtin.

before(async () => {
  await initBackend();
});

test('valueAndGrads and learnables leak no tensors, for every builtin case', () => {
  const leaks: string[] = [];
  for (const c of loadBuiltinCases()) {
    const loss = compileLoss(analyseCase(c), 't');
    const before = tf.memory().numTensors;
    const inputs = tensorsOf(c.inputs);
    const context = contextOf(c.context);
    const r = loss.valueAndGrads(inputs, c.grad, { context });
    const l = loss.learnables(inputs, { context });
    tf.dispose([r.value, ...Object.values(r.grads), ...Object.values(l.values), ...Object.values(inputs), ...Object.values(context).filter((v) => v instanceof tf.Tensor)]);
    const after = tf.memory().numTensors;
    if (after !== before) leaks.push(`${c.name}: ${after - before} tensors`);
  }
  assert.deepEqual(leaks, []);
});

test('a learn value differentiated without being supplied leaks nothing either', () => {
  const c = { name: 'uw', expr: 'uncertainty(mean(square(x)), mean(abs(x)))', inputs: { x: { role: 'real', value: [1, -2] } }, grad: [], value: 0, grads: {}, rtol: 0, atol: 0 };
  const loss = compileLoss(analyseCase(c), 't');
  const before = tf.memory().numTensors;
  const x = tf.tensor1d([1, -2]);
  const r = loss.valueAndGrads({ x }, ['x', 's1', 's2']);
  assert.deepEqual(Object.keys(r.grads), ['x', 's1', 's2']);
  tf.dispose([x, r.value, ...Object.values(r.grads)]);
  assert.equal(tf.memory().numTensors, before);
});
