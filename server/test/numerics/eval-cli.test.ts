import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { runEval } from '../../src/cli/eval.js';

// `losslab eval`: the output contract, and a clear message with exit code 2 for every kind of bad
// command. Run in-process (capturing stdout/stderr), plus once as the real `npm run -s losslab` process.

const dir = mkdtempSync(path.join(tmpdir(), 'losslab-eval-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const file = path.join(dir, 'm.loss');
writeFileSync(file, `
loss focal_bin(z: logits, y: binary, gamma = 2.0 in [0, 5]) = focal(z, y, gamma=gamma)
loss multi(z: logits, y: labels) = ce(z, y, weight=inv_freq(class_counts))
loss emb(f: features, y: labels) = center(f, y)
loss uw(z: logits, y: binary) {
  learn s = 0.5
  return exp(-s) * bce(z, y) + s
}
`);
const broken = path.join(dir, 'broken.loss');
writeFileSync(broken, 'loss bad(z: logits) = mean(unknown_fn(z))\n');

function json(name: string, v: unknown): string {
  const p = path.join(dir, name);
  writeFileSync(p, typeof v === 'string' ? v : JSON.stringify(v));
  return p;
}
const binIn = json('bin.json', { z: [-1.2, 0.3, 2.5], y: [0, 1, 1] });

async function capture(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = process.stdout.write.bind(process.stdout);
  const e = process.stderr.write.bind(process.stderr);
  // Only text is ours: the test runner itself reports through stdout with binary chunks.
  process.stdout.write = ((s: string | Uint8Array, ...rest: never[]) => (typeof s === 'string' ? ((out += s), true) : o(s, ...rest))) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array, ...rest: never[]) => (typeof s === 'string' ? ((err += s), true) : e(s, ...rest))) as typeof process.stderr.write;
  try {
    const code = await runEval(args);
    return { code, out, err };
  } finally {
    process.stdout.write = o;
    process.stderr.write = e;
  }
}

describe('losslab eval output', () => {
  test('prints one JSON object with the value and the requested gradients', async () => {
    const r = await capture([file, '--loss', 'focal_bin', '--inputs', binIn, '--grad', 'z']);
    assert.equal(r.code, 0, r.err);
    const o = JSON.parse(r.out);
    assert.deepEqual(Object.keys(o), ['value', 'grad']);
    assert.equal(typeof o.value, 'number');
    assert.equal(o.grad.z.length, 3);
    assert.equal(r.out.trim().split('\n').length, 1);
  });

  test('without --grad the gradient object is empty; --params overrides a hyperparameter', async () => {
    const a = JSON.parse((await capture([file, '--loss', 'focal_bin', '--inputs', binIn])).out);
    const b = JSON.parse((await capture([file, '--loss', 'focal_bin', '--inputs', binIn, '--params', '{"gamma": 0}'])).out);
    assert.deepEqual(a.grad, {});
    assert.ok(b.value > a.value, 'γ = 0 (plain α-weighted BCE) is larger than γ = 2 on these inputs');
  });

  test('--learn sets a learn value and --grad differentiates with respect to it', async () => {
    const r = await capture([file, '--loss', 'uw', '--inputs', binIn, '--learn', '{"s": 1}', '--grad', 's', '--grad', 'z']);
    assert.equal(r.code, 0, r.err);
    const o = JSON.parse(r.out);
    assert.equal(typeof o.grad.s, 'number');
    // ∂/∂s (e^{−s}·L + s) = 1 − e^{−s}·L.
    const L = (o.value - 1) / Math.exp(-1);
    assert.ok(Math.abs(o.grad.s - (1 - Math.exp(-1) * L)) < 1e-5);
  });

  test('--context supplies class counts', async () => {
    const r = await capture([file, '--loss', 'multi', '--inputs', json('m.json', { z: [[1, 2, 0], [0, 1, 3]], y: [0, 2] }), '--context', '{"class_counts": [10, 5, 1]}', '--grad', 'z']);
    assert.equal(r.code, 0, r.err);
    assert.equal(JSON.parse(r.out).grad.z.length, 2);
  });
});

describe('losslab eval errors (exit code 2, clear message)', () => {
  const cases: [string, () => string[], RegExp][] = [
    ['a missing input', () => [file, '--loss', 'focal_bin', '--inputs', json('miss.json', { z: [1, 2] })], /missing input 'y' \(binary\)/],
    ['an input the loss does not have', () => [file, '--loss', 'focal_bin', '--inputs', json('extra.json', { z: [1], y: [1], w: [2] })], /no input 'w'/],
    ['a shape that does not fit the role', () => [file, '--loss', 'emb', '--inputs', json('rank.json', { f: [1, 2, 3], y: [0, 1, 2] })], /'f' \(features\) must have shape N×D, got shape \[3\]/],
    ['values that do not fit the role', () => [file, '--loss', 'focal_bin', '--inputs', json('val.json', { z: [1, 2], y: [0, 0.5] })], /'y' \(binary\) must hold 0\/1 values, found 0\.5/],
    ['labels that do not match the logits', () => [file, '--loss', 'multi', '--inputs', json('lab.json', { z: [[1, 2, 0]], y: [0, 1] }), '--context', '{"class_counts": [1, 1, 1]}'], /m\.loss:3:\d+: ce: y has shape \[2\] but z has shape \[1, 3\]/],
    ['a label out of range', () => [file, '--loss', 'multi', '--inputs', json('lab2.json', { z: [[1, 2, 0]], y: [3] }), '--context', '{"class_counts": [1, 1, 1]}'], /class indices 0…2, found 3/],
    ['an unknown loss', () => [file, '--loss', 'nope', '--inputs', binIn], /no loss named 'nope' \(this file has: focal_bin, multi, emb, uw\)/],
    ['malformed inputs JSON', () => [file, '--loss', 'focal_bin', '--inputs', json('bad.json', '{"z": [1, 2')], /--inputs .* is not valid JSON/],
    ['malformed --params', () => [file, '--loss', 'focal_bin', '--inputs', binIn, '--params', '{gamma: 1}'], /--params is not valid JSON/],
    ['an unknown parameter', () => [file, '--loss', 'focal_bin', '--inputs', binIn, '--params', '{"beta": 1}'], /has no parameter 'beta'/],
    ['a tensor input given as a parameter', () => [file, '--loss', 'focal_bin', '--inputs', binIn, '--params', '{"z": 1}'], /'z' is a tensor input/],
    ['a ragged array', () => [file, '--loss', 'multi', '--inputs', json('ragged.json', { z: [[1, 2], [3]], y: [0, 1] })], /ragged/],
    ['a non-number', () => [file, '--loss', 'focal_bin', '--inputs', json('nan.json', { z: [1, 'a'], y: [0, 1] })], /'z'\[1\] must be a finite number, found "a"/],
    ['a missing context value', () => [file, '--loss', 'multi', '--inputs', json('m2.json', { z: [[1, 2, 0]], y: [0] })], /'class_counts' is not known here/],
    ['an unknown context value', () => [file, '--loss', 'multi', '--inputs', binIn, '--context', '{"epoch": 3}'], /unknown context value 'epoch'/],
    ['an unknown --grad name', () => [file, '--loss', 'focal_bin', '--inputs', binIn, '--grad', 'gamma'], /'gamma' is neither an input nor a learn value/],
    ['an unknown learn value', () => [file, '--loss', 'uw', '--inputs', binIn, '--learn', '{"t": 1}'], /has no learn value 't' \(its learn values: s\)/],
    ['a learn value of the wrong shape', () => [file, '--loss', 'uw', '--inputs', binIn, '--learn', '{"s": [1, 2]}'], /'s' must have shape \[\]/],
    ['a file that does not check', () => [broken, '--loss', 'bad', '--inputs', binIn], /does not check \(1 error\):\n.*broken\.loss:1:\d+ error unknown-function/],
    ['a file that does not exist', () => [path.join(dir, 'none.loss'), '--loss', 'x', '--inputs', binIn], /no such file/],
    ['no --loss', () => [file, '--inputs', binIn], /--loss NAME is required/],
    ['an unknown option', () => [file, '--loss', 'focal_bin', '--inputs', binIn, '--fast'], /unknown option --fast/],
  ];
  for (const [what, args, message] of cases) {
    test(what, async () => {
      const r = await capture(args());
      assert.equal(r.code, 2, `exit code for ${what}: ${r.err}`);
      assert.equal(r.out, '');
      assert.match(r.err, message);
    });
  }
});

test('as a process: npm run -s losslab -- eval exits 2 on a missing input', async () => {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
  const missing = json('proc.json', { z: [1, 2] });
  await assert.rejects(promisify(execFile)('npm', ['run', '-s', 'losslab', '--', 'eval', file, '--loss', 'focal_bin', '--inputs', missing], { cwd: root }), (e: { code?: number; stderr?: string; stdout?: string }) => {
    assert.equal(e.code, 2);
    assert.match(e.stderr ?? '', /missing input 'y'/);
    assert.equal(e.stdout, '');
    return true;
  });
});
