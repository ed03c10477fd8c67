import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { analysisWork, analyze, reanalyze, type AnalyzeOptions } from '../../src/core/analysis/analyze.js';
import { forEachDeclarationExpr } from '../../src/core/syntax/ast.js';
import type { Analysis, Definition } from '../../src/core/analysis/model.js';
import { definitionNameSpan } from '../../src/core/analysis/model.js';
import type * as A from '../../src/core/syntax/ast.js';
import { applyEdit, exampleTexts, generatedFile, random, randomEdit } from './random-edits.js';

// `reanalyze` after an edit must give what `analyze` gives for the new text: the same messages (with
// their related places and fixes), name uses and what they resolve to, definitions, losses, and the
// same value facts for every expression, with nothing left over from the old text.

const examples = fileURLToPath(new URL('../../../examples/', import.meta.url));
const options = (name: string): AnalyzeOptions => ({
  path: path.join(examples, name),
  workspaceRoot: examples,
  host: { readFile: (p) => { try { return readFileSync(p, 'utf8'); } catch { return undefined; } } },
});

const place = (s: { start: number; end: number } | undefined): string => (s ? `${s.start}-${s.end}` : '-');
const defKey = (d: Definition | undefined): string => (d ? `${d.kind}:${d.name}@${place(definitionNameSpan(d))}${'file' in d && d.file ? `:${d.file}` : ''}` : 'none');

function exprs(a: Analysis): A.Expr[] {
  const out: A.Expr[] = [];
  for (const d of a.file.declarations) forEachDeclarationExpr(d, (e) => out.push(e));
  return out;
}

export function sameAnalysis(actual: Analysis, expected: Analysis, context: string): void {
  assert.deepStrictEqual(actual.file, expected.file, `${context}: syntax trees differ`);
  const diag = (d: Analysis['diagnostics'][number]): string =>
    `${place(d.span)} ${d.code} ${d.severity} ${d.message} | ${(d.related ?? []).map((r) => `${r.file ?? ''}${place(r.span)} ${r.message}`).join('; ')} | ${(d.fixes ?? []).map((f) => `${f.title}: ${f.edits.map((e) => `${place(e.span)}=${e.newText}`).join(',')}`).join('; ')}`;
  assert.deepStrictEqual(actual.diagnostics.map(diag), expected.diagnostics.map(diag), `${context}: diagnostics differ`);
  const ref = (r: Analysis['references'][number]): string => `${place(r.span)} ${r.name} ${r.usage} → ${defKey(r.definition)} ${r.callee ? `(${defKey(r.callee)})` : ''}`;
  assert.deepStrictEqual(actual.references.map(ref), expected.references.map(ref), `${context}: references differ`);
  assert.deepStrictEqual(actual.definitions.map(defKey).sort(), expected.definitions.map(defKey).sort(), `${context}: definitions differ`);
  const loss = ([n, l]: [string, Analysis['losses'] extends ReadonlyMap<string, infer L> ? L : never]): string =>
    `${n} ${place(l.decl.span)} ${l.file ?? ''} in:${l.inputs.map((p) => p.name.name)} hp:${l.hyperparameters.map((p) => p.name.name)} learn:${l.learns.length} ret:${place(l.returnExpr?.span)} calls:${[...l.calls].sort()} scalar:${l.scalar}`;
  assert.deepStrictEqual([...actual.losses].map(loss), [...expected.losses].map(loss), `${context}: losses differ`);
  const ea = exprs(actual);
  const ee = exprs(expected);
  assert.equal(ea.length, ee.length);
  for (let i = 0; i < ea.length; i++) {
    assert.deepStrictEqual(actual.values.get(ea[i]), expected.values.get(ee[i]), `${context}: value of ${place(ee[i].span)} differs`);
  }
  assert.equal(actual.values.size, expected.values.size, `${context}: values of expressions that are gone are kept`);
}

function chain(name: string, text: string, seed: number, edits: number): number {
  const next = random(seed);
  const opts = options(name);
  let current = analyze(text, opts);
  let reused = 0;
  for (let i = 0; i < edits; i++) {
    const after = applyEdit(text, randomEdit(text, next));
    const full = analyze(after, opts);
    const previousParse = current.parse;
    current = reanalyze(current, after, opts);
    if (current.parse !== full.parse && current.parse.file.declarations.some((d) => previousParse.file.declarations.includes(d))) reused++;
    sameAnalysis(current, full, `${name}, seed ${seed}, edit ${i}`);
    text = after;
  }
  return reused;
}

describe('reanalyze', () => {
  it('equals a full analysis after every one of 30 chained random edits of each example', () => {
    let reused = 0;
    for (const [i, { name, text }] of exampleTexts().entries()) for (let s = 0; s < 3; s++) reused += chain(name, text, 500 + 10 * i + s, 30);
    assert.ok(reused > 100, `only ${reused} analyses re-used declarations`);
  });

  it('equals a full analysis on the large generated file, re-checking only the edited loss and its users', () => {
    const text = generatedFile(20);
    chain('generated.loss', text, 3, 40);
    const before = analyze(text);
    const at = text.indexOf('let at =', text.length / 2) + 4;
    const after = text.slice(0, at) + 'x' + text.slice(at);
    const again = reanalyze(before, after);
    sameAnalysis(again, analyze(after), 'typed character');
    // `xat` is unused and `at` unknown now: focal_N changed, so combo_N and t_N that use it are checked again.
    const focal = again.file.declarations.find((d) => d.span.start <= at && d.span.end >= at)!;
    assert.equal(focal.kind, 'Loss');
    assert.deepStrictEqual(analysisWork(again), { checked: 3, reused: 20 * 5 - 3 });
    assert.ok(again.diagnostics.some((d) => d.code === 'unknown-name' && d.span.start > at && d.span.end <= focal.span.end && after.slice(d.span.start, d.span.end) === 'at'));
  });

  it('is used up by reanalyze: a second reanalyze of the same analysis analyses from scratch', () => {
    const text = generatedFile(2);
    const first = analyze(text);
    const edited = text.replace('gamma = 2 in', 'gamma = 3 in');
    const a = reanalyze(first, edited);
    const b = reanalyze(first, edited);
    sameAnalysis(a, analyze(edited), 'first use');
    sameAnalysis(b, analyze(edited), 'second use');
  });
});
