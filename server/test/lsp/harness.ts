import type { Position } from 'vscode-languageserver';
import { analyze, reanalyze } from '../../src/core/analysis/analyze.js';
import { LineIndex } from '../../src/core/text/line-index.js';
import { pathToUri } from '../../src/lsp/documents.js';
import { mathJaxRenderer } from '../../src/lsp/math-bridge.js';
import { createServices, type LossServices, type MathRenderer } from '../../src/lsp/services.js';
import { markers } from '../helpers/markers.js';

// In-process harness for the language-server features (Langium style): documents live in memory, the
// features are called directly with LSP parameters, and `<|>` / `<|…|>` markers in the text give cursor
// positions and ranges.

export const WORKSPACE = '/ws';

export interface OpenedDocument {
  readonly uri: string;
  readonly text: string;
  readonly index: LineIndex;
  /** Positions of the `<|>` markers, in order. */
  readonly cursors: Position[];
  /** Offsets of the `<|>` markers. */
  readonly offsets: number[];
  /** `<|…|>` ranges as offsets. */
  readonly ranges: { start: number; end: number }[];
}

export class Harness {
  readonly services: LossServices;
  /** Files on the in-memory "disk", by absolute path. */
  readonly disk = new Map<string, string>();
  private version = 0;

  constructor(options: { math?: MathRenderer } = {}) {
    this.services = createServices({
      analyzer: analyze,
      reanalyzer: reanalyze,
      math: options.math ?? mathJaxRenderer,
      readFile: (p) => this.disk.get(p),
      listLossFiles: () => [...this.disk.keys()].filter((p) => p.endsWith('.loss')),
    });
    this.services.documents.setWorkspaceFolders([WORKSPACE]);
  }

  /** Opens a document (path relative to the workspace) whose text may contain markers. */
  open(relPath: string, source: string): OpenedDocument {
    const m = markers(source);
    const uri = pathToUri(`${WORKSPACE}/${relPath}`);
    this.services.documents.set(uri, ++this.version, m.text);
    const index = new LineIndex(m.text);
    return { uri, text: m.text, index, cursors: m.cursors.map((o) => index.positionAt(o)), offsets: m.cursors, ranges: m.ranges };
  }

  /** Puts a file on the in-memory disk (not open in the editor). */
  write(relPath: string, text: string): string {
    const path = `${WORKSPACE}/${relPath}`;
    this.disk.set(path, text);
    return path;
  }

  edit(uri: string, text: string): void {
    this.services.documents.set(uri, ++this.version, text);
  }
}

/** A math renderer that draws nothing, for tests of the text fallback. */
export const NO_IMAGES: MathRenderer = { image: () => undefined, text: (t) => t };

/** Replaces the text covered by LSP edits (any order, no overlaps). */
export function applyLspEdits(text: string, edits: readonly { range: { start: Position; end: Position }; newText: string }[]): string {
  const ix = new LineIndex(text);
  const sorted = edits.map((e) => ({ start: ix.offsetAt(e.range.start), end: ix.offsetAt(e.range.end), newText: e.newText })).sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}
