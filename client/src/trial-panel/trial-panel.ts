import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import type { TrialPlan } from '../../../server/src/trial/protocol.js';
import { PANEL_PROTOCOL_VERSION, type HostToPanel, type PanelState, type PanelToHost, type ParamValues } from '../../../webview/src/protocol.js';
import { applyOverrides, trialNames, trialSliders } from './document-trials.js';
import { trialPanelHtml } from './html.js';
import { TrialSession, type SessionRunner } from './trial-session.js';

// One trial view: a WebviewPanel for one `.loss` document. The page is the bundled dist/webview.js under
// a strict CSP; the trial runs in the shared trial worker (a child process), never in the extension host.
// The panel keeps no hidden page alive (no retainContextWhenHidden): a page that is shown again reloads,
// says `ready`, and gets a snapshot of the run. Trials run only in trusted workspaces. Closing the
// panel stops its trial.

/** Builds the engine's plan for a trial of a document (the text may carry slider values). */
export type PlanBuilder = (input: {
  readonly text: string;
  readonly path: string;
  readonly workspaceRoot: string | undefined;
  readonly trial: string;
  readonly steps: number | null;
  readonly seeds: number | null;
}) => TrialPlan;

export interface TrialPanelDeps {
  readonly extensionUri: vscode.Uri;
  readonly runner: SessionRunner;
  readonly buildPlan: PlanBuilder;
  readonly log: vscode.LogOutputChannel;
  /** Settings for a document: steps and seeds overrides. */
  readonly settings: (uri: vscode.Uri) => { steps: number | null; seeds: number | null };
  /** Marks a trial running in the status bar until the returned function is called. */
  readonly statusBar: (label: string) => () => void;
  readonly onDispose: (panel: TrialPanel) => void;
}

export class TrialPanel {
  private readonly session: TrialSession;
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  private pendingRun = false;
  private disposed = false;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly documentUri: vscode.Uri,
    private trial: string | undefined,
    private readonly deps: TrialPanelDeps,
  ) {
    const dist = vscode.Uri.joinPath(deps.extensionUri, 'dist');
    panel.webview.options = { enableScripts: true, localResourceRoots: [dist] };
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'images', 'loss-file.svg');
    this.session = new TrialSession(deps.runner, (m) => this.post(m));
    this.render();
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: PanelToHost) => void this.onMessage(m).catch((e: unknown) => this.deps.log.error(`trial view: ${e instanceof Error ? e.stack ?? e.message : String(e)}`))),
      panel.onDidDispose(() => this.dispose()),
      // A hidden page is torn down; it says `ready` again once shown.
      panel.onDidChangeViewState((e) => { if (!e.webviewPanel.visible) this.ready = false; }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.sendInit()),
    );
  }

  get fileName(): string {
    return basename(this.documentUri.fsPath || this.documentUri.path);
  }

  get isRunning(): boolean {
    return this.session.running;
  }

  /** Loads (or reloads) the page. */
  private render(): void {
    this.ready = false;
    const w = this.panel.webview;
    const dist = vscode.Uri.joinPath(this.deps.extensionUri, 'dist');
    this.panel.title = `Trial${this.trial ? ` ${this.trial}` : ''}: ${this.fileName}`;
    w.html = trialPanelHtml({
      cspSource: w.cspSource,
      scriptUri: w.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: w.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
      title: `LossLab trial view: ${this.fileName}`,
    });
  }

  /** Shows the panel on a trial; with `run`, starts it (with the page's current slider values). */
  show(trial: string | undefined, run: boolean): void {
    const changed = trial !== undefined && trial !== this.trial;
    if (trial) this.trial = trial;
    this.panel.title = `Trial${this.trial ? ` ${this.trial}` : ''}: ${this.fileName}`;
    if (!this.panel.visible) this.panel.reveal(undefined, false);
    if (run) this.pendingRun = true;
    if (this.ready) {
      if (changed) void this.sendInit();
      this.flushPendingRun();
    }
  }

  private flushPendingRun(): void {
    if (!this.pendingRun || !this.ready) return;
    this.pendingRun = false;
    // The page answers with `run` and its slider values.
    this.post({ type: 'command', command: 'run' });
  }

  private post(msg: HostToPanel): void {
    if (this.disposed) return;
    // A hidden page does not receive messages; it reloads and asks for a snapshot when shown.
    void this.panel.webview.postMessage(msg);
  }

  private async onMessage(m: PanelToHost): Promise<void> {
    if (!m || typeof m !== 'object') return;
    switch (m.type) {
      case 'ready':
        this.ready = true;
        await this.sendInit();
        this.flushPendingRun();
        break;
      case 'run':
        await this.start(m.trial, m.params);
        break;
      case 'stop':
        await this.session.stop();
        break;
      case 'select-trial':
        this.trial = m.trial;
        this.panel.title = `Trial ${m.trial}: ${this.fileName}`;
        await this.sendInit();
        break;
      case 'export':
        await this.save(m.format, m.fileName, m.data);
        break;
    }
  }

  private async documentText(): Promise<string | undefined> {
    try {
      return (await vscode.workspace.openTextDocument(this.documentUri)).getText();
    } catch {
      return undefined;
    }
  }

  /** Error diagnostics of the document: a trial of a file with errors would only fail. */
  private problem(text: string | undefined): string | undefined {
    if (text === undefined) return `${this.fileName} cannot be read.`;
    const errors = vscode.languages.getDiagnostics(this.documentUri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
    if (errors.length) {
      const first = errors[0];
      return `${this.fileName} has ${errors.length} error${errors.length === 1 ? '' : 's'} (line ${first.range.start.line + 1}: ${first.message}); fix ${errors.length === 1 ? 'it' : 'them'} to run a trial.`;
    }
    const trials = trialNames(text);
    if (trials.length === 0) return `${this.fileName} declares no trial. Add one (trial name { data = …, loss = …, compare = […] }) to compare losses.`;
    if (this.trial && !trials.includes(this.trial)) return `${this.fileName} has no trial '${this.trial}' (it declares ${trials.join(', ')}).`;
    return undefined;
  }

  private async sendInit(): Promise<void> {
    const text = await this.documentText();
    const trials = text === undefined ? [] : trialNames(text);
    if (!this.trial && trials.length) this.trial = trials[0];
    const snapshot = this.session.snapshot();
    this.post({
      type: 'init', v: PANEL_PROTOCOL_VERSION,
      document: { uri: this.documentUri.toString(), fileName: this.fileName, trials },
      trial: this.trial,
      sliders: text !== undefined && this.trial ? trialSliders(text, this.trial) : [],
      trusted: vscode.workspace.isTrusted,
      ...(this.problem(text) ? { problem: this.problem(text) } : {}),
      ...(snapshot && snapshot.plan.trial === this.trial ? { snapshot } : {}),
    });
  }

  /** Starts the trial with these slider values (cancelling the one in progress). */
  private async start(trial: string, params: ParamValues): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      await this.sendInit();
      return;
    }
    this.trial = trial;
    const text = await this.documentText();
    const problem = this.problem(text);
    if (problem || text === undefined) {
      await this.sendInit();
      return;
    }
    let plan: TrialPlan;
    try {
      const path = this.documentUri.fsPath;
      const root = vscode.workspace.getWorkspaceFolder(this.documentUri)?.uri.fsPath ?? dirname(path);
      plan = { ...this.deps.buildPlan({ text: applyOverrides(text, trial, params), path, workspaceRoot: root, trial, ...this.deps.settings(this.documentUri) }), visuals: true };
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.deps.log.warn(`trial '${trial}' of ${this.fileName}: ${message}`);
      this.post({ type: 'init', v: PANEL_PROTOCOL_VERSION, document: { uri: this.documentUri.toString(), fileName: this.fileName, trials: trialNames(text) }, trial, sliders: trialSliders(text, trial), trusted: true, problem: `The trial cannot run: ${message}` });
      return;
    }
    this.deps.log.info(`trial '${trial}' of ${this.fileName}: ${plan.seeds.length} seed(s) × ${1 + plan.compare.length} loss(es), ${plan.steps} steps${Object.keys(params).length ? `, ${Object.entries(params).map(([k, v]) => `${k}=${v}`).join(', ')}` : ''}`);
    const { runId, finished } = this.session.start(plan, params);
    this.showProgress(runId, trial, finished);
  }

  /** The run's progress in the status bar and in a cancellable notification. */
  private showProgress(runId: string, trial: string, finished: Promise<unknown>): void {
    // The status bar names the trial and its percentage (re-marked every 5%).
    let done = this.deps.statusBar(trial);
    let shown = 0;
    const offBar = this.session.onStatus((s) => {
      if (s.runId !== runId || s.status !== 'running') return;
      const pct = Math.floor(s.fraction * 20) * 5;
      if (pct === shown) return;
      shown = pct;
      done();
      done = this.deps.statusBar(`${trial} ${pct}%`);
    });
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `LossLab: trial '${trial}'`, cancellable: true },
      (progress, token) => new Promise<void>((resolve) => {
        let reported = 0;
        const off = this.session.onStatus((s) => {
          if (s.runId !== runId) return;
          const pct = Math.round(s.fraction * 100);
          progress.report({ increment: Math.max(0, pct - reported), message: s.detail });
          reported = Math.max(reported, pct);
        });
        token.onCancellationRequested(() => void this.session.stop());
        void finished.finally(() => {
          off();
          offBar();
          done();
          resolve();
        });
      }),
    );
    void finished.then((status) => {
      if (status === 'error') {
        void vscode.window.showErrorMessage(`LossLab: trial '${trial}' failed; the trial view shows why.`);
      }
    });
  }

  private async save(format: 'png' | 'csv' | 'json', fileName: string, data: string): Promise<void> {
    const folder = vscode.Uri.joinPath(this.documentUri, '..');
    const filters: Record<string, string[]> = { png: ['png'], csv: ['csv'], json: ['json'] };
    const target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(folder, fileName.replace(/[\\/]/g, '_')),
      filters: { [format.toUpperCase()]: filters[format] },
      title: `Save the trial's ${format === 'png' ? 'curves as an image' : format === 'csv' ? 'curves as CSV' : 'whole run as JSON'}`,
    });
    if (!target) return;
    const bytes = format === 'png' ? Buffer.from(data, 'base64') : Buffer.from(data, 'utf8');
    await vscode.workspace.fs.writeFile(target, bytes);
    this.post({ type: 'exported', format, path: vscode.workspace.asRelativePath(target) });
  }

  /** What the serializer needs to bring this panel back (the page's own state is kept by VS Code). */
  restoreState(): Pick<PanelState, 'trial'> & { uri: string } {
    return { uri: this.documentUri.toString(), ...(this.trial ? { trial: this.trial } : {}) };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    void this.session.stop();
    for (const d of this.disposables) d.dispose();
    this.deps.onDispose(this);
    this.panel.dispose();
  }
}
