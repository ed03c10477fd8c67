import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { InsertTextFormat, type CompletionItem, type TextEdit } from 'vscode-languageserver';
import { pathToUri } from '../../src/lsp/documents.js';
import { CompletionFeature } from '../../src/lsp/features/completion.js';
import { Harness, type OpenedDocument } from './harness.js';

function complete(h: Harness, doc: OpenedDocument, cursor = 0): CompletionItem[] {
  const r = new CompletionFeature(h.services).complete({ textDocument: { uri: doc.uri }, position: doc.cursors[cursor] });
  return [...r.items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label));
}

const labels = (items: CompletionItem[]): string[] => items.map((i) => i.label);
const edit = (i: CompletionItem): TextEdit => i.textEdit as TextEdit;

describe('completion', () => {
  it('at the top of an empty file: declaration keywords and a template for each of the eight families', () => {
    const h = new Harness();
    const items = complete(h, h.open('a.loss', '<|>'));
    assert.ok(['loss', 'trial', 'import'].every((k) => labels(items).includes(k)));
    const families = new Set(items.filter((i) => i.kind === 15 /* Snippet */ && i.detail?.match(/^\d\./)).map((i) => i.detail));
    assert.equal(families.size, 8, [...families].join(', '));
  });

  it('after the last declaration at end of file (no newline): top-level items', () => {
    const h = new Harness();
    const items = complete(h, h.open('a.loss', 'loss f(z: logits) = mean(z)\nlo<|>'));
    assert.ok(labels(items).includes('loss'));
    assert.deepEqual(edit(items.find((i) => i.label === 'loss')!).range, { start: { line: 1, character: 0 }, end: { line: 1, character: 2 } });
  });

  it('says the edit range once for the whole list when the client takes itemDefaults.editRange', () => {
    const h = new Harness();
    const doc = h.open('a.loss', 'loss f(z: logits, y: binary) = mean(foc<|>');
    const before = new CompletionFeature(h.services).complete({ textDocument: { uri: doc.uri }, position: doc.cursors[0] });
    h.services.config.completionEditRangeDefault = true;
    const after = new CompletionFeature(h.services).complete({ textDocument: { uri: doc.uri }, position: doc.cursors[0] });
    assert.equal(after.items.length, before.items.length);
    assert.deepEqual(after.itemDefaults?.editRange, edit(before.items[0]).range);
    for (const [i, item] of after.items.entries()) {
      assert.equal(item.textEdit, undefined);
      // What would be inserted is unchanged: the label itself, or textEditText (a snippet with arguments).
      assert.equal(item.textEditText ?? item.label, edit(before.items[i]).newText, item.label);
    }
    assert.match(after.items.find((i) => i.label === 'focal')!.textEditText!, /^focal\(\$\{1/);
  });

  it('roles after `:`, also inside a half-typed role, replacing the typed part', () => {
    const h = new Harness();
    const doc = h.open('a.loss', 'loss f(z: <|>, y: lo<|>');
    assert.ok(labels(complete(h, doc, 0)).includes('logits'));
    const items = complete(h, doc, 1);
    assert.ok(['logits', 'probs', 'labels', 'binary', 'teacher'].every((r) => labels(items).includes(r)));
    assert.deepEqual(edit(items[0]).range, { start: doc.index.positionAt(doc.offsets[1] - 2), end: doc.cursors[1] });
  });

  it('statement keywords at the start of a line in a loss body', () => {
    const h = new Harness();
    assert.deepEqual(labels(complete(h, h.open('a.loss', 'loss f(z: logits) {\n  re<|>\n}'))).sort(), ['learn', 'let', 'return']);
  });

  it('in an expression: parameters, let bindings above the cursor, context values, builtins with argument snippets, user losses', () => {
    const h = new Harness();
    const doc = h.open('a.loss', [
      'loss helper(z: logits, y: binary) = mean(z * y)',
      'loss f(z: logits, gamma = 2) {',
      '  let p = sigmoid(z)',
      '  let q = si<|>',
      '  let later = p',
      '  return mean(q)',
      '}',
    ].join('\n'));
    const items = complete(h, doc);
    const ls = labels(items);
    for (const x of ['z', 'gamma', 'p', 'progress', 'pi', 'sigmoid', 'helper']) assert.ok(ls.includes(x), `missing ${x}`);
    assert.ok(!ls.includes('later'), 'a let below the cursor is not in scope');
    const sigmoid = items.find((i) => i.label === 'sigmoid')!;
    assert.equal(sigmoid.insertTextFormat, InsertTextFormat.Snippet);
    assert.equal(edit(sigmoid).newText, 'sigmoid(${1:x})');
    assert.equal(edit(items.find((i) => i.label === 'helper')!).newText, 'helper(${1:z}, ${2:y})');
    // Locals sort before builtins.
    assert.ok(ls.indexOf('p') < ls.indexOf('sigmoid'));
  });

  it('named arguments of the call being written, the ones not given yet first', () => {
    const h = new Harness();
    const doc = h.open('a.loss', 'loss f(z: logits) = mean(clamp(z, hi=1, <|>))');
    const items = complete(h, doc);
    const named = labels(items).filter((l) => l.endsWith('='));
    assert.deepEqual(named, ['lo=', 'x=', 'hi=']);
    assert.equal(items.find((i) => i.label === 'hi=')!.detail, 'already given');
    assert.equal(edit(items.find((i) => i.label === 'lo=')!).newText, 'lo=${1:lo}');
  });

  it('named arguments of a user loss, with their defaults as placeholders', () => {
    const h = new Harness();
    const doc = h.open('a.loss', 'loss base(z: logits, gamma = 2, alpha = 0.25) = mean(z) * gamma * alpha\nloss f(z: logits) = base(z, <|>)');
    const items = complete(h, doc);
    assert.deepEqual(labels(items).filter((l) => l.endsWith('=')), ['gamma=', 'alpha=', 'z=']);
    assert.equal(edit(items[0]).newText, 'gamma=${1:2}');
  });

  it('a named argument counted as given even when written after the cursor', () => {
    const h = new Harness();
    const doc = h.open('a.loss', 'loss f(z: logits) = mean(clamp(z, <|>, lo=0))');
    const named = labels(complete(h, doc)).filter((l) => l.endsWith('='));
    assert.deepEqual(named, ['hi=', 'x=', 'lo=']);
  });

  it('option strings for `kind=` and inside the quotes', () => {
    const h = new Harness();
    const doc = h.open('a.loss', 'loss f(r: critic, g: critic) = gan_d(r, g, kind=<|>) + gan_d(r, g, kind="h<|>")');
    const quoted = labels(complete(h, doc, 0));
    assert.ok(quoted.includes('"hinge"') && quoted.includes('"wgan"'), quoted.join());
    const inside = complete(h, doc, 1);
    assert.ok(labels(inside).includes('hinge'));
    const r = edit(inside[0]).range;
    assert.deepEqual(r.start, doc.index.positionAt(doc.offsets[1] - 1), 'replaces the text inside the quotes');
  });

  it('plain text instead of snippets for clients without snippet support', () => {
    const h = new Harness();
    h.services.config.snippetSupport = false;
    const items = complete(h, h.open('a.loss', 'loss f(z: logits) = mean(sig<|>'));
    const sigmoid = items.find((i) => i.label === 'sigmoid')!;
    assert.equal(sigmoid.insertTextFormat, InsertTextFormat.PlainText);
    assert.equal(edit(sigmoid).newText, 'sigmoid(x)');
  });

  it('nothing inside comments and numbers', () => {
    const h = new Harness();
    const doc = h.open('a.loss', '# a comment <|>\nloss f(z: logits) = mean(z) * 2.<|>5');
    assert.deepEqual(complete(h, doc, 0), []);
    assert.deepEqual(complete(h, doc, 1), []);
  });

  it('import paths: .loss files and folders next to the document, inside the workspace', () => {
    const root = mkdtempSync(join(tmpdir(), 'losslab-complete-'));
    mkdirSync(join(root, 'lib'));
    writeFileSync(join(root, 'common.loss'), 'loss c(z: logits) = mean(z)\n');
    writeFileSync(join(root, 'lib', 'extra.loss'), 'loss e(z: logits) = mean(z)\n');
    writeFileSync(join(root, 'notes.txt'), '');
    const h = new Harness();
    h.services.documents.setWorkspaceFolders([root]);
    const uri = pathToUri(join(root, 'main.loss'));
    h.services.documents.set(uri, 1, 'import "');
    const top = new CompletionFeature(h.services).complete({ textDocument: { uri }, position: { line: 0, character: 8 } });
    assert.deepEqual(top.items.map((i) => i.label).sort(), ['common.loss', 'lib/']);
    h.services.documents.set(uri, 2, 'import "lib/');
    const sub = new CompletionFeature(h.services).complete({ textDocument: { uri }, position: { line: 0, character: 12 } });
    assert.deepEqual(sub.items.map((i) => i.label), ['lib/extra.loss']);
    h.services.documents.set(uri, 3, 'import "../');
    const outside = new CompletionFeature(h.services).complete({ textDocument: { uri }, position: { line: 0, character: 11 } });
    assert.deepEqual(outside.items, [], 'nothing outside the workspace');
  });

  it('resolve adds the formula image to a builtin', () => {
    const h = new Harness();
    const items = complete(h, h.open('a.loss', 'loss f(z: logits) = mean(sig<|>'));
    const resolved = new CompletionFeature(h.services).resolve(items.find((i) => i.label === 'sigmoid')!);
    assert.match((resolved.documentation as { value: string }).value, /data:image\/svg\+xml;base64,/);
  });
});
