import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { loadBuiltinCases, loadFamilyCases, REFERENCE_DIR } from './reference-cases.js';

// The committed reference JSON is what gen_reference.py produces: regenerated with PyTorch (Debian's
// python3-torch, which .ci/run installs) and compared number by number. Without PyTorch there is
// nothing to regenerate with, and the test says so instead of passing.

const PYTHONS = ['/usr/bin/python3', 'python3'];
const python = PYTHONS.find((p) => spawnSync(p, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0);

function compare(a: unknown, b: unknown, where: string, out: string[]): void {
  if (typeof a === 'number' && typeof b === 'number') {
    if (!(Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b)))) out.push(`${where}: committed ${b}, regenerated ${a}`);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) out.push(`${where}: length ${b.length} committed, ${a.length} regenerated`);
    else a.forEach((x, i) => compare(x, b[i], `${where}[${i}]`, out));
    return;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    if (ka.join() !== kb.join()) out.push(`${where}: keys ${kb.join(',')} committed, ${ka.join(',')} regenerated`);
    else for (const k of ka) compare((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${where}.${k}`, out);
    return;
  }
  if (a !== b) out.push(`${where}: committed ${JSON.stringify(b)}, regenerated ${JSON.stringify(a)}`);
}

test('gen_reference.py regenerates the committed reference values', { skip: python ? false : 'PyTorch is not installed (apt-get install python3-torch)' }, () => {
  const out = mkdtempSync(path.join(tmpdir(), 'losslab-ref-'));
  try {
    const r = spawnSync(python!, ['-B', path.join(REFERENCE_DIR, 'gen_reference.py'), out], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const problems: string[] = [];
    compare(loadBuiltinCases(out), loadBuiltinCases(), 'builtins', problems);
    compare(loadFamilyCases(out), loadFamilyCases(), 'cases', problems);
    assert.deepEqual(problems.slice(0, 20), []);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
