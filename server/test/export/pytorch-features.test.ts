import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import { analyze } from '../../src/core/analysis/analyze.js';
import { nodeSourceHost } from '../../src/core/workspace/node-host.js';
import { exportLoss } from '../../src/export/export-loss.js';
import { MODULE_CASES as CASES } from './builtin-cases.js';
import { compileAll, exportCases, mismatch, runCases, type CaseResult, type ExportedCase } from './run-cases.js';
import { runPython } from './torch-python.js';

// What the exported module does beyond single builtins: learn values are nn.Parameters that receive a
// gradient, losses call each other with hyperparameter overrides and context, vector hyperparameters,
// renamed Python keywords, and the gradient-level training steps really run.


describe('PyTorch export: modules', () => {
  let exported: ExportedCase[] = [];
  let results: CaseResult[] = [];
  before(() => {
    exported = exportCases(CASES);
    compileAll(exported.map((e) => e.module));
    results = runCases(exported);
  });

  for (const [i, c] of CASES.entries()) {
    test(c.name, () => {
      const r = results[i]!;
      assert.equal(r.error, undefined, r.error);
      assert.equal(mismatch(r.value, r.ref_value, 1e-9, 1e-12, 'value'), undefined);
      for (const g of c.grads) {
        const m = mismatch(r.grad?.[g], r.ref_grad?.[g], 1e-9, 1e-12, `grad ${g}`);
        assert.equal(m, undefined, m);
      }
    });
  }

  test('a learn value is an nn.Parameter with its initial value, and gets a nonzero gradient', () => {
    const r = results[0]!;
    assert.equal(r.error, undefined, r.error);
    assert.ok(Math.abs(r.grad!.s1 as number) > 1e-3, `grad s1 = ${r.grad!.s1}`);
    assert.ok(Math.abs(r.grad!.s2 as number) > 1e-3, `grad s2 = ${r.grad!.s2}`);
    assert.match(exported[0]!.code, /self\.s2 = nn\.Parameter\(torch\.tensor\(float\(-0\.2\)\)\)/);
  });

  test('callees are defined before their callers; hyperparameters are constructor arguments with the declared defaults', () => {
    const code = exported[1]!.code;
    assert.ok(code.indexOf('class FocalBin(nn.Module)') < code.indexOf('class T(nn.Module)'));
    assert.match(code, /def __init__\(self, gamma: float = 2\.0, alpha: float = 0\.25\)/);
    assert.match(code, /def forward\(self, z: torch\.Tensor, y: torch\.Tensor, \*, progress: float, w: Optional\[float\] = None\)/);
    assert.match(code, /Formula \(LaTeX\):/);
    assert.match(code, /Sigmoid focal loss written out\./);
  });

  test('a Python keyword used as a name gets a trailing underscore', () => {
    assert.match(exported[2]!.code, /lambda_: float = 0\.5/);
    assert.match(exported[2]!.code, /w: Sequence\[float\] = \(0\.2, 1\.0, 3\.0\)/);
  });
});

describe('PyTorch export: gradient-level combiners and stateful builtins', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'losslab-export-steps-'));
  const write = (name: string, source: string): string => {
    const a = analyze(source);
    const file = path.join(dir, `${name}.py`);
    writeFileSync(file, exportLoss(a, 't', 'pytorch').code);
    return file;
  };
  const modules = {
    pcgrad: write('pcgrad_mod', 'loss t(a: target, b: target) = pcgrad(sum(a), sum(b))'),
    mgda: write('mgda_mod', 'loss t(a: target, b: target) = mgda(sum(a), sum(b))'),
    gradnorm: write('gradnorm_mod', 'loss t(a: target, b: target) = gradnorm(mean(a^2), mean(b^2), alpha=1)'),
    dwa: write('dwa_mod', 'loss t(a: target, b: target) = dwa(mean(a^2), mean(b^2))'),
    center: write('center_mod', 'loss t(f: features, y: labels) = center(f, y)'),
    noise: write('noise_mod', 'loss t(x: real) = sum(quant_noise(x, bits=4))'),
  };

  const script = `
import importlib.util, json, sys
import torch
torch.set_default_dtype(torch.float64)
def load(name):
    spec = importlib.util.spec_from_file_location(name, sys.argv[1 + list(${JSON.stringify(Object.keys(modules))}).index(name)])
    m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m); return m
out = {}

# PCGrad on w with task gradients g1 = (1, 0), g2 = (-1, 1): they conflict (g1.g2 = -1), so
# g1 -> g1 - (g1.g2)/|g2|^2 g2 = (0.5, 0.5), g2 -> g2 - (g2.g1)/|g1|^2 g1 = (0, 1); the update is their sum.
m = load("pcgrad")
w = torch.nn.Parameter(torch.tensor([0.0, 0.0]))
crit = m.T()
opt = torch.optim.SGD([w], lr=1.0)
value = crit(w * torch.tensor([1.0, 0.0]), w * torch.tensor([-1.0, 1.0]))
opt.zero_grad(); crit.step(opt, [w])
out["pcgrad_value"] = float(value); out["pcgrad_w"] = w.detach().tolist()

# MGDA with g1 = (1, 0), g2 = (0, 2): min-norm a1 = (g2-g1).g2/|g1-g2|^2 = 4/5.
m = load("mgda")
w = torch.nn.Parameter(torch.tensor([0.0, 0.0]))
crit = m.T()
opt = torch.optim.SGD([w], lr=1.0)
value = crit(w * torch.tensor([1.0, 0.0]), w * torch.tensor([0.0, 2.0]))
out["mgda_value_before"] = float(value)
opt.zero_grad(); crit.step(opt, [w])
out["mgda_weights"] = crit.task_weights; out["mgda_w"] = w.detach().tolist()

# GradNorm: two tasks on one shared weight, the first with the larger gradient norm: its weight goes down.
m = load("gradnorm")
crit = m.T()
shared = torch.nn.Parameter(torch.tensor([[1.0, 0.5]]))
opt = torch.optim.SGD([shared] + list(crit.parameters()), lr=0.01)
for _ in range(2):
    x = torch.tensor([[1.0], [2.0]])
    h = (x @ shared)
    value = crit(h[:, 0] * 3.0, h[:, 1])
    opt.zero_grad(); crit.step(opt, shared)
out["gradnorm_w"] = crit.gradnorm.w.detach().tolist()
out["gradnorm_value"] = float(value)

# DWA: weights are 1 for two epochs, then follow the loss ratios.
m = load("dwa")
crit = m.T(); crit.train()
a = torch.tensor([1.0]); b = torch.tensor([1.0])
for scale_a, scale_b in [(1.0, 1.0), (0.5, 1.0)]:
    crit(a * scale_a, b * scale_b); crit.end_epoch()
out["dwa_value"] = float(crit(a, b))

# Center: prototypes are parameters created at the first call, and receive gradients.
m = load("center")
crit = m.T()
f = torch.tensor([[1.0, 2.0], [3.0, -1.0]], requires_grad=True)
y = torch.tensor([0.0, 2.0])
v = crit(f, y); v.backward()
centers = [p for p in crit.parameters()]
out["center_shape"] = list(centers[0].shape); out["center_grad"] = centers[0].grad.tolist()

# quant_noise: noise of at most half a step while training, fakequant in eval().
m = load("noise")
crit = m.T()
x = torch.tensor([0.3, -1.2, 2.1, 0.7], requires_grad=True)
v = crit(x); v.backward()
out["noise_train_value"] = float(v); out["noise_grad"] = x.grad.tolist()
crit.eval()
out["noise_eval_value"] = float(crit(x))
print(json.dumps(out))
`;

  let out: Record<string, unknown> = {};
  before(() => {
    out = JSON.parse(runPython(['-c', script, ...Object.values(modules)]));
  });

  test('pcgrad: the value is the sum; step() applies the projected gradients', () => {
    assert.equal(out.pcgrad_value, 0);
    assert.equal(mismatch(out.pcgrad_w, [-0.5, -1.5], 1e-12, 1e-12), undefined, JSON.stringify(out.pcgrad_w));
  });

  test('mgda: the value is the mean before any step; step() follows the min-norm direction', () => {
    assert.equal(out.mgda_value_before, 0);
    assert.equal(mismatch(out.mgda_weights, [0.8, 0.2], 1e-12, 1e-12), undefined, JSON.stringify(out.mgda_weights));
    assert.equal(mismatch(out.mgda_w, [-0.8, -0.4], 1e-12, 1e-12), undefined, JSON.stringify(out.mgda_w));
  });

  test('gradnorm: the task with the larger gradient norm loses weight; weights stay positive, summing to K', () => {
    const w = out.gradnorm_w as number[];
    assert.ok(w.every((v) => v > 0), JSON.stringify(w));
    assert.ok(Math.abs(w[0]! + w[1]! - 2) < 1e-9, JSON.stringify(w));
    assert.ok(w[0]! < 1 && w[1]! > 1, JSON.stringify(w));
  });

  test('dwa: after two epochs the weights follow the loss ratios', () => {
    // r = (0.25/1, 1/1) → w = 2·softmax(r/2)
    const e1 = Math.exp(0.25 / 2);
    const e2 = Math.exp(1 / 2);
    assert.equal(mismatch(out.dwa_value, (2 * e1) / (e1 + e2) + (2 * e2) / (e1 + e2), 1e-12, 1e-12), undefined, String(out.dwa_value));
  });

  test('center: prototypes (C × D, zeros) are parameters with a gradient', () => {
    assert.deepEqual(out.center_shape, [3, 2]);
    assert.equal(mismatch(out.center_grad, [[-0.5, -1.0], [0, 0], [-1.5, 0.5]], 1e-12, 1e-12), undefined, JSON.stringify(out.center_grad));
  });

  test('quant_noise: within half a step of x while training (gradient 1), fakequant in eval()', () => {
    const step = 2.1 / 7;
    assert.ok(Math.abs((out.noise_train_value as number) - 1.9) <= 2 * step + 1e-12, String(out.noise_train_value));
    assert.deepEqual(out.noise_grad, [1, 1, 1, 1]);
    const q = [0.3, -1.2, 2.1, 0.7].map((v) => Math.round(v / step) * step).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs((out.noise_eval_value as number) - q) < 1e-12, `${out.noise_eval_value} vs ${q}`);
  });
});

describe('PyTorch export: imports', () => {
  test('a loss imported from another file is exported with the importing one', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'losslab-export-imports-'));
    writeFileSync(path.join(dir, 'common.loss'), '## Plain mean squared error.\nloss sq(x: target, u: target) = mean((x - u)^2)\n');
    const main = path.join(dir, 'main.loss');
    const text = 'import "common.loss"\nloss t(x: target, u: target) = 2 * sq(x, u)\n';
    writeFileSync(main, text);
    const a = analyze(text, { path: main, workspaceRoot: dir, host: nodeSourceHost });
    const { code } = exportLoss(a, 't', 'pytorch', { host: nodeSourceHost });
    assert.match(code, /class Sq\(nn\.Module\):\n    r"""Plain mean squared error\./);
    assert.match(code, /loss sq\(x: target, u: target\) = mean\(\(x - u\)\^2\)/);
    const file = path.join(dir, 'main.py');
    writeFileSync(file, code);
    const value = runPython(['-c', `import importlib.util, torch\nspec = importlib.util.spec_from_file_location("m", ${JSON.stringify(file)})\nm = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)\nprint(float(m.T()(torch.tensor([1.0, 2.0]), torch.tensor([0.0, 0.0]))))`]);
    assert.equal(Number(value.trim()), 5);
  });
});
