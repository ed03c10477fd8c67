import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

// Extension tests in a real VS Code (code-server's workbench and Node extension host): the extension
// activates on a .loss file, its language server publishes diagnostics, and hover, completion, quick
// fixes, code lenses, formatting, theme changes and the export command work through the `vscode` API
// exactly as a user's editor would call them.

export interface E2eTest {
  readonly name: string;
  readonly run: () => Promise<void>;
  readonly timeoutMs?: number;
}

const EXTENSION_ID = 'losslab.losslab';

function fixture(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace is open');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** Polls until `check` returns a value (not undefined), or fails with `what` after the deadline. */
async function until<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

let doc: vscode.TextDocument;

function positionOf(text: string, needle: string, offsetInNeedle = 0): vscode.Position {
  const i = doc.getText().indexOf(text);
  assert.ok(i >= 0, `${text} not in the document`);
  return doc.positionAt(i + text.indexOf(needle) + offsetInNeedle);
}

function markdownOf(h: vscode.Hover[]): string {
  return h.flatMap((x) => x.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
}

export const TESTS: E2eTest[] = [
  {
    name: 'opening a .loss file activates the extension and starts the language server',
    run: async () => {
      doc = await vscode.workspace.openTextDocument(fixture('main.loss'));
      await vscode.window.showTextDocument(doc);
      assert.equal(doc.languageId, 'loss');
      const ext = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(ext, `${EXTENSION_ID} is installed`);
      await until('activation', () => (ext.isActive ? true : undefined));
      const api = ext.exports as { statusText: () => string; client: { isRunning(): boolean } };
      await until('the language server', () => (api.client.isRunning() ? true : undefined));
      assert.match(api.statusText(), /LossLab/);
    },
  },
  {
    name: 'diagnostics appear, with code, docs link and a precise range',
    run: async () => {
      const ds = await until('diagnostics for main.loss', () => {
        const d = vscode.languages.getDiagnostics(doc.uri);
        return d.some((x) => codeOf(x) === 'power-operator') ? d : undefined;
      });
      const power = ds.find((x) => codeOf(x) === 'power-operator')!;
      assert.equal(power.severity, vscode.DiagnosticSeverity.Error);
      assert.equal(doc.getText(power.range), '**');
      assert.equal(power.source, 'losslab');
      const target = (power.code as { target: vscode.Uri }).target;
      assert.match(target.toString(), /docs\/diagnostics\.md#power-operator$/);
    },
  },
  {
    name: 'hover on a builtin shows its formula as an image, with the text fallback',
    run: async () => {
      const h = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, positionOf('sigmoid(z)', 'sigmoid', 2));
      const md = markdownOf(h);
      assert.match(md, /```loss\nsigmoid\(/);
      assert.match(md, /!\[[^\]]*\]\(data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+\)/);
      assert.match(md, /\*Formula:\* `σ\(x\)/);
    },
  },
  {
    name: 'hover on a loss imported from another file renders its whole definition',
    run: async () => {
      const h = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, positionOf('focal_lib(z, y)', 'focal_lib', 3));
      const md = markdownOf(h);
      assert.match(md, /loss focal_lib\(z: logits, y: binary, gamma = 2 in \[0, 5\]\)/);
      assert.match(md, /Binary focal loss on logits, from the library\./);
      assert.match(md, /data:image\/svg\+xml;base64,/);
    },
  },
  {
    name: 'the hover formula follows the colour theme',
    run: async () => {
      const svgOf = async (): Promise<string> => {
        const h = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, positionOf('sigmoid(z)', 'sigmoid', 1));
        return Buffer.from(markdownOf(h).match(/base64,([A-Za-z0-9+/=]+)/)![1], 'base64').toString('utf8');
      };
      const config = vscode.workspace.getConfiguration('workbench');
      await config.update('colorTheme', 'Default Dark Modern', vscode.ConfigurationTarget.Global);
      try {
        await until('a dark theme', () => (vscode.window.activeColorTheme.kind === vscode.ColorThemeKind.Dark ? true : undefined));
        await until('a hover drawn for the dark theme', async () => ((await svgOf()).includes('#d4d4d4') ? true : undefined), 10_000);
      } finally {
        await config.update('colorTheme', 'Default Light Modern', vscode.ConfigurationTarget.Global);
      }
      await until('a hover drawn for the light theme', async () => ((await svgOf()).includes('#1f1f1f') ? true : undefined), 10_000);
    },
  },
  {
    name: 'completion: named arguments of the call being written, and generators in a trial',
    run: async () => {
      const call = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, positionOf('focal_lib(z, y)', 'y', 1));
      const labels = call.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      assert.ok(labels.includes('sigmoid') && labels.includes('combo') && labels.includes('lam'), labels.slice(0, 30).join(', '));
      const data = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, positionOf('blobs(classes=2', 'blobs', 2));
      const gens = data.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      assert.ok(gens.includes('blobs') && gens.includes('moons') && !gens.includes('adam'), gens.join(', '));
    },
  },
  {
    name: 'a quick fix applies: ** becomes ^',
    run: async () => {
      const range = new vscode.Range(positionOf('z ** 2', '**'), positionOf('z ** 2', '**', 2));
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, range, vscode.CodeActionKind.QuickFix.value);
      const fix = actions.find((a) => /\^/.test(a.title));
      assert.ok(fix?.edit, actions.map((a) => a.title).join(', '));
      assert.equal(fix.isPreferred, true);
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.match(doc.getText(), /mean\(z \^ 2\)/);
      await until('the diagnostic to go away', () => (vscode.languages.getDiagnostics(doc.uri).some((d) => codeOf(d) === 'power-operator') ? undefined : true));
    },
  },
  {
    name: 'code lenses above each trial and loss, wired to registered commands',
    run: async () => {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 10);
      const titles = lenses.map((l) => `${l.range.start.line}:${l.command?.title}`);
      for (const t of ['3:▶ Run trial', '3:Compare', '3:Export', '8:▶ Run trial', '8:Compare', '8:Export report']) assert.ok(titles.includes(t), titles.join(', '));
      const commands = await vscode.commands.getCommands(true);
      for (const l of lenses) assert.ok(commands.includes(l.command!.command), `${l.command!.command} is registered`);
    },
  },
  {
    name: 'Export runs the CLI and opens the LaTeX of a loss',
    timeoutMs: 90_000,
    run: async () => {
      await doc.save();
      const out = await vscode.commands.executeCommand<vscode.TextDocument>('losslab.exportLoss', doc.uri.toString(), 'combo', 'latex');
      assert.ok(out, 'the command returned the exported document');
      assert.equal(out.languageId, 'latex');
      assert.match(out.getText(), /\\begin\{align\*\}/);
      // From the editor title menu the command gets the resource as a Uri, not a string.
      const py = await vscode.commands.executeCommand<vscode.TextDocument>('losslab.exportLoss', doc.uri, 'combo', 'pytorch');
      assert.equal(py?.languageId, 'python');
      assert.match(py.getText(), /nn\.Module/);
    },
  },
  {
    name: 'formatting, outline and semantic tokens',
    run: async () => {
      const format = () => vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', doc.uri, { tabSize: 2, insertSpaces: true });
      // The quick fix above wrote `z ^ 2`; the formatter writes a power tight, and nothing else changes.
      const edits = await format();
      const we = new vscode.WorkspaceEdit();
      we.set(doc.uri, edits);
      assert.ok(await vscode.workspace.applyEdit(we));
      assert.match(doc.getText(), /lam \* mean\(z\^2\)/);
      assert.deepEqual((await format()) ?? [], [], 'formatting is idempotent');
      const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
      assert.deepEqual(symbols.map((s) => s.name), ['import "lib.loss"', 'combo', 'quick']);
      const legend = await vscode.commands.executeCommand<vscode.SemanticTokensLegend>('vscode.provideDocumentSemanticTokensLegend', doc.uri);
      const tokens = await vscode.commands.executeCommand<vscode.SemanticTokens>('vscode.provideDocumentSemanticTokens', doc.uri);
      assert.ok(legend.tokenTypes.includes('parameter') && tokens.data.length > 20);
    },
  },
  {
    name: 'go to definition crosses into the imported file',
    run: async () => {
      const locs = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', doc.uri, positionOf('focal_lib(z, y)', 'focal_lib', 2));
      const uri = 'targetUri' in locs[0] ? locs[0].targetUri : locs[0].uri;
      assert.match(uri.path, /lib\.loss$/);
    },
  },
];

function codeOf(d: vscode.Diagnostic): string | number | undefined {
  return typeof d.code === 'object' ? d.code.value : d.code;
}
