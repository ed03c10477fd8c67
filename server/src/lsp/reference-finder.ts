import type { Analysis, Definition, Reference } from '../core/analysis/model.js';
import { definitionNameSpan } from '../core/analysis/model.js';
import { LineIndex } from '../core/text/line-index.js';
import type { Span } from '../core/text/span.js';
import { pathToUri } from './documents.js';
import { targetAt } from './locate.js';
import type { LossServices } from './services.js';

// Finds a symbol's definition and every use of it, in the document and — for losses and their
// parameters, which other files can import — in every `.loss` file of the workspace.

/** A definition plus the file it lives in (undefined: an unsaved document, by URI). */
export interface Symbol {
  readonly def: Definition;
  /** The key that identifies this symbol across analyses of different files. */
  readonly key: string | object;
  /** Absolute path of the defining file, when it has one. */
  readonly file: string | undefined;
  /** URI of the defining document. */
  readonly uri: string;
}

export interface Occurrence {
  readonly uri: string;
  readonly span: Span;
  readonly index: LineIndex;
  readonly isDefinition: boolean;
}

export class ReferenceFinder {
  constructor(private readonly services: LossServices) {}

  /**
   * The symbol named at the cursor (builtins included: they have no location but their uses can be found),
   * with the span of the name under the cursor.
   */
  symbolAt(uri: string, offset: number): (Symbol & { readonly at: Span }) | undefined {
    const a = this.services.documents.analysis(uri);
    if (!a) return undefined;
    const t = targetAt(a, offset);
    if (t?.kind === 'definition') return { ...this.symbolOf(t.def, uri, a.path, undefined), at: t.span };
    if (t?.kind === 'reference' && t.ref.definition) return { ...this.symbolOf(t.ref.definition, uri, a.path, t.ref), at: t.span };
    return undefined;
  }

  /** Where the symbol is defined: document URI, span and that document's line index. */
  definitionLocation(sym: Symbol): Occurrence | undefined {
    const span = definitionNameSpan(sym.def);
    if (!span) return undefined;
    const index = this.indexOf(sym.uri, sym.file);
    return index ? { uri: sym.uri, span, index, isDefinition: true } : undefined;
  }

  /** Every occurrence (definition included) in the documents that can see the symbol. */
  occurrences(sym: Symbol): Occurrence[] {
    const out: Occurrence[] = [];
    const def = this.definitionLocation(sym);
    if (def) out.push(def);
    for (const { uri, analysis } of this.analysesToSearch(sym)) {
      const index = this.indexOf(uri, analysis.path) ?? new LineIndex(analysis.text);
      for (const ref of analysis.references) {
        if (!ref.definition) continue;
        const other = this.symbolOf(ref.definition, uri, analysis.path, ref);
        if (sameKey(other.key, sym.key)) out.push({ uri, span: ref.span, index, isDefinition: false });
      }
    }
    return dedupe(out);
  }

  private symbolOf(def: Definition, uri: string, path: string | undefined, ref: Reference | undefined): Symbol {
    switch (def.kind) {
      case 'loss': {
        const file = def.file ?? path;
        return { def, key: `loss:${file ?? uri}:${def.name}`, file, uri: def.file ? pathToUri(def.file) : uri };
      }
      case 'param': {
        // A named argument `gamma=` of a call to an imported loss names a parameter defined in that file.
        const calleeFile = ref?.callee?.kind === 'loss' ? ref.callee.file : undefined;
        const file = calleeFile ?? path;
        const loss = def.loss.name?.name ?? '';
        return { def, key: `param:${file ?? uri}:${loss}:${def.name}`, file, uri: calleeFile ? pathToUri(calleeFile) : uri };
      }
      case 'let':
      case 'learn':
        return { def, key: def.stmt, file: path, uri };
      case 'trial':
        return { def, key: def.decl, file: path, uri };
      default:
        return { def, key: `${def.kind}:${def.name}`, file: undefined, uri };
    }
  }

  /** The analyses in which uses of the symbol can appear. */
  private analysesToSearch(sym: Symbol): { uri: string; analysis: Analysis }[] {
    const docs = this.services.documents;
    const crossFile = sym.def.kind === 'loss' || sym.def.kind === 'param' || sym.def.kind === 'builtin' || sym.def.kind === 'context' || sym.def.kind === 'constant';
    if (!crossFile) {
      const a = docs.analysis(sym.uri);
      return a ? [{ uri: sym.uri, analysis: a }] : [];
    }
    const out = new Map<string, Analysis>();
    for (const d of docs.all()) {
      const a = docs.analysis(d.uri);
      if (a) out.set(d.uri, a);
    }
    if (sym.file || sym.def.kind === 'builtin') {
      for (const path of this.services.listLossFiles(docs.workspaceFolders)) {
        const uri = pathToUri(path);
        if (out.has(uri) || docs.getByPath(path)) continue;
        const a = docs.analyzeFile(path);
        if (a) out.set(uri, a);
      }
    }
    return [...out].map(([uri, analysis]) => ({ uri, analysis }));
  }

  private indexOf(uri: string, path: string | undefined): LineIndex | undefined {
    const open = this.services.documents.get(uri) ?? (path ? this.services.documents.getByPath(path) : undefined);
    if (open) return open.index;
    const text = path ? this.services.documents.read(path) : undefined;
    return text === undefined ? undefined : new LineIndex(text);
  }
}

function sameKey(a: string | object, b: string | object): boolean {
  return a === b;
}

function dedupe(os: Occurrence[]): Occurrence[] {
  const seen = new Set<string>();
  return os.filter((o) => {
    const k = `${o.uri}@${o.span.start}:${o.span.end}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
