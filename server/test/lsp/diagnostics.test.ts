import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver';
import { DiagnosticsScheduler } from '../../src/lsp/diagnostics-scheduler.js';
import { DiagnosticsFeature } from '../../src/lsp/features/diagnostics.js';
import { Harness } from './harness.js';

describe('diagnostics', () => {
  it('maps every core diagnostic with range, severity, code, docs link and source', () => {
    const h = new Harness();
    h.services.config.diagnosticsDocsBase = 'file:///ext/docs/diagnostics.md';
    const doc = h.open('a.loss', 'loss f(z: logits) = mean(z) * <|gama|>');
    const ds = new DiagnosticsFeature(h.services).compute(doc.uri);
    const d = ds.find((x) => x.code === 'unknown-name');
    assert.ok(d, JSON.stringify(ds));
    assert.deepEqual(d.range, { start: doc.index.positionAt(doc.ranges[0].start), end: doc.index.positionAt(doc.ranges[0].end) });
    assert.equal(d.severity, DiagnosticSeverity.Error);
    assert.equal(d.source, 'losslab');
    assert.equal(d.codeDescription?.href, 'file:///ext/docs/diagnostics.md#unknown-name');
  });

  it('marks unused definitions as Unnecessary and keeps the hint severity', () => {
    const h = new Harness();
    const doc = h.open('a.loss', 'loss f(z: logits, y: binary) {\n  let <|unused|> = z\n  return mean(z * y)\n}');
    const ds = new DiagnosticsFeature(h.services).compute(doc.uri);
    const d = ds.find((x) => x.code === 'unused-definition');
    assert.ok(d, JSON.stringify(ds));
    assert.deepEqual(d.tags, [DiagnosticTag.Unnecessary]);
    assert.equal(d.severity, DiagnosticSeverity.Hint);
  });

  it('turns related information into locations in the same document', () => {
    const h = new Harness();
    const doc = h.open('a.loss', 'loss f(z: logits) = mean(z)\nloss f(z: logits) = mean(z)\n');
    const ds = new DiagnosticsFeature(h.services).compute(doc.uri);
    const dup = ds.find((x) => x.code === 'duplicate-definition');
    assert.ok(dup?.relatedInformation?.length, JSON.stringify(ds));
    assert.equal(dup.relatedInformation[0].location.uri, doc.uri);
    assert.equal(dup.relatedInformation[0].location.range.start.line, 0);
  });

  it('reports a syntax error and keeps checking after it', () => {
    const h = new Harness();
    const doc = h.open('a.loss', 'loss f(z: logits) = mean(z) +\nloss g(z: logits) = mean(z) * nope\n');
    const codes = new DiagnosticsFeature(h.services).compute(doc.uri).map((d) => d.code);
    assert.ok(codes.includes('syntax-error'), codes.join());
    assert.ok(codes.includes('unknown-name'), codes.join());
  });
});

describe('diagnostics scheduling', () => {
  it('a new edit cancels the check still pending for the previous version; only the latest is published', async () => {
    const h = new Harness();
    const published: { version: number; codes: string[] }[] = [];
    const scheduler = new DiagnosticsScheduler(h.services.documents, new DiagnosticsFeature(h.services), (_uri, version, ds) => {
      published.push({ version, codes: ds.map((d) => String(d.code)) });
    });
    const doc = h.open('a.loss', 'loss f(z: logits) = mean(z) * a');
    scheduler.changed(doc.uri);
    h.edit(doc.uri, 'loss f(z: logits) = mean(z) * ab');
    scheduler.changed(doc.uri);
    h.edit(doc.uri, 'loss f(z: logits) = mean(z)');
    scheduler.changed(doc.uri);
    await scheduler.idle();
    assert.equal(published.length, 1);
    assert.equal(published[0].version, h.services.documents.get(doc.uri)!.version);
    assert.ok(!published[0].codes.includes('unknown-name'), published[0].codes.join());
    assert.equal(scheduler.stats.cancelled, 2);
  });

  it('re-checks open documents that import a changed document', async () => {
    const h = new Harness();
    const published: string[] = [];
    const scheduler = new DiagnosticsScheduler(h.services.documents, new DiagnosticsFeature(h.services), (uri) => published.push(uri));
    const lib = h.open('lib.loss', 'loss base(z: logits) = mean(z)');
    const main = h.open('main.loss', 'import "lib.loss"\nloss top(z: logits) = base(z)');
    assert.deepEqual(new DiagnosticsFeature(h.services).compute(main.uri).filter((d) => d.severity === DiagnosticSeverity.Error), []);
    h.edit(lib.uri, 'loss renamed(z: logits) = mean(z)');
    scheduler.changed(lib.uri);
    await scheduler.idle();
    assert.deepEqual(published.sort(), [lib.uri, main.uri].sort());
    const codes = new DiagnosticsFeature(h.services).compute(main.uri).map((d) => d.code);
    assert.ok(codes.includes('unknown-function'), codes.join());
  });
});
