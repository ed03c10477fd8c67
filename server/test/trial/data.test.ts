import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GENERATORS, generate, type Dataset } from '../../src/trial/data/index.js';
import { longTailCounts, countClasses } from '../../src/trial/data/counts.js';
import { flipLabels } from '../../src/trial/data/labelled.js';
import { Rng } from '../../src/trial/random.js';

const ALL = Object.keys(GENERATORS);

function arrays(d: Dataset): Float32Array[] {
  const out: Float32Array[] = [];
  for (const s of [d.train, d.val]) {
    out.push(s.x);
    if (s.labels) out.push(Float32Array.from(s.labels));
    if (s.multilabel) out.push(s.multilabel);
    if (s.target) out.push(s.target);
  }
  return out;
}

describe('random', () => {
  it('repeats per seed and label, differs across them', () => {
    const a = new Rng(1, 'x'), b = new Rng(1, 'x'), c = new Rng(2, 'x'), d = new Rng(1, 'y');
    const sa = Array.from({ length: 5 }, () => a.uniform());
    assert.deepEqual(sa, Array.from({ length: 5 }, () => b.uniform()));
    assert.notDeepEqual(sa, Array.from({ length: 5 }, () => c.uniform()));
    assert.notDeepEqual(sa, Array.from({ length: 5 }, () => d.uniform()));
  });
  it('draws normals with mean 0 and variance 1', () => {
    const r = new Rng(7);
    let s = 0, s2 = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) { const z = r.normal(); s += z; s2 += z * z; }
    assert.ok(Math.abs(s / n) < 0.03);
    assert.ok(Math.abs(s2 / n - 1) < 0.05);
  });
});

describe('long-tail counts', () => {
  it('decays geometrically from n to n·imbalance', () => {
    assert.deepEqual(longTailCounts(3, 1000, 0.01), [1000, 100, 10]);
    assert.deepEqual(longTailCounts(2, 2000, 0.05), [2000, 100]);
    assert.deepEqual(longTailCounts(4, 100, 1), [100, 100, 100, 100]);
  });
  it('rejects bad arguments with the argument named', () => {
    assert.throws(() => longTailCounts(3, 100, 0), /imbalance/);
    assert.throws(() => longTailCounts(3, 100, 2), /imbalance/);
    assert.throws(() => longTailCounts(0, 100, 1), /classes/);
    assert.throws(() => longTailCounts(2, 1.5, 1), /\bn\b/);
  });
  it('flips exactly the requested fraction of labels to a different class', () => {
    const y = new Int32Array(1000).map((_, i) => i % 3);
    const z = flipLabels(y, 3, 0.3, new Rng(3));
    let changed = 0;
    for (let i = 0; i < y.length; i++) changed += y[i] !== z[i] ? 1 : 0;
    assert.equal(changed, 300);
  });
});

describe('generators', () => {
  for (const g of ALL) {
    it(`${g}: same seed gives identical numbers, another seed different ones`, () => {
      const a = arrays(generate(g, {}, 1)), b = arrays(generate(g, {}, 1)), c = arrays(generate(g, {}, 2));
      assert.equal(a.length, b.length);
      for (let i = 0; i < a.length; i++) assert.deepEqual(a[i], b[i]);
      assert.notDeepEqual(a[0], c[0]);
    });
    it(`${g}: shapes agree with the declared dimensions and values are finite`, () => {
      const d = generate(g, {}, 5);
      for (const s of [d.train, d.val]) {
        assert.equal(s.x.length, s.n * d.inputDim);
        assert.ok(s.x.every(Number.isFinite));
        if (d.numClasses > 0) {
          assert.equal(s.labels?.length, s.n);
          assert.ok(s.labels!.every((y) => y >= 0 && y < d.numClasses));
        }
        if (d.labelDim > 0) assert.equal(s.multilabel?.length, s.n * d.labelDim);
        if (d.targetDim > 0) assert.equal(s.target?.length, s.n * d.targetDim);
      }
    });
  }

  it('blobs: long-tailed training counts, balanced validation', () => {
    const d = generate('blobs', { classes: 3, n: 1000, imbalance: 0.01 }, 1);
    assert.deepEqual(d.classCounts, [1000, 100, 10]);
    assert.equal(d.train.n, 1110);
    assert.deepEqual(countClasses(d.val.labels!, 3), [500, 500, 500]);
  });
  it('blobs: label noise touches the training split only and keeps the clean labels', () => {
    const d = generate('blobs', { classes: 2, n: 500, label_noise: 0.2 }, 1);
    let flipped = 0;
    for (let i = 0; i < d.train.n; i++) flipped += d.train.labels![i] !== d.train.cleanLabels![i] ? 1 : 0;
    assert.equal(flipped, 200);
    assert.equal(d.val.cleanLabels, undefined);
  });
  it('blobs: points cluster around their class centre', () => {
    const d = generate('blobs', { classes: 2, n: 2000, noise: 0.3 }, 4);
    let sx = 0;
    for (let i = 0; i < d.train.n; i++) if (d.train.labels![i] === 0) sx += d.train.x[2 * i];
    assert.ok(Math.abs(sx / 2000 - 1) < 0.05); // centre (1, 0)
  });
  it('multilabel: each label is on for the requested fraction of training points', () => {
    const d = generate('multilabel', { labels: 5, n: 1000, positive_rate: 0.1 }, 2);
    for (let k = 0; k < 5; k++) {
      let on = 0;
      for (let i = 0; i < 1000; i++) on += d.train.multilabel![i * 5 + k];
      assert.equal(on, 100);
    }
  });
  it('segmentation: foreground is rare (about 4% of pixels)', () => {
    const d = generate('segmentation', {}, 2);
    const m = d.val.multilabel!;
    const frac = m.reduce((a, b) => a + b, 0) / m.length;
    assert.ok(frac > 0.02 && frac < 0.07, `foreground fraction ${frac}`);
    assert.deepEqual(d.imageShape, [12, 12]);
  });
  it('regression: outliers in training only', () => {
    const d = generate('regression', { n: 200, outliers: 0.05, outlier_scale: 20 }, 2);
    assert.equal(d.train.target!.filter((t) => t > 10).length, 10);
    assert.equal(d.val.target!.filter((t) => t > 10).length, 0);
  });
  it('multitask: one regression column per noise level', () => {
    const d = generate('multitask', { reg_noise: [0.1, 1] }, 2);
    assert.equal(d.targetDim, 2);
    assert.equal(d.numClasses, 2);
  });
  it('ring: samples lie near their mode centre', () => {
    const d = generate('ring', { modes: 8, std: 0.05 }, 3);
    const c = d.modes!.centres;
    for (let i = 0; i < 50; i++) {
      const k = d.train.labels![i];
      assert.ok(Math.hypot(d.train.x[2 * i] - c[2 * k], d.train.x[2 * i + 1] - c[2 * k + 1]) < 0.3);
    }
  });
  it('iris: 150 real samples split 35/15 per class, standardised', () => {
    const d = generate('iris', {}, 1);
    assert.equal(d.train.n, 105);
    assert.equal(d.val.n, 45);
    assert.deepEqual(countClasses(d.val.labels!, 3), [15, 15, 15]);
    assert.equal(d.inputDim, 4);
    let m = 0;
    for (let i = 0; i < d.train.n; i++) m += d.train.x[i * 4 + 2] / d.train.n;
    assert.ok(Math.abs(m) < 1e-5);
    assert.deepEqual(d.classNames, ['setosa', 'versicolor', 'virginica']);
  });
  it('rejects an unknown generator and bad arguments with a clear message', () => {
    assert.throws(() => generate('mnist', {}, 1), /unknown data generator 'mnist'/);
    assert.throws(() => generate('blobs', { classes: 1 }, 1), /classes/);
    assert.throws(() => generate('blobs', { label_noise: 2 }, 1), /label_noise/);
    assert.throws(() => generate('segmentation', { foreground: 0.9 }, 1), /foreground/);
  });
});
