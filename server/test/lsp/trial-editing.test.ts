import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CompletionItem, TextEdit } from 'vscode-languageserver';
import { CompletionFeature } from '../../src/lsp/features/completion.js';
import { HoverFeature } from '../../src/lsp/features/hover.js';
import { Harness, type OpenedDocument } from './harness.js';

// Completion and hover inside `trial` blocks, read from the trial vocabulary.

function labels(h: Harness, doc: OpenedDocument, cursor = 0): string[] {
  const r = new CompletionFeature(h.services).complete({ textDocument: { uri: doc.uri }, position: doc.cursors[cursor] });
  return [...r.items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label)).map((i) => i.label);
}

function items(h: Harness, doc: OpenedDocument, cursor = 0): CompletionItem[] {
  return new CompletionFeature(h.services).complete({ textDocument: { uri: doc.uri }, position: doc.cursors[cursor] }).items;
}

function hover(h: Harness, doc: OpenedDocument, cursor = 0): string {
  const r = new HoverFeature(h.services).hover({ textDocument: { uri: doc.uri }, position: doc.cursors[cursor] });
  assert.ok(r, 'expected a hover');
  return (r.contents as { value: string }).value;
}

describe('completion in trials', () => {
  it('field names not yet written, required ones first, inserting `name = `', () => {
    const h = new Harness();
    const doc = h.open('a.loss', 'trial t {\n  loss = bce\n  st<|>\n  seeds = 2\n}');
    const ls = labels(h, doc);
    assert.equal(ls[0], 'data', 'the required field not written yet comes first');
    assert.ok(ls.includes('steps') && ls.includes('optimizer') && ls.includes('metrics'));
    assert.ok(!ls.includes('loss') && !ls.includes('seeds'), 'fields already written are not offered');
    const steps = items(h, doc).find((i) => i.label === 'steps')!;
    assert.equal((steps.textEdit as TextEdit).newText, 'steps = $0');
  });

  it('the values that fit each field: generators, models, optimizers', () => {
    const h = new Harness();
    const doc = h.open('a.loss', 'trial t {\n  data = <|>\n  model = m<|>\n  optimizer = <|>\n  loss = bce\n}');
    const data = labels(h, doc, 0);
    assert.ok(['blobs', 'moons', 'spirals', 'ring', 'iris'].every((x) => data.includes(x)), data.join());
    assert.ok(!data.includes('mlp') && !data.includes('adam'));
    const model = labels(h, doc, 1);
    assert.ok(model.includes('mlp') && model.includes('linear') && !model.includes('blobs'), model.join());
    const opt = labels(h, doc, 2);
    assert.ok(opt.includes('adam') && !opt.includes('mlp'), opt.join());
  });

  it('metrics that suit the data’s task', () => {
    const h = new Harness();
    const doc = h.open('a.loss', 'trial t {\n  data = regression(n=100)\n  loss = mse\n  metrics = [<|>]\n}\ntrial c {\n  data = blobs(classes=3)\n  loss = ce\n  metrics = [accuracy, <|>]\n}');
    const reg = labels(h, doc, 0);
    assert.ok(reg.includes('mse') && reg.includes('mae') && !reg.includes('balanced_accuracy'), reg.join());
    const cls = labels(h, doc, 1);
    assert.ok(cls.includes('balanced_accuracy') && cls.includes('ece') && !cls.includes('mae'), cls.join());
  });

  it('losses for `loss` and `compare`: the file’s losses and the builtin losses, by name', () => {
    const h = new Harness();
    const doc = h.open('a.loss', 'loss mine(z: logits, y: labels) = ce(z, y)\ntrial t {\n  data = blobs\n  loss = <|>\n  compare = [ce, <|>]\n}');
    for (const c of [0, 1]) {
      const ls = labels(h, doc, c);
      assert.ok(ls.includes('mine') && ls.includes('focal') && ls.includes('ce'), ls.join());
      assert.ok(!ls.includes('sigmoid'), 'math functions are not losses');
    }
    const mine = items(h, doc, 0).find((i) => i.label === 'mine')!;
    assert.equal((mine.textEdit as TextEdit).newText, 'mine', 'inputs are bound by role in a trial: no arguments');
  });

  it('named arguments of a generator, not yet given first; nested models for `gan(g=…)`', () => {
    const h = new Harness();
    const doc = h.open('a.loss', 'trial t {\n  data = blobs(classes=3, <|>)\n  model = gan(g=<|>)\n  loss = gan_g\n}');
    const args = labels(h, doc, 0);
    assert.ok(args.indexOf('n=') < args.indexOf('classes='), args.join());
    assert.ok(args.includes('imbalance=') && args.includes('noise='));
    const g = labels(h, doc, 1);
    assert.ok(g.includes('mlp'), g.join());
  });
});

describe('hover in trials', () => {
  it('on a field, a generator, a generator argument and a metric', () => {
    const h = new Harness();
    const doc = h.open('a.loss', 'trial t {\n  da<|>ta = blo<|>bs(imbal<|>ance=0.05)\n  loss = bce\n  metrics = [e<|>ce]\n}');
    assert.match(hover(h, doc, 0), /Trial field\* · required[\s\S]*deterministic generator/);
    assert.match(hover(h, doc, 1), /```loss\nblobs\(classes=2, n=500, imbalance=1[\s\S]*Trial data generator\* · task: classification[\s\S]*\*\*Arguments\*\*/);
    assert.match(hover(h, doc, 2), /blobs\(… imbalance=1\)[\s\S]*Rarest \/ most frequent/);
    assert.match(hover(h, doc, 3), /Trial metric/);
  });

  it('on the loss of a trial: the loss itself', () => {
    const h = new Harness();
    const doc = h.open('a.loss', '## Mine.\nloss mine(z: logits, y: labels) = ce(z, y)\ntrial t {\n  data = blobs\n  loss = mi<|>ne\n}');
    assert.match(hover(h, doc), /loss mine\(z: logits, y: labels\)[\s\S]*Mine\./);
  });
});
