import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { analyze } from '../../src/core/analysis/analyze.js';
import { initBackend } from '../../src/numerics/backend.js';
import { compileLoss } from '../../src/numerics/compile.js';
import { contextOf, flat, loadFamilyCases, mismatches, REFERENCE_DIR, tensorsOf } from './reference-cases.js';

// The independent family cases of test/reference/cases, in-process (the same cases run through
// `npm run -s losslab -- eval` in test/reference/eval-cases.test.ts; this is the quick feedback loop).

before(async () => {
  await initBackend();
});

for (const { family, cases } of loadFamilyCases()) {
  describe(`family cases in-process: ${family}`, () => {
    const file = path.join(REFERENCE_DIR, 'cases', `${family}.loss`);
    const analysis = analyze(readFileSync(file, 'utf8'), { path: file });
    test('the .loss file checks', () => assert.deepEqual(analysis.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []));
    for (const c of cases) {
      test(c.name, () => {
        const loss = compileLoss(analysis, c.loss, { params: c.params ?? {} });
        const problems: string[] = [];
        tf.tidy(() => {
          const learn = c.learn ? tensorsOf(c.learn) : {};
          const r = loss.valueAndGrads(tensorsOf(c.inputs), c.grad, { context: contextOf(c.context), learn });
          problems.push(...mismatches('value', [r.value.dataSync()[0]!], [c.expected.value], c.rtol, c.atol));
          for (const g of c.grad) problems.push(...mismatches(`∂/∂${g}`, Array.from(r.grads[g]!.dataSync()), flat(c.expected.grad[g]!), c.rtol, c.atol));
        });
        assert.deepEqual(problems, [], problems.join('\n'));
      });
    }
  });
}
