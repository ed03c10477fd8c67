#!/usr/bin/env node
// Bundles every entry point into dist/ with esbuild (CommonJS, so VS Code can `require` them).
// `--production` minifies; `--watch` rebuilds on change. Entries whose source does not exist yet are skipped.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** entry source → bundle name in dist/, and the platform it runs on. */
const ENTRIES = [
  { src: 'client/src/extension.ts', out: 'extension', platform: 'node' },
  { src: 'server/src/lsp/main.ts', out: 'server', platform: 'node' },
  { src: 'server/src/cli/main.ts', out: 'cli', platform: 'node' },
  { src: 'server/src/trial/worker.ts', out: 'trial-worker', platform: 'node' },
  { src: 'webview/src/main.ts', out: 'webview', platform: 'browser' },
];

mkdirSync(`${root}/dist`, { recursive: true });

// The wasm backend's binaries go next to the bundles, where server/src/numerics/backend.ts looks first
// (a .vsix carries no node_modules). The threaded build is never chosen in Node, so it is left out.
mkdirSync(`${root}/dist/wasm`, { recursive: true });
for (const f of ['tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm.wasm']) {
  copyFileSync(`${root}/node_modules/@tensorflow/tfjs-backend-wasm/dist/${f}`, `${root}/dist/wasm/${f}`);
}
const builds = ENTRIES.filter((e) => existsSync(`${root}/${e.src}`)).map((e) => ({
  absWorkingDir: root,
  entryPoints: [e.src],
  outfile: `dist/${e.out}.${e.platform === 'node' ? 'cjs' : 'js'}`,
  bundle: true,
  platform: e.platform,
  format: e.platform === 'node' ? 'cjs' : 'iife',
  target: e.platform === 'node' ? 'node20' : 'es2022',
  // vscode is provided by the host; tfjs-node is optional and loaded only when installed.
  external: ['vscode', '@tensorflow/tfjs-node'],
  minify: production,
  sourcemap: !production,
  logLevel: 'warning',
  // ESM-only packages (chevrotain) use import.meta.url; CommonJS output gets a stand-in.
  define: e.platform === 'node' ? { 'import.meta.url': 'importMetaUrl' } : {},
  banner: e.platform === 'node' ? { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" } : {},
}));

if (watch) {
  for (const b of builds) (await esbuild.context(b)).watch();
  console.log(`watching ${builds.length} bundles`);
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
