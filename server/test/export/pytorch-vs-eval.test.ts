import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { BUILTIN_CASES, EXTREME_CASES, MODULE_CASES, type ExportCase } from './builtin-cases.js';
import { exampleCases } from './example-cases.js';
import { compileAll, exportCases, mismatch, runCases, type CaseResult, type ExportedCase } from './run-cases.js';

// The exported PyTorch module against `losslab eval` (TensorFlow.js, float32) on the same inputs, value
// and gradients: rtol 1e-4 / atol 1e-5, and rtol 1e-3 for the cases with logits of ±30.

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../../..');

interface EvalRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

const extreme = new Set(EXTREME_CASES.map((c) => c.name));


const CASES: readonly ExportCase[] = [...BUILTIN_CASES, ...EXTREME_CASES, ...MODULE_CASES, ...exampleCases()];

function evalArgs(c: ExportCase, dir: string, i: number): string[] {
  const file = path.join(dir, `case_${i}.loss`);
  const inputs = path.join(dir, `case_${i}.json`);
  if (!c.file) writeFileSync(file, c.source);
  writeFileSync(inputs, JSON.stringify(c.inputs));
  return [
    c.file ?? file, '--loss', c.loss ?? 't', '--inputs', inputs,
    ...c.grads.flatMap((g) => ['--grad', g]),
    ...(c.params ? ['--params', JSON.stringify(c.params)] : []),
    ...(c.context ? ['--context', JSON.stringify(c.context)] : []),
    ...(c.learn ? ['--learn', JSON.stringify(c.learn)] : []),
  ];
}

describe('PyTorch export agrees with losslab eval', () => {
  let exported: ExportedCase[] = [];
  let results: CaseResult[] = [];
  let evals: EvalRun[] = [];

  before(() => {
    exported = exportCases(CASES);
    compileAll(exported.map((e) => e.module));
    results = runCases(exported);
    const dir = mkdtempSync(path.join(tmpdir(), 'losslab-export-eval-'));
    const runs = CASES.map((c, i) => evalArgs(c, dir, i));
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(HERE, 'eval-driver.ts')], { cwd: ROOT, input: JSON.stringify(runs), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`eval driver failed: ${r.stderr}`);
    evals = JSON.parse(r.stdout) as EvalRun[];
  });

  for (const [i, c] of CASES.entries()) {
    test(c.name, () => {
      const r = results[i]!;
      const e = evals[i]!;
      assert.equal(r.error, undefined, r.error);
      assert.equal(e.status, 0, e.stderr);
      const out = JSON.parse(e.stdout) as { value: number; grad: Record<string, unknown> };
      const rtol = extreme.has(c.name) ? 1e-3 : 1e-4;
      const atol = 1e-5;
      const v = mismatch(r.value, out.value, rtol, atol, 'value');
      assert.equal(v, undefined, v);
      for (const g of c.grads) {
        const m = mismatch(r.grad?.[g], out.grad[g], rtol, atol, `grad ${g}`);
        assert.equal(m, undefined, m);
      }
    });
  }
});
