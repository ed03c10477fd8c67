import * as vscode from 'vscode';
import { COMMANDS } from '../../server/src/lsp/protocol.js';

// One status bar item for the language server (and trials started from the editor): what it is doing,
// and a click to open the LossLab output.

export type ServerState = 'starting' | 'ready' | 'stopped' | 'failed';

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('losslab.status', vscode.StatusBarAlignment.Left, 10);
  private state: ServerState = 'starting';
  private running = new Set<string>();

  constructor() {
    this.item.name = 'LossLab';
    this.item.command = COMMANDS.showOutput;
    this.render();
  }

  setServer(state: ServerState): void {
    this.state = state;
    this.render();
  }

  /** Marks a trial as running until the returned function is called. */
  trialStarted(label: string): () => void {
    this.running.add(label);
    this.render();
    return () => {
      this.running.delete(label);
      this.render();
    };
  }

  /** Shown only while a .loss file is the active editor (or a trial runs). */
  updateVisibility(editor: vscode.TextEditor | undefined): void {
    if (editor?.document.languageId === 'loss' || this.running.size > 0) this.item.show();
    else this.item.hide();
  }

  get text(): string {
    return this.item.text;
  }

  private render(): void {
    const trials = [...this.running];
    if (trials.length > 0) {
      this.item.text = `$(sync~spin) LossLab: ${trials.length === 1 ? trials[0] : `${trials.length} trials`}`;
      this.item.tooltip = `Running: ${trials.join(', ')}`;
    } else {
      const icon = { starting: '$(loading~spin)', ready: '$(check)', stopped: '$(circle-slash)', failed: '$(error)' }[this.state];
      this.item.text = `${icon} LossLab`;
      this.item.tooltip = { starting: 'LossLab language server is starting', ready: 'LossLab language server is running', stopped: 'LossLab language server is stopped', failed: 'LossLab language server failed — click for its output' }[this.state];
    }
    this.item.backgroundColor = this.state === 'failed' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}
