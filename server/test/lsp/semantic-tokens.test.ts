import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SEMANTIC_TOKENS_LEGEND, SemanticTokensFeature } from '../../src/lsp/features/semantic-tokens.js';
import { Harness } from './harness.js';

/** Decodes LSP's relative token encoding into `text:type[.modifier…]` strings. */
function decode(text: string, data: number[]): string[] {
  const lines = text.split('\n');
  const out: string[] = [];
  let line = 0;
  let char = 0;
  for (let i = 0; i < data.length; i += 5) {
    line += data[i];
    char = data[i] === 0 ? char + data[i + 1] : data[i + 1];
    const type = SEMANTIC_TOKENS_LEGEND.tokenTypes[data[i + 3]];
    const mods = SEMANTIC_TOKENS_LEGEND.tokenModifiers.filter((_, b) => data[i + 4] & (1 << b));
    out.push(`${lines[line].slice(char, char + data[i + 2])}:${[type, ...mods].join('.')}`);
  }
  return out;
}

describe('semantic tokens', () => {
  it('classifies what each name is', () => {
    const h = new Harness();
    const src = 'loss f(z: logits, gamma = 2) {\n  learn s = 0\n  let p = sigmoid(z)\n  return mean(p) * gamma + s * progress\n}\ntrial t {\n  loss = f(gamma=1)\n}';
    const doc = h.open('a.loss', src);
    const toks = decode(src, new SemanticTokensFeature(h.services).full({ textDocument: { uri: doc.uri } }).data);
    assert.deepEqual(toks, [
      'f:function.declaration',
      'z:parameter.declaration',
      'logits:type',
      'gamma:parameter.declaration.readonly',
      's:variable.declaration.modification',
      'p:variable.declaration.readonly',
      'sigmoid:function.defaultLibrary',
      'z:parameter',
      'mean:function.defaultLibrary',
      'p:variable.readonly',
      'gamma:parameter.readonly',
      's:variable.modification',
      'progress:variable.readonly.defaultLibrary',
      't:namespace.declaration',
      'loss:property',
      'f:function',
      'gamma:parameter',
    ]);
  });

  it('marks trial fields, and the generators, models, optimizers and metrics of the vocabulary', () => {
    const h = new Harness();
    const src = 'trial t {\n  data = blobs(classes=3)\n  model = mlp\n  loss = focal(gamma=1)\n  metrics = [ece, recall(1)]\n}';
    const doc = h.open('a.loss', src);
    const toks = decode(src, new SemanticTokensFeature(h.services).full({ textDocument: { uri: doc.uri } }).data);
    assert.deepEqual(toks, [
      't:namespace.declaration',
      'data:property', 'blobs:function.defaultLibrary', 'classes:parameter',
      'model:property', 'mlp:function.defaultLibrary',
      'loss:property', 'focal:function.defaultLibrary', 'gamma:parameter',
      'metrics:property', 'ece:function.defaultLibrary', 'recall:function.defaultLibrary',
    ]);
  });
});
