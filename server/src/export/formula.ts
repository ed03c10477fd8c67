import type { Analysis } from '../core/analysis/model.js';
import type { LossPlan } from './plan.js';

// The formula of a loss as generated code's documentation carries it: the `.loss` source of the
// declaration, exactly as written (and, once rendered, its LaTeX).

export interface FormulaText {
  readonly latex?: string;
  readonly source?: string;
}

export function formulaOf(loss: LossPlan, _analysis: Analysis): FormulaText {
  const text = loss.sourceText;
  const decl = loss.info.decl;
  if (text === undefined) return {};
  // The declaration without its doc comment (that is the docstring's first paragraph already).
  return { source: text.slice(decl.span.start, decl.span.end).replace(/\s+$/, '') };
}
