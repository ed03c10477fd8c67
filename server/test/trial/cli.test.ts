import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

// `losslab trial` through the real command line: the normative --json schema, determinism, the HTML
// report, located errors with exit code 2, divergence in the summary, and Ctrl-C.

const root = fileURLToPath(new URL('../../../', import.meta.url));
const cli = join(root, 'server/src/cli/main.ts');
const dir = mkdtempSync(join(tmpdir(), 'losslab-trial-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const SMALL = `## Focal loss with class-balanced alpha.
loss focal_cb(z: logits, y: labels, gamma = 2 in [0, 5]) = focal(z, y, gamma=gamma, alpha=cb_weights(class_counts))

## A term that goes to −∞ halfway through training.
loss doom(z: logits) = log(0.5 - progress) + 0 * mean(z)

trial small {
  data       = blobs(classes=3, n=200, imbalance=0.2)
  model      = mlp(hidden=[16])
  loss       = focal_cb
  compare    = [ce]
  steps      = 25
  batch      = 64
  seeds      = 2
  metrics    = [balanced_accuracy, recall(2)]
  eval_every = 5
}

trial diverging {
  data    = blobs(classes=2, n=100)
  model   = mlp(hidden=[8])
  loss    = ce + 0.001 * doom
  steps   = 11
  seeds   = 1
}

trial long {
  data    = blobs(classes=2, n=500)
  loss    = ce
  steps   = 100000
  seeds   = 1
}
`;
const file = join(dir, 'small.loss');
writeFileSync(file, SMALL);

function losslab(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', cli, 'trial', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, LOSSLAB_BACKEND: 'wasm' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Everything of a run that must repeat exactly (timings excluded). */
function repeatable(run: Record<string, unknown>): unknown {
  const { msPerStep: _ms, ...rest } = run;
  return rest;
}

describe('losslab trial', () => {
  const a = losslab(file, '--trial', 'small', '--json');
  const reportPath = join(dir, 'report.html');
  const b = losslab(file, '--trial', 'small', '--json', '--out', reportPath);

  it('prints one JSON object with exactly the normative fields', () => {
    assert.equal(a.code, 0, a.stderr);
    const r = JSON.parse(a.stdout);
    for (const k of ['trial', 'backend', 'runs', 'summary']) assert.ok(k in r, `missing ${k}`);
    assert.equal(r.trial, 'small');
    assert.ok(['wasm', 'cpu', 'tensorflow'].includes(r.backend));
    assert.equal(r.runs.length, 4);
    assert.deepEqual(r.runs.map((x: { label: string; seed: number }) => [x.label, x.seed]), [['focal_cb', 0], ['ce', 0], ['focal_cb', 1], ['ce', 1]]);
    for (const run of r.runs) {
      for (const k of ['label', 'seed', 'final', 'series', 'learned', 'diverged']) assert.ok(k in run, `run lacks ${k}`);
      assert.deepEqual(Object.keys(run.final).sort(), ['balanced_accuracy', 'recall(2)']);
      for (const v of Object.values(run.final)) assert.equal(typeof v, 'number');
      for (const [name, points] of Object.entries(run.series as Record<string, unknown[]>)) {
        assert.ok(Array.isArray(points) && points.length > 0, name);
        for (const p of points) assert.ok(Array.isArray(p) && p.length === 2 && typeof p[0] === 'number' && typeof p[1] === 'number', `${name}: ${JSON.stringify(p)}`);
      }
      assert.equal(run.series.loss.length, 25);
      assert.deepEqual(run.series.balanced_accuracy.map((p: number[]) => p[0]), [0, 5, 10, 15, 20, 24]);
      assert.deepEqual(run.learned, {});
      assert.equal(run.diverged, null);
    }
    assert.deepEqual(Object.keys(r.summary), ['focal_cb', 'ce']);
    for (const byMetric of Object.values(r.summary as Record<string, Record<string, { mean: number; std: number }>>)) {
      assert.deepEqual(Object.keys(byMetric).sort(), ['balanced_accuracy', 'recall(2)']);
      for (const s of Object.values(byMetric)) assert.deepEqual(Object.keys(s).sort(), ['mean', 'std']);
    }
    const s = r.summary.focal_cb.balanced_accuracy;
    const xs = r.runs.filter((x: { label: string }) => x.label === 'focal_cb').map((x: { final: Record<string, number> }) => x.final.balanced_accuracy);
    assert.ok(Math.abs(s.mean - (xs[0] + xs[1]) / 2) < 1e-12);
  });

  it('is deterministic: the same command gives the same numbers (the report does not change training)', () => {
    assert.equal(b.code, 0, b.stderr);
    const ra = JSON.parse(a.stdout), rb = JSON.parse(b.stdout);
    assert.deepEqual(ra.runs.map(repeatable), rb.runs.map(repeatable));
    assert.deepEqual(ra.summary, rb.summary);
  });

  it('writes a self-contained report with the summary, curves, landscape and decision boundaries', () => {
    assert.match(b.stderr, /report written to/);
    const html = readFileSync(reportPath, 'utf8');
    assert.match(html, /^<!doctype html>/);
    assert.ok(!/<script/i.test(html), 'no script');
    assert.ok(!/(src|href)="(https?:)?\/\//i.test(html), 'no network reference');
    assert.match(html, /<table class="summary">/);
    assert.match(html, /focal_cb/);
    assert.match(html, /aria-label="training loss"/);
    assert.match(html, /aria-label="balanced_accuracy \(validation\)"/);
    assert.match(html, /Loss landscape/);
    assert.equal((html.match(/<figure class="boundary">/g) ?? []).length, 2, 'one decision boundary per loss (first seed)');
    assert.match(html, /href="data:image\/png;base64,iVBOR/);
  });

  it('prints a human summary: mean ± std, the paired comparison, divergence with its step and term', () => {
    const r = losslab(file, '--trial', 'diverging');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /backend (wasm|cpu|tensorflow), 1 run in/);
    assert.match(r.stdout, /accuracy/);
    assert.match(r.stdout, /non-finite at step 5 in '0\.001 \* doom'/);
    const s = losslab(file, '--trial', 'small', '--steps', '3', '--seeds', '1');
    assert.equal(s.code, 0, s.stderr);
    assert.match(s.stdout, /focal_cb +\d\.\d{3} ± /);
    assert.match(s.stdout, /focal_cb against each baseline, paired by seed/);
    assert.match(s.stdout, /ce +balanced_accuracy +[+−]?\d/);
  });

  it('exits 2 with a located message for a file with errors, an unknown trial, no trial, and bad options', () => {
    const bad = join(dir, 'bad.loss');
    writeFileSync(bad, 'loss f(z: logits, y: labels) = ce(z, q)\ntrial t {\n  data = blobs\n  loss = f\n}\n');
    const e1 = losslab(bad);
    assert.equal(e1.code, 2);
    assert.match(e1.stderr, /bad\.loss:1:38 error unknown-name/);
    const e2 = losslab(file, '--trial', 'nope');
    assert.equal(e2.code, 2);
    assert.match(e2.stderr, /small\.loss:\d+:\d+ error no trial 'nope' in this file \(trials: small, diverging, long\)/);
    const none = join(dir, 'none.loss');
    writeFileSync(none, 'loss f(z: logits, y: labels) = ce(z, y)\n');
    const e3 = losslab(none);
    assert.equal(e3.code, 2);
    assert.match(e3.stderr, /none\.loss:1:1 error the file declares no trial/);
    const e4 = losslab(file, '--steps', 'many');
    assert.equal(e4.code, 2);
    assert.match(e4.stderr, /--steps takes a whole number/);
    const e5 = losslab(join(dir, 'missing.loss'));
    assert.equal(e5.code, 2);
    assert.match(e5.stderr, /missing\.loss: no such file/);
  });

  it('stops at the next step on Ctrl-C, prints what finished and exits 130', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', cli, 'trial', file, '--trial', 'long'], { cwd: root, env: { ...process.env, LOSSLAB_BACKEND: 'wasm' } });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    const started = new Promise<void>((resolve) => child.stderr.on('data', (d) => {
      stderr += String(d);
      if (/running 'long'/.test(stderr)) resolve();
    }));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await started;
    await new Promise((r) => setTimeout(r, 500));
    child.kill('SIGINT');
    const code = await exited;
    assert.equal(code, 130, stderr);
    assert.match(stdout, /stopped early \(cancelled\)/);
  });
});
