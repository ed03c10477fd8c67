import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node.js';
import type { LossInitializationOptions } from '../../server/src/lsp/protocol.js';
import { ANALYSIS_NODE_FLAGS } from '../../server/src/node-flags.js';
import { currentThemeKind } from './theme.js';

// Starts the bundled language server (dist/server.cjs) in its own process over IPC. The client id
// `losslab` makes vscode-languageclient read the `losslab.trace.server` setting.

export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath('dist/server.cjs');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: [...ANALYSIS_NODE_FLAGS] } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...ANALYSIS_NODE_FLAGS, '--nolazy', '--inspect=6010'] } },
  };
  const initializationOptions: LossInitializationOptions = {
    themeKind: currentThemeKind(),
    diagnosticsDocsBase: vscode.Uri.joinPath(context.extensionUri, 'docs', 'diagnostics.md').toString(),
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'loss' },
      { scheme: 'untitled', language: 'loss' },
    ],
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.loss') },
    outputChannel: output,
    initializationOptions,
    // Hover formulas are Markdown images with data: URIs; they need neither HTML nor trusted commands.
    markdown: { isTrusted: false, supportHtml: false },
    connectionOptions: { maxRestartCount: 4 },
  };
  return new LanguageClient('losslab', 'LossLab Language Server', serverOptions, clientOptions);
}
