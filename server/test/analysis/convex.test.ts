import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../src/core/analysis/analyze.js';
import type { LetStatement, LossDecl } from '../../src/core/syntax/ast.js';

// The range analysis reads `m * a + (1 - m) * b` with m ∈ [0, 1] as a convex combination (hull of a and b).

function letRanges(src: string): Record<string, [number, number]> {
  const a = analyze(src);
  const loss = a.file.declarations.find((d): d is LossDecl => d.kind === 'Loss')!;
  const out: Record<string, [number, number]> = {};
  for (const s of loss.body.filter((s): s is LetStatement => s.kind === 'Let')) {
    const r = a.values.get(s.value)!.range;
    out[s.name.name] = [r.lo, r.hi];
  }
  return out;
}

describe('convex combinations in the range analysis', () => {
  it('p_t and α_t of the focal loss stay in [0, 1], in any order of terms and factors', () => {
    const r = letRanges(`loss f(z: logits, y: binary, alpha = 0.25 in [0, 1]) {
      let p = sigmoid(z)
      let pt = y * p + (1 - y) * (1 - p)
      let pt2 = (1 - p) * (1 - y) + p * y
      let at = y * alpha + (1 - y) * (1 - alpha)
      return mean(pt + pt2 + at)
    }`);
    assert.deepEqual(r.pt, [0, 1]);
    assert.deepEqual(r.pt2, [0, 1]);
    assert.deepEqual(r.at, [0, 1]);
  });
  it('finds the weight among either factor: s·p + (1 − s)·(1 − p) is a combination with weight p', () => {
    const r = letRanges(`loss f(z: logits, s: signs) {
      let p = sigmoid(z)
      let c = s * p + (1 - s) * (1 - p)
      return mean(c)
    }`);
    assert.deepEqual(r.c, [-1, 2]);
  });
  it('needs the weight in [0, 1] and the same weight on both sides', () => {
    const r = letRanges(`loss f(z: logits, y: binary, q: binary, s: signs) {
      let p = sigmoid(z)
      let a = s * p + (1 - s) * 2
      let b = y * p + (1 - q) * p
      return mean(a + b)
    }`);
    assert.deepEqual(r.a, [-1, 5]);
    assert.deepEqual(r.b, [0, 2]);
  });
});
