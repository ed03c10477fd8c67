import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

// A second, independent LSP client: Debian's Neovim (0.7+), headless, starts the bundled server over
// stdio, opens a file, collects the published diagnostics and asks for hovers. It proves the server
// speaks plain LSP, not just what vscode-languageclient happens to accept. `.ci/run` installs neovim.

const root = fileURLToPath(new URL('../../', import.meta.url));
const here = fileURLToPath(new URL('.', import.meta.url));

interface ProbeResult {
  ok: boolean;
  nvim: string;
  diagnostics: { line: number; col: number; severity: string; message: string; source: string }[];
  hovers: { line: number; col: number; text: string | null }[];
  server_exit?: { code: number };
  errors: string[];
}

describe('Neovim as an LSP client of dist/server.cjs', () => {
  it('gets the diagnostics and hovers of a file', () => {
    assert.ok(spawnSync('nvim', ['--version']).status === 0, 'Neovim is not installed: apt-get install neovim (.ci/run does this)');
    assert.ok(existsSync(join(root, 'dist', 'server.cjs')), 'run `npm run build` first');
    const ws = mkdtempSync(join(tmpdir(), 'losslab-nvim-'));
    const file = join(ws, 'probe.loss');
    writeFileSync(file, [
      '## Focal on logits.',
      'loss f(z: logits, y: binary, gamma = 2 in [0, 5]) = focal(z, y, gamma=gamma)',
      'loss g(z: logits, y: binary) = f(z, y) + mean(z ** 2)',
      '',
    ].join('\n'));
    const out = join(ws, 'result.json');
    const r = spawnSync('nvim', ['--headless', '--clean', '-n', '-i', 'NONE', '-c', `luafile ${join(here, 'nvim-lsp-probe.lua')}`], {
      env: {
        ...process.env,
        LSP_CMD: JSON.stringify([process.execPath, join(root, 'dist', 'server.cjs'), '--stdio']),
        LSP_FILE: file,
        LSP_FILETYPE: 'loss',
        // 1-based line:col — the builtin `focal`, then the user loss `f` at its call.
        LSP_HOVER: '2:54,3:32',
        LSP_OUT: out,
        LSP_TIMEOUT_MS: '20000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 90_000,
    });
    assert.ok(existsSync(out), `no result from the probe (exit ${r.status}): ${String(r.stderr)}`);
    const res = JSON.parse(readFileSync(out, 'utf8')) as ProbeResult;
    assert.deepEqual(res.errors, []);
    const power = res.diagnostics.find((d) => /'\*\*' is not an operator/.test(d.message));
    assert.ok(power, JSON.stringify(res.diagnostics));
    assert.deepEqual([power.line, power.col, power.severity, power.source], [3, 49, 'error', 'losslab']);
    const [focal, f] = res.hovers;
    assert.match(focal.text ?? '', /focal\(/);
    assert.match(focal.text ?? '', /Formula:/, 'the text fallback reaches clients that show no images');
    assert.match(f.text ?? '', /loss f\(z: logits, y: binary, gamma = 2 in \[0, 5\]\)/);
    assert.match(f.text ?? '', /Focal on logits\./);
    assert.equal(res.server_exit?.code, 0, 'the server shuts down cleanly');
    assert.equal(res.ok, true);
  });
});
