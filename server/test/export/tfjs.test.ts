import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ExportError } from '../../src/export/errors.js';
import { exportLoss } from '../../src/export/export-loss.js';
import { pascalCase, tsName } from '../../src/export/names.js';
import { BUILTIN_CASES, EXTREME_CASES, MODULE_CASES, type ExportCase } from './builtin-cases.js';
import { exampleCases } from './example-cases.js';
import { analyzeCase, compileAll, exportCases, mismatch, runCases, type CaseResult } from './run-cases.js';

// The TensorFlow.js export (`--to tfjs`) of every builtin case: the generated TypeScript type-checks
// (strict), runs on @tensorflow/tfjs, and agrees with the PyTorch export (itself checked against
// references and `losslab eval`) within rtol 1e-4 / atol 1e-5 (rtol 1e-3 at logits of ±30).

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../../..');

/** tfjs has no exact second-order gradients of its own: `grad` is refused with a clear message. */
const usesGrad = (c: ExportCase): boolean => exportsGrad(c);
const EXAMPLES = exampleCases().map((c) => ({ ...c, evalMode: false }));
const CASES: readonly ExportCase[] = [...BUILTIN_CASES, ...EXTREME_CASES, ...MODULE_CASES, ...EXAMPLES].filter((c) => !usesGrad(c));
const extreme = new Set(EXTREME_CASES.map((c) => c.name));

describe('TensorFlow.js export', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'losslab-export-tfjs-'));
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  const files: string[] = [];
  let tfjsResults: { value?: number; grad?: Record<string, unknown>; error?: string }[] = [];
  let torchResults: CaseResult[] = [];

  before(() => {
    const payload = CASES.map((c, i) => {
      const analysis = analyzeCase(c);
      const file = path.join(dir, `case_${i}.ts`);
      writeFileSync(file, exportLoss(analysis, c.loss ?? 't', 'tfjs').code);
      files.push(file);
      const name = c.loss ?? 't';
      return {
        module: file,
        fn: tsName(name),
        type: pascalCase(name),
        order: analysis.losses.get(name)!.inputs.map((p) => p.name.name),
        inputs: c.inputs,
        grads: c.grads,
        hyper: c.params ?? {},
        context: c.context ?? {},
        learn: c.learn ?? {},
      };
    });
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(HERE, 'tfjs-driver.ts')], { cwd: ROOT, input: JSON.stringify(payload), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`tfjs driver failed: ${r.stderr}`);
    tfjsResults = JSON.parse(r.stdout);
    // quant_noise is fakequant outside training on both sides (PyTorch eval(), tfjs training: false).
    const exported = exportCases(CASES.map((c) => ({ ...c, evalMode: true })));
    compileAll(exported.map((e) => e.module));
    torchResults = runCases(exported);
  });

  test('the generated TypeScript type-checks in strict mode', () => {
    writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', skipLibCheck: true, types: [] }, files: files.map((f) => path.basename(f)) }));
    const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', dir], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });

  for (const [i, c] of CASES.entries()) {
    test(c.name, () => {
      const r = tfjsResults[i]!;
      const p = torchResults[i]!;
      assert.equal(r.error, undefined, r.error);
      assert.equal(p.error, undefined, p.error);
      const rtol = extreme.has(c.name) ? 1e-3 : 1e-4;
      const m = mismatch(r.value, p.value, rtol, 1e-5, 'value');
      assert.equal(m, undefined, m);
      for (const g of c.grads) {
        const gm = mismatch(r.grad?.[g], p.grad?.[g], rtol, 1e-5, `grad ${g}`);
        assert.equal(gm, undefined, gm);
      }
    });
  }

  test('grad() is refused with a message that says why and what to do', () => {
    const refused = [...BUILTIN_CASES, ...EXAMPLES].filter((c) => usesGrad(c) && exportsGrad(c));
    assert.ok(refused.length >= 1);
    for (const c of refused) {
      assert.throws(() => exportLoss(analyzeCase(c), c.loss ?? 't', 'tfjs'), (e: unknown) => e instanceof ExportError && /second-order gradients .* export this loss to PyTorch instead/.test(e.message), c.name);
    }
  });
});

/** Whether the exported loss itself (not only another loss in the same file) calls grad. */
function exportsGrad(c: ExportCase): boolean {
  const a = analyzeCase(c);
  const info = a.losses.get(c.loss ?? 't')!;
  const text = c.source.slice(info.decl.span.start, info.decl.span.end);
  return /\bgrad\s*\(/.test(text);
}
