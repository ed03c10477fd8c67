import { SymbolKind, type DocumentSymbol, type DocumentSymbolParams } from 'vscode-languageserver';
import type * as A from '../../core/syntax/ast.js';
import type { LineIndex } from '../../core/text/line-index.js';
import type { Span } from '../../core/text/span.js';
import { toRange } from '../convert.js';
import type { LossServices } from '../services.js';
import { paramText } from '../signature-text.js';

/** The outline and breadcrumbs: imports, losses (with parameters, `let` and `learn`), trials (with fields). */
export class DocumentSymbolsFeature {
  constructor(private readonly services: LossServices) {}

  symbols(params: DocumentSymbolParams): DocumentSymbol[] {
    const doc = this.services.documents.get(params.textDocument.uri);
    if (!doc) return [];
    const { file } = doc.parse;
    const ix = doc.index;
    const text = doc.text;
    const out: DocumentSymbol[] = [];
    for (const d of file.declarations) {
      if (d.kind === 'Import') {
        out.push(symbol(ix, d.path ? `import "${d.path.value}"` : 'import', SymbolKind.Module, d.span, d.path?.span ?? d.span));
      } else if (d.kind === 'Loss') {
        const sig = `(${d.params.map((p) => paramText(p, text)).join(', ')})`;
        const children = [
          ...d.params.map((p) => symbol(ix, p.name.name, p.role ? SymbolKind.Variable : SymbolKind.Constant, p.span, p.name.span, p.role ? p.role.name : p.defaultValue ? `= ${text.slice(p.defaultValue.span.start, p.defaultValue.span.end)}` : undefined)),
          ...d.body.flatMap((s) => (s.kind === 'Return' ? [] : [symbol(ix, s.name.name, s.kind === 'Learn' ? SymbolKind.Field : SymbolKind.Variable, s.span, s.name.span, s.kind === 'Learn' ? 'learn' : 'let')])),
        ];
        out.push(symbol(ix, d.name?.name ?? '(unnamed loss)', SymbolKind.Function, withDoc(d), d.name?.span ?? d.span, sig, children));
      } else {
        const children = d.fields.map((f) => symbol(ix, f.name.name, SymbolKind.Property, f.span, f.name.span, oneLine(text.slice(f.value.span.start, f.value.span.end))));
        out.push(symbol(ix, d.name?.name ?? '(unnamed trial)', SymbolKind.Event, withDoc(d), d.name?.span ?? d.span, 'trial', children));
      }
    }
    return out;
  }
}

function withDoc(d: A.LossDecl | A.TrialDecl): Span {
  return d.doc ? { start: Math.min(d.doc.span.start, d.span.start), end: d.span.end } : d.span;
}

function oneLine(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > 60 ? `${t.slice(0, 57)}…` : t;
}

function symbol(ix: LineIndex, name: string, kind: SymbolKind, span: Span, nameSpan: Span, detail?: string, children?: DocumentSymbol[]): DocumentSymbol {
  const range = toRange(ix, span);
  // The selection range must lie inside the full range, even when recovery produced odd spans.
  const sel = nameSpan.start >= span.start && nameSpan.end <= span.end ? nameSpan : span;
  return { name: name || '(unnamed)', kind, range, selectionRange: toRange(ix, sel), ...(detail ? { detail } : {}), ...(children?.length ? { children } : {}) };
}
