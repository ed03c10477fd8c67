import { ResponseError, ErrorCodes, type PrepareRenameParams, type Range, type RenameParams, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import { KEYWORDS } from '../../core/syntax/tokens.js';
import { lookupFunction, CONSTANTS } from '../../core/builtins/table.js';
import { toRange } from '../convert.js';
import { ReferenceFinder, type Symbol } from '../reference-finder.js';
import type { LossServices } from '../services.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Rename of losses (in every file that uses them), parameters, `let`/`learn` bindings and trials. */
export class RenameFeature {
  private readonly finder: ReferenceFinder;

  constructor(private readonly services: LossServices) {
    this.finder = new ReferenceFinder(services);
  }

  prepareRename(params: PrepareRenameParams): { range: Range; placeholder: string } | null {
    const doc = this.services.documents.get(params.textDocument.uri);
    if (!doc) return null;
    const offset = doc.index.offsetAt(params.position);
    const sym = this.finder.symbolAt(doc.uri, offset);
    if (!sym) return null;
    this.assertRenamable(sym);
    return { range: toRange(doc.index, sym.at), placeholder: doc.text.slice(sym.at.start, sym.at.end) };
  }

  rename(params: RenameParams): WorkspaceEdit | null {
    const doc = this.services.documents.get(params.textDocument.uri);
    if (!doc) return null;
    const sym = this.finder.symbolAt(doc.uri, doc.index.offsetAt(params.position));
    if (!sym) return null;
    this.assertRenamable(sym);
    const name = params.newName.trim();
    if (!IDENTIFIER.test(name)) throw new ResponseError(ErrorCodes.InvalidParams, `'${params.newName}' is not a valid name: use letters, digits and _, not starting with a digit`);
    if ((KEYWORDS as readonly string[]).includes(name)) throw new ResponseError(ErrorCodes.InvalidParams, `'${name}' is a keyword of .loss`);
    if (sym.def.kind === 'loss' && (lookupFunction(name) || CONSTANTS.has(name))) {
      throw new ResponseError(ErrorCodes.InvalidParams, `'${name}' is a builtin; a loss of that name would hide it`);
    }
    const changes: Record<string, TextEdit[]> = {};
    for (const o of this.finder.occurrences(sym)) {
      (changes[o.uri] ??= []).push({ range: toRange(o.index, o.span), newText: name });
    }
    return { changes };
  }

  private assertRenamable(sym: Symbol): void {
    if (sym.def.kind === 'builtin' || sym.def.kind === 'constant' || sym.def.kind === 'context') {
      throw new ResponseError(ErrorCodes.InvalidRequest, `'${sym.def.name}' is built into the language and cannot be renamed`);
    }
  }
}
