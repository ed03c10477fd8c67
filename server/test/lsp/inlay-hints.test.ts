import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { InlayHint, InlayHintLabelPart } from 'vscode-languageserver';
import { InlayHintsFeature } from '../../src/lsp/features/inlay-hints.js';
import { Harness, type OpenedDocument } from './harness.js';

function hints(h: Harness, doc: OpenedDocument): InlayHint[] {
  const range = { start: { line: 0, character: 0 }, end: doc.index.positionAt(doc.text.length) };
  return new InlayHintsFeature(h.services).inlayHints({ textDocument: { uri: doc.uri }, range });
}

const label = (x: InlayHint): string => (x.label as InlayHintLabelPart[]).map((p) => p.value).join('');

describe('inlay hints', () => {
  it('shows the defaults of omitted hyperparameters just before `)`', () => {
    const h = new Harness();
    const doc = h.open('a.loss', 'loss base(z: logits, gamma = 2, alpha = 0.25) = mean(z) * gamma * alpha\nloss f(z: logits) = base(z, alpha=0.5<|>)');
    const hs = hints(h, doc);
    assert.equal(hs.length, 1);
    assert.equal(label(hs[0]), ', gamma=2');
    assert.deepEqual(hs[0].position, doc.cursors[0]);
  });

  it('for builtins too, and no hint when everything is given', () => {
    const h = new Harness();
    const doc = h.open('a.loss', 'loss f(z: logits, y: binary) = focal(z, y<|>) + focal(z, y, gamma=1, alpha=0.5)');
    const hs = hints(h, doc);
    assert.equal(hs.length, 1);
    assert.match(label(hs[0]), /^, gamma=2, alpha=0\.25/);
    assert.deepEqual(hs[0].position, doc.cursors[0]);
  });

  it('nothing for unfinished calls, and nothing when switched off', () => {
    const h = new Harness();
    const doc = h.open('a.loss', 'loss base(z: logits, gamma = 2) = mean(z) * gamma\nloss f(z: logits) = base(z');
    assert.deepEqual(hints(h, doc), []);
    const done = h.open('b.loss', 'loss base(z: logits, gamma = 2) = mean(z) * gamma\nloss f(z: logits) = base(z)');
    assert.equal(hints(h, done).length, 1);
    h.services.config.settings = { ...h.services.config.settings, inlayHints: false };
    assert.deepEqual(hints(h, done), []);
  });
});
