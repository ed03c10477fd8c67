import { DocumentHighlightKind, type DocumentHighlight, type DocumentHighlightParams, type Location, type ReferenceParams } from 'vscode-languageserver';
import { toRange } from '../convert.js';
import { ReferenceFinder } from '../reference-finder.js';
import type { LossServices } from '../services.js';

/** Find all references (across files for losses and their parameters) and document highlights. */
export class ReferencesFeature {
  private readonly finder: ReferenceFinder;

  constructor(private readonly services: LossServices) {
    this.finder = new ReferenceFinder(services);
  }

  references(params: ReferenceParams): Location[] {
    const doc = this.services.documents.get(params.textDocument.uri);
    if (!doc) return [];
    const sym = this.finder.symbolAt(doc.uri, doc.index.offsetAt(params.position));
    if (!sym) return [];
    return this.finder
      .occurrences(sym)
      .filter((o) => params.context.includeDeclaration || !o.isDefinition)
      .map((o) => ({ uri: o.uri, range: toRange(o.index, o.span) }));
  }

  highlights(params: DocumentHighlightParams): DocumentHighlight[] {
    const doc = this.services.documents.get(params.textDocument.uri);
    if (!doc) return [];
    const sym = this.finder.symbolAt(doc.uri, doc.index.offsetAt(params.position));
    if (!sym) return [];
    return this.finder
      .occurrences(sym)
      .filter((o) => o.uri === doc.uri)
      .map((o) => ({ range: toRange(o.index, o.span), kind: o.isDefinition ? DocumentHighlightKind.Write : DocumentHighlightKind.Read }));
  }
}
