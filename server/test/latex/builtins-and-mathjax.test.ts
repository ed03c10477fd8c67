import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { analyze } from '../../src/core/analysis/analyze.js';
import { allFunctions } from '../../src/core/builtins/table.js';
import type { BuiltinFunction, BuiltinParam } from '../../src/core/builtins/types.js';
import { bracesBalanced, builtinFormulaLatex, lossLatexDocumentFragment, lossToLatex } from '../../src/core/latex/index.js';
import type { LossDecl } from '../../src/core/syntax/ast.js';
import { texError } from '../../src/math/index.js';
import { texOf } from './helpers.js';

// Every builtin renders (its hover formula and a call to it) into TeX that has balanced braces and that
// MathJax parses without an error; so does every loss of a corpus and of the shipped examples.

function assertRenderable(tex: string, what: string): void {
  assert.ok(bracesBalanced(tex), `unbalanced braces in ${what}: ${tex}`);
  const error = texError(tex);
  assert.equal(error, undefined, `MathJax rejects ${what}: ${error}\n${tex}`);
}

/** An argument list that gives every required parameter, and optionally every optional one too. */
function callSource(b: BuiltinFunction, withOptional: boolean): string {
  const positional: string[] = [];
  const named: string[] = [];
  const valueFor = (p: BuiltinParam): string => {
    switch (p.kind) {
      case 'tensor': case 'loss': case 'wrt': return 'x';
      case 'hyper': return typeof p.default === 'number' ? String(p.default + 1) : '3';
      case 'option': return JSON.stringify(p.options?.[p.options.length - 1] ?? 'a');
      case 'axis': return '-1';
      case 'bool': return 'true';
    }
  };
  for (const p of b.params) {
    const required = p.default === undefined;
    if (p.variadic) positional.push('x', 'x * 2', 'x^2');
    else if (required && named.length === 0) positional.push(valueFor(p));
    else if (required || withOptional) named.push(`${p.name}=${valueFor(p)}`);
  }
  return `${b.name}(${[...positional, ...named].join(', ')})`;
}

describe('every builtin in the table', () => {
  const builtins = allFunctions();
  it('has a hover formula that renders', () => {
    assert.ok(builtins.length > 0);
    for (const b of builtins) {
      const f = builtinFormulaLatex(b);
      assertRenderable(f.formula, `${b.name}'s formula`);
      assertRenderable(f.tex, `${b.name}'s hover block`);
    }
  });
  it('renders a call with only the required arguments, and with every argument', () => {
    for (const b of builtins) {
      for (const withOptional of [false, true]) {
        const src = callSource(b, withOptional);
        const tex = texOf(src);
        assertRenderable(tex, src);
        assert.ok(tex.length > 0);
      }
    }
  });
});

const CORPUS = [
  '-x^2 + (-x)^2 - (x - 1) * (x + 1) / (x^2 + 1)',
  'exp(-x / 2) * log(sigmoid(x)) + sqrt(abs(x) + 1e-8)',
  '(x > 0) * x + (x <= 0) * 0.01 * x',
  'where(x > 0, x, 0) + clamp(x, lo=0) + clamp(x, 0, 1)',
  '[1, 2.5, 1e-4] * x + pi * progress + step / 1000',
  'mean(-x * log(x)) + sum(x, axis=-1) + max(x) + min(x, 0) + norm(x, p=1)^2',
  'logsumexp(x) - gather(log_softmax(x), x) + softmax(x, axis=0)',
  'x^2^3 + (x^2)^3 + 2^(x / 2) + 10^-3',
  'grad(mean(x^2), x) + stopgrad(x) * 2',
  'focal(x, x, gamma=2) + ce(x, x, label_smoothing=0.1) + kd(x, x, T=2)',
  'uncertainty(mse(x, x), mae(x, x)) + gradnorm(bce(x, x), dice(sigmoid(x), x), alpha=1)',
  'fakequant(x, bits=4) + quant_noise(x) + l2(weights) + l1(weights)',
  'ramp(0, 1, start=0.2) * warmup(1) + cosine(1, 0)',
  'gan_d(x, x, kind="hinge") + gan_g(x, kind="ls")',
];

describe('MathJax accepts everything the renderer produces', () => {
  it('for a corpus of expressions', () => {
    for (const src of CORPUS) assertRenderable(texOf(src), src);
  });
  it('for every loss of the shipped examples: formula, where-lines and the aligned fragment', () => {
    const dir = fileURLToPath(new URL('../../../examples/', import.meta.url));
    let files: string[] = [];
    try {
      files = readdirSync(dir).filter((f) => f.endsWith('.loss'));
    } catch {
      files = [];
    }
    for (const f of files) {
      const path = join(dir, f);
      const a = analyze(readFileSync(path, 'utf8'), { path });
      for (const d of a.file.declarations) {
        if (d.kind !== 'Loss') continue;
        const decl = d as LossDecl;
        const what = `${f}:${decl.name?.name}`;
        const r = lossToLatex(decl, { analysis: a });
        assertRenderable(r.formula, what);
        for (const w of r.where) assertRenderable(w, `${what} (where)`);
        assertRenderable(lossLatexDocumentFragment(decl, { analysis: a }, { environment: 'aligned' }), `${what} (fragment)`);
        // align* is a document environment: MathJax takes it at the top level too.
        assertRenderable(lossLatexDocumentFragment(decl, { analysis: a }, { comment: false }), `${what} (align*)`);
      }
    }
  });
});
