// Benchmark: the language server as an editor sees it, over stdio against the bundled dist/server.cjs.
// For a generated 2,000-line file: edit → diagnostics latency (p50/p95; target p95 < 50 ms; also for
// typing a statement through broken states and for renaming a loss that others use), completion
// p95 (< 20 ms), hover cold and cached (< 150 ms / < 10 ms), and the server's memory after opening 50
// files. Baseline in the same run: `analyze()` of the same text in this process (from the same bundle
// code), so the ratio shows what the protocol, scheduling and conversion add.
// Run: `npm run bench -- lsp` (or `node --expose-gc --import tsx scripts/bench/lsp.ts`).
import { spawn, spawnSync } from 'node:child_process';
import { ANALYSIS_NODE_FLAGS } from '../../server/src/node-flags.js';
import { generatedBlock } from '../../server/test/helpers/generated-file.js';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import {
  CompletionRequest, DidChangeTextDocumentNotification, DidOpenTextDocumentNotification, ExitNotification, HoverRequest,
  InitializedNotification, InitializeRequest, PublishDiagnosticsNotification, ShutdownRequest, type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const LINES = 2000;
const EDITS = 60;
const COMPLETIONS = 60;
const FILES = 50;

const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(1);

// Baseline: analyze() bundled like the server.
const tmp = mkdtempSync(path.join(tmpdir(), 'losslab-bench-lsp-'));
await esbuild.build({
  stdin: { contents: "export { analyze } from './server/src/core/analysis/analyze.ts';", resolveDir: root, loader: 'ts' },
  bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: path.join(tmp, 'core.mjs'), logLevel: 'warning',
});
const { analyze } = (await import(pathToFileURL(path.join(tmp, 'core.mjs')).href)) as typeof import('../../server/src/core/analysis/analyze.js');

function generate(lines: number): string {
  let text = '# Generated for the language-server benchmark.\n\n';
  for (let i = 0; text.split('\n').length < lines; i++) text += generatedBlock(i);
  return text;
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

const text = generate(LINES);
const lineCount = text.split('\n').length;
const analyzeTimes: number[] = [];
for (let i = 0; i < 12; i++) {
  const t0 = performance.now();
  analyze(text);
  analyzeTimes.push(performance.now() - t0);
}
const baseline = pct(analyzeTimes.slice(2), 50);

const ws = mkdtempSync(path.join(tmpdir(), 'losslab-bench-ws-'));
const mainPath = path.join(ws, 'main.loss');
writeFileSync(mainPath, text);
const uri = pathToFileURL(mainPath).href;

const child = spawn(process.execPath, [...ANALYSIS_NODE_FLAGS, path.join(root, 'dist', 'server.cjs'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
const conn = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
const waiting = new Map<string, { version: number; resolve: (p: PublishDiagnosticsParams) => void }>();
conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
  const w = waiting.get(p.uri);
  if (w && (p.version === undefined || p.version >= w.version)) {
    waiting.delete(p.uri);
    w.resolve(p);
  }
});
conn.listen();
const diagnosticsFor = (u: string, version: number): Promise<PublishDiagnosticsParams> => new Promise((resolve) => waiting.set(u, { version, resolve }));

await conn.sendRequest(InitializeRequest.type, {
  processId: process.pid, rootUri: pathToFileURL(ws).href, workspaceFolders: [{ uri: pathToFileURL(ws).href, name: 'bench' }],
  // Completion capabilities as VS Code declares them (snippets; one edit range for the whole list).
  capabilities: { textDocument: { completion: { completionItem: { snippetSupport: true }, completionList: { itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'] } } } },
  initializationOptions: { themeKind: 'dark' },
});
await conn.sendNotification(InitializedNotification.type, {});

// Open → first diagnostics.
let t0 = performance.now();
let pending = diagnosticsFor(uri, 1);
await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'loss', version: 1, text } });
const firstDiags = await pending;
const openMs = performance.now() - t0;

// Edit → diagnostics. Each edit is sent as the editor sends it and timed until its diagnostics arrive.
const lines = text.split('\n');
let version = 1;
type Change = { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string };
async function timeEdits(changes: Change[]): Promise<number[]> {
  const out: number[] = [];
  for (const change of changes) {
    version++;
    const s = performance.now();
    const p = diagnosticsFor(uri, version);
    await conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [change] });
    await p;
    out.push(performance.now() - s);
  }
  return out;
}
const at = (line: number, character: number, end = character): Change['range'] => ({ start: { line, character }, end: { line, character: end } });

// The target: a character typed into a `let` name near the middle and deleted again, alternately.
const editLine = lines.findIndex((l, i) => i > lineCount / 2 && l.includes('let at ='));
const editLatency = await timeEdits(Array.from({ length: EDITS }, (_, i) => (i % 2 === 0 ? { range: at(editLine, 8), text: 'x' } : { range: at(editLine, 8, 9), text: '' })));

// A new statement typed into a loss body a character at a time: most intermediate texts are broken.
const returnLine = lines.findIndex((l, i) => i > lineCount / 2 + 40 && l.includes('return mean(-at'));
const statement = '  let q = mean(z * y)\n';
const typingLatency = await timeEdits([...statement].map((ch, i) => ({ range: at(returnLine, i), text: ch })));
await timeEdits([{ range: { start: { line: returnLine, character: 0 }, end: { line: returnLine + 1, character: 0 } }, text: '' }]); // back to the generated text

// Renaming a loss that a combination and a trial use: the file's loss names change with each keystroke.
const renameLine = lines.findIndex((l, i) => i > lineCount / 2 + 80 && l.startsWith('loss focal_'));
const nameEnd = lines[renameLine].indexOf('(');
const renameLatency = await timeEdits(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? { range: at(renameLine, nameEnd), text: 'x' } : { range: at(renameLine, nameEnd, nameEnd + 1), text: '' })));

// Completion at a few kinds of places: an argument list, an expression, a trial field.
const places = [
  { line: lines.findIndex((l, i) => i > lineCount / 2 && l.includes('return mean(-at')), character: 14 },
  { line: lines.findIndex((l, i) => i > lineCount / 2 && l.startsWith('loss combo_')), character: 50 },
  { line: lines.findIndex((l, i) => i > lineCount / 2 && l.includes('steps   = 300')) , character: 2 },
];
const completionTimes: number[] = [];
let items = 0;
for (let i = 0; i < COMPLETIONS; i++) {
  const position = places[i % places.length];
  t0 = performance.now();
  const r = (await conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position })) as { items: unknown[] };
  completionTimes.push(performance.now() - t0);
  items += r.items.length;
}

// Hover: the first builtin hover starts MathJax (cold); the same hover again is cached.
const focalLine = lines.findIndex((l, i) => i > lineCount / 2 && l.startsWith('loss kd_'));
const hoverAt = { line: focalLine + 1, character: lines[focalLine + 1].indexOf('kl(') + 1 };
const userAt = { line: lines.findIndex((l, i) => i > lineCount / 2 && l.startsWith('loss combo_')), character: 0 };
userAt.character = lines[userAt.line].indexOf('focal_') + 2;
const hover = async (position: { line: number; character: number }): Promise<{ ms: number; chars: number }> => {
  const s = performance.now();
  const h = (await conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position })) as { contents: { value: string } } | null;
  return { ms: performance.now() - s, chars: h?.contents.value.length ?? 0 };
};
const builtinCold = await hover(hoverAt);
const builtinCached: number[] = [];
for (let i = 0; i < 20; i++) builtinCached.push((await hover(hoverAt)).ms);
const userCold = await hover(userAt);
const userCached: number[] = [];
for (let i = 0; i < 20; i++) userCached.push((await hover(userAt)).ms);

// Memory after opening 50 files (each 400 lines), all analysed.
const rssKb = (): number => Number(readFileSync(`/proc/${child.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)?.[1] ?? NaN);
const rssOne = rssKb();
const small = generate(400);
for (let i = 0; i < FILES; i++) {
  const p = path.join(ws, `f${i}.loss`);
  writeFileSync(p, small);
  const u = pathToFileURL(p).href;
  const d = diagnosticsFor(u, 1);
  await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: u, languageId: 'loss', version: 1, text: small } });
  await d;
}
const rssFifty = rssKb();

await conn.sendRequest(ShutdownRequest.type);
await conn.sendNotification(ExitNotification.type);
conn.dispose();
rmSync(tmp, { recursive: true, force: true });
rmSync(ws, { recursive: true, force: true });

const ms = (x: number): string => `${x.toFixed(1).padStart(7)} ms`;
const verdict = (x: number, target: number): string => (x < target ? `target < ${target} ms: met` : `target < ${target} ms: NOT met`);
console.log(`input: ${lineCount} lines, ${(text.length / 1024).toFixed(0)} KB, ${firstDiags.diagnostics.length} diagnostics; server over stdio (dist/server.cjs)`);
console.log(`  baseline analyze() in-process (median)   ${ms(baseline)}`);
console.log(`  open → first diagnostics                 ${ms(openMs)}`);
console.log(`  edit → diagnostics p50                   ${ms(pct(editLatency, 50))}   ×${(pct(editLatency, 50) / baseline).toFixed(2)} of analyze`);
console.log(`  edit → diagnostics p95                   ${ms(pct(editLatency, 95))}   ${verdict(pct(editLatency, 95), 50)}   (${EDITS} edits)`);
console.log(`  typing a statement, p50 / p95            ${ms(pct(typingLatency, 50))} ${ms(pct(typingLatency, 95))}   (${typingLatency.length} keystrokes, most leave a syntax error)`);
console.log(`  renaming a used loss, p50 / p95          ${ms(pct(renameLatency, 50))} ${ms(pct(renameLatency, 95))}   (${renameLatency.length} keystrokes)`);
console.log(`  completion p50 / p95                     ${ms(pct(completionTimes, 50))} ${ms(pct(completionTimes, 95))}   ${verdict(pct(completionTimes, 95), 20)}   (${(items / COMPLETIONS).toFixed(0)} items on average)`);
console.log(`  hover builtin: cold / cached p95         ${ms(builtinCold.ms)} ${ms(pct(builtinCached, 95))}   ${verdict(builtinCold.ms, 150)} / ${verdict(pct(builtinCached, 95), 10)}   (${builtinCold.chars} chars)`);
console.log(`  hover user loss: cold / cached p95       ${ms(userCold.ms)} ${ms(pct(userCached, 95))}   (${userCold.chars} chars; MathJax already warm)`);
console.log(`  server RSS: 1 file ${(rssOne / 1024).toFixed(0)} MB; after opening ${FILES} more files of 400 lines ${(rssFifty / 1024).toFixed(0)} MB`);
