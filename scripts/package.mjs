#!/usr/bin/env node
// `npm run package`: builds the production bundles and packages losslab.vsix with @vscode/vsce (no
// node_modules: everything runs from the esbuild bundles, plus the tfjs wasm binaries in dist/wasm), then
// smoke-tests what ships, from the .vsix extracted OUTSIDE the repository (so nothing can quietly come
// from node_modules): the extension bundle loads and exports activate; the language server starts and
// answers initialize; the CLI checks an example; the trial worker starts on the wasm backend and runs a
// tiny trial. Prints the .vsix size and its largest files, and fails above the size budget.
//   node scripts/package.mjs [--no-build] [--out FILE]
import { execFileSync, fork, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractVsix } from './vsix.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const out = args.includes('--out') ? args[args.indexOf('--out') + 1] : join(root, 'losslab.vsix');
/** The .vsix must stay small: it is downloaded by every user. */
export const VSIX_BUDGET_BYTES = 8 * 1024 * 1024;

const step = (what) => console.log(`package: ${what}`);

if (!args.includes('--no-build')) {
  step('production build');
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--production'], { cwd: root, stdio: 'inherit' });
}
step(`vsce package → ${out}`);
// The project has no public repository yet: README links stay relative (docs/ ships inside the .vsix).
execFileSync(process.execPath, [join(root, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--no-rewrite-relative-links', '--allow-missing-repository', '--out', out], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });

const dir = mkdtempSync(join(tmpdir(), 'losslab-vsix-'));
const failures = [];
const check = (ok, what) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
};
try {
  const entries = extractVsix(out, dir);
  const ext = join(dir, 'extension');
  const size = statSync(out).size;
  const files = entries.filter((e) => !e.name.endsWith('/'));
  console.log(`\n.vsix: ${(size / 1024 / 1024).toFixed(2)} MB (${size} bytes), ${files.length} files, ${(files.reduce((a, e) => a + e.size, 0) / 1024 / 1024).toFixed(2)} MB unpacked`);
  for (const e of [...files].sort((a, b) => b.compressed - a.compressed).slice(0, 8)) {
    console.log(`  ${(e.compressed / 1024).toFixed(0).padStart(6)} KB  (${(e.size / 1024).toFixed(0).padStart(6)} KB unpacked)  ${e.name}`);
  }
  console.log('');
  check(size <= VSIX_BUDGET_BYTES, `size ${(size / 1024 / 1024).toFixed(2)} MB within the ${VSIX_BUDGET_BYTES / 1024 / 1024} MB budget`);
  check(!files.some((e) => e.name.includes('node_modules/')), 'no node_modules inside');
  check(!files.some((e) => e.name.endsWith('.map')), 'no source maps inside');
  for (const f of ['package.json', 'dist/extension.cjs', 'dist/server.cjs', 'dist/cli.cjs', 'dist/trial-worker.cjs', 'dist/webview.js', 'dist/webview.css', 'dist/wasm/tfjs-backend-wasm-simd.wasm', 'dist/wasm/tfjs-backend-wasm.wasm', 'syntaxes/loss.tmLanguage.json']) {
    check(files.some((e) => e.name === `extension/${f}`), `ships ${f}`);
  }

  check(loadsExtension(ext), 'the extension bundle loads (vscode stubbed) and exports activate/deactivate');
  check(await serverAnswersInitialize(ext), 'the language server starts and answers initialize');
  const cli = spawnSyncNode([join(ext, 'dist/cli.cjs'), 'check', join(ext, 'examples/flagship.loss')], dir);
  check(cli.status === 0 && !/internal error/.test(cli.stderr), `the CLI checks examples/flagship.loss (exit ${cli.status}${cli.stderr.trim() ? `: ${cli.stderr.trim().split('\n').pop()}` : ''})`);
  const trial = await workerRunsTrial(ext, dir);
  check(trial.ok, `the trial worker runs a trial on ${trial.backend ?? '?'}${trial.detail ? ` (${trial.detail})` : ''}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (failures.length) {
  console.error(`\npackage: ${failures.length} check(s) failed`);
  process.exit(1);
}
console.log(`\npackage: ${out} ready`);

function spawnSyncNode(argv, cwd) {
  try {
    const stdout = execFileSync(process.execPath, argv, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
    return { status: 0, stdout, stderr: '' };
  } catch (e) {
    return { status: e.status ?? null, stdout: String(e.stdout ?? ''), stderr: String(e.stderr ?? e.message) };
  }
}

/** Requires dist/extension.cjs with a stand-in `vscode` module, as prisma's check-bundle does. */
function loadsExtension(ext) {
  const req = createRequire(join(ext, 'dist/extension.cjs'));
  const Module = req('module');
  const original = Module._load;
  Module._load = function load(request, ...rest) {
    if (request === 'vscode') return new Proxy({}, { get: (_t, k) => (typeof k === 'symbol' ? undefined : vscodeStub()) });
    return original.call(this, request, ...rest);
  };
  try {
    const m = req(join(ext, 'dist/extension.cjs'));
    return typeof m.activate === 'function' && typeof m.deactivate === 'function';
  } catch (e) {
    console.error(`  ${e instanceof Error ? e.message : e}`);
    return false;
  } finally {
    Module._load = original;
  }
}

/** Any vscode API value at load time: a class (extendable), whose members are stubs again. */
function vscodeStub() {
  return new Proxy(class Stub {}, {
    get: (t, k) => (k === 'prototype' || typeof k === 'symbol' || k in t ? t[k] : vscodeStub()),
  });
}

/** Starts dist/server.cjs over stdio and sends `initialize`; true when it answers with capabilities. */
function serverAnswersInitialize(ext) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ext, 'dist/server.cjs'), '--stdio'], { cwd: ext, stdio: ['pipe', 'pipe', 'pipe'] });
    const timer = setTimeout(() => { child.kill(); resolve(false); }, 30_000);
    let buf = Buffer.alloc(0);
    child.stdout.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      const text = buf.toString('utf8');
      const m = /Content-Length: (\d+)\r\n\r\n/.exec(text);
      if (!m) return;
      const body = buf.subarray(buf.indexOf('\r\n\r\n') + 4);
      if (body.length < Number(m[1])) return;
      const msg = JSON.parse(body.subarray(0, Number(m[1])).toString('utf8'));
      clearTimeout(timer);
      child.kill();
      resolve(msg.id === 1 && !!msg.result?.capabilities);
    });
    child.on('error', () => { clearTimeout(timer); resolve(false); });
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
    child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  });
}

/** Forks the packaged trial worker (cwd outside the repo) and runs a 20-step trial of two reference losses. */
function workerRunsTrial(ext, cwd) {
  return new Promise((resolve) => {
    const child = fork(join(ext, 'dist/trial-worker.cjs'), [], { cwd, serialization: 'advanced', stdio: ['ignore', 'ignore', 'pipe', 'ipc'], env: { ...process.env, LOSSLAB_BACKEND: '' } });
    let backend, fallback;
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const done = (r) => { clearTimeout(timer); child.kill(); resolve(r); };
    const timer = setTimeout(() => done({ ok: false, backend, detail: `timed out${stderr ? `: ${stderr.slice(-200)}` : ''}` }), 60_000);
    child.on('message', (m) => {
      if (m.type === 'ready') {
        backend = m.backend;
        fallback = m.fallbackReason;
        child.send({
          type: 'start', id: 's1', plan: {
            trial: 'smoke', data: { generator: 'blobs', args: { classes: 2, n: 100 } }, model: { kind: 'mlp', hidden: [8] },
            loss: { kind: 'reference', name: 'ce' }, compare: [{ kind: 'reference', name: 'bce' }], optimizer: { kind: 'adam', lr: 0.05 },
            steps: 20, seeds: [0], metrics: [{ name: 'accuracy' }], visuals: true,
          },
        });
      } else if (m.type === 'done') {
        const acc = m.result.summary.ce?.accuracy?.mean;
        done({ ok: backend === 'wasm' && !fallback && m.result.runs.length === 2 && acc > 0.6, backend, detail: `accuracy ${acc?.toFixed(3)}${fallback ? `; fallback: ${fallback}` : ''}` });
      } else if (m.type === 'error') {
        done({ ok: false, backend, detail: m.message });
      }
    });
    child.on('exit', (code) => done({ ok: false, backend, detail: `worker exited with ${code}: ${stderr.slice(-300)}` }));
  });
}
