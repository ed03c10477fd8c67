import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze } from '../../src/core/analysis/analyze.js';
import type { Analysis } from '../../src/core/analysis/model.js';
import { nodeSourceHost } from '../../src/core/workspace/node-host.js';
import { exportLoss } from '../../src/export/export-loss.js';
import { pascalCase } from '../../src/export/names.js';
import type { ExportCase } from './builtin-cases.js';
import { runPython } from './torch-python.js';

// Exports each case's loss to a PyTorch module in a temporary folder, compiles the modules, and runs
// them (and their references) through harness.py in one Python process.

const HARNESS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'harness.py');

export interface CaseResult {
  readonly value?: number;
  readonly grad?: Record<string, unknown>;
  readonly ref_value?: number;
  readonly ref_grad?: Record<string, unknown>;
  readonly error?: string;
}

export interface ExportedCase {
  readonly c: ExportCase;
  readonly analysis: Analysis;
  readonly module: string;
  readonly code: string;
}

export function analyzeCase(c: ExportCase): Analysis {
  const a = analyze(c.source, c.file ? { path: c.file, workspaceRoot: path.dirname(c.file), host: nodeSourceHost } : {});
  const errors = a.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(`case ${c.name}: the source has errors: ${errors.map((d) => `${d.code} ${d.message}`).join('; ')}`);
  return a;
}

export function exportCases(cases: readonly ExportCase[]): ExportedCase[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'losslab-export-'));
  return cases.map((c, i) => {
    const analysis = analyzeCase(c);
    const { code } = exportLoss(analysis, c.loss ?? 't', 'pytorch', { host: nodeSourceHost });
    const module = path.join(dir, `case_${i}_${c.name.replace(/\W/g, '_')}.py`);
    writeFileSync(module, code);
    return { c, analysis, module, code };
  });
}

/** `python3 -m py_compile` on every module; throws with the compiler's message. */
export function compileAll(modules: readonly string[]): void {
  runPython(['-m', 'py_compile', ...modules]);
}

export function runCases(exported: readonly ExportedCase[]): CaseResult[] {
  const payload = exported.map(({ c, analysis, module }) => {
    const info = analysis.losses.get(c.loss ?? 't')!;
    return {
      module,
      module_name: path.basename(module, '.py'),
      class: pascalCase(c.loss ?? 't'),
      order: info.inputs.map((p) => p.name.name),
      inputs: c.inputs,
      grads: c.grads,
      params: c.params ?? {},
      context: c.context ?? {},
      learn: c.learn ?? {},
      eval_mode: c.evalMode ?? false,
      ref: c.ref,
    };
  });
  return JSON.parse(runPython([HARNESS], JSON.stringify(payload))) as CaseResult[];
}

/** Elementwise |a − b| ≤ atol + rtol·|b| over nested arrays; returns the first mismatch, if any. */
export function mismatch(actual: unknown, expected: unknown, rtol: number, atol: number, where = ''): string | undefined {
  if (typeof expected === 'number') {
    if (typeof actual !== 'number') return `${where}: expected ${expected}, got ${JSON.stringify(actual)}`;
    if (Number.isNaN(expected) !== Number.isNaN(actual)) return `${where}: expected ${expected}, got ${actual}`;
    if (Math.abs(actual - expected) > atol + rtol * Math.abs(expected)) return `${where}: expected ${expected}, got ${actual}`;
    return undefined;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return `${where}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
    for (let i = 0; i < expected.length; i++) {
      const m = mismatch(actual[i], expected[i], rtol, atol, `${where}[${i}]`);
      if (m) return m;
    }
    return undefined;
  }
  return `${where}: unexpected value ${JSON.stringify(expected)}`;
}
