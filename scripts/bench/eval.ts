// Warm latency of evaluating a compiled loss with its gradient (what `losslab eval`, the landscape view
// and every trial step do), for a 1,000-element batch, against a hand-written TensorFlow.js expression
// of the same loss measured in the same run. Target: under 20 ms warm.
import * as tf from '@tensorflow/tfjs-core';
import { analyze } from '../../server/src/core/analysis/analyze.js';
import { initBackend } from '../../server/src/numerics/backend.js';
import { compileLoss } from '../../server/src/numerics/compile.js';

const N = 1000;
const C = 10;
const WARMUP = 30;
const RUNS = 300;

function stats(times: number[]): { median: number; p90: number } {
  const s = [...times].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)]!, p90: s[Math.floor(s.length * 0.9)]! };
}

/** Runs f (value + gradient, read back to the CPU) and returns per-run milliseconds. */
function time(f: () => tf.Tensor[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const t0 = performance.now();
    const ts = f();
    for (const t of ts) t.dataSync();
    tf.dispose(ts);
    if (i >= WARMUP) out.push(performance.now() - t0);
  }
  return out;
}

function rand(shape: number[], seed: number, scale = 2): tf.Tensor {
  let s = seed;
  const n = shape.reduce((a, b) => a * b, 1);
  const v = Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return ((s / 2 ** 32) * 2 - 1) * scale;
  });
  return tf.tensor(v, shape);
}

const backend = await initBackend();
console.log(`backend: ${backend.name}${backend.fallbackReason ? ` (${backend.fallbackReason})` : ''}`);

const source = `
loss focal_bin(z: logits, y: binary) = focal(z, y, gamma=2, alpha=0.25)
loss softmax_ce(z: logits, y: labels) = ce(z, y)
`;
const analysis = analyze(source);

const zb = rand([N], 1);
const yb = tf.cast(tf.greater(rand([N], 2), 0.5), 'float32');
const zc = rand([N, C], 3);
const yc = tf.tensor1d(Array.from({ length: N }, (_, i) => (i * 7) % C));

// Hand-written stable forms, straight tfjs (first-order only: tfjs's own gradients).
const focalByHand = (z: tf.Tensor): tf.Scalar => {
  const ce = tf.sub(tf.add(tf.relu(z), tf.log1p(tf.exp(tf.neg(tf.abs(z))))), tf.mul(z, yb));
  const s = tf.sub(tf.mul(yb, 2), 1);
  const sz = tf.mul(s, z);
  const logOneMinusPt = tf.neg(tf.add(tf.relu(sz), tf.log1p(tf.exp(tf.neg(tf.abs(sz))))));
  const at = tf.add(tf.mul(yb, 0.25), tf.mul(tf.sub(1, yb), 0.75));
  return tf.mean(tf.mul(tf.mul(at, tf.exp(tf.mul(2, logOneMinusPt))), ce));
};
const hot = tf.oneHot(tf.cast(yc, 'int32'), C);
const ceByHand = (z: tf.Tensor): tf.Scalar => tf.neg(tf.mean(tf.sum(tf.mul(tf.logSoftmax(z), hot), -1)));

const rows: [string, string, () => tf.Tensor[], () => tf.Tensor[]][] = [
  ['focal (binary, N = 1000)', 'focal_bin', () => {
    const r = compileLoss(analysis, 'focal_bin').valueAndGrads({ z: zb, y: yb }, ['z']);
    return [r.value, r.grads.z!];
  }, () => {
    const r = tf.valueAndGrad(focalByHand)(zb);
    return [r.value, r.grad];
  }],
  ['ce (N = 1000, C = 10)', 'softmax_ce', () => {
    const r = compileLoss(analysis, 'softmax_ce').valueAndGrads({ z: zc, y: yc }, ['z']);
    return [r.value, r.grads.z!];
  }, () => {
    const r = tf.valueAndGrad(ceByHand)(zc);
    return [r.value, r.grad];
  }],
];

let worst = 0;
for (const [label, , compiled, byHand] of rows) {
  const a = stats(time(compiled));
  const b = stats(time(byHand));
  worst = Math.max(worst, a.median);
  console.log(
    `${label.padEnd(26)} compiled ${a.median.toFixed(2)} ms (p90 ${a.p90.toFixed(2)})   hand-written tfjs ${b.median.toFixed(2)} ms (p90 ${b.p90.toFixed(2)})   ratio ${(a.median / b.median).toFixed(2)}`,
  );
}
console.log(`warm value+grad: ${worst.toFixed(2)} ms (target < 20 ms): ${worst < 20 ? 'met' : 'NOT met'}`);
