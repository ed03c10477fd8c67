import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../src/core/analysis/analyze.js';
import type { Diagnostic } from '../../src/core/diagnostics/diagnostic.js';
import { codesOf } from '../helpers/diagnostics.js';

const only = (...codes: string[]) => (d: { code: string }) => codes.includes(d.code);

describe('names', () => {
  it('resolves parameters, let, learn, context values and losses declared later', () => {
    const src = `
loss total(z: logits, y: labels) {
  learn s = 0
  let w = exp(-s)
  return w * later(z, y) + s + 0 * progress
}
loss later(z: logits, y: labels) = mean(z) * 0 + mean(y) * 0
`;
    assert.deepEqual(codesOf(src, {}, (d) => d.severity === 'error'), []);
    const a = analyze(src);
    const kinds = a.references.map((r) => `${r.name}:${r.definition?.kind ?? '?'}`);
    assert.ok(kinds.includes('s:learn') && kinds.includes('w:let') && kinds.includes('later:loss') && kinds.includes('progress:context'));
  });
  it('reports unknown names with a did-you-mean fix', () => {
    const src = 'loss f(z: logits, gamma = 2) = mean(z) * gama';
    const a = analyze(src);
    const d = a.diagnostics.find((x) => x.code === 'unknown-name')!;
    assert.equal(src.slice(d.span.start, d.span.end), 'gama');
    assert.match(d.message, /did you mean 'gamma'/);
    assert.equal(d.fixes?.[0].edits[0].newText, 'gamma');
  });
  it('reports duplicates, unused bindings (tagged unnecessary) and shadowed context values', () => {
    const src = `
loss f(z: logits, z: labels, step = 1) {
  let a = 1
  let a = 2
  return mean(z) * step
}
loss f(z: logits) = mean(z)
`;
    assert.deepEqual(codesOf(src, {}, only('duplicate-definition', 'unused-definition', 'shadowed-name')), [
      'duplicate-definition "z"',
      'shadowed-name "step"',
      'unused-definition "a"',
      'duplicate-definition "a"',
      'duplicate-definition "f"',
    ]);
    const unused = analyze(src).diagnostics.find((d) => d.code === 'unused-definition')!;
    assert.deepEqual(unused.tags, ['unnecessary']);
  });
  it('reports recursion, missing and extra returns, and using a loss as a value', () => {
    assert.deepEqual(codesOf('loss a(z: logits) = b(z)\nloss b(z: logits) = a(z)', {}, only('recursive-loss')), ['recursive-loss "a"']);
    assert.deepEqual(codesOf('loss a(z: logits) {\n  let q = mean(z)\n}', {}, only('missing-return')), ['missing-return "}"']);
    assert.deepEqual(codesOf('loss a(z: logits) {\n  return mean(z)\n  return mean(z)\n}', {}, only('multiple-returns')), ['multiple-returns "return mean(z)"']);
    assert.deepEqual(codesOf('loss a(z: logits) = mean(z)\nloss b(z: logits) = a * 2', {}, only('function-as-value')), ['function-as-value "a"']);
  });
});

describe('parameters', () => {
  it('needs a role or a default, not both, and a known role', () => {
    assert.deepEqual(codesOf('loss f(z, y: labels = 1, q: logit) = mean(q)', {}, only('parameter-kind', 'unknown-role')), [
      'parameter-kind "z"',
      'parameter-kind "y: labels = 1"',
      'unknown-role "logit"',
    ]);
  });
  it('keeps defaults inside their ranges and ranges non-empty', () => {
    assert.deepEqual(codesOf('loss f(z: logits, g = 7 in [0, 5], h = 1 in [3, 2]) = mean(z) * g * h', {}, only('default-out-of-range', 'invalid-range')), [
      'default-out-of-range "7"',
      'invalid-range "in [3, 2]"',
    ]);
  });
});

describe('calls', () => {
  it('binds user-loss arguments by position and name, and reports every binding problem', () => {
    const src = `
loss f(z: logits, y: labels, gamma = 2) = mean(z) * gamma + mean(y)
loss g(z: logits, y: labels) = f(z, y, gamma=1) + f(z) + f(z, y, 1, 2) + f(z, y, gama=1) + f(z, gamma=1, y) + f(z, y, gamma=1, gamma=2)
`;
    assert.deepEqual(codesOf(src, {}, only('missing-argument', 'too-many-arguments', 'unknown-argument', 'positional-after-named', 'duplicate-argument')), [
      'missing-argument "(z)"',
      'too-many-arguments "2"',
      'unknown-argument "gama"',
      'positional-after-named "y"',
      'duplicate-argument "gamma=2"',
    ]);
  });
  it('checks roles: probabilities where logits are expected, with a fix', () => {
    const src = 'loss inner(z: logits, y: labels) = mean(z) + mean(y)\nloss f(z: logits, y: labels) = inner(sigmoid(z), y)';
    const a = analyze(src);
    const d = a.diagnostics.find((x) => x.code === 'role-mismatch')!;
    assert.equal(src.slice(d.span.start, d.span.end), 'sigmoid(z)');
    assert.equal(d.fixes?.[0].edits[0].newText, 'z');
  });
  it('checks that a loss reduces to a scalar', () => {
    assert.deepEqual(codesOf('loss f(z: logits) = sigmoid(z) * 2', {}, only('not-scalar')), ['not-scalar "sigmoid(z) * 2"']);
    assert.deepEqual(codesOf('loss f(z: logits) = sigmoid(2) * 2 + 0 * z', {}, only('not-scalar')), ['not-scalar "sigmoid(2) * 2 + 0 * z"']);
  });
  it('rejects strings outside option arguments and calling a value', () => {
    assert.deepEqual(codesOf('loss f(z: logits) = mean(z) * "a"', {}, only('string-not-allowed')), ['string-not-allowed "\\"a\\""']);
    assert.deepEqual(codesOf('loss f(z: logits) = z(1)', {}, only('not-callable')), ['not-callable "z"']);
  });
});

describe('imports', () => {
  const files: Record<string, string> = {
    '/ws/common.loss': 'loss base(z: logits) = mean(z)\n',
    '/ws/a.loss': 'import "b.loss"\nloss fa(z: logits) = mean(z)\n',
    '/ws/b.loss': 'import "a.loss"\nloss fb(z: logits) = mean(z)\n',
  };
  const host = { readFile: (p: string) => files[p] };
  it('brings the losses of a relative import into scope', () => {
    const a = analyze('import "common.loss"\nloss f(z: logits) = base(z)\n', { path: '/ws/main.loss', workspaceRoot: '/ws', host });
    assert.deepEqual(a.diagnostics.filter((d) => d.severity !== 'hint'), []);
    const ref = a.references.find((r) => r.name === 'base')!;
    assert.equal(ref.definition?.kind === 'loss' && ref.definition.file, '/ws/common.loss');
  });
  it('reports a missing file, a path outside the workspace, a cycle and an unused import', () => {
    assert.deepEqual(codesOf('import "nope.loss"', { path: '/ws/m.loss', workspaceRoot: '/ws', host }), ['import-not-found "\\"nope.loss\\""']);
    assert.deepEqual(codesOf('import "../etc/x.loss"', { path: '/ws/m.loss', workspaceRoot: '/ws', host }), ['import-outside-workspace "\\"../etc/x.loss\\""']);
    assert.deepEqual(codesOf(files['/ws/a.loss'], { path: '/ws/a.loss', workspaceRoot: '/ws', host }, only('import-cycle')), ['import-cycle "\\"b.loss\\""']);
    assert.deepEqual(codesOf('import "common.loss"\nloss f(z: logits) = mean(z)', { path: '/ws/m.loss', workspaceRoot: '/ws', host }, only('unused-definition')), ['unused-definition "import \\"common.loss\\""']);
  });
});

describe('trials', () => {
  it('binds loss inputs by role, so a trial may omit them, but needs data and a loss', () => {
    const src = 'loss f(z: logits, y: labels, gamma = 2) = mean(z) * gamma + mean(y)\ntrial t {\n  data = blobs(classes=3)\n  loss = f(gamma=1)\n}\ntrial u {\n  steps = 10\n}';
    assert.deepEqual(codesOf(src, {}, (d) => d.severity === 'error'), ['missing-trial-field "u"', 'missing-trial-field "u"']);
  });
  it('checks fields, generators, models, options and metrics against the trial vocabulary', () => {
    const src = `loss f(z: logits, y: labels) = ce(z, y)
trial t {
  data = blobz(classes=3)
  model = mlp(hidden=[32], activation="rel")
  loss = 0.7 * f + 0.3 * focal(gamma=1)
  stepz = 10
  seeds = 2.5
  metrics = [balanced_accuracy, recall(1), ecee]
}`;
    assert.deepEqual(codesOf(src, {}, (d) => d.severity === 'error'), [
      'invalid-trial-value "blobz(classes=3)"',
      'invalid-option "\\"rel\\""',
      'unknown-trial-field "stepz"',
      'invalid-trial-value "2.5"',
      'invalid-trial-value "ecee"',
    ]);
  });
  it('says when no model output or data target can bind a loss input', () => {
    const src = 'loss kd_only(s: logits, t: teacher) = kd(s, t)\ntrial t {\n  data = blobs(classes=3)\n  loss = kd_only\n}';
    assert.deepEqual(codesOf(src, {}, only('unbound-loss-input')), ['unbound-loss-input "kd_only"']);
    const ok = src.replace('loss = kd_only', 'loss = kd_only\n  teacher = mlp(hidden=[64])');
    assert.deepEqual(codesOf(ok, {}, only('unbound-loss-input')), []);
  });
  it('accepts a cosine head for class logits, and says when the data has no classes', () => {
    const trial = (data: string, loss: string): string => `trial t {\n  data = ${data}\n  model = mlp(hidden=[16], head="cosine")\n  loss = ${loss}\n}`;
    assert.deepEqual(analyze(trial('blobs(classes=3)', 'ldam(class_counts=class_counts)')).diagnostics.filter((d) => d.severity === 'error'), []);
    const ds = analyze(trial('regression()', 'mse')).diagnostics.filter((d) => d.code === 'invalid-trial-value');
    assert.equal(ds.length, 1);
    assert.match(ds[0].message, /regression data has no classes/);
    const unknown = analyze(trial('blobs()', 'ce').replace('"cosine"', '"round"')).diagnostics;
    assert.deepEqual(unknown.map((d) => `${d.code}: ${d.message}`), ['invalid-option: \'mlp(head=…)\' does not accept "round": use one of "linear", "cosine"']);
  });
  it('says when a metric does not fit the data (the engine would refuse it), offering metrics that do', () => {
    const src = 'trial t {\n  data = regression()\n  loss = mse\n  metrics = [accuracy, mae, recall(1)]\n}';
    const ds = analyze(src).diagnostics.filter((d) => d.code === 'invalid-trial-value');
    assert.deepEqual(ds.map((d) => src.slice(d.span.start, d.span.end)), ['accuracy', 'recall']);
    assert.match(ds[0].message, /does not apply to regression data \(these do: mse, mae, coverage\)/);
    assert.deepEqual(ds[0].fixes?.map((f) => f.title), ["Change to 'mse'", "Change to 'mae'", "Change to 'coverage'"]);
    assert.deepEqual(analyze(src.replace('regression()', 'blobs()').replace('mse', 'ce').replace(', mae', '')).diagnostics.filter((d) => d.code === 'invalid-trial-value'), []);
  });
  it('says when a second pass equals the first (logits2 without dropout, logits_fp without quantize), with a fix that adds the setting', () => {
    const losses = 'loss rd(z: logits, z2: logits2, y: labels) = ce(z, y) + kl(softmax(z), softmax(z2))\nloss mp(z: logits, zf: logits_fp, y: labels) = ce(z, y) + ce(zf, y)\n';
    const trial = (model: string, loss: string): string => `${losses}trial t {\n  data = blobs(classes=3)\n  ${model}\n  loss = ${loss}\n}`;
    const found = (src: string): Diagnostic[] => analyze(src).diagnostics.filter((d) => d.code === 'identical-passes');
    const applied = (src: string, d: Diagnostic): string => {
      const e = d.fixes![0].edits[0];
      return src.slice(0, e.span.start) + e.newText + src.slice(e.span.end);
    };
    for (const [model, loss, fixed] of [
      ['model = mlp(hidden=[64])', 'rd', 'mlp(hidden=[64], dropout=0.1)'],
      ['model = mlp', 'rd', 'mlp(dropout=0.1)'],
      ['model = mlp()', 'mp', 'mlp(quantize=8)'],
      ['model = linear', 'mp', 'linear(quantize=8)'],
    ] as const) {
      const src = trial(model, loss);
      const [d, ...more] = found(src);
      assert.ok(d && more.length === 0, `${model}, ${loss}: one warning`);
      const after = applied(src, d);
      assert.ok(after.includes(fixed), after);
      assert.deepEqual(found(after), [], `${model}, ${loss}: the fix removes it`);
    }
    // No model field means the default mlp without dropout; a linear model cannot have dropout (no fix).
    assert.equal(found(trial('steps = 10', 'rd')).length, 1);
    assert.equal(found(trial('model = linear', 'rd'))[0]?.fixes, undefined);
    for (const loss of ['rd', 'mp']) assert.deepEqual(found(trial('model = mlp(dropout=0.2, quantize=4)', loss)), []);
    // A builtin that takes any scores binds `logits`: nothing to say.
    assert.deepEqual(found(trial('model = mlp', 'ce')), []);
  });
});
