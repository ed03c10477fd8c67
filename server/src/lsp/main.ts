import { dirname, join } from 'node:path';
import {
  CodeActionKind, CodeLensRefreshRequest, createConnection, DidChangeConfigurationNotification, ProposedFeatures, TextDocuments,
  ResponseError, TextDocumentSyncKind, type InitializeResult,
} from 'vscode-languageserver/node.js';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, reanalyze } from '../core/analysis/analyze.js';
import { DiagnosticsScheduler } from './diagnostics-scheduler.js';
import { pathToUri, uriToPath } from './documents.js';
import { CodeActionsFeature, FIX_ALL_KIND } from './features/code-actions.js';
import { CodeLensFeature } from './features/code-lens.js';
import { CompletionFeature } from './features/completion.js';
import { DefinitionFeature } from './features/definition.js';
import { DiagnosticsFeature } from './features/diagnostics.js';
import { DocumentSymbolsFeature } from './features/document-symbols.js';
import { FoldingFeature } from './features/folding.js';
import { FormattingFeature } from './features/formatting.js';
import { HoverFeature } from './features/hover.js';
import { InlayHintsFeature } from './features/inlay-hints.js';
import { ReferencesFeature } from './features/references.js';
import { RenameFeature } from './features/rename.js';
import { SEMANTIC_TOKENS_LEGEND, SemanticTokensFeature } from './features/semantic-tokens.js';
import { SignatureHelpFeature } from './features/signature-help.js';
import { mathJaxRenderer } from './math-bridge.js';
import { DEFAULT_SERVER_SETTINGS, isThemeKind, THEME_CHANGED_NOTIFICATION, type LossInitializationOptions, type ServerSettings, type ThemeChangedParams } from './protocol.js';
import { createServices } from './services.js';

// The LossLab language server: wires the LSP connection to the feature classes. The transport comes from
// the command line (`--stdio`, `--node-ipc`, `--socket=N`), so the same bundle serves VS Code and other
// editors. Nothing here computes anything.

const connection = createConnection(ProposedFeatures.all);
const services = createServices({ analyzer: analyze, reanalyzer: reanalyze, math: mathJaxRenderer });
const documents = new TextDocuments(TextDocument);

const diagnostics = new DiagnosticsFeature(services);
const scheduler = new DiagnosticsScheduler(
  services.documents,
  diagnostics,
  (uri, version, ds) => {
    connection.sendDiagnostics({ uri, version, diagnostics: ds }).catch(() => undefined);
  },
  undefined,
  (uri, err) => connection.console.error(`checking ${uri} failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`),
);
const hover = new HoverFeature(services);
const completion = new CompletionFeature(services);
const signatureHelp = new SignatureHelpFeature(services);
const symbols = new DocumentSymbolsFeature(services);
const definition = new DefinitionFeature(services);
const references = new ReferencesFeature(services);
const rename = new RenameFeature(services);
const semanticTokens = new SemanticTokensFeature(services);
const formatting = new FormattingFeature(services);
const folding = new FoldingFeature(services);
const codeActions = new CodeActionsFeature(services);
const inlayHints = new InlayHintsFeature(services);
const codeLens = new CodeLensFeature(services);

let canPullConfiguration = false;
let supportsFolderEvents = false;
let canRegisterConfiguration = false;

connection.onInitialize((params): InitializeResult => {
  const init = (params.initializationOptions ?? {}) as LossInitializationOptions;
  if (isThemeKind(init.themeKind)) services.config.themeKind = init.themeKind;
  // The bundle is dist/server.cjs; the reference is docs/diagnostics.md of the same package.
  services.config.diagnosticsDocsBase = init.diagnosticsDocsBase ?? pathToUri(join(dirname(__filename), '..', 'docs', 'diagnostics.md'));
  services.config.snippetSupport = params.capabilities.textDocument?.completion?.completionItem?.snippetSupport ?? false;
  services.config.completionEditRangeDefault = params.capabilities.textDocument?.completion?.completionList?.itemDefaults?.includes('editRange') ?? false;
  canPullConfiguration = params.capabilities.workspace?.configuration ?? false;
  supportsFolderEvents = params.capabilities.workspace?.workspaceFolders ?? false;
  canRegisterConfiguration = params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration ?? false;
  const folders = params.workspaceFolders?.map((f) => uriToPath(f.uri)).filter((p): p is string => !!p) ?? [];
  const root = params.rootUri ? uriToPath(params.rootUri) : undefined;
  services.documents.setWorkspaceFolders(folders.length ? folders : root ? [root] : []);
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      completionProvider: { triggerCharacters: ['(', ',', ':', '=', '"', '/', '['], resolveProvider: true },
      signatureHelpProvider: { triggerCharacters: ['(', ','], retriggerCharacters: ['='] },
      documentSymbolProvider: { label: 'LossLab' },
      definitionProvider: true,
      referencesProvider: true,
      documentHighlightProvider: true,
      renameProvider: { prepareProvider: true },
      semanticTokensProvider: { legend: SEMANTIC_TOKENS_LEGEND, full: true },
      documentFormattingProvider: true,
      documentRangeFormattingProvider: true,
      foldingRangeProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND, CodeActionKind.SourceFixAll] },
      inlayHintProvider: true,
      codeLensProvider: { resolveProvider: false },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'losslab-language-server', version: '0.1.0' },
  };
});

connection.onInitialized(() => {
  if (supportsFolderEvents) {
    connection.workspace.onDidChangeWorkspaceFolders((e) => {
      const current = new Set(services.documents.workspaceFolders);
      for (const f of e.removed) current.delete(uriToPath(f.uri) ?? '');
      for (const f of e.added) {
        const p = uriToPath(f.uri);
        if (p) current.add(p);
      }
      services.documents.setWorkspaceFolders([...current]);
    });
  }
  if (canPullConfiguration) {
    if (canRegisterConfiguration) connection.client.register(DidChangeConfigurationNotification.type, { section: 'losslab' }).catch(() => undefined);
    void pullSettings();
  }
});

async function pullSettings(): Promise<void> {
  try {
    const s = (await connection.workspace.getConfiguration('losslab')) as Partial<ServerSettings> | null;
    services.config.settings = { ...DEFAULT_SERVER_SETTINGS, ...pickSettings(s) };
    connection.languages.inlayHint.refresh().catch(() => undefined);
    connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  } catch {
    // The client could not answer; keep the defaults.
  }
}

function pickSettings(s: Partial<ServerSettings> | null | undefined): Partial<ServerSettings> {
  const out: { -readonly [K in keyof ServerSettings]?: ServerSettings[K] } = {};
  if (typeof s?.inlayHints === 'boolean') out.inlayHints = s.inlayHints;
  if (typeof s?.codeLens === 'boolean') out.codeLens = s.codeLens;
  return out;
}

connection.onDidChangeConfiguration((change) => {
  if (canPullConfiguration) void pullSettings();
  else services.config.settings = { ...DEFAULT_SERVER_SETTINGS, ...pickSettings((change.settings as { losslab?: Partial<ServerSettings> })?.losslab) };
});

connection.onNotification(THEME_CHANGED_NOTIFICATION, (p: ThemeChangedParams) => {
  if (isThemeKind(p?.kind)) services.config.themeKind = p.kind;
});

documents.onDidOpen((e) => {
  services.documents.set(e.document.uri, e.document.version, e.document.getText());
  scheduler.changed(e.document.uri);
});
documents.onDidChangeContent((e) => {
  services.documents.set(e.document.uri, e.document.version, e.document.getText());
  scheduler.changed(e.document.uri);
});
documents.onDidClose((e) => {
  services.documents.close(e.document.uri);
  scheduler.closed(e.document.uri);
});

connection.onDidChangeWatchedFiles(() => {
  services.documents.diskChanged();
  scheduler.all();
});
/** Runs a request handler; an internal error becomes a logged null result instead of a crashed request. */
function guard<P, R>(name: string, fn: (p: P) => R, fallback: R): (p: P) => R {
  return (p) => {
    try {
      return fn(p);
    } catch (err) {
      if (err instanceof ResponseError) throw err; // meant for the user (e.g. an invalid new name)
      connection.console.error(`${name} failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      return fallback;
    }
  };
}

connection.onHover(guard('hover', (p) => hover.hover(p), null));
connection.onCompletion(guard('completion', (p) => completion.complete(p), { isIncomplete: false, items: [] }));
connection.onCompletionResolve((item) => guard('completionResolve', (i: typeof item) => completion.resolve(i), item)(item));
connection.onSignatureHelp(guard('signatureHelp', (p) => signatureHelp.signatureHelp(p), null));
connection.onDocumentSymbol(guard('documentSymbol', (p) => symbols.symbols(p), []));
connection.onDefinition(guard('definition', (p) => definition.definition(p), null));
connection.onReferences(guard('references', (p) => references.references(p), []));
connection.onDocumentHighlight(guard('documentHighlight', (p) => references.highlights(p), []));
connection.onPrepareRename(guard('prepareRename', (p) => rename.prepareRename(p), null));
connection.onRenameRequest(guard('rename', (p) => rename.rename(p), null));
connection.languages.semanticTokens.on(guard('semanticTokens', (p) => semanticTokens.full(p), { data: [] }));
connection.onDocumentFormatting(guard('formatting', (p) => formatting.format(p), []));
connection.onDocumentRangeFormatting(guard('rangeFormatting', (p) => formatting.formatRange(p), []));
connection.onFoldingRanges(guard('folding', (p) => folding.folding(p), []));
connection.onCodeAction(guard('codeAction', (p) => codeActions.codeActions(p), []));
connection.languages.inlayHint.on(guard('inlayHint', (p) => inlayHints.inlayHints(p), []));
connection.onCodeLens(guard('codeLens', (p) => codeLens.codeLenses(p), []));

documents.listen(connection);
connection.listen();
