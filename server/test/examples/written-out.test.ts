import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { analyze } from '../../src/core/analysis/analyze.js';
import type { Analysis } from '../../src/core/analysis/model.js';
import { nodeSourceHost } from '../../src/core/workspace/node-host.js';
import { initBackend } from '../../src/numerics/backend.js';
import { compileLoss, type ContextValues } from '../../src/numerics/compile.js';

// The examples write several methods out from primitives (bce_by_hand, focal_logspace, dice_by_hand,
// weighted_ce_by_hand, ldam_drw, uncertainty_by_hand, kd_by_hand, …). A user learns from those forms, so
// they must be right: each is evaluated with the real compiler on fixed pseudo-random inputs, including
// large logits, and must agree with the builtin it re-derives, in value and gradient (KD written as a
// soft cross-entropy differs from the KL by the teacher's entropy, a constant: gradients only).

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const analyses = new Map<string, Analysis>();

function example(file: string): Analysis {
  let a = analyses.get(file);
  if (!a) {
    const abs = path.join(repo, 'examples', file);
    a = analyze(readFileSync(abs, 'utf8'), { path: abs, workspaceRoot: repo, host: nodeSourceHost });
    analyses.set(file, a);
  }
  return a;
}

/** The builtin side of a comparison, as a one-line program. */
function reference(source: string): Analysis {
  const a = analyze(source);
  assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), [], source);
  return a;
}

/** Deterministic pseudo-random numbers (a fixed LCG), so a failure is reproducible. */
function randoms(n: number, seed: number, lo = -3, hi = 3): number[] {
  let s = seed >>> 0;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return lo + ((hi - lo) * s) / 2 ** 32;
  });
}

interface Evaluated {
  readonly value: number;
  readonly grads: Record<string, number[]>;
}

interface Call {
  readonly inputs: Record<string, tf.Tensor>;
  readonly wrt: readonly string[];
  readonly context?: ContextValues;
  readonly params?: Record<string, number>;
}

function evaluate(program: Analysis, loss: string, call: Call): Evaluated {
  // One call description serves both sides: each takes the hyperparameters it declares.
  const declared = new Set(program.losses.get(loss)?.hyperparameters.map((p) => p.name.name));
  const params = Object.fromEntries(Object.entries(call.params ?? {}).filter(([k]) => declared.has(k)));
  const compiled = compileLoss(program, loss, { params });
  const names = compiled.inputs.map((i) => i.name);
  const own = Object.fromEntries(Object.entries(call.inputs).filter(([k]) => names.includes(k)));
  const r = compiled.valueAndGrads(own, call.wrt, { context: call.context ?? {} });
  const out = { value: r.value.arraySync() as number, grads: Object.fromEntries(call.wrt.map((n) => [n, Array.from(r.grads[n]!.dataSync())])) };
  tf.dispose([r.value, ...Object.values(r.grads)]);
  return out;
}

function close(actual: number, expected: number, what: string, rtol = 1e-4, atol = 1e-5): void {
  assert.ok(Number.isFinite(actual), `${what}: ${actual} is not finite`);
  assert.ok(Math.abs(actual - expected) <= atol + rtol * Math.abs(expected), `${what}: ${actual}, expected ${expected}`);
}

function agree(written: Evaluated, builtin: Evaluated, what: string, gradientsOnly = false): void {
  if (!gradientsOnly) close(written.value, builtin.value, `${what}: value`);
  for (const n of Object.keys(builtin.grads)) {
    builtin.grads[n]!.forEach((g, i) => close(written.grads[n]![i]!, g, `${what}: ∂/∂${n}[${i}]`));
  }
}

const N = 12;
const C = 3;

function logits(seed: number, scale: number, shape: [number] | [number, number]): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(randoms(n, seed).map((v) => v * scale), shape);
}

const binaryTargets = (seed: number) => tf.tensor1d(randoms(N, seed, 0, 1).map((v) => (v < 0.3 ? 1 : 0)));
const labelTargets = (seed: number) => tf.tensor1d(randoms(N, seed, 0, C).map((v) => Math.min(C - 1, Math.floor(v))), 'int32');

describe('written-out losses in examples/ agree with the builtins they re-derive', () => {
  before(async () => {
    await initBackend();
  });

  for (const scale of [1, 10]) {
    it(`bce_by_hand = bce, ce_by_hand = ce (logits up to ±${3 * scale})`, () => {
      tf.tidy(() => {
        const b = { inputs: { z: logits(1, scale, [N]), y: binaryTargets(2) }, wrt: ['z'] };
        agree(evaluate(example('base-losses.loss'), 'bce_by_hand', b), evaluate(reference('loss r(z: logits, y: binary) = bce(z, y)'), 'r', b), 'bce');
        const c = { inputs: { z: logits(3, scale, [N, C]), y: labelTargets(4) }, wrt: ['z'] };
        agree(evaluate(example('base-losses.loss'), 'ce_by_hand', c), evaluate(reference('loss r(z: logits, y: labels) = ce(z, y)'), 'r', c), 'ce');
      });
    });

    it(`focal_logspace = focal (sigmoid form) for γ = 2, α = 0.25 and γ = 0.5, α = 0.75 (logits up to ±${3 * scale})`, () => {
      tf.tidy(() => {
        for (const [gamma, alpha] of [[2, 0.25], [0.5, 0.75]] as const) {
          const call = { inputs: { z: logits(5, scale, [N]), y: binaryTargets(6) }, wrt: ['z'], params: { gamma, alpha } };
          const builtin = reference('loss r(z: logits, y: binary, gamma = 2, alpha = 0.25) = focal(z, y, gamma=gamma, alpha=alpha)');
          agree(evaluate(example('dynamic-weighting.loss'), 'focal_logspace', call), evaluate(builtin, 'r', call), `focal γ=${gamma} α=${alpha}`);
        }
      });
    });
  }

  it('dice_by_hand = dice(sigmoid(z), y), written as (FP + FN)/(2TP + FP + FN + s)', () => {
    tf.tidy(() => {
      const call = { inputs: { z: logits(7, 2, [N]), y: binaryTargets(8) }, wrt: ['z'], params: { smooth: 1 } };
      agree(evaluate(example('dynamic-weighting.loss'), 'dice_by_hand', call), evaluate(reference('loss r(z: logits, y: binary, smooth = 1) = dice(sigmoid(z), y, smooth=smooth)'), 'r', call), 'dice');
    });
  });

  it('log_cosh_by_hand = log_cosh, also at residuals of 100', () => {
    tf.tidy(() => {
      for (const scale of [1, 40]) {
        const call = { inputs: { x: logits(9, scale, [N]), t: logits(10, 1, [N]) }, wrt: ['x', 't'] };
        agree(evaluate(example('base-losses.loss'), 'log_cosh_by_hand', call), evaluate(reference('loss r(x: target, t: target) = log_cosh(x, t)'), 'r', call), `log_cosh ×${scale}`);
      }
    });
  });

  it('weighted_ce_by_hand = ce(weight=inv_freq(class_counts)), the weighted mean Σw·ℓ/Σw', () => {
    tf.tidy(() => {
      const context = { class_counts: [100, 10, 1], num_classes: C };
      const call = { inputs: { z: logits(11, 2, [N, C]), y: labelTargets(12) }, wrt: ['z'], context };
      agree(evaluate(example('imbalance.loss'), 'weighted_ce_by_hand', call), evaluate(reference('loss r(z: logits, y: labels) = ce(z, y, weight=inv_freq(class_counts))'), 'r', call), 'weighted ce');
    });
  });

  it('ldam_drw before the deferred re-weighting (progress < 0.8) = ldam(s=1)', () => {
    tf.tidy(() => {
      const context = { class_counts: [100, 10, 1], num_classes: C, progress: 0.5 };
      const call = { inputs: { z: logits(13, 2, [N, C]), y: labelTargets(14) }, wrt: ['z'], context, params: { max_margin: 0.5, s: 1 } };
      agree(evaluate(example('adaptive-margins.loss'), 'ldam_drw', call), evaluate(reference('loss r(z: logits, y: labels) = ldam(z, y, class_counts, max_margin=0.5, s=1)'), 'r', call), 'ldam');
    });
  });

  it('ldam_drw after it (progress ≥ 0.8) weighs each sample by its class-balanced weight', () => {
    tf.tidy(() => {
      const counts = [100, 10, 1];
      const context = { class_counts: counts, num_classes: C, progress: 0.9 };
      const z = logits(15, 2, [N, C]);
      const y = labelTargets(16);
      const got = evaluate(example('adaptive-margins.loss'), 'ldam_drw', { inputs: { z, y }, wrt: [], context }).value;
      // Independent reference: margins 0.5·(n_min/n_c)^¼, CB weights (1−β)/(1−β^n) normalised to sum to C.
      const beta = 0.9999;
      const raw = counts.map((n) => (1 - beta) / (1 - beta ** n));
      const w = raw.map((r) => (r * C) / raw.reduce((a, b) => a + b, 0));
      const m = counts.map((n) => 0.5 * (Math.min(...counts) / n) ** 0.25);
      const zs = z.arraySync() as number[][];
      const ys = y.arraySync() as number[];
      let num = 0;
      let den = 0;
      zs.forEach((row, i) => {
        const c = ys[i]!;
        const shifted = row.map((v, j) => v - (j === c ? m[c]! : 0));
        const lse = Math.log(shifted.reduce((a, v) => a + Math.exp(v), 0));
        num += w[c]! * (lse - shifted[c]!);
        den += w[c]!;
      });
      close(got, num / den, 'ldam-drw value');
    });
  });

  it('crammer_singer is max(0, m + max_{j≠y} z_j − z_y), averaged', () => {
    tf.tidy(() => {
      const z = logits(17, 2, [N, C]);
      const y = labelTargets(18);
      const got = evaluate(example('adaptive-margins.loss'), 'crammer_singer', { inputs: { z, y }, wrt: [], context: { num_classes: C } }).value;
      const zs = z.arraySync() as number[][];
      const ys = y.arraySync() as number[];
      const expected = zs.reduce((acc, row, i) => acc + Math.max(0, 1 + Math.max(...row.filter((_, j) => j !== ys[i])) - row[ys[i]!]!), 0) / N;
      close(got, expected, 'crammer-singer value');
    });
  });

  it('uncertainty_by_hand = uncertainty(ce, mse) at the initial log-variances', () => {
    tf.tidy(() => {
      const call = { inputs: { z: logits(19, 1, [N, C]), y: labelTargets(20), r: logits(21, 1, [N]), t: logits(22, 1, [N]) }, wrt: ['z', 'r'] };
      agree(evaluate(example('multi-task.loss'), 'uncertainty_by_hand', call), evaluate(example('multi-task.loss'), 'uncertainty_builtin', call), 'uncertainty');
    });
  });

  it('per_task_uncertainty takes each task’s MSE from its own column', () => {
    tf.tidy(() => {
      const r = logits(23, 1, [N, 2]);
      const t = logits(24, 1, [N, 2]);
      const got = evaluate(example('multi-task.loss'), 'per_task_uncertainty', { inputs: { r, t }, wrt: [] }).value;
      const rs = r.arraySync() as number[][];
      const ts = t.arraySync() as number[][];
      const mse = (k: number) => rs.reduce((a, row, i) => a + (row[k]! - ts[i]![k]!) ** 2, 0) / N;
      close(got, mse(0) + mse(1), 'per-task MSEs at s = 0'); // exp(−0)·L₁ + 0 + exp(−0)·L₂ + 0
    });
  });

  it('kd_by_hand has the gradient of α·ce + (1 − α)·kd (T² included), for T = 1 and 4', () => {
    tf.tidy(() => {
      for (const T of [1, 4]) {
        const call = { inputs: { s: logits(25, 2, [N, C]), t: logits(26, 3, [N, C]), y: labelTargets(27) }, wrt: ['s', 't'], params: { alpha: 0.5, T } };
        const written = evaluate(example('distillation.loss'), 'kd_by_hand', call);
        const builtin = evaluate(example('distillation.loss'), 'kd_hinton', { ...call, wrt: ['s'] });
        agree(written, builtin, `kd T=${T}`, true);
        assert.ok(written.grads.t!.every((g) => g === 0), 'the teacher is detached: no gradient reaches it');
      }
    });
  });
});
