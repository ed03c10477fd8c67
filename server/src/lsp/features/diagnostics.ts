import type { Diagnostic as LspDiagnostic, DiagnosticRelatedInformation } from 'vscode-languageserver';
import type { Diagnostic } from '../../core/diagnostics/diagnostic.js';
import { LineIndex } from '../../core/text/line-index.js';
import { SEVERITY, TAG, toRange } from '../convert.js';
import { pathToUri, type LossDocument } from '../documents.js';
import type { LossServices } from '../services.js';

/** Every core diagnostic of a document as an LSP diagnostic: code, link to its docs, related places, tags. */
export class DiagnosticsFeature {
  constructor(private readonly services: LossServices) {}

  compute(uri: string): LspDiagnostic[] {
    const doc = this.services.documents.get(uri);
    const analysis = this.services.documents.analysis(uri);
    if (!doc || !analysis) return [];
    return analysis.diagnostics.map((d) => this.toLsp(doc, d));
  }

  toLsp(doc: LossDocument, d: Diagnostic): LspDiagnostic {
    const base = this.services.config.diagnosticsDocsBase;
    const out: LspDiagnostic = {
      range: toRange(doc.index, d.span),
      severity: SEVERITY[d.severity],
      code: d.code,
      source: 'losslab',
      message: d.message,
    };
    if (base) out.codeDescription = { href: `${base}#${d.code}` };
    if (d.tags?.length) out.tags = d.tags.map((t) => TAG[t]);
    if (d.related?.length) out.relatedInformation = d.related.map((r) => this.related(doc, r));
    return out;
  }

  private related(doc: LossDocument, r: NonNullable<Diagnostic['related']>[number]): DiagnosticRelatedInformation {
    if (!r.file || r.file === doc.path) return { message: r.message, location: { uri: doc.uri, range: toRange(doc.index, r.span) } };
    const text = this.services.documents.read(r.file) ?? '';
    return { message: r.message, location: { uri: pathToUri(r.file), range: toRange(new LineIndex(text), r.span) } };
  }
}
