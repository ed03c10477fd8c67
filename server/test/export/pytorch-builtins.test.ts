import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { allFunctions } from '../../src/core/builtins/table.js';
import { BUILTIN_CASES, EXTREME_CASES } from './builtin-cases.js';
import { compileAll, exportCases, mismatch, runCases, type CaseResult, type ExportedCase } from './run-cases.js';

// Every builtin, exported to PyTorch in a one-builtin loss, compiled, imported without LossLab and run
// in float64: value and gradients must match an independent reference written with torch's own
// functions (float64 on both sides, so the tolerance is tight).

const RTOL = 1e-7;
const ATOL = 1e-9;
const CASES = [...BUILTIN_CASES, ...EXTREME_CASES];

describe('PyTorch export of every builtin', () => {
  let exported: ExportedCase[] = [];
  let results: CaseResult[] = [];

  before(() => {
    exported = exportCases(CASES);
    compileAll(exported.map((e) => e.module));
    results = runCases(exported);
  });

  test('every builtin in the table has a case', () => {
    const covered = new Set<string>();
    for (const c of BUILTIN_CASES) {
      for (const m of c.source.matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*\(/g)) covered.add(m[1]!);
      if (/\bpi\b/.test(c.source)) covered.add('pi');
    }
    const missing = allFunctions().map((b) => b.name).filter((n) => !covered.has(n));
    assert.deepEqual(missing, []);
  });

  test('generated modules import only torch, math and typing', () => {
    for (const e of exported) {
      const imports = e.code.split('\n').filter((l) => /^(import|from)\s/.test(l));
      for (const line of imports) {
        assert.match(line, /^(import math|import torch(\.nn( as nn)?|\.nn\.functional as F)?|from typing import [\w, ]+)$/, `${e.c.name}: ${line}`);
      }
    }
  });

  for (const [i, c] of CASES.entries()) {
    test(`${c.name}: value and gradient match the reference`, () => {
      const r = results[i]!;
      assert.equal(r.error, undefined, r.error);
      assert.ok(Number.isFinite(r.value), `value ${r.value}`);
      const v = mismatch(r.value, r.ref_value, RTOL, ATOL, 'value');
      assert.equal(v, undefined, `${v}\n${exported[i]!.code.split('class T(')[1] ?? ''}`);
      for (const g of c.grads) {
        const m = mismatch(r.grad?.[g], r.ref_grad?.[g], RTOL, ATOL, `grad ${g}`);
        assert.equal(m, undefined, m);
      }
    });
  }
});
