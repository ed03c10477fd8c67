import * as vscode from 'vscode';
import { TrialRunner } from '../../../server/src/trial/runner.js';
import { planFromDocument } from '../../../server/src/trial/document-plan.js';
import { TRIAL_PANEL_VIEW_TYPE, type PanelState } from '../../../webview/src/protocol.js';
import { readSettings } from '../settings.js';
import { TrialPanel, type TrialPanelDeps } from './trial-panel.js';

// The trial views of the window: one panel per `.loss` document (revealed when it is already open),
// restored after a reload by a WebviewPanelSerializer from the state the page saved. All panels share one
// trial worker process (trials are CPU-bound: one at a time; starting one stops the other).

export interface TrialPanelsOptions {
  readonly log: vscode.LogOutputChannel;
  /** Marks a trial running in the status bar until the returned function is called. */
  readonly statusBar: (label: string) => () => void;
}

export class TrialPanels implements vscode.Disposable {
  private readonly panels = new Map<string, TrialPanel>();
  private readonly runner: TrialRunner;
  private readonly deps: TrialPanelDeps;

  constructor(private readonly context: vscode.ExtensionContext, options: TrialPanelsOptions) {
    this.runner = new TrialRunner({
      workerPath: context.asAbsolutePath('dist/trial-worker.cjs'),
      // VS Code's own executable runs the worker as plain Node; the backend setting goes by environment
      // (read whenever the worker starts: a changed setting takes effect with the next worker).
      env: () => ({ ...process.env, ELECTRON_RUN_AS_NODE: '1', ...backendEnv() }),
    });
    this.deps = {
      extensionUri: context.extensionUri,
      runner: this.runner,
      buildPlan: (input) => planFromDocument(input),
      log: options.log,
      settings: (uri) => {
        const s = readSettings(uri);
        return { steps: s.steps, seeds: s.seeds };
      },
      statusBar: options.statusBar,
      onDispose: (p) => {
        if (this.panels.get(p.documentUri.toString()) === p) this.panels.delete(p.documentUri.toString());
      },
    };
    context.subscriptions.push(
      vscode.window.registerWebviewPanelSerializer(TRIAL_PANEL_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, state: PanelState | undefined) => {
          const uri = state?.document?.uri;
          if (!uri) {
            panel.dispose();
            return;
          }
          this.adopt(new TrialPanel(panel, vscode.Uri.parse(uri), state?.trial, this.deps));
        },
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        // The next trial starts a worker on the new backend.
        if (e.affectsConfiguration('losslab.trial.backend') && !this.views.some((v) => v.isRunning)) this.runner.dispose();
      }),
      this,
    );
  }

  /** Opens (or reveals) the trial view of a document; `run` starts the trial. */
  open(uri: vscode.Uri, trial: string | undefined, options: { run: boolean }): TrialPanel {
    const existing = this.panels.get(uri.toString());
    if (existing) {
      existing.show(trial, options.run);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(TRIAL_PANEL_VIEW_TYPE, `Trial: ${uri.path.split('/').pop()}`,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(this.context.extensionUri, 'dist')] });
    const p = this.adopt(new TrialPanel(panel, uri, trial, this.deps));
    p.show(trial, options.run);
    return p;
  }

  private adopt(p: TrialPanel): TrialPanel {
    const key = p.documentUri.toString();
    const old = this.panels.get(key);
    if (old && old !== p) old.dispose();
    this.panels.set(key, p);
    return p;
  }

  /** The open trial views (tests). */
  get views(): readonly TrialPanel[] {
    return [...this.panels.values()];
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) p.dispose();
    this.runner.dispose();
  }
}

/** LOSSLAB_BACKEND for the worker from the `losslab.trial.backend` setting (`auto`: the worker decides). */
function backendEnv(): Record<string, string> {
  const b = readSettings().backend;
  return b === 'auto' ? {} : { LOSSLAB_BACKEND: b };
}
