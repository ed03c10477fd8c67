import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { exampleCases } from './example-cases.js';
import { compileAll, exportCases, type CaseResult, type ExportedCase } from './run-cases.js';
import { runCases } from './run-cases.js';

// Every loss of every example file exports to a module that compiles, imports without LossLab and runs
// forward and backward with finite results. (pytorch-vs-eval.test.ts compares the numbers with eval.)

const CASES = exampleCases();

const finite = (v: unknown): boolean => (Array.isArray(v) ? v.every(finite) : typeof v === 'number' && Number.isFinite(v));

describe('PyTorch export of the example losses', () => {
  let exported: ExportedCase[] = [];
  let results: CaseResult[] = [];
  before(() => {
    exported = exportCases(CASES);
    compileAll(exported.map((e) => e.module));
    results = runCases(exported);
  });

  test('the examples declare losses', () => {
    assert.ok(CASES.length >= 20, `only ${CASES.length} example losses`);
  });

  for (const [i, c] of CASES.entries()) {
    test(c.name, () => {
      const r = results[i]!;
      assert.equal(r.error, undefined, r.error);
      assert.ok(finite(r.value), `value ${r.value}`);
      for (const g of c.grads) assert.ok(finite(r.grad?.[g]), `grad ${g}: ${JSON.stringify(r.grad?.[g])}`);
    });
  }
});
