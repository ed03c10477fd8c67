#!/usr/bin/env node
// Runs an extension's test suite (the `vscode` API, in the Node extension host) inside a running
// code-server, the way @vscode/test-web does for a web build: the workbench is opened with a `payload`
// query holding extensionDevelopmentPath and extensionTestsPath; when the tests finish the workbench
// calls window.codeAutomationExit(code), which is exposed here with Playwright (Debian's chromium).
//
// node run-ext-tests.mjs --server http://127.0.0.1:PORT --ext /abs/ext --tests /abs/suite.cjs [--folder /abs/ws] [--timeout 300]
// Exit code = the suite's (0 passed, 1 failed, 124 timed out). E2E_DEBUG=1 echoes the page console.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const a = { ext: [] };
for (let i = 2; i < process.argv.length; i += 2) {
  const k = process.argv[i].replace(/^--/, '');
  if (k === 'ext') a.ext.push(process.argv[i + 1]);
  else a[k] = process.argv[i + 1];
}
for (const k of ['server', 'tests']) if (!a[k]) { console.error(`--${k} is required`); process.exit(2); }
if (!a.ext.length) { console.error('--ext is required'); process.exit(2); }

const require = createRequire(path.join(process.cwd(), 'x.js'));
const { chromium } = require('playwright-core');

const server = new URL(a.server);
const remote = (p) => `vscode-remote://${server.host}${path.resolve(p)}`;
const payload = [...a.ext.map((e) => ['extensionDevelopmentPath', remote(e)]), ['extensionTestsPath', remote(a.tests)]];
const url = `${server.origin}/?` + (a.folder ? `folder=${encodeURIComponent(path.resolve(a.folder))}&` : 'ew=true&') +
  `payload=${encodeURIComponent(JSON.stringify(payload))}`;

const t0 = Date.now();
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-chrome-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1400, height: 900 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});
const page = context.pages()[0] || (await context.newPage());
let done;
const finished = new Promise((r) => { done = r; });
await context.exposeFunction('codeAutomationLog', (_type, args) => console.log(...(Array.isArray(args) ? args : [args])));
await context.exposeFunction('codeAutomationExit', (code) => done(code));
const timer = setTimeout(() => { console.error('timed out waiting for the tests'); done(124); }, (+a.timeout || 300) * 1000);
page.on('console', (m) => { if (process.env.E2E_DEBUG) console.log('[page]', m.type(), m.text()); });
await page.goto(url);
const code = await finished;
clearTimeout(timer);
await context.close();
fs.rmSync(profile, { recursive: true, force: true });
console.log(`extension tests exited with ${code} after ${Date.now() - t0} ms`);
process.exit(code);
