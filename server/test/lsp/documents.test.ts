import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../src/core/analysis/analyze.js';
import { DiagnosticsFeature } from '../../src/lsp/features/diagnostics.js';
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

  it('builds each version on the one before, and the features see the same as a fresh analysis', () => {
    const h = new Harness();
    const text = 'import "lib.loss"\n\nloss f(z: logits, y: binary) {\n  let p = sigmoid(z)\n  return mean(lib(z, y) + p)\n}\n\nloss g(z: logits, y: binary) = f(z, y)\n\ntrial t {\n  data = blobs(classes=2)\n  loss = g\n}\n';
    h.write('lib.loss', 'loss lib(z: logits, y: binary) = bce(z, y)');
    const doc = h.open('main.loss', text);
    const store = h.services.documents;
    const diagnostics = new DiagnosticsFeature(h.services);
    const options = { path: '/ws/main.loss', workspaceRoot: '/ws', host: { readFile: (p: string) => h.disk.get(p) } };
    store.analysis(doc.uri);
    const before = { ...store.stats };
    // Typing `log(` in front of `p`, a character at a time, then a rename of f that g no longer finds.
    let current = text;
    const at = text.indexOf('+ p') + 2;
    for (const [i, edit] of ['l', 'lo', 'log', 'log(', 'log(p)'].entries()) {
      current = text.slice(0, at) + edit + text.slice(at + (i === 4 ? 1 : 0));
      h.edit(doc.uri, current);
      assert.deepEqual(diagnostics.compute(doc.uri), analyze(current, options).diagnostics.map((d) => diagnostics.toLsp(store.get(doc.uri)!, d)));
    }
    current = current.replace('loss f(', 'loss ff(');
    h.edit(doc.uri, current);
    assert.ok(store.analysis(doc.uri)!.diagnostics.some((d) => d.code === 'unknown-function' && d.message.includes("'f'")));
    assert.deepEqual(store.analysis(doc.uri)!.diagnostics, analyze(current, options).diagnostics);
    assert.equal(store.stats.incremental - before.incremental, 6, 'every edit was analysed from the version before');
    // The parse the features read is the analysis's own (no second parse per version).
    assert.equal(store.get(doc.uri)!.parse, store.analysis(doc.uri)!.parse);
  });

  it('closing a document forgets it', () => {
    const h = new Harness();
    const doc = h.open('a.loss', 'loss f(z: logits) = mean(z)');
    h.services.documents.close(doc.uri);
    assert.equal(h.services.documents.analysis(doc.uri), undefined);
    assert.equal(new HoverFeature(h.services).hover({ textDocument: { uri: doc.uri }, position: { line: 0, character: 6 } }), null);
  });
});
