import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FoldingFeature } from '../../src/lsp/features/folding.js';
import { Harness } from './harness.js';

describe('folding', () => {
  it('folds bodies, multi-line calls and vectors, comment runs, import runs and regions', () => {
    const h = new Harness();
    const doc = h.open('a.loss', [
      'import "a.loss"', // 0
      'import "b.loss"', // 1
      '# region losses', // 2
      '# a comment', // 3
      '# more comment', // 4
      'loss f(z: logits) {', // 5
      '  return mean(', // 6
      '    z', // 7
      '  )', // 8
      '}', // 9
      '# endregion', // 10
      'trial t {', // 11
      '  metrics = [', // 12
      '    ece,', // 13
      '  ]', // 14
      '}', // 15
    ].join('\n'));
    const r = new FoldingFeature(h.services).folding({ textDocument: { uri: doc.uri } });
    const show = r.map((x) => `${x.startLine}-${x.endLine}${x.kind ? ` ${x.kind}` : ''}`);
    assert.deepEqual(show, ['0-1 imports', '2-10 region', '3-4 comment', '5-8', '6-7', '11-14', '12-13']);
  });

  it('folds an unclosed body to the end of the file', () => {
    const h = new Harness();
    const doc = h.open('a.loss', 'loss f(z: logits) {\n  let p = z\n  return mean(p)\n');
    const r = new FoldingFeature(h.services).folding({ textDocument: { uri: doc.uri } });
    assert.deepEqual(r.map((x) => [x.startLine, x.endLine]), [[0, 3]]);
  });
});
