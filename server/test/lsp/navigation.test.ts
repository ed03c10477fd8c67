import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ResponseError } from 'vscode-languageserver';
import { pathToUri } from '../../src/lsp/documents.js';
import { DefinitionFeature } from '../../src/lsp/features/definition.js';
import { ReferencesFeature } from '../../src/lsp/features/references.js';
import { RenameFeature } from '../../src/lsp/features/rename.js';
import { applyLspEdits, Harness, WORKSPACE, type OpenedDocument } from './harness.js';

const at = (doc: OpenedDocument, i = 0) => ({ textDocument: { uri: doc.uri }, position: doc.cursors[i] });

describe('go to definition', () => {
  it('jumps from a use to the parameter, let binding and loss that define it', () => {
    const h = new Harness();
    const doc = h.open('a.loss', 'loss base(z: logits) = mean(z)\nloss f(z: logits) {\n  let p = sigmoid(z)\n  return mean(<|>p) + <|>base(<|>z)\n}');
    const def = new DefinitionFeature(h.services);
    assert.deepEqual(def.definition(at(doc, 0))?.range, { start: { line: 2, character: 6 }, end: { line: 2, character: 7 } });
    assert.deepEqual(def.definition(at(doc, 1))?.range, { start: { line: 0, character: 5 }, end: { line: 0, character: 9 } });
    assert.deepEqual(def.definition(at(doc, 2))?.range, { start: { line: 1, character: 7 }, end: { line: 1, character: 8 } });
  });

  it('follows a loss into the file it is imported from', () => {
    const h = new Harness();
    h.write('lib.loss', '\nloss base(z: logits) = mean(z)\n');
    const doc = h.open('main.loss', 'import "lib.loss"\nloss f(z: logits) = ba<|>se(z)');
    const loc = new DefinitionFeature(h.services).definition(at(doc));
    assert.equal(loc?.uri, pathToUri(`${WORKSPACE}/lib.loss`));
    assert.deepEqual(loc?.range, { start: { line: 1, character: 5 }, end: { line: 1, character: 9 } });
  });

  it('a named argument jumps to the parameter of the called loss', () => {
    const h = new Harness();
    const doc = h.open('a.loss', 'loss base(z: logits, gamma = 2) = mean(z) * gamma\nloss f(z: logits) = base(z, gam<|>ma=3)');
    assert.deepEqual(new DefinitionFeature(h.services).definition(at(doc))?.range, { start: { line: 0, character: 21 }, end: { line: 0, character: 26 } });
  });

  it('builtins have no location', () => {
    const h = new Harness();
    const doc = h.open('a.loss', 'loss f(z: logits) = me<|>an(z)');
    assert.equal(new DefinitionFeature(h.services).definition(at(doc)), null);
  });
});

describe('references and highlights', () => {
  it('finds every use of a parameter, with or without the declaration', () => {
    const h = new Harness();
    const doc = h.open('a.loss', 'loss f(<|>z: logits) = mean(z) + sum(z * z)\nloss g(z: logits) = mean(z)');
    const refs = new ReferencesFeature(h.services);
    assert.equal(refs.references({ ...at(doc), context: { includeDeclaration: true } }).length, 4);
    assert.equal(refs.references({ ...at(doc), context: { includeDeclaration: false } }).length, 3);
    const hl = refs.highlights(at(doc));
    assert.equal(hl.length, 4);
  });

  it('finds uses of a loss in other files of the workspace, open or not', () => {
    const h = new Harness();
    const lib = h.open('lib.loss', 'loss <|>base(z: logits) = mean(z)');
    h.write('other.loss', 'import "lib.loss"\nloss o(z: logits) = base(z) + base(z)');
    h.write('unrelated.loss', 'loss base(z: logits) = sum(z)\nloss u(z: logits) = base(z)');
    h.open('main.loss', 'import "lib.loss"\nloss m(z: logits) = base(z)');
    const locs = new ReferencesFeature(h.services).references({ ...at(lib), context: { includeDeclaration: true } });
    const byFile = locs.map((l) => l.uri.split('/').pop()).sort();
    assert.deepEqual(byFile, ['lib.loss', 'main.loss', 'other.loss', 'other.loss']);
  });
});

describe('rename', () => {
  it('prepareRename gives the name under the cursor; builtins and keywords are refused', () => {
    const h = new Harness();
    const doc = h.open('a.loss', 'loss f(z: logits, gamma = 2) = mean(z) * gam<|>ma + <|>log(z)<|>');
    const r = new RenameFeature(h.services);
    assert.deepEqual(r.prepareRename(at(doc, 0)), { range: { start: { line: 0, character: 41 }, end: { line: 0, character: 46 } }, placeholder: 'gamma' });
    assert.throws(() => r.prepareRename(at(doc, 1)), (e: unknown) => e instanceof ResponseError && /built into the language/.test(e.message));
    assert.equal(r.prepareRename(at(doc, 2)), null);
  });

  it('renames a let binding within its loss only', () => {
    const h = new Harness();
    const src = 'loss f(z: logits) {\n  let <|>p = sigmoid(z)\n  return mean(p * p)\n}\nloss g(z: logits) {\n  let p = z\n  return mean(p)\n}';
    const doc = h.open('a.loss', src);
    const edit = new RenameFeature(h.services).rename({ ...at(doc), newName: 'prob' })!;
    assert.equal(applyLspEdits(doc.text, edit.changes![doc.uri]), doc.text.replace('let p =', 'let prob =').replace('mean(p * p)', 'mean(prob * prob)'));
  });

  it('renames a loss and its calls across files, and a parameter including named arguments', () => {
    const h = new Harness();
    const lib = h.open('lib.loss', 'loss base(z: logits, <|>gamma = 2) = mean(z) * gamma\nloss <|>twice(z: logits) = base(z, gamma=1) * 2');
    const main = h.open('main.loss', 'import "lib.loss"\nloss m(z: logits) = twice(z) + base(z, gamma=3)');
    const r = new RenameFeature(h.services);
    const loss = r.rename({ ...at(lib, 1), newName: 'double' })!;
    assert.equal(applyLspEdits(main.text, loss.changes![main.uri]), 'import "lib.loss"\nloss m(z: logits) = double(z) + base(z, gamma=3)');
    assert.match(applyLspEdits(lib.text, loss.changes![lib.uri]), /loss double\(z: logits\)/);
    const param = r.rename({ ...at(lib, 0), newName: 'g' })!;
    assert.equal(applyLspEdits(lib.text, param.changes![lib.uri]), 'loss base(z: logits, g = 2) = mean(z) * g\nloss twice(z: logits) = base(z, g=1) * 2');
    assert.equal(applyLspEdits(main.text, param.changes![main.uri]), 'import "lib.loss"\nloss m(z: logits) = twice(z) + base(z, g=3)');
  });

  it('refuses invalid names with a clear message', () => {
    const h = new Harness();
    const doc = h.open('a.loss', 'loss <|>f(z: logits) = mean(z)');
    const r = new RenameFeature(h.services);
    assert.throws(() => r.rename({ ...at(doc), newName: '2x' }), /not a valid name/);
    assert.throws(() => r.rename({ ...at(doc), newName: 'return' }), /keyword/);
    assert.throws(() => r.rename({ ...at(doc), newName: 'mean' }), /builtin/);
  });
});
