import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node.js';
import { THEME_CHANGED_NOTIFICATION, type ThemeChangedParams } from '../../server/src/lsp/protocol.js';
import { CliRunner } from './cli-runner.js';
import { LossCommands } from './commands.js';
import { createLanguageClient } from './language-client.js';
import { StatusBar } from './status-bar.js';
import { currentThemeKind } from './theme.js';
import { TrialPanels } from './trial-panel/trial-panels.js';

// The LossLab extension: starts the language server, keeps it informed of the colour theme, shows its
// state in the status bar, and provides the commands behind the code lenses. Activated by `.loss` files.

/** What the extension returns from `activate` (used by the extension tests). */
export interface LossLabApi {
  readonly client: LanguageClient;
  readonly statusText: () => string;
}

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<LossLabApi> {
  const output = vscode.window.createOutputChannel('LossLab', { log: true });
  const status = new StatusBar();
  context.subscriptions.push(output, status);
  status.updateVisibility(vscode.window.activeTextEditor);
  context.subscriptions.push(vscode.window.onDidChangeActiveTextEditor((e) => status.updateVisibility(e)));

  const lc = createLanguageClient(context, output);
  client = lc;
  context.subscriptions.push(
    lc.onDidChangeState((e) => status.setServer(e.newState === State.Running ? 'ready' : e.newState === State.Starting ? 'starting' : 'stopped')),
  );

  // The trial view (webview panels, restored after reload); ▶ Run trial and Compare open it.
  const trialPanels = new TrialPanels(context, { log: output, statusBar: (label) => status.trialStarted(label) });
  const commands = new LossCommands(new CliRunner(context.asAbsolutePath('dist/cli.cjs'), output), status, output, trialPanels);
  commands.register(context, async () => {
    output.info('restarting the language server');
    status.setServer('starting');
    await lc.restart();
  });

  context.subscriptions.push(
    vscode.window.onDidChangeActiveColorTheme((theme) => {
      if (lc.isRunning()) void lc.sendNotification(THEME_CHANGED_NOTIFICATION, { kind: currentThemeKind(theme.kind) } satisfies ThemeChangedParams);
    }),
  );

  try {
    await lc.start();
  } catch (err) {
    status.setServer('failed');
    const message = err instanceof Error ? err.message : String(err);
    output.error(`the language server did not start: ${message}`);
    void vscode.window.showErrorMessage(`LossLab: the language server did not start (${message}).`, 'Show Output').then((c) => {
      if (c) output.show();
    });
  }
  return { client: lc, statusText: () => status.text };
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}
