import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FormattingFeature } from '../../src/lsp/features/formatting.js';
import { formatText } from '../../src/lsp/format/formatter.js';
import { applyLspEdits, Harness } from './harness.js';

const TWO = { tabSize: 2, insertSpaces: true };

describe('formatting', () => {
  it('normalises spacing and indentation, keeps line breaks, comments and doc comments', () => {
    const src = [
      'import   "common.loss"',
      '',
      '',
      '',
      '## Doc comment.',
      'loss focal_bin(z:logits,y :binary, gamma=2.0 in[0,5]){',
      'let p  = sigmoid( z )   ',
      '      let pt = y*p+(1-y)*(1-p)   # why   ',
      '        return mean(-(1-pt)^gamma*log(pt)) +',
      ' 0.1 * sum(z ** 2)',
      '}',
      'loss g(z: logits, y: binary) = focal_bin(z,y,gamma = 2)',
      'trial t {',
      'loss = g',
      '  metrics   = [',
      '  ece,',
      '      -1]',
      '}',
      '',
      '',
    ].join('\n');
    const expected = [
      'import "common.loss"',
      '',
      '## Doc comment.',
      'loss focal_bin(z: logits, y: binary, gamma = 2.0 in [0, 5]) {',
      '  let p = sigmoid(z)',
      '  let pt = y * p + (1 - y) * (1 - p)  # why',
      '  return mean(-(1 - pt)^gamma * log(pt)) +',
      '    0.1 * sum(z**2)',
      '}',
      'loss g(z: logits, y: binary) = focal_bin(z, y, gamma=2)',
      'trial t {',
      '  loss    = g',
      '  metrics = [',
      '    ece,',
      '    -1]',
      '}',
      '',
    ].join('\n');
    assert.equal(formatText(src, TWO), expected);
  });

  it('aligns the `=` of consecutive trial fields; a blank line starts a new group', () => {
    const src = 'trial t {\n  loss = f\n  # the data\n  data = blobs(classes=2)\n  optimizer = adam(lr=0.01)\n\n  steps = 10\n  seeds = 3\n}\n';
    assert.equal(formatText(src, TWO), 'trial t {\n  loss      = f\n  # the data\n  data      = blobs(classes=2)\n  optimizer = adam(lr=0.01)\n\n  steps = 10\n  seeds = 3\n}\n');
  });

  it('is idempotent', () => {
    const samples = [
      'loss f(z: logits) = mean(z)',
      'loss f(z:logits,w=[1,2,3]){\nlet a=-z^2\nreturn mean(a)*-1\n}\n',
      'trial t{\nloss=f(gamma=2)\ndata=blobs(classes=2,n=10)\n}',
      '# only a comment',
      'loss f(z: logits) = mean(\n  z\n    +\n  1\n)\n',
    ];
    for (const s of samples) {
      const once = formatText(s, TWO);
      assert.equal(formatText(once, TWO), once, JSON.stringify(s));
    }
  });

  it('respects tabSize and insertSpaces', () => {
    const src = 'loss f(z: logits) {\nreturn mean(z)\n}\n';
    assert.equal(formatText(src, { tabSize: 4, insertSpaces: true }), 'loss f(z: logits) {\n    return mean(z)\n}\n');
    assert.equal(formatText(src, { tabSize: 4, insertSpaces: false }), 'loss f(z: logits) {\n\treturn mean(z)\n}\n');
  });

  it('leaves text with unknown characters alone rather than guess', () => {
    assert.equal(formatText('loss f(z: logits) = mean(z) @  2', TWO), 'loss f(z: logits) = mean(z) @  2');
  });

  it('formats broken code without changing its tokens', () => {
    const src = 'loss f(z: logits {\nreturn mean(z\n';
    assert.equal(formatText(src, TWO), 'loss f(z: logits {\n  return mean(z\n');
  });

  it('as an LSP feature: minimal edits, and range formatting touches only the range', () => {
    const h = new Harness();
    const doc = h.open('a.loss', 'loss f(z:logits) = mean(z)\n<|loss g(z:logits) = mean(z)|>\n');
    const f = new FormattingFeature(h.services);
    const all = f.format({ textDocument: { uri: doc.uri }, options: TWO });
    assert.equal(all.length, 2);
    assert.equal(applyLspEdits(doc.text, all), 'loss f(z: logits) = mean(z)\nloss g(z: logits) = mean(z)\n');
    const range = { start: doc.index.positionAt(doc.ranges[0].start), end: doc.index.positionAt(doc.ranges[0].end) };
    const part = f.formatRange({ textDocument: { uri: doc.uri }, range, options: TWO });
    assert.equal(applyLspEdits(doc.text, part), 'loss f(z:logits) = mean(z)\nloss g(z: logits) = mean(z)\n');
  });

  it('formats every example file idempotently', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const dir = new URL('../../../examples/', import.meta.url);
    const files = readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.loss'));
    assert.ok(files.length > 0, 'the examples folder has .loss files');
    for (const f of files) {
      const text = readFileSync(new URL(f, dir), 'utf8');
      const once = formatText(text, TWO);
      assert.equal(formatText(once, TWO), once, f);
    }
  });
});
