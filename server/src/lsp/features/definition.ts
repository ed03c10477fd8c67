import type { DefinitionParams, Location } from 'vscode-languageserver';
import { toRange } from '../convert.js';
import { ReferenceFinder } from '../reference-finder.js';
import type { LossServices } from '../services.js';

/** Go to definition: losses (also across imports), parameters, `let` and `learn` bindings, trials. */
export class DefinitionFeature {
  private readonly finder: ReferenceFinder;

  constructor(private readonly services: LossServices) {
    this.finder = new ReferenceFinder(services);
  }

  definition(params: DefinitionParams): Location | null {
    const doc = this.services.documents.get(params.textDocument.uri);
    if (!doc) return null;
    const sym = this.finder.symbolAt(doc.uri, doc.index.offsetAt(params.position));
    const loc = sym && this.finder.definitionLocation(sym);
    return loc ? { uri: loc.uri, range: toRange(loc.index, loc.span) } : null;
  }
}
