import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze } from '../../src/core/analysis/analyze.js';
import { ExportError } from '../../src/export/errors.js';
import { exportLoss } from '../../src/export/export-loss.js';

// The pure entry point the editor command calls: code plus the editor language, or an ExportError whose
// message is shown to the user as is.

const SOURCE = `## Halved binary cross-entropy.
loss half(z: logits, y: binary) = 0.5 * bce(z, y)
loss penalty(x: real) = mean(grad(sum(x^3), x)^2)
loss fused(a: target, b: target) = 0.5 * pcgrad(mean(a), mean(b))
`;

describe('exportLoss', () => {
  const analysis = analyze(SOURCE);

  test('returns the code with its editor language for each target', () => {
    assert.equal(exportLoss(analysis, 'half', 'pytorch').language, 'python');
    assert.equal(exportLoss(analysis, 'half', 'latex').language, 'latex');
    assert.equal(exportLoss(analysis, 'half', 'tfjs').language, 'typescript');
    assert.match(exportLoss(analysis, 'half', 'latex').code, /^% half\n% Halved binary cross-entropy\.\n\\begin\{align\*\}/);
  });

  const refusals: [string, () => unknown, RegExp][] = [
    ['an unknown loss', () => exportLoss(analysis, 'nope', 'pytorch'), /no loss named 'nope' \(losses here: half, penalty, fused\)/],
    ['an unknown target', () => exportLoss(analysis, 'half', 'onnx'), /unsupported export target 'onnx'/],
    ['a document with errors', () => exportLoss(analyze('loss broken(z: logits) = mean(zz)'), 'broken', 'pytorch'), /the file has 1 error \(first: unknown name 'zz'.*\); fix it before exporting/],
    ['a gradient-level combiner inside an expression', () => exportLoss(analysis, 'fused', 'pytorch'), /'pcgrad' combines per-task gradients, so it can only be exported as the whole return value/],
    ['grad() to TensorFlow.js', () => exportLoss(analysis, 'penalty', 'tfjs'), /export this loss to PyTorch instead/],
  ];
  for (const [what, run, message] of refusals) {
    test(`refuses ${what} with a clear message`, () => {
      assert.throws(run, (e: unknown) => e instanceof ExportError && message.test(e.message));
    });
  }
});
