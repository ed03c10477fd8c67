import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Analysis, SourceHost } from '../core/analysis/model.js';
import { parse, type ParseResult } from '../core/syntax/parse.js';
import { isInside } from '../core/workspace/paths.js';
import { LineIndex } from '../core/text/line-index.js';

// The open `.loss` documents and their analyses. An analysis is computed on demand for the latest
// version of a document and cached until that document, a file it imported, or the disk changes; so a
// read (hover, completion) always sees the latest text, and nothing is computed for versions that were
// replaced before anyone asked for them.

export interface AnalyzeOptions {
  readonly path?: string;
  readonly workspaceRoot?: string;
  readonly host: SourceHost;
}

export type Analyzer = (text: string, options: AnalyzeOptions) => Analysis;

/**
 * Analyses an edited version of a document from the analysis of the version before, which it uses up
 * (core `reanalyze`: only the declarations around the edit are parsed and checked again).
 */
export type Reanalyzer = (previous: Analysis, text: string, options: AnalyzeOptions) => Analysis;

/** One version of one document's text, with lazily built parse and line index. */
export class LossDocument {
  private parsed: ParseResult | undefined;
  private lines: LineIndex | undefined;

  constructor(
    readonly uri: string,
    readonly version: number,
    readonly text: string,
    /** Absolute file path, for `file:` URIs. */
    readonly path: string | undefined,
    /** The parse made by this version's analysis, if that is at hand (it usually is: diagnostics need it). */
    private readonly analysedParse?: () => ParseResult | undefined,
  ) {}

  get index(): LineIndex {
    return (this.lines ??= new LineIndex(this.text));
  }

  get parse(): ParseResult {
    return (this.parsed ??= this.analysedParse?.() ?? parse(this.text));
  }
}

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function pathToUri(path: string): string {
  return pathToFileURL(path).href;
}

/** A cached analysis and what it was computed from. */
interface CachedAnalysis {
  readonly version: number;
  readonly diskEpoch: number;
  /** Files read while analysing (imports), with the open-document version seen (-1: read from disk). */
  readonly deps: ReadonlyMap<string, number>;
  readonly analysis: Analysis;
}

export type ReadFile = (path: string) => string | undefined;

const readFromDisk: ReadFile = (path) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

export class DocumentStore {
  private readonly docs = new Map<string, LossDocument>();
  private readonly byPath = new Map<string, LossDocument>();
  private readonly cache = new Map<string, CachedAnalysis>();
  private diskEpoch = 0;
  private folders: string[] = [];

  constructor(
    private readonly analyzer: Analyzer,
    private readonly readFile: ReadFile = readFromDisk,
    private readonly reanalyzer?: Reanalyzer,
  ) {}

  /** Analyses made for edits from the previous version, and from scratch (for tests and the bench). */
  readonly stats = { incremental: 0, full: 0 };

  setWorkspaceFolders(paths: readonly string[]): void {
    // Longest first, so the innermost folder wins for nested roots.
    this.folders = [...paths].sort((a, b) => b.length - a.length);
  }

  get workspaceFolders(): readonly string[] {
    return this.folders;
  }

  set(uri: string, version: number, text: string): LossDocument {
    const old = this.docs.get(uri);
    if (old?.path) this.byPath.delete(old.path);
    const doc: LossDocument = new LossDocument(uri, version, text, uriToPath(uri), () => (this.docs.get(uri) === doc ? this.analysis(uri)?.parse : undefined));
    this.docs.set(uri, doc);
    if (doc.path) this.byPath.set(doc.path, doc);
    return doc;
  }

  close(uri: string): void {
    const doc = this.docs.get(uri);
    if (doc?.path) this.byPath.delete(doc.path);
    this.docs.delete(uri);
    this.cache.delete(uri);
  }

  get(uri: string): LossDocument | undefined {
    return this.docs.get(uri);
  }

  getByPath(path: string): LossDocument | undefined {
    return this.byPath.get(path);
  }

  all(): LossDocument[] {
    return [...this.docs.values()];
  }

  /** Files on disk changed (watched-files notification): every analysis may have read a stale import. */
  diskChanged(): void {
    this.diskEpoch++;
  }

  /** The text of a file: the open document when there is one, else the disk. */
  read(path: string): string | undefined {
    return this.byPath.get(path)?.text ?? this.readFile(path);
  }

  workspaceRootOf(path: string | undefined): string | undefined {
    if (!path) return this.folders[0];
    for (const f of this.folders) if (isInside(f, path)) return f;
    return dirname(path);
  }

  /** The analysis of the document's latest version (computed now if needed). */
  analysis(uri: string): Analysis | undefined {
    const doc = this.docs.get(uri);
    if (!doc) return undefined;
    const cached = this.cache.get(uri);
    if (cached && this.isFresh(cached, doc)) return cached.analysis;
    // An edit of a document whose imports did not change: re-analyse from the previous version.
    const result = cached && this.reanalyzer && this.depsFresh(cached) ? this.reanalyzeText(cached, doc) : this.analyzeText(doc.text, doc.path);
    this.cache.set(uri, { version: doc.version, diskEpoch: this.diskEpoch, deps: result.deps, analysis: result.analysis });
    return result.analysis;
  }

  /** Analyses a file that is not open (for workspace-wide references and rename). */
  analyzeFile(path: string): Analysis | undefined {
    const open = this.byPath.get(path);
    if (open) return this.analysis(open.uri);
    const text = this.readFile(path);
    return text === undefined ? undefined : this.analyzeText(text, path).analysis;
  }

  /** Open documents whose latest analysis read `path` (they must be re-checked when it changes). */
  dependentsOf(path: string): LossDocument[] {
    const out: LossDocument[] = [];
    for (const [uri, c] of this.cache) {
      const doc = this.docs.get(uri);
      if (doc && c.deps.has(path)) out.push(doc);
    }
    return out;
  }

  private isFresh(c: CachedAnalysis, doc: LossDocument): boolean {
    return c.version === doc.version && this.depsFresh(c);
  }

  /** The files the analysis read are as they were. */
  private depsFresh(c: CachedAnalysis): boolean {
    for (const [path, seen] of c.deps) {
      const open = this.byPath.get(path);
      if ((open ? open.version : -1) !== seen) return false;
      if (!open && c.diskEpoch !== this.diskEpoch) return false;
    }
    return true;
  }

  private reanalyzeText(cached: CachedAnalysis, doc: LossDocument): { analysis: Analysis; deps: ReadonlyMap<string, number> } {
    const fresh = this.analyzeText(doc.text, doc.path, cached.analysis);
    // Imports taken over unchanged were not read again: what they depended on still holds.
    const reused = fresh.analysis.imports === cached.analysis.imports;
    // The value map is taken over (and updated) exactly when the previous analysis was built on.
    if (fresh.analysis.values === cached.analysis.values) this.stats.incremental++;
    else this.stats.full++;
    return reused ? { analysis: fresh.analysis, deps: cached.deps } : fresh;
  }

  private analyzeText(text: string, path: string | undefined, previous?: Analysis): { analysis: Analysis; deps: Map<string, number> } {
    const deps = new Map<string, number>();
    const host: SourceHost = {
      readFile: (p) => {
        const abs = resolve(p);
        const open = this.byPath.get(abs);
        deps.set(abs, open ? open.version : -1);
        return open ? open.text : this.readFile(abs);
      },
    };
    const root = this.workspaceRootOf(path);
    const options: AnalyzeOptions = { ...(path ? { path } : {}), ...(root ? { workspaceRoot: root } : {}), host };
    const analysis = previous && this.reanalyzer ? this.reanalyzer(previous, text, options) : this.analyzer(text, options);
    if (!previous) this.stats.full++;
    return { analysis, deps };
  }
}

