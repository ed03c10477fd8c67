import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { analyze } from '../../src/core/analysis/analyze.js';
import type { ContextValues } from '../../src/numerics/compile.js';
import { tensorFromJson } from '../../src/numerics/json-tensors.js';

// Loading and comparing the float64 PyTorch reference cases of test/reference/ (made by
// gen_reference.py), shared by the numerics tests.

export const REFERENCE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../test/reference');

export type Nested = number | Nested[];

export interface BuiltinCase {
  readonly name: string;
  readonly expr: string;
  readonly inputs: Readonly<Record<string, { readonly role: string; readonly value: Nested }>>;
  readonly grad: readonly string[];
  readonly value: number;
  readonly grads: Readonly<Record<string, Nested>>;
  readonly rtol: number;
  readonly atol: number;
  readonly context?: Readonly<Record<string, Nested>>;
  readonly note?: string;
}

export interface FamilyCase {
  readonly name: string;
  readonly file: string;
  readonly loss: string;
  readonly inputs: Readonly<Record<string, Nested>>;
  readonly grad: readonly string[];
  readonly expected: { readonly value: number; readonly grad: Readonly<Record<string, Nested>> };
  readonly rtol: number;
  readonly atol: number;
  readonly params?: Readonly<Record<string, number>>;
  readonly context?: Readonly<Record<string, Nested>>;
  readonly learn?: Readonly<Record<string, Nested>>;
}

export function loadBuiltinCases(dir = REFERENCE_DIR): BuiltinCase[] {
  return (JSON.parse(readFileSync(path.join(dir, 'builtins.json'), 'utf8')) as { cases: BuiltinCase[] }).cases;
}

export function loadFamilyCases(dir = REFERENCE_DIR): { family: string; cases: FamilyCase[] }[] {
  return readdirSync(path.join(dir, 'cases'))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(path.join(dir, 'cases', f), 'utf8')) as { family: string; cases: FamilyCase[] });
}

/** The one-line loss a builtin case stands for: `loss t(x: real, r: real) = EXPR`. */
export function caseSource(c: BuiltinCase): string {
  const params = Object.entries(c.inputs).map(([n, i]) => `${n}: ${i.role}`).join(', ');
  return `loss t(${params}) = ${c.expr}\n`;
}

/** Analyses a case's loss, failing with the checker's errors when it does not check. */
export function analyseCase(c: BuiltinCase) {
  const analysis = analyze(caseSource(c));
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(`${c.name}: '${c.expr}' does not check: ${errors.map((d) => `${d.code} ${d.message}`).join('; ')}`);
  return analysis;
}

export function contextOf(ctx: Readonly<Record<string, Nested>> | undefined): ContextValues {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(ctx ?? {})) {
    out[k] = k === 'class_counts' || k === 'weights' ? tensorFromJson(k, v) : v;
  }
  return out as ContextValues;
}

export function flat(v: Nested | null): (number | null)[] {
  return Array.isArray(v) ? v.flatMap((x) => flat(x)) : [v];
}

export function shapeOf(v: Nested): number[] {
  const s: number[] = [];
  let x: Nested = v;
  while (Array.isArray(x)) {
    s.push(x.length);
    x = x[0]!;
  }
  return s;
}

/** Empty when `actual` matches `expected` elementwise within atol + rtol·|expected|; else what differs. */
export function mismatches(what: string, actual: readonly (number | null)[], expected: readonly (number | null)[], rtol: number, atol: number): string[] {
  if (actual.length !== expected.length) return [`${what}: ${actual.length} values, expected ${expected.length}`];
  const out: string[] = [];
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i];
    const e = expected[i]!;
    if (a === null || a === undefined || !Number.isFinite(a)) {
      out.push(`${what}[${i}] = ${a} (not finite), expected ${e}`);
    } else if (!(Math.abs(a - e) <= atol + rtol * Math.abs(e))) {
      out.push(`${what}[${i}] = ${a}, expected ${e} (|Δ| = ${Math.abs(a - e).toExponential(2)})`);
    }
  }
  return out;
}

export function tensorsOf(inputs: Readonly<Record<string, { value: Nested } | Nested>>): Record<string, tf.Tensor> {
  return Object.fromEntries(Object.entries(inputs).map(([n, v]) => [n, tensorFromJson(n, typeof v === 'object' && v !== null && !Array.isArray(v) ? v.value : v)]));
}
