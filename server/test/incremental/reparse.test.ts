import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse, type ParseResult } from '../../src/core/syntax/parse.js';
import { reparse } from '../../src/core/syntax/reparse.js';
import { SpanShifter } from '../../src/core/syntax/span-shifter.js';
import { textChange } from '../../src/core/text/text-change.js';
import { applyEdit, exampleTexts, generatedFile, random, randomEdit } from './random-edits.js';

// A re-parse after an edit must be indistinguishable from parsing the new text from scratch: the same
// declarations with the same spans, the same comments and tokens, the same syntax diagnostics.

function sameParse(actual: ParseResult, expected: ParseResult, context: string): void {
  assert.deepStrictEqual(actual.file, expected.file, `${context}: syntax trees differ`);
  const key = (d: ParseResult['diagnostics'][number]): string => `${d.span.start}:${d.span.end}:${d.code}:${d.message}`;
  assert.deepStrictEqual(actual.diagnostics.map(key).sort(), expected.diagnostics.map(key).sort(), `${context}: diagnostics differ`);
  assert.deepStrictEqual(
    actual.tokens.map((t) => `${t.startOffset}:${t.image}`),
    expected.tokens.map((t) => `${t.startOffset}:${t.image}`),
    `${context}: tokens differ`,
  );
}

/** Applies `edits` random edits in a chain, re-parsing each from the previous result; returns how many were local. */
function chain(text: string, seed: number, edits: number): { local: number; total: number } {
  const next = random(seed);
  let current = parse(text);
  let local = 0;
  for (let i = 0; i < edits; i++) {
    const edit = randomEdit(text, next);
    const after = applyEdit(text, edit);
    const change = textChange(text, after);
    const full = parse(after);
    const r = change ? reparse(current, text, after, change) : undefined;
    if (r) {
      local++;
      sameParse(r.parse, full, `seed ${seed}, edit ${i} ${JSON.stringify(edit)}`);
      current = r.parse;
    } else {
      current = full;
    }
    text = after;
  }
  return { local, total: edits };
}

describe('reparse', () => {
  it('matches a full parse after every one of 40 chained random edits of each example', () => {
    for (const [i, { text }] of exampleTexts().entries()) for (let s = 0; s < 4; s++) chain(text, 1000 * i + s, 40);
  });

  it('re-parses most single edits of a well-formed file locally', () => {
    let local = 0;
    let total = 0;
    for (const [i, { text }] of exampleTexts().entries()) {
      const next = random(77 + i);
      for (let n = 0; n < 60; n++) {
        const after = applyEdit(text, randomEdit(text, next));
        const change = textChange(text, after);
        if (!change) continue;
        total++;
        const r = reparse(parse(text), text, after, change);
        if (r) {
          local++;
          sameParse(r.parse, parse(after), `example ${i}, edit ${n}`);
        }
      }
    }
    // What falls back: edits of imports, and edits that break the declaration after them (594 of 600 are local).
    assert.ok(local > total * 0.9, `only ${local} of ${total} edits were re-parsed locally`);
  });

  it('matches a full parse on a large generated file, and re-parses a typed character locally', () => {
    const text = generatedFile(30);
    chain(text, 7, 60);
    const at = text.indexOf('let at =', text.length / 2) + 4;
    const after = text.slice(0, at) + 'x' + text.slice(at);
    const r = reparse(parse(text), text, after, textChange(text, after)!);
    assert.ok(r, 'a character typed into a let name is re-parsed locally');
    assert.equal(r.removed.length, 1);
    assert.equal(r.added.length, 1);
    sameParse(r.parse, parse(after), 'typed character');
  });

  it('falls back when the edit touches an import, or the declaration just before it has a syntax error', () => {
    const text = 'import "a.loss"\n\nloss f(x: logits) = mean(x)\n';
    const at = text.indexOf('a.loss') + 1;
    const after = text.slice(0, at) + 'b' + text.slice(at);
    assert.equal(reparse(parse(text), text, after, textChange(text, after)!), undefined);

    const broken = 'loss f(x: logits) = mean(x\n\nloss g(x: logits) = mean(x)\n';
    const at2 = broken.lastIndexOf('mean') + 1;
    const after2 = broken.slice(0, at2) + 'x' + broken.slice(at2);
    assert.equal(reparse(parse(broken), broken, after2, textChange(broken, after2)!), undefined);
  });

  it('re-parses locally below an error further up, and an inserted operator joins the declaration above', () => {
    const text = 'loss f(x: logits) = mean(x\n\nloss g(x: logits) = mean(x)\n\nloss h(x: logits) = mean(x)\n';
    const at = text.lastIndexOf('mean') + 1;
    const after = text.slice(0, at) + 'x' + text.slice(at);
    const r = reparse(parse(text), text, after, textChange(text, after)!);
    assert.ok(r);
    sameParse(r.parse, parse(after), 'below an error');

    // `/` typed on the blank line after g would continue g's expression: not local.
    const gap = text.indexOf('\n\nloss h') + 1;
    const slash = text.slice(0, gap) + '/' + text.slice(gap);
    assert.equal(reparse(parse(text), text, slash, textChange(text, slash)!), undefined);
  });

  it('counts bracket nesting afresh at each declaration, so brackets left open above do not reach below', () => {
    const open = '('.repeat(20);
    const text = `loss f(x: logits) = mean${open}x\n\nloss g(x: logits) = ${'('.repeat(20)}x${')'.repeat(20)}\n\nloss h(x: logits) = mean(x)\n`;
    const full = parse(text);
    assert.ok(!full.diagnostics.some((d) => d.code === 'too-deeply-nested'), 'g nests 20 deep, under the limit of 32');
    const at = text.lastIndexOf('mean') + 1;
    const after = text.slice(0, at) + 'x' + text.slice(at);
    const r = reparse(full, text, after, textChange(text, after)!);
    assert.ok(r);
    sameParse(r.parse, parse(after), 'after open brackets');
  });
});

describe('syntax tree spans', () => {
  it('are never shared between nodes, nor with diagnostics (moving them after an edit moves each once)', () => {
    for (const { name, text } of [...exampleTexts(), { name: 'generated', text: generatedFile(3) }]) {
      const next = random(11);
      let t = text;
      for (let i = 0; i < 15; i++, t = applyEdit(t, randomEdit(t, next))) {
        const r = parse(t);
        const seen = new Set<object>();
        const record = (s: object | undefined): void => {
          if (!s) return;
          assert.ok(!seen.has(s), `${name}: a span object is shared (${JSON.stringify(s)})`);
          seen.add(s);
        };
        // The shifter visits exactly the spans a tree has; record them through a probe that does not move.
        const probe = new SpanShifter(1, Infinity);
        const original = probe.span.bind(probe);
        probe.span = (s) => {
          record(s);
          original(s);
        };
        for (const d of r.file.declarations) probe.declaration(d);
        for (const d of r.diagnostics) {
          record(d.span);
          for (const f of d.fixes ?? []) for (const e of f.edits) record(e.span);
        }
      }
    }
  });
});
