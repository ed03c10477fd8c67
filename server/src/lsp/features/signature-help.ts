import { MarkupKind, type ParameterInformation, type SignatureHelp, type SignatureHelpParams } from 'vscode-languageserver';
import { lookupFunction } from '../../core/builtins/table.js';
import { cursorContext, type CallContext } from '../cursor-context.js';
import type { LossServices } from '../services.js';
import { builtinParamText, paramText } from '../signature-text.js';

/** Signature help inside calls to builtins and user losses, with the argument being written highlighted. */
export class SignatureHelpFeature {
  constructor(private readonly services: LossServices) {}

  signatureHelp(params: SignatureHelpParams): SignatureHelp | null {
    const doc = this.services.documents.get(params.textDocument.uri);
    if (!doc) return null;
    const offset = doc.index.offsetAt(params.position);
    const ctx = cursorContext(doc.text, doc.parse.tokens, doc.parse.file.comments, offset);
    const p = ctx.place;
    const call = p.kind === 'expression' || p.kind === 'trial-value' || p.kind === 'string' ? p.call : undefined;
    if (!call) return null;
    const sig = this.signature(doc.uri, doc.text, call);
    if (!sig) return null;
    return { signatures: [sig.info], activeSignature: 0, activeParameter: sig.active };
  }

  private signature(uri: string, text: string, call: CallContext) {
    const b = lookupFunction(call.callee);
    let parts: { label: string; doc?: string; variadic?: boolean; name: string }[];
    let head: string;
    let doc: string | undefined;
    if (b) {
      parts = b.params.map((p) => ({ label: builtinParamText(p), doc: p.doc, name: p.name, ...(p.variadic ? { variadic: true } : {}) }));
      head = b.name;
      doc = b.doc;
    } else {
      const a = this.services.documents.analysis(uri);
      const l = a?.losses.get(call.callee);
      if (!l) return undefined;
      const src = l.file ? this.services.documents.read(l.file) ?? '' : text;
      parts = l.decl.params.map((p) => ({ label: paramText(p, src), name: p.name.name }));
      head = call.callee;
      doc = l.decl.doc?.text;
    }
    // Offsets of each parameter inside the label, so the client can highlight the active one.
    let label = `${head}(`;
    const parameters: ParameterInformation[] = parts.map((x, i) => {
      const start = label.length;
      label += x.label;
      const end = label.length;
      if (i < parts.length - 1) label += ', ';
      return { label: [start, end], ...(x.doc ? { documentation: x.doc } : {}) };
    });
    label += ')';
    const byName = call.valueFor ? parts.findIndex((x) => x.name === call.valueFor) : -1;
    const variadicAt = parts.findIndex((x) => x.variadic);
    const positional = variadicAt >= 0 && call.argIndex >= variadicAt ? variadicAt : call.argIndex;
    const active = byName >= 0 ? byName : call.named.length > 0 && call.argIndex >= call.positionalBefore && !call.atArgumentStart ? positional : Math.min(positional, parts.length - 1);
    return {
      info: { label, parameters, ...(doc ? { documentation: { kind: MarkupKind.Markdown, value: doc } } : {}) },
      active: Math.max(0, active),
    };
  }
}
