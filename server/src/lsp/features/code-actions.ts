import { CodeActionKind, type CodeAction, type CodeActionParams, type TextEdit } from 'vscode-languageserver';
import type { Diagnostic, Fix } from '../../core/diagnostics/diagnostic.js';
import { rangesOverlap, toRange, toSpan } from '../convert.js';
import type { LossDocument } from '../documents.js';
import type { LossServices } from '../services.js';
import { DiagnosticsFeature } from './diagnostics.js';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.losslab`;

/** A quick fix for every diagnostic that carries fixes, and `source.fixAll` applying the preferred ones. */
export class CodeActionsFeature {
  private readonly diagnostics: DiagnosticsFeature;

  constructor(private readonly services: LossServices) {
    this.diagnostics = new DiagnosticsFeature(services);
  }

  codeActions(params: CodeActionParams): CodeAction[] {
    const doc = this.services.documents.get(params.textDocument.uri);
    const a = this.services.documents.analysis(params.textDocument.uri);
    if (!doc || !a) return [];
    const only = params.context.only;
    const wants = (kind: string): boolean => !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
    const out: CodeAction[] = [];
    if (wants(CodeActionKind.QuickFix)) {
      const span = toSpan(doc.index, params.range);
      for (const d of a.diagnostics) {
        if (!d.fixes?.length || !rangesOverlap(d.span, span)) continue;
        for (const fix of d.fixes) out.push(this.quickFix(doc, d, fix));
      }
    }
    if (wants(FIX_ALL_KIND)) {
      const fixAll = this.fixAll(doc, a.diagnostics);
      if (fixAll) out.push(fixAll);
    }
    return out;
  }

  private quickFix(doc: LossDocument, d: Diagnostic, fix: Fix): CodeAction {
    return {
      title: fix.title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [this.diagnostics.toLsp(doc, d)],
      ...(fix.preferred ? { isPreferred: true } : {}),
      edit: { changes: { [doc.uri]: edits(doc, fix.edits) } },
    };
  }

  /** Every preferred fix whose edits do not overlap an earlier one (the client applies them at once). */
  private fixAll(doc: LossDocument, ds: readonly Diagnostic[]): CodeAction | undefined {
    const chosen: Fix['edits'][number][] = [];
    for (const d of ds) {
      const fix = d.fixes?.find((f) => f.preferred);
      if (!fix) continue;
      if (fix.edits.some((e) => chosen.some((c) => e.span.start < c.span.end && c.span.start < e.span.end))) continue;
      chosen.push(...fix.edits);
    }
    if (chosen.length === 0) return undefined;
    return { title: 'Fix all safe problems', kind: FIX_ALL_KIND, edit: { changes: { [doc.uri]: edits(doc, chosen) } } };
  }
}

function edits(doc: LossDocument, es: Fix['edits']): TextEdit[] {
  return es.map((e) => ({ range: toRange(doc.index, e.span), newText: e.newText }));
}
