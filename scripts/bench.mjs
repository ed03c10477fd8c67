#!/usr/bin/env node
// `npm run bench`: every benchmark of the project, each printing its measurements and the ratio against
// a baseline measured in the same run (these machines are shared and noisy: compare ratios, not
// absolute times). Benchmarks live in scripts/bench/*.{mjs,ts}; each runs in its own process.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = join(root, 'scripts/bench');
const only = process.argv.slice(2);
const benches = existsSync(dir)
  ? readdirSync(dir).filter((f) => /\.(mjs|ts)$/.test(f) && !f.startsWith('_')).filter((f) => only.length === 0 || only.some((o) => f.includes(o))).sort()
  : [];
let failed = 0;
for (const f of benches) {
  console.log(`\n=== ${f} ===`);
  const args = f.endsWith('.ts') ? ['--import', 'tsx', join(dir, f)] : [join(dir, f)];
  // The same V8 flags the shipped language server and CLI run with (server/src/node-flags.ts).
  const r = spawnSync(process.execPath, ['--expose-gc', '--max-semi-space-size=64', ...args], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
console.log(`\n${benches.length - failed} benchmarks ran, ${failed} failed`);
process.exit(failed ? 1 : 0);
