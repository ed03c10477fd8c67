import { FoldingRangeKind, type FoldingRange, type FoldingRangeParams } from 'vscode-languageserver';
import type { IToken } from 'chevrotain';
import type { LossDocument } from '../documents.js';
import type { LossServices } from '../services.js';

/**
 * Folding: loss and trial bodies, calls and vectors written over several lines, runs of comment lines,
 * runs of imports, and `# region` … `# endregion` markers.
 */
export class FoldingFeature {
  constructor(private readonly services: LossServices) {}

  folding(params: FoldingRangeParams): FoldingRange[] {
    const doc = this.services.documents.get(params.textDocument.uri);
    if (!doc) return [];
    const out: FoldingRange[] = [];
    this.brackets(doc, out);
    this.comments(doc, out);
    this.imports(doc, out);
    // One range per start line (the client keeps only one anyway); the outermost wins.
    const byStart = new Map<number, FoldingRange>();
    for (const r of out) {
      const old = byStart.get(r.startLine);
      if (!old || r.endLine > old.endLine) byStart.set(r.startLine, r);
    }
    return [...byStart.values()].sort((a, b) => a.startLine - b.startLine);
  }

  private brackets(doc: LossDocument, out: FoldingRange[]): void {
    const stack: IToken[] = [];
    for (const t of doc.parse.tokens) {
      const n = t.tokenType.name;
      if (n === 'LBrace' || n === 'LParen' || n === 'LBracket') stack.push(t);
      else if (n === 'RBrace' || n === 'RParen' || n === 'RBracket') {
        const open = stack.pop();
        if (!open) continue;
        const start = doc.index.positionAt(open.startOffset).line;
        const end = doc.index.positionAt(t.startOffset).line - 1; // keep the closing line visible
        if (end > start) out.push({ startLine: start, endLine: end });
      }
    }
    // An unclosed body (mid-edit) still folds to the end of the file.
    for (const open of stack) {
      const start = doc.index.positionAt(open.startOffset).line;
      const end = doc.index.lineCount - 1;
      if (open.tokenType.name === 'LBrace' && end > start) out.push({ startLine: start, endLine: end });
    }
  }

  private comments(doc: LossDocument, out: FoldingRange[]): void {
    const regions: number[] = [];
    let runStart = -1;
    let runEnd = -1;
    const flush = (): void => {
      if (runEnd > runStart && runStart >= 0) out.push({ startLine: runStart, endLine: runEnd, kind: FoldingRangeKind.Comment });
      runStart = runEnd = -1;
    };
    for (const c of doc.parse.file.comments) {
      const line = doc.index.positionAt(c.span.start).line;
      const ownLine = doc.text.slice(doc.index.lineStart(line), c.span.start).trim() === '';
      if (/^#+\s*region\b/.test(c.text)) {
        regions.push(line);
        flush();
        continue;
      }
      if (/^#+\s*endregion\b/.test(c.text)) {
        const start = regions.pop();
        if (start !== undefined && line > start) out.push({ startLine: start, endLine: line, kind: FoldingRangeKind.Region });
        flush();
        continue;
      }
      if (!ownLine) continue;
      if (runEnd === line - 1) runEnd = line;
      else {
        flush();
        runStart = runEnd = line;
      }
    }
    flush();
  }

  private imports(doc: LossDocument, out: FoldingRange[]): void {
    const lines = doc.parse.file.declarations.filter((d) => d.kind === 'Import').map((d) => doc.index.positionAt(d.span.start).line);
    let start = -1;
    for (let i = 0; i < lines.length; i++) {
      if (start < 0) start = lines[i];
      const next = lines[i + 1];
      if (next === undefined || next > lines[i] + 1) {
        if (lines[i] > start) out.push({ startLine: start, endLine: lines[i], kind: FoldingRangeKind.Imports });
        start = -1;
      }
    }
  }
}
