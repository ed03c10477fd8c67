#!/usr/bin/env node
// `npm run -s losslab -- …`: runs the bundled CLI (dist/cli.cjs) when it is newer than every source it is
// built from, else the TypeScript sources through tsx. The bundle starts in ~0.25 s, tsx in ~2 s: tests
// that spawn the CLI many times use the bundle `npm test` has just built, and an edit is never run stale.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = join(root, 'dist/cli.cjs');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

const fresh = existsSync(bundle) && statSync(bundle).mtimeMs >= Math.max(newestSource(join(root, 'server/src')), statSync(join(root, 'package.json')).mtimeMs);
const args = fresh
  ? [bundle, ...process.argv.slice(2)]
  : [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'server/src/cli/main.ts'), ...process.argv.slice(2)];
// The same V8 flags as server/src/node-flags.ts (ANALYSIS_NODE_FLAGS): a larger young generation.
const r = spawnSync(process.execPath, ['--max-semi-space-size=64', ...args], { stdio: 'inherit' });
process.exit(r.status ?? (r.signal ? 1 : 0));
