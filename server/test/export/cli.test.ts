import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

// `losslab export` end to end: code on stdout (or --out), exit 2 with a clear message for every problem.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const dir = mkdtempSync(path.join(tmpdir(), 'losslab-export-cli-'));
const good = path.join(dir, 'good.loss');
writeFileSync(good, '## Binary cross-entropy, halved.\nloss half(z: logits, y: binary) = 0.5 * bce(z, y)\n');
const bad = path.join(dir, 'bad.loss');
writeFileSync(bad, 'loss broken(z: logits) = mean(undefined_name(z))\n');

function losslab(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/src/cli/main.ts'), 'export', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('losslab export', () => {
  test('--to pytorch prints the module', () => {
    const r = losslab(good, '--loss', 'half', '--to', 'pytorch');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^"""PyTorch export of the LossLab loss 'half' from good\.loss\./);
    assert.match(r.stdout, /class Half\(nn\.Module\):/);
  });

  test('--to tfjs prints a TypeScript module', () => {
    const r = losslab(good, '--loss', 'half', '--to', 'tfjs');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /import \* as tf from '@tensorflow\/tfjs';/);
    assert.match(r.stdout, /export function half\(z: tf\.Tensor, y: tf\.Tensor, options: HalfOptions = \{\}\): tf\.Scalar \{/);
  });

  test('--to latex prints the fragment; --out writes a file', () => {
    const out = path.join(dir, 'half.tex');
    const r = losslab(good, '--loss=half', '--to=latex', '--out', out);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(readFileSync(out, 'utf8'), /\\begin\{align\*\}/);
  });

  for (const [what, args, message] of [
    ['an unknown loss', [good, '--loss', 'nope', '--to', 'pytorch'], /no loss named 'nope' \(losses here: half\)/],
    ['a file with errors', [bad, '--loss', 'broken', '--to', 'pytorch'], /the file has 1 error .*undefined_name/],
    ['an unsupported target', [good, '--loss', 'half', '--to', 'jax'], /unsupported export target 'jax' \(targets: pytorch, latex, tfjs\)/],
    ['a missing file', [path.join(dir, 'missing.loss'), '--loss', 'half', '--to', 'pytorch'], /missing\.loss: no such file/],
    ['a missing --loss', [good, '--to', 'pytorch'], /missing --loss NAME/],
    ['an unknown option', [good, '--loss', 'half', '--to', 'pytorch', '--fast'], /unknown option --fast/],
  ] as const) {
    test(`exit 2 for ${what}`, () => {
      const r = losslab(...args);
      assert.equal(r.status, 2, r.stdout + r.stderr);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, message);
    });
  }
});
