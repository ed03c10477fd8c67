import { basename, dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS } from '../../server/src/lsp/protocol.js';
import type { CliRunner } from './cli-runner.js';
import { comparisonMarkdown } from './comparison.js';
import { listExamples, type ExampleEntry } from './examples.js';
import { readSettings, type ClientSettings } from './settings.js';
import type { StatusBar } from './status-bar.js';

// The commands behind the code lenses and the command palette. Trials execute models, so they run only
// in trusted workspaces; export only generates text and works everywhere. Each command saves the file
// first (the CLI reads it from disk) and then runs the bundled `losslab` command line.

export type ExportTarget = 'pytorch' | 'latex';

const EXPORT_TARGETS: Record<ExportTarget, { label: string; language: string; detail: string }> = {
  pytorch: { label: 'PyTorch', language: 'python', detail: 'A torch.nn.Module with the same math' },
  latex: { label: 'LaTeX', language: 'latex', detail: 'The formula as an align* block' },
};

/** The trial view (client/src/trial-panel/): ▶ Run trial and Compare open it when it is given. */
export interface TrialViewOpener {
  open(uri: vscode.Uri, trial: string | undefined, options: { run: boolean }): unknown;
}

export class LossCommands {
  constructor(
    private readonly cli: CliRunner,
    private readonly status: StatusBar,
    private readonly log: vscode.LogOutputChannel,
    private readonly trialView?: TrialViewOpener,
  ) {}

  register(context: vscode.ExtensionContext, restart: () => Promise<void>): void {
    const reg = (id: string, fn: (...args: never[]) => unknown): void => {
      context.subscriptions.push(vscode.commands.registerCommand(id, fn));
    };
    reg(COMMANDS.runTrial, (uri?: string | vscode.Uri, trial?: string | null, loss?: string) => this.runTrial(uri, trial, loss));
    reg(COMMANDS.compare, (uri?: string | vscode.Uri, trial?: string | null, loss?: string) => this.compare(uri, trial, loss));
    reg(COMMANDS.exportReport, (uri?: string | vscode.Uri, trial?: string) => this.exportReport(uri, trial));
    reg(COMMANDS.exportLoss, (uri?: string | vscode.Uri, loss?: string, target?: ExportTarget) => this.exportLoss(uri, loss, target));
    reg(COMMANDS.restartServer, () => restart());
    reg(COMMANDS.showOutput, () => this.log.show());
    reg(COMMANDS.openExample, () => this.openExample(context.asAbsolutePath('examples')));
  }

  /** Open Example: a quick pick of the shipped examples by family; opens the chosen file. */
  async openExample(dir: string): Promise<vscode.TextEditor | undefined> {
    let entries: ExampleEntry[];
    try {
      entries = listExamples(dir);
    } catch (e) {
      this.log.error(`cannot list the examples in ${dir}: ${(e as Error).message}`);
      entries = [];
    }
    if (entries.length === 0) {
      void vscode.window.showErrorMessage(`LossLab: no examples found in ${dir}; reinstall the extension.`);
      return undefined;
    }
    const items = entries.map((e) => ({ label: e.label, description: e.description, detail: `${e.file} · ${e.detail}`, file: e.file }));
    const choice = await vscode.window.showQuickPick(items, { placeHolder: 'Open which example? (one per family of loss re-engineering)', matchOnDescription: true, matchOnDetail: true });
    if (!choice) return undefined;
    // The shipped file itself: trials run from it as they are; Save As keeps an edited copy in the workspace.
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(join(dir, choice.file)));
    return vscode.window.showTextDocument(doc, { preview: false });
  }

  /** ▶ Run trial: `losslab trial FILE --trial NAME` in a terminal. */
  async runTrial(uri?: string | vscode.Uri, trial?: string | null, loss?: string): Promise<vscode.Terminal | undefined> {
    const doc = await this.document(uri);
    if (!doc || !(await this.requireTrust('run a trial'))) return undefined;
    const name = await this.trialName(doc, trial, loss);
    // The trial view trains from the editor's text (saved or not) and draws the curves live.
    if (name && this.trialView) return void this.trialView.open(doc.uri, name, { run: true });
    if (!name || !(await this.saved(doc))) return undefined;
    const settings = readSettings(doc.uri);
    return this.cli.inTerminal(`LossLab: ${name}`, ['trial', doc.uri.fsPath, '--trial', name, ...overrides(settings)], settings, dirname(doc.uri.fsPath));
  }

  /** Compare: runs the trial headless and opens a table of every loss's metrics (mean ± std over seeds). */
  async compare(uri?: string | vscode.Uri, trial?: string | null, loss?: string): Promise<vscode.TextDocument | undefined> {
    const doc = await this.document(uri);
    if (!doc || !(await this.requireTrust('compare losses in a trial'))) return undefined;
    const name = await this.trialName(doc, trial, loss);
    // The trial view's summary table is the comparison (mean ± std per loss, paired against each baseline).
    if (name && this.trialView) return void this.trialView.open(doc.uri, name, { run: true });
    if (!name || !(await this.saved(doc))) return undefined;
    const settings = readSettings(doc.uri);
    const done = this.status.trialStarted(name);
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `LossLab: running trial '${name}'`, cancellable: true },
        (_p, token) => this.cli.run(['trial', doc.uri.fsPath, '--trial', name, '--json', ...overrides(settings)], settings, token, dirname(doc.uri.fsPath)),
      );
      if (result.code !== 0) return void this.failed(`trial '${name}'`, result.stderr);
      const table = comparisonMarkdown(name, basename(doc.uri.fsPath), result.stdout);
      const out = await vscode.workspace.openTextDocument({ language: 'markdown', content: table });
      await vscode.window.showTextDocument(out, { preview: false, viewColumn: vscode.ViewColumn.Beside });
      return out;
    } finally {
      done();
    }
  }

  /** Export report: runs the trial and saves its HTML report next to the file. */
  async exportReport(uri?: string | vscode.Uri, trial?: string): Promise<vscode.Uri | undefined> {
    const doc = await this.document(uri);
    if (!doc || !(await this.requireTrust('run a trial for its report'))) return undefined;
    const name = await this.trialName(doc, trial);
    if (!name || !(await this.saved(doc))) return undefined;
    const file = doc.uri.fsPath;
    const target = join(dirname(file), `${basename(file, '.loss')}.${name}.html`);
    const settings = readSettings(doc.uri);
    const done = this.status.trialStarted(name);
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `LossLab: report for trial '${name}'`, cancellable: true },
        (_p, token) => this.cli.run(['trial', file, '--trial', name, '--out', target, ...overrides(settings)], settings, token, dirname(file)),
      );
      if (result.code !== 0) return void this.failed(`trial '${name}'`, result.stderr);
      const report = vscode.Uri.file(target);
      void vscode.window.showInformationMessage(`LossLab: report saved to ${basename(target)}`, 'Open').then((choice) => {
        if (choice === 'Open') void vscode.env.openExternal(report);
      });
      return report;
    } finally {
      done();
    }
  }

  /** Export: `losslab export FILE --loss NAME --to pytorch|latex`, opened in a new editor. */
  async exportLoss(uri?: string | vscode.Uri, loss?: string, target?: ExportTarget): Promise<vscode.TextDocument | undefined> {
    const doc = await this.document(uri);
    if (!doc) return undefined;
    const name = loss ?? (await this.pick(doc, vscode.SymbolKind.Function, 'loss'));
    if (!name) return undefined;
    const to = target ?? (await pickTarget());
    if (!to || !(await this.saved(doc))) return undefined;
    const settings = readSettings(doc.uri);
    const result = await this.cli.run(['export', doc.uri.fsPath, '--loss', name, '--to', to], settings, undefined, dirname(doc.uri.fsPath));
    if (result.code !== 0) return void this.failed(`export of '${name}'`, result.stderr);
    const out = await vscode.workspace.openTextDocument({ language: EXPORT_TARGETS[to].language, content: result.stdout });
    await vscode.window.showTextDocument(out, { preview: false, viewColumn: vscode.ViewColumn.Beside });
    return out;
  }

  /** The document a command is about: a URI string (code lens), a Uri (editor title menu), or the active editor. */
  private async document(uri: string | vscode.Uri | undefined): Promise<vscode.TextDocument | undefined> {
    if (uri) return vscode.workspace.openTextDocument(typeof uri === 'string' ? vscode.Uri.parse(uri) : uri);
    const doc = vscode.window.activeTextEditor?.document;
    if (doc?.languageId === 'loss') return doc;
    void vscode.window.showWarningMessage('LossLab: open a .loss file first.');
    return undefined;
  }

  private async requireTrust(what: string): Promise<boolean> {
    if (vscode.workspace.isTrusted) return true;
    const choice = await vscode.window.showWarningMessage(
      `LossLab: this workspace is in Restricted Mode. Trials train models and read data, so they run only in trusted workspaces; to ${what}, trust this workspace.`,
      'Manage Workspace Trust',
    );
    if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
    return false;
  }

  /** The trial to run: given, the one using `loss`, or picked from the file. */
  private async trialName(doc: vscode.TextDocument, trial: string | null | undefined, loss?: string): Promise<string | undefined> {
    if (trial) return trial;
    if (trial === null && loss) {
      const choice = await vscode.window.showInformationMessage(`LossLab: no trial in this file uses '${loss}'. Add one?`, 'Add trial');
      if (choice) await addTrial(doc, loss);
      return undefined;
    }
    return this.pick(doc, vscode.SymbolKind.Event, 'trial');
  }

  private async pick(doc: vscode.TextDocument, kind: vscode.SymbolKind, what: string): Promise<string | undefined> {
    const symbols = (await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri)) ?? [];
    const names = symbols.filter((s) => s.kind === kind).map((s) => s.name);
    if (names.length === 0) {
      void vscode.window.showWarningMessage(`LossLab: ${basename(doc.uri.fsPath)} declares no ${what}.`);
      return undefined;
    }
    return names.length === 1 ? names[0] : vscode.window.showQuickPick(names, { placeHolder: `Which ${what}?` });
  }

  private async saved(doc: vscode.TextDocument): Promise<boolean> {
    if (doc.uri.scheme !== 'file') {
      void vscode.window.showWarningMessage('LossLab: save the file to disk first; the trial runner reads it from there.');
      return false;
    }
    return !doc.isDirty || doc.save();
  }

  private failed(what: string, stderr: string): void {
    const last = stderr.trim().split('\n').filter(Boolean).slice(-1)[0] ?? 'no output';
    this.log.error(`${what} failed:\n${stderr}`);
    void vscode.window.showErrorMessage(`LossLab: ${what} failed: ${last}`, 'Show Output').then((c) => {
      if (c) this.log.show();
    });
  }
}

function overrides(s: ClientSettings): string[] {
  return [...(s.steps ? ['--steps', String(s.steps)] : []), ...(s.seeds ? ['--seeds', String(s.seeds)] : [])];
}

async function pickTarget(): Promise<ExportTarget | undefined> {
  const items = (Object.keys(EXPORT_TARGETS) as ExportTarget[]).map((k) => ({ label: EXPORT_TARGETS[k].label, detail: EXPORT_TARGETS[k].detail, target: k }));
  return (await vscode.window.showQuickPick(items, { placeHolder: 'Export to' }))?.target;
}

async function addTrial(doc: vscode.TextDocument, loss: string): Promise<void> {
  const editor = await vscode.window.showTextDocument(doc);
  const end = doc.lineAt(doc.lineCount - 1).range.end;
  const lead = doc.lineAt(doc.lineCount - 1).isEmptyOrWhitespace ? '\n' : '\n\n';
  await editor.insertSnippet(new vscode.SnippetString(`${lead}trial \${1:${loss}_trial} {\n\tloss = ${loss}\n\tcompare = [\${2:bce}]\n\tsteps = \${3:300}\n\t$0\n}\n`), end);
}
