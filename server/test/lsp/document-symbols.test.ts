import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import { DocumentSymbolsFeature } from '../../src/lsp/features/document-symbols.js';
import { Harness } from './harness.js';

const KIND_NAMES = new Map(Object.entries(SymbolKind).map(([name, n]) => [n as number, name]));

function outline(s: DocumentSymbol[], depth = 0): string[] {
  return s.flatMap((x) => [`${'  '.repeat(depth)}${KIND_NAMES.get(x.kind)} ${x.name}${x.detail ? ` — ${x.detail}` : ''}`, ...outline(x.children ?? [], depth + 1)]);
}

describe('document symbols', () => {
  it('lists imports, losses with parameters, let and learn, and trials with fields', () => {
    const h = new Harness();
    const doc = h.open('a.loss', [
      'import "common.loss"',
      '## Doc.',
      'loss f(z: logits, gamma = 2) {',
      '  let p = sigmoid(z)',
      '  learn s = 0',
      '  return mean(p) * gamma + s',
      '}',
      'trial t {',
      '  loss = f(gamma=1)',
      '  steps = 100',
      '}',
    ].join('\n'));
    const s = new DocumentSymbolsFeature(h.services).symbols({ textDocument: { uri: doc.uri } });
    assert.deepEqual(outline(s), [
      'Module import "common.loss"',
      'Function f — (z: logits, gamma = 2)',
      '  Variable z — logits',
      '  Constant gamma — = 2',
      '  Variable p — let',
      '  Field s — learn',
      'Event t — trial',
      '  Property loss — f(gamma=1)',
      '  Property steps — 100',
    ]);
    // The loss's range includes its doc comment; the selection is its name.
    const f = s[1];
    assert.equal(f.range.start.line, 1);
    assert.deepEqual(f.selectionRange, { start: { line: 2, character: 5 }, end: { line: 2, character: 6 } });
  });

  it('survives broken declarations: every symbol keeps its selection inside its range', () => {
    const h = new Harness();
    const doc = h.open('a.loss', 'loss (z: logits) = \nloss g(z: logits) = mean(z\ntrial {\n  steps = \n');
    const s = new DocumentSymbolsFeature(h.services).symbols({ textDocument: { uri: doc.uri } });
    const check = (x: DocumentSymbol): void => {
      const inside = (p: { line: number; character: number }) =>
        (p.line > x.range.start.line || (p.line === x.range.start.line && p.character >= x.range.start.character)) &&
        (p.line < x.range.end.line || (p.line === x.range.end.line && p.character <= x.range.end.character));
      assert.ok(inside(x.selectionRange.start) && inside(x.selectionRange.end), JSON.stringify(x));
      (x.children ?? []).forEach(check);
    };
    s.forEach(check);
    assert.ok(s.some((x) => x.name === 'g'));
  });
});
