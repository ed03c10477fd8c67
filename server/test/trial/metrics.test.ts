import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as C from '../../src/trial/metrics/classification.js';
import * as D from '../../src/trial/metrics/dense.js';
import { modeStats } from '../../src/trial/metrics/gan.js';

const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol, `${a} ≠ ${b}`);

describe('classification metrics (hand-computed)', () => {
  // 3 classes; labels 0 0 0 0 1 1 2, predictions 0 0 0 1 1 0 2.
  const labels = [0, 0, 0, 0, 1, 1, 2];
  const pred = [0, 0, 0, 1, 1, 0, 2];
  it('accuracy, per-class recall and precision, balanced accuracy, macro-F1', () => {
    close(C.accuracy(pred, labels), 5 / 7);
    assert.deepEqual(C.perClassRecall(pred, labels, 3), [0.75, 0.5, 1]);
    assert.deepEqual(C.perClassPrecision(pred, labels, 3), [0.75, 0.5, 1]);
    close(C.balancedAccuracy(pred, labels, 3), (0.75 + 0.5 + 1) / 3);
    // F1: class 0: 2·3/(6+1+1) = 0.75; class 1: 2/(2+1+1) = 0.5; class 2: 1.
    close(C.macroF1(pred, labels, 3), (0.75 + 0.5 + 1) / 3);
  });
  it('balanced accuracy skips classes absent from the labels; F1 of an absent, unpredicted class is 0', () => {
    close(C.balancedAccuracy([0, 1], [0, 1], 3), 1);
    close(C.macroF1([0, 1], [0, 1], 3), 2 / 3);
  });
  it('argmax of probability rows', () => {
    assert.deepEqual(Array.from(C.argmaxRows([0.1, 0.9, 0.6, 0.4], 2, 2)), [1, 0]);
  });
  it('AUC is the Mann–Whitney statistic with ties counting ½', () => {
    close(C.binaryAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]), 0.75);
    close(C.binaryAuc([0.5, 0.5], [0, 1]), 0.5);
    assert.ok(Number.isNaN(C.binaryAuc([0.1, 0.2], [1, 1])));
    // Binary probabilities as two columns: the AUC of column 1.
    close(C.auc([0.9, 0.1, 0.6, 0.4, 0.65, 0.35, 0.2, 0.8], [0, 0, 1, 1], 2), 0.75);
  });
  it('ECE bins the top-class confidence', () => {
    // Two samples at confidence 0.9 (one right, one wrong) and one at 0.6 (right), 10 bins:
    // bin 0.9: |0.5 − 0.9|·2 = 0.8; bin 0.6: |1 − 0.6| = 0.4; total / 3.
    const probs = [0.9, 0.1, 0.9, 0.1, 0.4, 0.6];
    close(C.ece(probs, [0, 1, 1], 2, 10), (0.8 + 0.4) / 3, 1e-12);
    close(C.meanConfidence(probs, 3, 2), 0.8, 1e-12);
  });
  it('the tuned threshold maximises F1', () => {
    // Scores 0.9(+) 0.8(−) 0.7(+) 0.2(−): threshold 0.7 gives tp 2, fp 1, fn 0 → F1 0.8.
    const r = C.tunedThreshold([0.9, 0.8, 0.7, 0.2], [1, 0, 1, 0]);
    close(r.threshold, 0.7);
    close(r.f1, 0.8);
  });
});

describe('dense and regression metrics', () => {
  it('Dice and IoU of thresholded masks', () => {
    const p = [0.9, 0.8, 0.2, 0.6], t = [1, 0, 0, 1];
    // P = {0, 1, 3}, T = {0, 3}: |P∩T| = 2 → Dice 4/5, IoU 2/3.
    close(D.dice(p, t), 0.8);
    close(D.iou(p, t), 2 / 3);
    close(D.positiveRecall(p, t), 1);
    close(D.positivePrecision(p, t), 2 / 3);
    close(D.elementAccuracy(p, t), 0.75);
    close(D.dice([0.1], [0]), 1);
  });
  it('MSE, MAE and quantile coverage', () => {
    close(D.mse([1, 2, 3], [1, 0, 0]), (0 + 4 + 9) / 3);
    close(D.mae([1, 2, 3], [1, 0, 0]), 5 / 3);
    close(D.coverage([1, 2, 3], [1, 3, 0]), 2 / 3);
    assert.deepEqual(Array.from(D.column([1, 2, 3, 4], 2, 1)), [2, 4]);
  });
});

describe('GAN ring metrics', () => {
  it('counts high-quality samples and covered modes', () => {
    const centres = [1, 0, -1, 0, 0, 1];
    // 3 samples near mode 0, 1 near mode 1, 1 far from every mode; minShare 0.25 of 5 = 1.25.
    const s = [1.1, 0, 0.9, 0.1, 1, -0.2, -1, 0.05, 5, 5];
    const r = modeStats(s, centres, 0.3, 0.25);
    assert.deepEqual(r.perMode, [3, 1, 0]);
    close(r.highQualityFraction, 0.8);
    assert.equal(r.modesCovered, 1);
  });
});
