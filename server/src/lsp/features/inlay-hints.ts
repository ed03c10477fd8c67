import { InlayHintKind, type InlayHint, type InlayHintLabelPart, type InlayHintParams } from 'vscode-languageserver';
import type { Analysis } from '../../core/analysis/model.js';
import { builtinSignature, lossSignature, type Signature } from '../../core/analysis/signature.js';
import { bindArguments } from '../../core/analysis/signature.js';
import { lookupFunction } from '../../core/builtins/table.js';
import type * as A from '../../core/syntax/ast.js';
import { forEachExpr } from '../../core/syntax/parse.js';
import { toSpan } from '../convert.js';
import type { LossServices } from '../services.js';
import { formatDefault } from '../signature-text.js';

/** Shows the defaults a call leaves implicit: `focal(z, y⟨, gamma=2, alpha=0.25⟩)`. */
export class InlayHintsFeature {
  constructor(private readonly services: LossServices) {}

  inlayHints(params: InlayHintParams): InlayHint[] {
    if (!this.services.config.settings.inlayHints) return [];
    const doc = this.services.documents.get(params.textDocument.uri);
    const a = this.services.documents.analysis(params.textDocument.uri);
    if (!doc || !a) return [];
    const range = toSpan(doc.index, params.range);
    const out: InlayHint[] = [];
    forEachExpr(a.file, (e) => {
      if (e.kind !== 'Call' || e.span.end < range.start || e.span.start > range.end) return;
      const close = e.argsSpan.end - 1;
      if (doc.text[close] !== ')') return; // an unfinished call: nothing to anchor the hint to
      const sig = signatureOf(a, e);
      if (!sig) return;
      const given = new Set(bindArguments(sig, e.args).bound.map((b) => b.param.name));
      const omitted = sig.params.filter((p) => !given.has(p.name) && (p.kind === 'hyper' || p.kind === 'option') && p.default !== undefined && p.default !== null);
      if (omitted.length === 0) return;
      const parts: InlayHintLabelPart[] = omitted.map((p, i) => ({
        value: `${i === 0 && e.args.length === 0 ? '' : ', '}${p.name}=${formatDefault(p.default!)}`,
        ...(p.doc ? { tooltip: p.doc } : {}),
      }));
      out.push({ position: doc.index.positionAt(close), label: parts, kind: InlayHintKind.Parameter, paddingLeft: false });
    });
    return out;
  }
}

function signatureOf(a: Analysis, call: A.Call): Signature | undefined {
  const b = lookupFunction(call.callee.name);
  if (b) return builtinSignature(b);
  const l = a.losses.get(call.callee.name);
  return l ? lossSignature(l.decl) : undefined;
}
