import type { DocumentFormattingParams, DocumentRangeFormattingParams, TextEdit } from 'vscode-languageserver';
import { toRange, toSpan } from '../convert.js';
import { formatEdits } from '../format/formatter.js';
import type { LossServices } from '../services.js';

/** Document and range formatting (idempotent; respects tabSize and insertSpaces). */
export class FormattingFeature {
  constructor(private readonly services: LossServices) {}

  format(params: DocumentFormattingParams): TextEdit[] {
    return this.edits(params.textDocument.uri, params.options);
  }

  formatRange(params: DocumentRangeFormattingParams): TextEdit[] {
    const doc = this.services.documents.get(params.textDocument.uri);
    if (!doc) return [];
    return this.edits(params.textDocument.uri, params.options, toSpan(doc.index, params.range));
  }

  private edits(uri: string, options: { tabSize: number; insertSpaces: boolean }, range?: { start: number; end: number }): TextEdit[] {
    const doc = this.services.documents.get(uri);
    if (!doc) return [];
    return formatEdits(doc.text, { tabSize: options.tabSize, insertSpaces: options.insertSpaces }, range).map((e) => ({ range: toRange(doc.index, e.span), newText: e.newText }));
  }
}
