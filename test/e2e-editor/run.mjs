#!/usr/bin/env node
// `npm run test:e2e`: the extension's tests inside a real VS Code. No desktop VS Code can be downloaded
// here, so the VS Code is code-server (npm, VS Code 1.100) and @vscode/test-electron's runTests() gets a
// launcher shim as its `vscodeExecutablePath` (code-server/vscode-shim.sh): the suite runs in the Node
// extension host of code-server's workbench, driven by headless Debian Chromium.
//
// Steps: bundle the extension (dist/) and the suite (out/e2e/suite.cjs); install code-server into
// $CS_HOME (default /tmp/e2e-cs) when it is missing; copy the fixture workspace to a temp folder (the
// tests edit and save files); run. Exit code: the suite's.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { runTests } from '@vscode/test-electron';

const root = fileURLToPath(new URL('../../', import.meta.url));
const here = fileURLToPath(new URL('.', import.meta.url));
process.env.CS_HOME ??= '/tmp/e2e-cs';

function step(cmd, args, what) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`test:e2e: ${what} failed (exit ${r.status})`);
    process.exit(r.status ?? 1);
  }
}

step(process.execPath, ['scripts/build.mjs'], 'building the extension');
const suite = join(root, 'out', 'e2e', 'suite.cjs');
await esbuild.build({
  absWorkingDir: root,
  entryPoints: ['test/e2e-editor/suite/index.ts'],
  outfile: suite,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  logLevel: 'warning',
});

if (!existsSync(join(process.env.CS_HOME, 'node_modules', '.bin', 'code-server'))) {
  step('bash', [join(here, 'code-server', 'install.sh'), process.env.CS_HOME], 'installing code-server');
}

const workspace = mkdtempSync(join(tmpdir(), 'losslab-e2e-ws-'));
cpSync(join(here, 'workspace'), workspace, { recursive: true });

try {
  await runTests({
    vscodeExecutablePath: join(here, 'code-server', 'vscode-shim.sh'),
    extensionDevelopmentPath: root,
    extensionTestsPath: suite,
    launchArgs: [workspace, '--disable-extensions'],
  });
  console.log('test:e2e: passed');
} catch (err) {
  console.error(`test:e2e: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
