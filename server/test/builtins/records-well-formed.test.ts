import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as I from '../../src/core/analysis/interval.js';
import { ROLES } from '../../src/core/builtins/roles.js';
import { allFunctions, CONSTANTS, CONTEXT_VALUES, functionsByCategory, functionsByFamily, lookupFunction } from '../../src/core/builtins/table.js';
import { FAMILY_TITLES, type BuiltinParam, type Family } from '../../src/core/builtins/types.js';

// Every record is complete and self-consistent: the hover, completion, signature help, lints, LaTeX
// and exporters all read these fields without second-guessing them.

const ARTICLE_FAMILIES: readonly Family[] = [
  'dynamic-weighting', 'multi-task', 'adversarial', 'imbalance', 'regularisation', 'adaptive-margin', 'distillation', 'quantisation',
];

/** Braces balance, ignoring escaped ones; every \left has its \right and every \begin its \end. */
export function latexProblems(tex: string): string[] {
  const problems: string[] = [];
  let depth = 0;
  for (let i = 0; i < tex.length; i++) {
    const c = tex[i];
    if (c === '\\') {
      i++; // skip the escaped character (\{, \}, \\)
      continue;
    }
    if (c === '{') depth++;
    if (c === '}') depth--;
    if (depth < 0) problems.push(`unmatched } at ${i}`);
    if (depth < 0) depth = 0;
  }
  if (depth !== 0) problems.push(`${depth} unclosed {`);
  const count = (re: RegExp): number => (tex.match(re) ?? []).length;
  if (count(/\\left(?![a-zA-Z])/g) !== count(/\\right(?![a-zA-Z])/g)) problems.push('\\left and \\right do not pair');
  if (count(/\\begin\{/g) !== count(/\\end\{/g)) problems.push('\\begin and \\end do not pair');
  if (/\$/.test(tex)) problems.push('contains $ (formulas are bare TeX)');
  return problems;
}

function inside(v: number, range: readonly [number, number], open: readonly [boolean, boolean] = [false, false]): boolean {
  const [lo, hi] = range;
  return (open[0] ? v > lo : v >= lo) && (open[1] ? v < hi : v <= hi);
}

describe('builtin records', () => {
  it('the LaTeX checker itself catches unbalanced input', () => {
    assert.deepEqual(latexProblems('\\frac{a}{b}'), []);
    assert.deepEqual(latexProblems('\\{ x \\}'), []);
    assert.notDeepEqual(latexProblems('\\frac{a}{b'), []);
    assert.notDeepEqual(latexProblems('\\left( x'), []);
    assert.notDeepEqual(latexProblems('a}{'), []);
  });

  for (const b of allFunctions()) {
    describe(b.name, () => {
      it('has a name, family, one-paragraph doc and a formula', () => {
        assert.match(b.name, /^[A-Za-z_][A-Za-z0-9_]*$/);
        assert.ok(b.family in FAMILY_TITLES);
        assert.ok(b.doc.trim().length >= 40, 'doc too short');
        assert.ok(!b.doc.includes('\n\n'), 'doc must be one paragraph');
        assert.ok(b.formula.trim().length > 0);
        assert.equal(b.doc, b.doc.trim());
      });

      it('writes valid-looking LaTeX', () => {
        assert.deepEqual(latexProblems(b.formula), [], b.formula);
        if (b.tex) assert.deepEqual(latexProblems(b.tex.replace(/\{([a-z_]\w*)\}/g, 'X')), [], b.tex);
      });

      it('has a call template that shows every required parameter', () => {
        // The LaTeX renderer fills `{name}` where name is a parameter (other braces are TeX groups) and
        // falls back to the generic form when a given argument would not appear — so a template that
        // omits a required parameter would never be used.
        if (!b.tex) return;
        const placeholders = new Set([...b.tex.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((m) => m[1]));
        for (const p of b.params) {
          if (p.default === undefined) assert.ok(placeholders.has(p.name), `template ${b.tex} omits required ${p.name}`);
        }
      });

      it('has well-formed parameters', () => {
        const names = b.params.map((p) => p.name);
        assert.equal(new Set(names).size, names.length, 'duplicate parameter names');
        let sawOptional = false;
        let sawVariadic = false;
        for (const p of b.params) {
          assert.match(p.name, /^[A-Za-z_][A-Za-z0-9_]*$/);
          assert.ok(p.doc.trim().length > 0, `${p.name}: empty doc`);
          const optional = p.default !== undefined;
          if (p.variadic) {
            assert.ok(!sawOptional && !sawVariadic, `${p.name}: only the last positional parameter can be variadic`);
            sawVariadic = true;
            assert.ok((p.minCount ?? 1) >= 1);
            continue;
          }
          if (sawVariadic) assert.ok(optional, `${p.name}: parameters after a variadic one must have defaults (they are passed by name)`);
          if (!optional) assert.ok(!sawOptional, `${p.name}: a required parameter follows an optional one`);
          sawOptional ||= optional;
          for (const r of p.roles ?? []) assert.ok(r in ROLES, `${p.name}: unknown role ${r}`);
          if (p.roles) assert.equal(p.kind, 'tensor', `${p.name}: roles only on tensors`);
          if (p.kind === 'option') {
            assert.ok(p.options && p.options.length > 0, `${p.name}: option without options`);
            assert.ok(p.options.includes(p.default as string), `${p.name}: default ${String(p.default)} is not an option`);
          }
          if (p.kind === 'bool') assert.equal(typeof p.default, 'boolean', `${p.name}: bool default`);
          if (p.kind === 'axis') assert.ok(p.default === null || Number.isInteger(p.default), `${p.name}: axis default`);
          if (p.kind === 'tensor' || p.kind === 'hyper') assert.ok(p.tex, `${p.name}: no tex symbol`);
          checkHyper(p);
        }
      });

      it('computes a range for default and for unknown arguments', () => {
        for (const args of [{}, Object.fromEntries(b.params.map((p) => [p.name, I.ALL]))]) {
          const r = b.range(args);
          assert.ok(!Number.isNaN(r.lo) && !Number.isNaN(r.hi), `NaN in ${I.format(r)}`);
          assert.ok(r.lo <= r.hi, `empty range ${I.format(r)}`);
        }
      });

      it('names existing roles, parameters and domains', () => {
        if (b.resultRole) assert.ok(b.resultRole in ROLES);
        for (const f of b.forms ?? []) {
          for (const n of [f.when, ...f.excludes]) assert.ok(b.params.some((p) => p.name === n), `form names ${n}`);
        }
        if (b.domain) assert.ok(b.domain.lo < b.domain.hi);
        if (b.category === 'loss' || b.category === 'combiner') assert.equal(b.result, 'scalar', 'a loss returns a scalar');
      });

      if (ARTICLE_FAMILIES.includes(b.family)) {
        it('cites the paper it comes from', () => {
          const p = b.paper;
          assert.ok(p, `${b.name} (${b.family}) has no paper`);
          assert.ok(p.authors.length > 3 && p.title.length > 3);
          assert.ok(p.year >= 1900 && p.year <= 2030);
          if (p.url) assert.match(p.url, /^https:\/\/\S+$/);
        });
      }
    });
  }

  it('indexes by family and category', () => {
    assert.deepEqual(functionsByFamily('adversarial').map((b) => b.name), ['gan_g', 'gan_d', 'ragan_g', 'ragan_d', 'rsgan_d', 'rsgan_g']);
    assert.deepEqual(functionsByCategory('schedule').map((b) => b.name), ['ramp', 'cosine', 'warmup']);
    const total = (Object.keys(FAMILY_TITLES) as Family[]).reduce((n, f) => n + functionsByFamily(f).length, 0);
    assert.equal(total, allFunctions().length);
  });

  it('keeps constants and context values apart from functions', () => {
    for (const n of [...CONSTANTS.keys(), ...CONTEXT_VALUES.keys()]) assert.equal(lookupFunction(n), undefined, n);
    assert.equal(CONSTANTS.get('pi')?.value, Math.PI);
    assert.deepEqual([...CONTEXT_VALUES.keys()], ['progress', 'step', 'num_classes', 'class_counts', 'weights']);
  });
});

/** Defaults inside the valid and recommended ranges; recommended inside valid. */
function checkHyper(p: BuiltinParam): void {
  if (p.kind !== 'hyper') {
    assert.equal(p.valid, undefined, `${p.name}: valid on a non-hyper`);
    assert.equal(p.recommended, undefined, `${p.name}: recommended on a non-hyper`);
    return;
  }
  if (typeof p.default === 'number') {
    assert.ok(p.valid, `${p.name}: a hyperparameter with a default needs a valid range`);
    assert.ok(p.recommended, `${p.name}: a hyperparameter with a default needs a recommended range`);
  }
  if (p.valid) assert.ok(p.valid[0] <= p.valid[1], `${p.name}: empty valid range`);
  if (p.recommended) {
    assert.ok(p.recommended[0] <= p.recommended[1], `${p.name}: empty recommended range`);
    assert.ok(Number.isFinite(p.recommended[0]) && Number.isFinite(p.recommended[1]), `${p.name}: recommended ranges are finite (they drive sliders)`);
    if (p.valid) {
      assert.ok(inside(p.recommended[0], p.valid, p.validOpen) && inside(p.recommended[1], p.valid, p.validOpen), `${p.name}: recommended outside valid`);
    }
  }
  if (typeof p.default === 'number') {
    if (p.valid) assert.ok(inside(p.default, p.valid, p.validOpen), `${p.name}: default ${p.default} outside valid ${p.valid}`);
    if (p.recommended) assert.ok(inside(p.default, p.recommended), `${p.name}: default ${p.default} outside recommended ${p.recommended}`);
    if (p.integer) assert.ok(Number.isInteger(p.default), `${p.name}: integer default`);
  }
}
