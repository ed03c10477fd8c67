import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { COMMANDS } from '../../server/src/lsp/protocol.js';
import { DEFAULT_SERVER_SETTINGS } from '../../server/src/lsp/protocol.js';
import { comparisonMarkdown } from '../src/comparison.js';

// The extension manifest (package.json `contributes`) agrees with the code: commands the code lenses and
// status bar use exist, settings the server and client read are declared with the same defaults, and
// the files it points to are there.

const root = new URL('../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const contributes = pkg.contributes;
const properties = contributes.configuration.properties as Record<string, { default: unknown; enum?: string[] }>;

describe('extension manifest', () => {
  it('contributes every command the client registers', () => {
    const declared = new Set(contributes.commands.map((c: { command: string }) => c.command));
    for (const id of Object.values(COMMANDS)) assert.ok(declared.has(id), `${id} is not in contributes.commands`);
    for (const c of contributes.commands) assert.equal(c.category, 'LossLab');
  });

  it('declares the settings with the defaults the code uses', () => {
    assert.equal(properties['losslab.inlayHints'].default, DEFAULT_SERVER_SETTINGS.inlayHints);
    assert.equal(properties['losslab.codeLens'].default, DEFAULT_SERVER_SETTINGS.codeLens);
    assert.equal(properties['losslab.trial.backend'].default, 'auto');
    assert.deepEqual(properties['losslab.trial.backend'].enum, ['auto', 'wasm', 'cpu', 'tensorflow']);
    assert.equal(properties['losslab.trial.steps'].default, null);
    assert.equal(properties['losslab.trial.seeds'].default, null);
    assert.deepEqual(properties['losslab.trace.server'].enum, ['off', 'messages', 'verbose']);
    for (const key of Object.keys(properties)) assert.match(key, /^losslab\./);
  });

  it('runs trials only in trusted workspaces and says so', () => {
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.match(pkg.capabilities.untrustedWorkspaces.description, /trusted/);
    for (const id of [COMMANDS.runTrial, COMMANDS.compare, COMMANDS.exportReport]) {
      assert.equal(contributes.commands.find((c: { command: string }) => c.command === id).enablement, 'isWorkspaceTrusted');
    }
  });

  it('points at files that exist and parse', () => {
    const json = (p: string) => JSON.parse(readFileSync(new URL(p, root), 'utf8'));
    const lang = contributes.languages[0];
    assert.equal(lang.id, 'loss');
    assert.ok(json(lang.configuration).comments.lineComment === '#');
    assert.ok(readFileSync(new URL(lang.icon.dark, root), 'utf8').includes('<svg'));
    assert.equal(json(contributes.grammars[0].path).scopeName, contributes.grammars[0].scopeName);
    const snippets = json(contributes.snippets[0].path);
    assert.ok(Object.keys(snippets).length >= 4);
    assert.equal(pkg.main, './dist/extension.cjs');
  });
});

describe('comparison table', () => {
  it('renders mean ± std per loss and metric', () => {
    const json = JSON.stringify({
      trial: 't', backend: 'wasm', runs: [],
      summary: { 'focal(gamma=2)': { balanced_accuracy: { mean: 0.8123, std: 0.0123 } }, bce: { balanced_accuracy: { mean: 0.7, std: 0 }, ece: { mean: 0.05, std: 0.01 } } },
    });
    const md = comparisonMarkdown('t', 'a.loss', json);
    assert.match(md, /\| loss \| balanced_accuracy \| ece \|/);
    assert.match(md, /\| `focal\(gamma=2\)` \| 0\.812 ± 0\.0123 \| — \|/);
    assert.match(md, /Backend: wasm/);
  });

  it('shows the raw output when it is not JSON', () => {
    assert.match(comparisonMarkdown('t', 'a.loss', 'boom'), /did not print JSON[\s\S]*boom/);
  });
});
