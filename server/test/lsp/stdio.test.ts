import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CompletionRequest, DidOpenTextDocumentNotification, DocumentFormattingRequest, ExitNotification, HoverRequest,
  InitializedNotification, InitializeRequest, PublishDiagnosticsNotification, RenameRequest, ShutdownRequest,
  type CompletionList, type Hover, type PublishDiagnosticsParams, type TextEdit, type WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection } from 'vscode-languageserver-protocol/node.js';

// Round trip over real stdio against the bundled server (dist/server.cjs): proves the bundle starts, its
// capabilities, the main requests, and a clean shutdown/exit. `npm test` builds the bundle first.

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bundle = join(root, 'dist', 'server.cjs');
const TIMEOUT = 20_000;

function within<T>(p: Promise<T>, what: string): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), TIMEOUT))]);
}

describe('language server over stdio (dist/server.cjs)', () => {
  let child: ChildProcess;
  let conn: ProtocolConnection;
  const diagnostics = new Map<string, PublishDiagnosticsParams[]>();
  const waiters: (() => void)[] = [];
  const ws = mkdtempSync(join(tmpdir(), 'losslab-stdio-'));
  const fileUri = pathToFileURL(join(ws, 'main.loss')).href;
  const text = [
    'loss helper(z: logits, gamma = 2 in [0, 5]) = mean(sigmoid(z)) * gamma',
    'loss f(z: logits) =  helper(z) + mean(z) * gama',
    '',
  ].join('\n');
  let stderr = '';

  before(() => {
    assert.ok(existsSync(bundle), `missing ${bundle}: run \`npm run build\` first`);
    writeFileSync(join(ws, 'main.loss'), text);
    child = spawn(process.execPath, [bundle, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stderr!.on('data', (d) => (stderr += String(d)));
    conn = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      diagnostics.set(p.uri, [...(diagnostics.get(p.uri) ?? []), p]);
      waiters.splice(0).forEach((w) => w());
    });
    conn.listen();
  });

  after(() => {
    conn?.dispose();
    if (child && child.exitCode === null) child.kill();
  });

  it('initializes and announces its capabilities', async () => {
    const r = await within(conn.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(ws).href,
      workspaceFolders: [{ uri: pathToFileURL(ws).href, name: 'ws' }],
      capabilities: { textDocument: { completion: { completionItem: { snippetSupport: true } } } },
      initializationOptions: { themeKind: 'light' },
    }), 'initialize');
    await conn.sendNotification(InitializedNotification.type, {});
    const c = r.capabilities;
    assert.equal(c.hoverProvider, true);
    assert.ok(c.completionProvider?.triggerCharacters?.includes('('));
    assert.deepEqual(c.renameProvider, { prepareProvider: true });
    assert.ok(c.semanticTokensProvider && c.inlayHintProvider && c.codeLensProvider && c.documentFormattingProvider && c.foldingRangeProvider);
  });

  it('didOpen → publishDiagnostics with code and docs link', async () => {
    const arrived = new Promise<void>((r) => waiters.push(r));
    await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: fileUri, languageId: 'loss', version: 1, text } });
    await within(arrived, 'publishDiagnostics');
    const [p] = diagnostics.get(fileUri)!;
    const d = p.diagnostics.find((x) => x.code === 'unknown-name');
    assert.ok(d, JSON.stringify(p));
    assert.deepEqual(d.range.start, { line: 1, character: 43 });
    assert.match(d.codeDescription!.href, /docs\/diagnostics\.md#unknown-name$/);
  });

  it('hover: a builtin with its formula image and text fallback', async () => {
    const h = (await within(conn.sendRequest(HoverRequest.type, { textDocument: { uri: fileUri }, position: { line: 0, character: 53 } }), 'hover')) as Hover;
    const md = (h.contents as { value: string }).value;
    assert.match(md, /sigmoid\(/);
    assert.match(md, /data:image\/svg\+xml;base64,/);
    assert.match(md, /\*Formula:\*/);
  });

  it('completion: named arguments of the call being written', async () => {
    const line = 'loss f(z: logits) =  helper(z) + mean(z) * gama';
    const list = (await within(conn.sendRequest(CompletionRequest.type, { textDocument: { uri: fileUri }, position: { line: 1, character: line.indexOf('helper(z') + 'helper(z'.length } }), 'completion')) as CompletionList;
    // Cursor right after `z`: expression items, with `helper` and the builtins present.
    const labels = list.items.map((i) => i.label);
    assert.ok(labels.includes('z') && labels.includes('sigmoid') && labels.includes('helper'), labels.slice(0, 20).join());
  });

  it('rename: a loss and its call', async () => {
    const edit = (await within(conn.sendRequest(RenameRequest.type, { textDocument: { uri: fileUri }, position: { line: 0, character: 7 }, newName: 'assist' }), 'rename')) as WorkspaceEdit;
    const edits = edit.changes![fileUri];
    assert.equal(edits.length, 2);
    assert.ok(edits.every((e) => e.newText === 'assist'));
  });

  it('formatting: removes the double space', async () => {
    const edits = (await within(conn.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri: fileUri }, options: { tabSize: 2, insertSpaces: true } }), 'formatting')) as TextEdit[];
    assert.deepEqual(edits, [{ range: { start: { line: 1, character: 19 }, end: { line: 1, character: 21 } }, newText: ' ' }]);
  });

  it('shutdown and exit end the process with code 0', async () => {
    await within(conn.sendRequest(ShutdownRequest.type), 'shutdown');
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    await conn.sendNotification(ExitNotification.type);
    assert.equal(await within(exited, 'exit'), 0, stderr);
  });
});
