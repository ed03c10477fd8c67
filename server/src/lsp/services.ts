import { DocumentStore, type Analyzer, type ReadFile, type Reanalyzer } from './documents.js';
import { DEFAULT_SERVER_SETTINGS, type ServerSettings, type ThemeKind } from './protocol.js';
import { listLossFilesOnDisk, type ListLossFiles } from './workspace-files.js';

// The small set of shared services every feature class receives in its constructor (Langium's pattern,
// with plain manual wiring: at this size a DI container would only hide what depends on what).

/** Draws TeX for hovers. */
export interface MathRenderer {
  /** Markdown showing the formula as an image in the theme's colour; undefined when it cannot be drawn. */
  image(tex: string, alt: string, theme: ThemeKind): string | undefined;
  /** A plain-text (Unicode) rendering of the formula, shown under the image as its fallback. */
  text(tex: string): string;
}

/** Settings and client facts that change while the server runs. */
export class ServerConfig {
  themeKind: ThemeKind = 'dark';
  settings: ServerSettings = DEFAULT_SERVER_SETTINGS;
  /** Base of the diagnostics reference (docs/diagnostics.md); `#code` is appended. */
  diagnosticsDocsBase: string | undefined;
  /** The client accepts snippet syntax in completion items. */
  snippetSupport = true;
  /** The client takes one edit range for a whole completion list (LSP 3.17 `itemDefaults.editRange`). */
  completionEditRangeDefault = false;
}

export interface LossServices {
  readonly documents: DocumentStore;
  readonly config: ServerConfig;
  readonly math: MathRenderer;
  readonly listLossFiles: ListLossFiles;
}

export interface ServiceOptions {
  readonly analyzer: Analyzer;
  /** Builds on the previous version's analysis after an edit (absent: every version is analysed afresh). */
  readonly reanalyzer?: Reanalyzer;
  readonly math: MathRenderer;
  /** Reads files that are not open (default: the disk). Tests pass an in-memory file system. */
  readonly readFile?: ReadFile;
  readonly listLossFiles?: ListLossFiles;
}

export function createServices(options: ServiceOptions): LossServices {
  return {
    documents: new DocumentStore(options.analyzer, options.readFile, options.reanalyzer),
    config: new ServerConfig(),
    math: options.math,
    listLossFiles: options.listLossFiles ?? listLossFilesOnDisk,
  };
}
