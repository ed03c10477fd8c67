import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyze } from '../../src/core/analysis/analyze.js';
import type { Analysis } from '../../src/core/analysis/model.js';
import { DIAGNOSTIC_CODES, isDiagnosticCode, type DiagnosticCategory, type DiagnosticCode } from '../../src/core/diagnostics/codes.js';
import { LineIndex } from '../../src/core/text/line-index.js';
import { EXAMPLES, FIXTURES, lossFiles } from './fixture-files.js';
import { random as prng } from '../helpers/random.js';

// Robustness: thousands of randomly broken variants of the example and fixture files go through the
// whole checker (parse, names, ranges, lints). Nothing may throw, every file gets an answer, and every
// diagnostic is well-formed: a known code, a message, a span inside the text. A deterministic PRNG keeps
// any failure reproducible: the assertion message carries the seed file and mutation index.

const MUTATIONS = 2400;
const SEED = 0x10551ab;


const TOKEN = /[A-Za-z_][A-Za-z0-9_]*|\d*\.?\d+(?:[eE][-+]?\d+)?|"[^"\n]*"?|\*\*|[=!<>]=|##?[^\n]*|\s+|./g;
const SPARE_TOKENS = ['loss', 'let', 'learn', 'return', 'trial', 'import', 'in', '(', ')', '[', ']', '{', '}', ',', '=', ':', '^', '**',
  '-', '+', '*', '/', '==', '<', '"', '"x.loss"', '#', '##', '0', '1e-7', '.5', 'log', 'sigmoid', 'softmax', 'exp', 'sqrt', 'z', 'y', 'T',
  'logits', 'labels', '\n', ' ', 'ce(z, y)', 'focal(', 'kl(', 'progress', 'weights', '@', '\u00e9', '\t'];

type Mutation = (src: string, rnd: () => number) => string;

const pick = <T>(xs: readonly T[], rnd: () => number): T => xs[Math.floor(rnd() * xs.length)];
const tokensOf = (s: string): string[] => s.match(TOKEN) ?? [];

const MUTATORS: Record<string, Mutation> = {
  deleteChar: (s, r) => {
    const i = Math.floor(r() * s.length);
    return s.slice(0, i) + s.slice(i + 1);
  },
  insertChar: (s, r) => {
    const i = Math.floor(r() * (s.length + 1));
    return s.slice(0, i) + pick('()[]{},=:^*+-/<>"#.0123456789 \nazT_'.split(''), r) + s.slice(i);
  },
  deleteToken: (s, r) => {
    const t = tokensOf(s);
    t.splice(Math.floor(r() * t.length), 1);
    return t.join('');
  },
  insertToken: (s, r) => {
    const t = tokensOf(s);
    t.splice(Math.floor(r() * (t.length + 1)), 0, pick(SPARE_TOKENS, r));
    return t.join('');
  },
  duplicateToken: (s, r) => {
    const t = tokensOf(s);
    const i = Math.floor(r() * t.length);
    t.splice(i, 0, t[i] ?? '');
    return t.join('');
  },
  swapTokens: (s, r) => {
    const t = tokensOf(s);
    const i = Math.floor(r() * t.length);
    const j = Math.floor(r() * t.length);
    [t[i], t[j]] = [t[j], t[i]];
    return t.join('');
  },
  duplicateSlice: (s, r) => {
    const i = Math.floor(r() * s.length);
    const j = Math.min(s.length, i + Math.floor(r() * 200));
    return s.slice(0, j) + s.slice(i, j) + s.slice(j);
  },
  truncate: (s, r) => s.slice(0, Math.floor(r() * s.length)),
};

const seeds = [...(existsSync(EXAMPLES) ? lossFiles(EXAMPLES) : []), ...lossFiles(FIXTURES)].map((f) => ({ name: path.basename(f), text: readFileSync(f, 'utf8') }));

describe('random mutations of the examples and fixtures', () => {
  it(`${MUTATIONS} mutated files are all answered without an exception`, () => {
    assert.ok(seeds.length > 0, 'no seed files found');
    const rnd = prng(SEED);
    const names = Object.keys(MUTATORS);
    const used = new Map<string, number>();
    let diagnostics = 0;
    const categories = new Set<DiagnosticCategory>();
    for (let n = 0; n < MUTATIONS; n++) {
      const seed = seeds[n % seeds.length];
      // One to three mutations on top of each other.
      let text = seed.text;
      const applied: string[] = [];
      for (let k = 1 + Math.floor(rnd() * 3); k > 0; k--) {
        const m = pick(names, rnd);
        applied.push(m);
        text = MUTATORS[m](text, rnd);
        used.set(m, (used.get(m) ?? 0) + 1);
      }
      const where = `mutation #${n} of ${seed.name} (${applied.join(', ')})`;
      let result: Analysis;
      try {
        result = analyze(text);
      } catch (err) {
        assert.fail(`${where} threw: ${(err as Error).stack ?? err}\n--- input ---\n${text}`);
      }
      assert.ok(Array.isArray(result.diagnostics), where);
      const lines = new LineIndex(text);
      for (const d of result.diagnostics) {
        assert.ok(isDiagnosticCode(d.code), `${where}: unknown code ${d.code}`);
        categories.add(DIAGNOSTIC_CODES[d.code as DiagnosticCode].category);
        assert.ok(d.message.length > 0, `${where}: empty message for ${d.code}`);
        assert.doesNotMatch(d.message, /internal error/, `${where}: ${d.message}\n--- input ---\n${text}`);
        assert.ok(d.span.start >= 0 && d.span.start <= d.span.end && d.span.end <= text.length, `${where}: span ${JSON.stringify(d.span)} outside the text (length ${text.length}) for ${d.code}`);
        lines.rangeOf(d.span);
        for (const f of d.fixes ?? []) {
          for (const e of f.edits) assert.ok(e.span.start >= 0 && e.span.start <= e.span.end && e.span.end <= text.length, `${where}: fix edit outside the text`);
        }
      }
      diagnostics += result.diagnostics.length;
    }
    // Every kind of mutation was exercised, and the broken files did produce diagnostics.
    assert.deepEqual(names.filter((m) => !used.has(m)), []);
    assert.ok(diagnostics > MUTATIONS, `only ${diagnostics} diagnostics for ${MUTATIONS} broken files`);
    // The broken files went through every stage, lints included, not just the parser.
    for (const c of ['syntax', 'names', 'calls', 'roles', 'stability', 'semantics'] as const) assert.ok(categories.has(c), `no ${c} diagnostic in any mutated file`);
  });
});
