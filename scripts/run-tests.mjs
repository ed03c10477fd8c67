#!/usr/bin/env node
// `npm test`: bundle (stdio and end-to-end tests use dist/), type-check everything, then run every
// `*.test.ts` under server/, client/, webview/ and test/ with Node's own test runner (TypeScript through tsx).
// Arguments narrow the run: `npm test -- server/test/parser` runs files whose path contains that text.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const filters = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const skipBuild = process.argv.includes('--no-build');

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function findTests(dir, out = []) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) findTests(p, out);
    else if (name.endsWith('.test.ts') || name.endsWith('.test.mjs')) out.push(p);
  }
  return out;
}

if (!skipBuild) {
  run(process.execPath, ['scripts/build.mjs']);
  run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b']);
}

const files = ['server', 'client', 'webview', 'test']
  .flatMap((d) => findTests(join(root, d)))
  .map((f) => relative(root, f))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
run(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files]);
