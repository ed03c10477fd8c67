import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SignatureHelp } from 'vscode-languageserver';
import { SignatureHelpFeature } from '../../src/lsp/features/signature-help.js';
import { Harness, type OpenedDocument } from './harness.js';

function help(h: Harness, doc: OpenedDocument, cursor = 0): SignatureHelp | null {
  return new SignatureHelpFeature(h.services).signatureHelp({ textDocument: { uri: doc.uri }, position: doc.cursors[cursor] });
}

/** The label text of the active parameter. */
function active(s: SignatureHelp): string {
  const sig = s.signatures[s.activeSignature ?? 0];
  const [a, b] = sig.parameters![s.activeParameter ?? 0].label as [number, number];
  return sig.label.slice(a, b);
}

describe('signature help', () => {
  it('shows a builtin signature and moves the active parameter with each comma', () => {
    const h = new Harness();
    const doc = h.open('a.loss', 'loss f(z: logits) = mean(clamp(<|>z, <|>0, <|>');
    const s0 = help(h, doc, 0)!;
    assert.match(s0.signatures[0].label, /^clamp\(x, lo = none, hi = none\)$/);
    assert.equal(active(s0), 'x');
    assert.equal(active(help(h, doc, 1)!), 'lo = none');
    assert.equal(active(help(h, doc, 2)!), 'hi = none');
  });

  it('highlights the parameter named by `name=`', () => {
    const h = new Harness();
    const doc = h.open('a.loss', 'loss f(z: logits) = mean(clamp(z, hi=<|>1))');
    assert.equal(active(help(h, doc)!), 'hi = none');
  });

  it('works for user losses, showing their doc comment', () => {
    const h = new Harness();
    const doc = h.open('a.loss', '## Base.\nloss base(z: logits, gamma = 2 in [0, 5]) = mean(z) * gamma\nloss f(z: logits) = base(z, <|>');
    const s = help(h, doc)!;
    assert.equal(s.signatures[0].label, 'base(z: logits, gamma = 2 in [0, 5])');
    assert.equal(active(s), 'gamma = 2 in [0, 5]');
    assert.match((s.signatures[0].documentation as { value: string }).value, /Base\./);
  });

  it('uses the innermost call', () => {
    const h = new Harness();
    const doc = h.open('a.loss', 'loss f(z: logits) = mean(sigmoid(<|>z))');
    assert.match(help(h, doc)!.signatures[0].label, /^sigmoid\(/);
  });

  it('gives nothing outside calls and for unknown callees', () => {
    const h = new Harness();
    const doc = h.open('a.loss', 'loss f(z: logits) = <|>mean(z) + nope(<|>z)');
    assert.equal(help(h, doc, 0), null);
    assert.equal(help(h, doc, 1), null);
  });
});
