import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { allFunctions } from '../../src/core/builtins/table.js';
import { initBackend } from '../../src/numerics/backend.js';
import { compileLoss } from '../../src/numerics/compile.js';
import { analyseCase, contextOf, flat, loadBuiltinCases, mismatches, tensorsOf } from './reference-cases.js';

// Every builtin, value and gradient, against float64 PyTorch (test/reference/builtins.json): within
// rtol 1e-4 / atol 1e-5, rtol 1e-3 for the extreme inputs (logits ±30, ±100; residuals of 100).

const cases = loadBuiltinCases();

before(async () => {
  await initBackend();
});

test('the reference cases call every builtin of the table', () => {
  const missing = allFunctions().map((b) => b.name).filter((n) => !cases.some((c) => new RegExp(`\\b${n}\\(`).test(c.expr)));
  assert.deepEqual(missing, []);
});

describe('builtins against float64 PyTorch', () => {
  for (const c of cases) {
    test(`${c.name}: ${c.expr}`, () => {
      const loss = compileLoss(analyseCase(c), 't');
      const problems: string[] = [];
      tf.tidy(() => {
        const r = loss.valueAndGrads(tensorsOf(c.inputs), c.grad, { context: contextOf(c.context) });
        problems.push(...mismatches('value', [r.value.dataSync()[0]!], [c.value], c.rtol, c.atol));
        for (const g of c.grad) problems.push(...mismatches(`∂/∂${g}`, Array.from(r.grads[g]!.dataSync()), flat(c.grads[g]!), c.rtol, c.atol));
      });
      assert.deepEqual(problems, [], problems.join('\n'));
    });
  }
});
