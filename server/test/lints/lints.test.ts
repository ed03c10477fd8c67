import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../src/core/analysis/analyze.js';
import { DIAGNOSTIC_CODES, type DiagnosticCategory } from '../../src/core/diagnostics/codes.js';
import type { Diagnostic, Fix } from '../../src/core/diagnostics/diagnostic.js';

// The stability and semantic lints: what each finds (code, where, the ranges in its message, where the
// range comes from, the quick fix), and — as important — what they must leave alone: the stable forms,
// the builtins that do the right thing internally, guarded expressions.

const LINT_CATEGORIES: readonly DiagnosticCategory[] = ['stability', 'semantics', 'ranges'];
const isLint = (d: Diagnostic): boolean => LINT_CATEGORIES.includes(DIAGNOSTIC_CODES[d.code].category);

function lints(src: string): Diagnostic[] {
  return analyze(src).diagnostics.filter(isLint);
}

/** `code "covered text"` for each lint. */
function found(src: string): string[] {
  return lints(src).map((d) => `${d.code} ${JSON.stringify(src.slice(d.span.start, d.span.end))}`);
}

/** Everything the checker says, lints or not, at warning level or above. */
function problems(src: string): string[] {
  return analyze(src).diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning').map((d) => `${d.code}: ${d.message}`);
}

function applyFix(src: string, fix: Fix): string {
  const edits = [...fix.edits].sort((a, b) => b.span.start - a.span.start);
  let out = src;
  for (const e of edits) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

function only(src: string, code: string): Diagnostic {
  const ds = lints(src).filter((d) => d.code === code);
  assert.equal(ds.length, 1, `expected one ${code}, got ${JSON.stringify(found(src))}`);
  return ds[0];
}

describe('stability lints', () => {
  it('log of a value whose range reaches 0, with the range in the message and its origins related', () => {
    const src = [
      'loss f(z: logits, y: binary) {',
      '  let p = sigmoid(z)',
      '  let pt = y * p + (1 - y) * (1 - p)',
      '  return mean(-log(pt))',
      '}',
    ].join('\n');
    const d = only(src, 'log-of-zero');
    assert.equal(src.slice(d.span.start, d.span.end), 'pt');
    assert.match(d.message, /log of `pt`, whose range \[0, 1\] reaches 0/);
    const related = (d.related ?? []).map((r) => src.slice(r.span.start, r.span.end));
    assert.ok(related.includes('pt'), `related: ${related}`);
    assert.ok(related.includes('sigmoid(z)') || related.includes('p'), `related: ${related}`);
    assert.ok(related.includes('y'), `related: ${related}`);
    const fixed = applyFix(src, d.fixes![0]);
    assert.match(fixed, /log\(clamp\(pt, lo=1e-7\)\)/);
    assert.equal(d.fixes![0].preferred, undefined, 'clamping changes the function: not a preferred fix');
    assert.deepEqual(found(fixed), []);
  });

  it('log(sigmoid(z)), log(softmax(z)) and log(1 - sigmoid(z)), also through lets, with exact rewrites', () => {
    const cases: [string, string, string][] = [
      ['loss f(z: logits) = -mean(log(sigmoid(z)))', 'unstable-log-sigmoid', 'log_sigmoid(z)'],
      ['loss f(z: logits) {\n  let p = sigmoid(2 * z)\n  return -mean(log(p))\n}', 'unstable-log-sigmoid', 'log_sigmoid(2 * z)'],
      ['loss f(z: logits, y: onehot) = -mean(sum(y * log(softmax(z, axis=-1)), axis=-1))', 'unstable-log-softmax', 'log_softmax(z, axis=-1)'],
      ['loss f(z: logits) = -mean(log(1 - sigmoid(z)))', 'unstable-log1m-sigmoid', 'log_sigmoid(-z)'],
      ['loss f(z: logits) {\n  let q = 1 - sigmoid(z + 1)\n  return -mean(log(q))\n}', 'unstable-log1m-sigmoid', 'log_sigmoid(-(z + 1))'],
      ['loss f(z: logits) = -mean(log(1 - sigmoid(-z)))', 'unstable-log1m-sigmoid', 'log_sigmoid(z)'],
    ];
    for (const [src, code, stable] of cases) {
      const d = only(src, code);
      assert.equal(src.slice(d.span.start, d.span.end).startsWith('log('), true);
      assert.ok(!lints(src).some((x) => x.code === 'log-of-zero'), `${src}: reported twice`);
      const fix = d.fixes![0];
      assert.equal(fix.preferred, true);
      const fixed = applyFix(src, fix);
      assert.ok(fixed.includes(stable), `${fixed} should contain ${stable}`);
      assert.deepEqual(problems(fixed), [], fixed);
    }
  });

  it('the hand-written binary cross-entropy gets both stable rewrites', () => {
    const src = 'loss f(z: logits, y: binary) {\n  let p = sigmoid(z)\n  return -mean(y * log(p) + (1 - y) * log(1 - p))\n}';
    assert.deepEqual(found(src), ['unstable-log-sigmoid "log(p)"', 'unstable-log1m-sigmoid "log(1 - p)"']);
    let fixed = src;
    for (;;) {
      const d = lints(fixed).find((x) => x.fixes?.length);
      if (!d) break;
      fixed = applyFix(fixed, d.fixes![0]);
    }
    assert.match(fixed, /y \* log_sigmoid\(z\) \+ \(1 - y\) \* log_sigmoid\(-z\)/);
    assert.deepEqual(problems(fixed), []);
  });

  it('division by a value that can reach 0; the clamp fix only where the sign is known', () => {
    const dice = 'loss f(p: probs, y: binary) = 1 - 2 * sum(p * y) / (sum(p) + sum(y))';
    const d = only(dice, 'division-by-zero');
    assert.equal(dice.slice(d.span.start, d.span.end), '(sum(p) + sum(y))');
    assert.match(d.message, /range \[0, ∞\] reaches 0/);
    assert.deepEqual(found(applyFix(dice, d.fixes![0])), []);
    const signless = only('loss f(x: real, t: target) = mean(x / t)', 'division-by-zero');
    assert.deepEqual(signless.fixes ?? [], []);
  });

  it('sqrt of a value that can reach 0 (pairwise distance), fixed with a 1e-12 floor', () => {
    const src = 'loss f(a: features, b: features) = mean(sqrt(sum(square(a - b), axis=-1)))';
    const d = only(src, 'sqrt-at-zero');
    assert.equal(src.slice(d.span.start, d.span.end), 'sum(square(a - b), axis=-1)');
    assert.ok(applyFix(src, d.fixes![0]).includes('sqrt(clamp(sum(square(a - b), axis=-1), lo=1e-12))'));
  });

  it('exp of an unbounded tensor, but not exp(-s) of a learned log-variance', () => {
    assert.deepEqual(found('loss f(z: logits) = mean(exp(z))'), ['exp-overflow "z"']);
    assert.deepEqual(found('loss f(z: logits, T = 2 in [1, 10]) = mean(exp(z / T) / sum(exp(z / T)))').filter((x) => x.startsWith('exp')), ['exp-overflow "z / T"', 'exp-overflow "z / T"']);
    assert.deepEqual(found('loss f(x: probs) = mean(exp(80 * x))'), []);
    assert.deepEqual(found('loss f(x: probs) = mean(exp(100 * x))'), ['exp-overflow "100 * x"']);
  });

  it('(1 - p)^γ with γ that can go below 1 where the base reaches 0; fine for γ ≥ 1 or a base kept off 0', () => {
    const naive = (range: string, base = '1 - pt'): string => [
      `loss f(z: logits, y: binary, gamma = 2 in ${range}) {`,
      '  let p = sigmoid(z)',
      '  let pt = y * p + (1 - y) * (1 - p)',
      `  return mean(-(${base})^gamma * log_sigmoid(z))`,
      '}',
    ].join('\n');
    const d = only(naive('[0, 5]'), 'pow-nan-gradient');
    assert.match(d.message, /base `1 - pt` can reach 0 \(range \[0, 1\]\) and the exponent `gamma` can be below 1 \(range \[0, 5\]\)/);
    assert.deepEqual(found(naive('[1, 5]')), []);
    assert.deepEqual(found(naive('[0, 5]', 'clamp(1 - pt, lo=1e-7)')), []);
    assert.deepEqual(found('loss f(x: probs) = mean((1 - x)^0.5)'), ['pow-nan-gradient "(1 - x)^0.5"']);
    assert.deepEqual(found('loss f(x: probs) = mean((1 - x)^2)'), []);
  });
});

describe('semantic lints', () => {
  it('a learned weight with no counter-term collapses; the fix adds the counter-term', () => {
    const src = 'loss mt(z: logits, y: labels, r: real, t: target) {\n  learn s = 0\n  return exp(-s) * ce(z, y) + mse(r, t)\n}';
    const d = only(src, 'weight-collapse');
    assert.equal(src.slice(d.span.start, d.span.end), 'exp(-s)');
    assert.equal(src.slice(d.related![0].span.start, d.related![0].span.end), 's');
    const fixed = applyFix(src, d.fixes![0]);
    assert.match(fixed, /mse\(r, t\) \+ s\n/);
    assert.deepEqual(problems(fixed), []);
    const half = applyFix(src.replace('exp(-s) * ce', '0.5 * exp(-s) * ce'), only(src.replace('exp(-s) * ce', '0.5 * exp(-s) * ce'), 'weight-collapse').fixes![0]);
    assert.match(half, /\+ 0\.5 \* s\n/);
  });

  it('plain and divided learned weights collapse too; a weight bounded away from 0 does not', () => {
    assert.deepEqual(found('loss f(z: logits, y: labels) {\n  learn w = 1\n  return w * ce(z, y)\n}').map((x) => x.split(' ')[0]), ['weight-collapse']);
    assert.deepEqual(found('loss f(z: logits, y: labels) {\n  learn w = 1\n  return ce(z, y) / w\n}').filter((x) => x.startsWith('weight')), ['weight-collapse "w"']);
    assert.deepEqual(found('loss f(z: logits, y: labels) {\n  learn w = 1\n  return (1 + w^2) * ce(z, y)\n}'), []);
    // A learn value inside a loss's arguments is not a weight.
    assert.deepEqual(found('loss f(z: logits, y: labels) {\n  learn tau = 1\n  return ce(z * (1 + tau^2), y)\n}'), []);
  });

  it('a negative constant weight on a loss term', () => {
    assert.deepEqual(found('loss f(z: logits, y: labels) = mean(z^2) - 0.1 * ce(z, y)'), ['negative-loss-weight "0.1 * ce(z, y)"']);
    assert.match(only('loss f(z: logits, y: labels) = -0.5 * ce(z, y)', 'negative-loss-weight').message, /weight −0\.5/);
    assert.deepEqual(found('loss f(p: probs, y: binary) = 1 - dice(p, y)').map((x) => x.split(' ')[0]), ['negative-loss-weight']);
    // Adversarial objectives maximise the other player's loss by design.
    assert.deepEqual(found('loss g(fake: critic) = -mean(softplus(fake))'), []);
    assert.deepEqual(found('loss g(fake: critic) = gan_g(fake, kind="minimax")'), []);
  });

  it('distillation with a temperature but no T² factor; the fix multiplies by T^2', () => {
    const src = 'loss kd2(s: logits, t: teacher, y: labels, T = 4 in [1, 10]) = 0.5 * ce(s, y) + 0.5 * kl(softmax(t / T), softmax(s / T))';
    const d = only(src, 'kd-missing-t2');
    assert.equal(src.slice(d.span.start, d.span.end), 'kl(softmax(t / T), softmax(s / T))');
    assert.match(d.message, /temperature `T` \(up to 10\)/);
    assert.equal(d.related?.length, 2);
    const fixed = applyFix(src, d.fixes![0]);
    assert.ok(fixed.includes('0.5 * T^2 * kl('), fixed);
    assert.deepEqual(problems(fixed), []);
  });

  it('kd: T² written in any form, a literal temperature, the log_softmax form, and the kd builtin', () => {
    const ok = [
      'loss a(s: logits, t: teacher, T = 4 in [1, 10]) = T^2 * kl(softmax(t / T), softmax(s / T))',
      'loss a(s: logits, t: teacher, T = 4 in [1, 10]) = T * T * kl(softmax(t / T), softmax(s / T))',
      'loss a(s: logits, t: teacher, T = 4 in [1, 10]) = square(T) * kl(softmax(t / T), softmax(s / T))',
      'loss a(s: logits, t: teacher) = 16 * kl(softmax(t / 4), softmax(s / 4))',
      'loss a(s: logits, t: teacher, T = 4 in [1, 10]) {\n  let soft = T^2 * kl(softmax(t / T), softmax(s / T))\n  return soft\n}',
      'loss a(s: logits, t: teacher, y: labels) = 0.5 * ce(s, y) + 0.5 * kd(s, t, T=4)',
      'loss a(s: logits, t: teacher, T = 1) = kl(softmax(t / T), softmax(s / T))',
    ];
    for (const src of ok) assert.deepEqual(found(src), [], src);
    const byHand = 'loss a(s: logits, t: teacher, T = 4 in [1, 10]) {\n  let lt = log_softmax(t / T)\n  let ls = log_softmax(s / T)\n  return mean(sum(exp(lt) * (lt - ls), axis=-1))\n}';
    assert.deepEqual(found(byHand).map((x) => x.split(' ')[0]), ['kd-missing-t2']);
  });

  it('a loss that depends on no input', () => {
    const d = only('loss f(z: logits, y: labels, w = 0.5) = w * 2', 'constant-loss');
    assert.match(d.message, /depends on no tensor input and no learned value/);
    assert.deepEqual(found('loss f(z: logits, lambda = 0.01) = lambda * l2(weights)'), []);
  });

  it('a loss unbounded below: the forgotten minus of a log-likelihood, a loss linear in logits', () => {
    assert.deepEqual(found('loss f(z: logits, y: labels) = mean(gather(log_softmax(z), y))').map((x) => x.split(' ')[0]), ['unbounded-below']);
    assert.deepEqual(found('loss f(z: logits) = mean(z)').map((x) => x.split(' ')[0]), ['unbounded-below']);
    // WGAN: linear in critic outputs, bounded by the other player.
    assert.deepEqual(found('loss d(real: critic, fake: critic) = mean(fake) - mean(real)'), []);
  });

  it('argument-out-of-range: invalid values are errors, unusual ones warnings, user-declared ranges too', () => {
    const ds = lints('loss f(z: logits, y: binary) = focal(z, y, gamma=-1) + focal(z, y, gamma=9)');
    assert.deepEqual(ds.map((d) => [d.code, d.severity]), [['argument-out-of-range', 'error'], ['argument-out-of-range', 'warning']]);
    assert.deepEqual(found('loss g(z: logits, y: binary, gamma = 2 in [0, 5]) = focal(z, y, gamma=gamma)\nloss h(z: logits, y: binary) = g(z, y, gamma=7)'), ['argument-out-of-range "7"']);
  });
});

describe('no lint on the stable forms and the builtins that handle it', () => {
  const clean = [
    'loss a(z: logits, y: binary) = focal(z, y, gamma=0.5)',
    'loss a(z: logits, y: labels) = focal(z, y, gamma=2, alpha=cb_weights(class_counts, beta=0.999))',
    'loss a(z: logits, y: binary) = bce(z, y)',
    'loss a(z: logits, y: labels) = ce(z, y, label_smoothing=0.1)',
    'loss a(z: logits, y: binary) = -mean(y * log_sigmoid(z) + (1 - y) * log_sigmoid(-z))',
    'loss a(z: logits, y: onehot) = -mean(sum(y * log_softmax(z), axis=-1))',
    'loss a(z: logits, y: labels) = mean(logsumexp(z, axis=-1) - gather(z, y))',
    'loss a(z: logits, y: binary) = mean(softplus(z) - y * z)',
    'loss a(p: probs, y: binary) = -mean(y * log(clamp(p, lo=1e-7)) + (1 - y) * log(clamp(1 - p, lo=1e-7)))',
    'loss a(p: probs, y: binary) = -mean(y * log(p + 1e-7))',
    'loss a(p: probs, y: binary) = 1 - (2 * sum(p * y) + 1) / (sum(p) + sum(y) + 1)',
    'loss a(x: features) = mean(x / clamp(norm(x, axis=-1, keepdims=true), lo=1e-12))',
    'loss a(a: features, b: features) = mean(sqrt(sum(square(a - b), axis=-1) + 1e-12))',
    'loss a(s: logits, t: teacher, y: labels) = 0.5 * ce(s, y) + 0.5 * kd(s, t, T=4)',
    'loss a(z: logits, y: labels, r: real, t: target) = uncertainty(ce(z, y), mse(r, t))',
    'loss a(z: logits, y: labels, r: real, t: target) {\n  learn s1 = 0\n  learn s2 = 0\n  return exp(-s1) * ce(z, y) + s1 + exp(-s2) * mse(r, t) + s2\n}',
    'loss a(z: logits, y: labels, r: real, t: target) {\n  learn s = 0\n  return ce(z, y) / (2 * exp(s)) + s / 2 + mse(r, t)\n}',
    'loss a(z: logits, y: binary, gamma = 2 in [0, 5], alpha = 0.25 in [0, 1]) {\n  let s = 2 * y - 1\n  let log_pt = log_sigmoid(s * z)\n  let modulator = exp(gamma * log_sigmoid(-s * z))\n  let at = y * alpha + (1 - y) * (1 - alpha)\n  return mean(-at * modulator * log_pt)\n}',
    'loss a(real: critic, fake: critic) = gan_d(real, fake, kind="wgan")',
    'loss a(fake: critic) = gan_g(fake, kind="wgan")',
    'loss a(x: target, t: target) {\n  let r = x - t\n  return mean(r + softplus(-2 * r) - log(2))\n}',
    'loss a(z: logits, y: labels) = ce(z, y) + 0.01 * mean(z^2)',
    'loss a(z: logits, y: labels) = ce(z, y) - 0.1 * mean(sum(softmax(z) * log_softmax(z), axis=-1))',
  ];
  for (const src of clean) {
    it(src.split('\n')[0].slice(0, 90), () => {
      assert.deepEqual(found(src), []);
    });
  }
});

describe('lints stay linear on shared subexpressions', () => {
  // Each `let` uses the previous one twice: expanding bindings naively would visit 2^40 nodes. The
  // timeout only turns a hang into a failure; the assertions are about the result.
  const chain = (op: string, ret: string): string => {
    const lines = ['loss f(z: logits, y: labels) {', '  let x0 = sigmoid(z)'];
    for (let i = 1; i <= 40; i++) lines.push(`  let x${i} = x${i - 1} ${op} x${i - 1}`);
    return [...lines, `  return ${ret}`, '}'].join('\n');
  };
  it('a doubling sum', { timeout: 60_000 }, () => {
    assert.deepEqual(found(chain('+', 'ce(z, y) + mean(log(x40))')).map((x) => x.split(' ')[0]), ['log-of-zero']);
  });
  it('a doubling product', { timeout: 60_000 }, () => {
    assert.deepEqual(found(chain('*', 'ce(z, y) - mean(x40) * ce(z, y)')).map((x) => x.split(' ')[0]), []);
  });
});

describe('unconstrained-critic', () => {
  const critic = 'loss w(real: critic, fake: critic) = mean(fake) - mean(real)\nloss ns(real: critic, fake: critic) = mean(softplus(-real)) + mean(softplus(fake))\n';
  const trial = (model: string, loss: string, dLoss?: string): string =>
    `${critic}trial t {\n  data = ring()\n  model = ${model}\n  loss = ${loss}\n${dLoss ? `  d_loss = ${dLoss}\n` : ''}}`;
  const critics = (src: string): Diagnostic[] => analyze(src).diagnostics.filter((d) => d.code === 'unconstrained-critic');
  const apply = (src: string, f: Fix): string => f.edits.reduceRight((s, e) => s.slice(0, e.span.start) + e.newText + s.slice(e.span.end), src);

  it('flags a Wasserstein critic loss (written out, builtin or by default) on a critic with no constraint; the fix normalises the critic', () => {
    for (const [model, loss, dLoss, fixed] of [
      ['gan(d=mlp(hidden=[32]))', 'gan_g(kind="wgan")', 'w', 'd=mlp(hidden=[32], spectral_norm=true)'],
      ['gan', 'gan_g(kind="wgan")', undefined, 'gan(d=mlp(hidden=[64, 64], spectral_norm=true))'],
      ['gan(latent=2)', 'gan_g(kind="wgan")', 'gan_d(kind="wgan")', 'gan(latent=2, d=mlp(hidden=[64, 64], spectral_norm=true))'],
      ['gan()', 'gan_g(kind="wgan")', 'w', 'gan(d=mlp(hidden=[64, 64], spectral_norm=true))'],
    ] as const) {
      const src = trial(model, loss, dLoss);
      const [d, ...more] = critics(src);
      assert.ok(d && more.length === 0, `${model} / ${dLoss ?? 'default'}: one warning`);
      const after = apply(src, d.fixes![0]);
      assert.ok(after.includes(fixed), after);
      assert.deepEqual(critics(after), [], 'the fix removes it');
    }
  });

  it('leaves bounded critic losses, gradient penalties, spectral normalisation and generators alone', () => {
    assert.deepEqual(critics(trial('gan', 'gan_g(kind="wgan")', 'ns')), []);
    assert.deepEqual(critics(trial('gan', 'gan_g', undefined)), []);
    assert.deepEqual(critics(trial('gan', 'gan_g(kind="hinge")', 'gan_d(kind="hinge")')), []);
    assert.deepEqual(critics(trial('gan(d=mlp(spectral_norm=true))', 'gan_g(kind="wgan")', 'w')), []);
    const gp = 'loss gp(real: critic, fake: critic, mixed: critic, x: features) {\n  let g = grad(sum(mixed), x)\n  return mean(fake) - mean(real) + 10 * mean((sqrt(sum(g^2, axis=-1) + 1e-12) - 1)^2)\n}\n';
    assert.deepEqual(critics(gp + trial('gan', 'gan_g(kind="wgan")', 'gp')), []);
    // A loss alone (no trial) is not judged: a generator's −D_f is unbounded by design.
    assert.deepEqual(analyze(critic).diagnostics.map((d) => d.code), []);
  });
});
