import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HoverFeature } from '../../src/lsp/features/hover.js';
import { Harness } from './harness.js';

describe('documents and their analyses', () => {
  it('one analysis per version: cached while nothing changes, recomputed for the latest text', () => {
    const h = new Harness();
    const doc = h.open('a.loss', 'loss f(z: logits) = mean(z)');
    const store = h.services.documents;
    const a1 = store.analysis(doc.uri);
    assert.equal(store.analysis(doc.uri), a1);
    h.edit(doc.uri, 'loss g(z: logits) = mean(z)');
    const a2 = store.analysis(doc.uri)!;
    assert.notEqual(a2, a1);
    assert.ok(a2.losses.has('g'));
  });

  it('a read right after an edit sees the new text (hover waits for the latest analysis)', () => {
    const h = new Harness();
    const doc = h.open('a.loss', '## Old.\nloss f(z: logits) = mean(z)\nloss g(z: logits) = f(z)');
    const hover = new HoverFeature(h.services);
    const at = { textDocument: { uri: doc.uri }, position: { line: 2, character: 21 } };
    assert.match((hover.hover(at)!.contents as { value: string }).value, /Old\./);
    h.edit(doc.uri, '## New.\nloss f(z: logits) = mean(z)\nloss g(z: logits) = f(z)');
    assert.match((hover.hover(at)!.contents as { value: string }).value, /New\./);
  });

  it('imports read the open editor buffer before the disk, and re-check when it changes', () => {
    const h = new Harness();
    h.write('lib.loss', 'loss on_disk(z: logits) = mean(z)');
    const main = h.open('main.loss', 'import "lib.loss"\nloss m(z: logits) = in_editor(z)');
    const unknown = () => h.services.documents.analysis(main.uri)!.diagnostics.some((d) => d.code === 'unknown-function');
    assert.equal(unknown(), true, 'the disk version has no in_editor');
    const lib = h.open('lib.loss', 'loss in_editor(z: logits) = mean(z)');
    assert.equal(unknown(), false, 'the unsaved buffer wins');
    h.edit(lib.uri, 'loss renamed(z: logits) = mean(z)');
    assert.equal(unknown(), true, 'an edit of the imported buffer invalidates the importer');
    assert.deepEqual(h.services.documents.dependentsOf('/ws/lib.loss').map((d) => d.uri), [main.uri]);
  });

  it('a change on disk (watched files) invalidates analyses that read from disk', () => {
    const h = new Harness();
    h.write('lib.loss', 'loss a(z: logits) = mean(z)');
    const main = h.open('main.loss', 'import "lib.loss"\nloss m(z: logits) = b(z)');
    const before = h.services.documents.analysis(main.uri)!;
    h.write('lib.loss', 'loss b(z: logits) = mean(z)');
    assert.equal(h.services.documents.analysis(main.uri), before, 'no notification yet: still cached');
    h.services.documents.diskChanged();
    assert.ok(!h.services.documents.analysis(main.uri)!.diagnostics.some((d) => d.code === 'unknown-function'));
  });

  it('closing a document forgets it', () => {
    const h = new Harness();
    const doc = h.open('a.loss', 'loss f(z: logits) = mean(z)');
    h.services.documents.close(doc.uri);
    assert.equal(h.services.documents.analysis(doc.uri), undefined);
    assert.equal(new HoverFeature(h.services).hover({ textDocument: { uri: doc.uri }, position: { line: 0, character: 6 } }), null);
  });
});
