import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CodeActionKind, type CodeAction } from 'vscode-languageserver';
import { CodeActionsFeature, FIX_ALL_KIND } from '../../src/lsp/features/code-actions.js';
import { applyLspEdits, Harness, type OpenedDocument } from './harness.js';

function actions(h: Harness, doc: OpenedDocument, only?: string[]): CodeAction[] {
  const r = doc.ranges[0] ?? { start: 0, end: doc.text.length };
  const range = { start: doc.index.positionAt(r.start), end: doc.index.positionAt(r.end) };
  return new CodeActionsFeature(h.services).codeActions({ textDocument: { uri: doc.uri }, range, context: { diagnostics: [], ...(only ? { only } : {}) } });
}

const apply = (doc: OpenedDocument, a: CodeAction): string => applyLspEdits(doc.text, a.edit!.changes![doc.uri]);

describe('code actions', () => {
  it('a quick fix for `**`, preferred, carrying its diagnostic', () => {
    const h = new Harness();
    const doc = h.open('a.loss', 'loss f(z: logits) = mean(z <|**|> 2)');
    const [fix] = actions(h, doc, [CodeActionKind.QuickFix]);
    assert.equal(fix.kind, CodeActionKind.QuickFix);
    assert.equal(fix.isPreferred, true);
    assert.equal(fix.diagnostics?.[0].code, 'power-operator');
    assert.equal(apply(doc, fix), 'loss f(z: logits) = mean(z ^ 2)');
  });

  it('did-you-mean fixes for an unknown name', () => {
    const h = new Harness();
    const doc = h.open('a.loss', 'loss f(z: logits, gamma = 2) = mean(z) * <|gama|>');
    const titles = actions(h, doc).map((a) => a.title);
    assert.ok(titles.some((t) => /gamma/.test(t)), titles.join());
    const fix = actions(h, doc).find((a) => /gamma/.test(a.title))!;
    assert.equal(apply(doc, fix), 'loss f(z: logits, gamma = 2) = mean(z) * gamma');
  });

  it('a stability fix: log(sigmoid(z)) → log_sigmoid(z)', () => {
    const h = new Harness();
    const doc = h.open('a.loss', 'loss f(z: logits, y: binary) = -mean(y * <|log(sigmoid(z))|>)');
    const fix = actions(h, doc, [CodeActionKind.QuickFix]).find((a) => a.diagnostics?.[0].code === 'unstable-log-sigmoid');
    assert.ok(fix, JSON.stringify(actions(h, doc).map((a) => a.title)));
    assert.match(apply(doc, fix), /log_sigmoid\(z\)/);
  });

  it('only offers fixes for diagnostics under the requested range', () => {
    const h = new Harness();
    const doc = h.open('a.loss', '<|loss|> f(z: logits) = mean(z ** 2)');
    assert.deepEqual(actions(h, doc, [CodeActionKind.QuickFix]), []);
  });

  it('source.fixAll applies every preferred fix at once', () => {
    const h = new Harness();
    const doc = h.open('a.loss', 'loss f(z: logits) = mean(z ** 2) + sum(z ** 3)\nimport "x');
    const all = actions(h, doc, [CodeActionKind.SourceFixAll]);
    assert.equal(all.length, 1);
    assert.equal(all[0].kind, FIX_ALL_KIND);
    assert.equal(apply(doc, all[0]), 'loss f(z: logits) = mean(z ^ 2) + sum(z ^ 3)\nimport "x"');
  });

  it('offers a quick fix for every diagnostic that carries one', () => {
    const h = new Harness();
    const doc = h.open('a.loss', 'loss f(z: logits, y: labels) {\n  let unused = 1\n  return mean(log(softmax(z)) * onehot(y, 3)) + mean(z ** 2) * gama\n}');
    const a = h.services.documents.analysis(doc.uri)!;
    const withFixes = a.diagnostics.filter((d) => d.fixes?.length);
    assert.ok(withFixes.length >= 3, withFixes.map((d) => d.code).join());
    const offered = new Set(actions(h, doc, [CodeActionKind.QuickFix]).map((x) => x.diagnostics?.[0].code));
    for (const d of withFixes) assert.ok(offered.has(d.code), `no quick fix for ${d.code}`);
  });
});
