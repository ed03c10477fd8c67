// Trial engine speed, in one run (`npm run bench trial`):
//  1. ms per training step of the default trial (every field at its trial-vocabulary default:
//     blobs, mlp [32, 32], ce, adam 0.01, batch 256) through the engine, against a hand-written tfjs loop
//     of the same model, loss, data and initial weights (target: ratio ≤ 1.15);
//  2. the same step in PyTorch on the CPU, one thread, when Debian's python3-torch is installed;
//  3. the wall time of the whole default trial, 3 seeds × 300 steps with its metrics (target: < 3 s).
// The machine is shared and noisy: times are process CPU time (the backend is single-threaded), best of
// several interleaved rounds; wall time is printed next to it.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { analyze } from '../../server/src/core/analysis/analyze.js';
import { initBackend } from '../../server/src/numerics/backend.js';
import { compileLoss } from '../../server/src/numerics/compile.js';
import { generate } from '../../server/src/trial/data/index.js';
import { dense } from '../../server/src/trial/models/dense.js';
import { Mlp, MLP_DEFAULTS } from '../../server/src/trial/models/mlp.js';
import { planFromDocument } from '../../server/src/trial/document-plan.js';
import type { TrialPlan } from '../../server/src/trial/protocol.js';
import { runTrial } from '../../server/src/trial/trial.js';
import { tf } from '../../server/src/trial/tfjs.js';

const DEFAULT_TRIAL = 'trial default {\n  data = blobs\n  loss = ce\n}\n';
const ROUNDS = 5;
const STEPS = 300;

interface Timing { cpu: number; wall: number }

function timed(f: () => void): Timing {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  f();
  const c = process.cpuUsage(c0);
  return { cpu: (c.user + c.system) / 1000, wall: performance.now() - t0 };
}

async function timedAsync(f: () => Promise<unknown>): Promise<Timing> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await f();
  const c = process.cpuUsage(c0);
  return { cpu: (c.user + c.system) / 1000, wall: performance.now() - t0 };
}

const best = (ts: Timing[]) => ({ cpu: Math.min(...ts.map((t) => t.cpu)), wall: Math.min(...ts.map((t) => t.wall)) });

/**
 * The hand-written loop a tfjs user would write: variables, fused layers, optimizer.minimize, one readback
 * per step. With `engineLayers`, its dense layers are the engine's (explicit-transpose gradients), so the
 * ratio measures the engine's plumbing alone.
 */
function handLoop(plan: TrialPlan, init: Float32Array, steps: number, engineLayers = false, compiledLoss = false): () => void {
  const ce = compiledLoss ? compileLoss(analyze('loss f(z: logits, y: labels) = ce(z, y)\n'), 'f') : undefined;
  const data = generate(plan.data.generator, plan.data.args, 0);
  const n = data.train.n, C = data.numClasses;
  const model = new Mlp({ ...MLP_DEFAULTS, hidden: [32, 32] }, 2, [{ name: 'logits', dim: C, squeeze: true }]);
  const at = (name: string) => { const e = model.layout.get(name); return tf.tensor(init.subarray(e.offset, e.offset + e.size), [...e.shape]); };
  return () => {
    const X = tf.tensor2d(data.train.x, [n, 2]);
    const Y = tf.tensor1d(data.train.labels!, 'int32');
    const W = ['W0', 'W1', 'W2'].map((k) => tf.tidy(() => tf.variable(at(k)))), B = ['b0', 'b1', 'b2'].map((k) => tf.tidy(() => tf.variable(at(k))));
    const opt = tf.train.adam(0.01);
    const batch = plan.batch ?? 256;
    let order = Int32Array.from({ length: n }, (_, i) => i), pos = 0;
    for (let s = 0; s < steps; s++) {
      if (pos + batch > n) { order = order.reverse(); pos = 0; }
      const idx = order.slice(pos, pos + batch);
      pos += batch;
      const loss = tf.tidy(() => {
        const it = tf.tensor1d(idx, 'int32');
        const x = tf.gather(X, it), y = tf.gather(Y, it);
        return opt.minimize(() => {
          const layer = (a: tf.Tensor2D, i: number, relu: boolean) => (engineLayers
            ? dense(a, W[i] as tf.Tensor2D, B[i], relu)
            : tf.fused.matMul({ a, b: W[i], bias: B[i], activation: relu ? 'relu' : 'linear' }));
          const z = layer(layer(layer(x as tf.Tensor2D, 0, true), 1, true), 2, false);
          if (ce) return ce.evaluate({ z, y });
          return tf.neg(tf.mean(tf.sum(tf.mul(tf.logSoftmax(z), tf.oneHot(y, C)), 1))) as tf.Scalar;
        }, true)!;
      });
      loss.dataSync();
      loss.dispose();
    }
    opt.dispose();
    tf.dispose([X, Y, ...W, ...B]);
  };
}

const TORCH_SCRIPT = String.raw`
import json, sys, time, torch
torch.set_num_threads(1)
d = json.load(open(sys.argv[1]))
X = torch.tensor(d['x'], dtype=torch.float32).view(-1, 2); Y = torch.tensor(d['y'], dtype=torch.long)
C, B, steps, rounds = d['classes'], d['batch'], d['steps'], d['rounds']
best = 1e9
for r in range(rounds):
    torch.manual_seed(r)
    m = torch.nn.Sequential(torch.nn.Linear(2, 32), torch.nn.ReLU(), torch.nn.Linear(32, 32), torch.nn.ReLU(), torch.nn.Linear(32, C))
    opt = torch.optim.Adam(m.parameters(), lr=0.01)
    n = X.shape[0]; perm = torch.randperm(n); pos = 0
    t0 = time.process_time()
    for s in range(steps):
        if pos + B > n: perm = torch.randperm(n); pos = 0
        idx = perm[pos:pos + B]; pos += B
        loss = torch.nn.functional.cross_entropy(m(X[idx]), Y[idx])
        opt.zero_grad(); loss.backward(); opt.step(); loss.item()
    best = min(best, (time.process_time() - t0) * 1000 / steps)
print(json.dumps({'msPerStep': best, 'version': torch.__version__}))
`;

function torchStep(plan: TrialPlan, steps: number): { msPerStep: number; version: string } | string {
  const python = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0);
  if (!python) return 'not installed (apt-get install python3-torch)';
  const data = generate(plan.data.generator, plan.data.args, 0);
  const tmp = `${tmpdir()}/losslab-bench-trial-${process.pid}`;
  const fs = { json: `${tmp}.json`, py: `${tmp}.py` };
  writeFileSync(fs.json, JSON.stringify({ x: Array.from(data.train.x), y: Array.from(data.train.labels!), classes: data.numClasses, batch: plan.batch ?? 256, steps, rounds: ROUNDS }));
  writeFileSync(fs.py, TORCH_SCRIPT);
  try {
    const r = spawnSync(python, [fs.py, fs.json], { encoding: 'utf8' });
    if (r.status !== 0) return `failed: ${r.stderr.trim().split('\n').pop()}`;
    return JSON.parse(r.stdout.trim().split('\n').pop()!);
  } finally {
    rmSync(fs.json, { force: true });
    rmSync(fs.py, { force: true });
  }
}

const ms = (x: number) => `${x.toFixed(2)} ms`;

async function main(): Promise<void> {
  const backend = await initBackend();
  const plan = planFromDocument({ text: DEFAULT_TRIAL, trial: 'default' });
  const data = generate(plan.data.generator, plan.data.args, 0);
  const init = new Mlp({ ...MLP_DEFAULTS, hidden: [32, 32] }, 2, [{ name: 'logits', dim: data.numClasses, squeeze: true }]).init(0);
  console.log(`backend ${backend.name}${backend.fallbackReason ? ` (${backend.fallbackReason})` : ''}; default trial: ${plan.data.label}, mlp [32, 32], ce, ${plan.optimizer.kind} ${plan.optimizer.lr}, batch ${plan.batch}, ${data.train.n} training samples`);

  // 1. One training step: engine (no metrics, no recording) against the hand-written loop, interleaved.
  const trainOnly: TrialPlan = { ...plan, seeds: [0], steps: STEPS, metrics: [], recordEvery: STEPS };
  const hand = handLoop(plan, init, STEPS);
  const handSameLayers = handLoop(plan, init, STEPS, true);
  const handSameLoss = handLoop(plan, init, STEPS, true, true);
  await runTrial({ ...trainOnly, steps: 20 }, backend.name); // warm-up: kernels compiled, code paths hot
  hand();
  handSameLayers();
  handSameLoss();
  const eng: Timing[] = [], hw: Timing[] = [], hl: Timing[] = [], hc: Timing[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    eng.push(await timedAsync(() => runTrial(trainOnly, backend.name)));
    hw.push(timed(hand));
    hl.push(timed(handSameLayers));
    hc.push(timed(handSameLoss));
  }
  const perStep = (ts: Timing[]) => { const b = best(ts); return { cpu: b.cpu / STEPS, wall: b.wall / STEPS }; };
  const es = perStep(eng), hs = perStep(hw), ls = perStep(hl), cs = perStep(hc);
  const line = (what: string, t: { cpu: number; wall: number }) => console.log(`${what.padEnd(62)} ${ms(t.cpu)} CPU (${ms(t.wall)} wall)`);
  line('engine step', es);
  line('hand-written tfjs (fused layers, hand-written ce)', hs);
  line('hand-written tfjs (the engine\'s layers, hand-written ce)', ls);
  line('hand-written tfjs (the engine\'s layers, the compiled .loss ce)', cs);
  console.log(`ratio engine / hand-written: ${(es.cpu / hs.cpu).toFixed(2)} (target ≤ 1.15); with the same layers: ${(es.cpu / ls.cpu).toFixed(2)}; with the same layers and loss (the engine's plumbing alone): ${(es.cpu / cs.cpu).toFixed(2)}`);

  // 2. PyTorch.
  const torch = torchStep(plan, STEPS);
  if (typeof torch === 'string') console.log(`PyTorch CPU: ${torch}`);
  else console.log(`PyTorch ${torch.version} CPU, 1 thread: ${ms(torch.msPerStep)} per step; ratio engine / PyTorch: ${(es.cpu / torch.msPerStep).toFixed(2)}`);

  // 3. The whole default trial: 3 seeds × 300 steps, metrics every eval_every steps.
  const full: TrialPlan = { ...plan, seeds: [0, 1, 2], steps: 300 };
  const wholes: Timing[] = [];
  for (let r = 0; r < 3; r++) wholes.push(await timedAsync(() => runTrial(full, backend.name)));
  const whole = best(wholes);
  console.log(`default trial, 3 seeds × 300 steps with metrics: ${(whole.wall / 1000).toFixed(2)} s wall, ${(whole.cpu / 1000).toFixed(2)} s CPU (target < 3 s)`);

  // For scale: the flagship example (4 losses × 3 seeds × 300 steps), when present.
  const flagship = fileURLToPath(new URL('../../examples/flagship.loss', import.meta.url));
  if (existsSync(flagship)) {
    const text = readFileSync(flagship, 'utf8');
    const fp = planFromDocument({ text, path: flagship, trial: /^trial (\w+)/m.exec(text)![1] });
    const t = await timedAsync(() => runTrial(fp, backend.name));
    console.log(`flagship trial (${[fp.loss, ...fp.compare].length} losses × ${fp.seeds.length} seeds × ${fp.steps} steps): ${(t.wall / 1000).toFixed(2)} s wall, ${(t.cpu / 1000).toFixed(2)} s CPU`);
  }
  console.log(`tensors alive at the end: ${tf.memory().numTensors}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
