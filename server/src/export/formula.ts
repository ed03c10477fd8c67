import type { Analysis } from '../core/analysis/model.js';
import { lossLatexDocumentFragment, lossToLatex, type LatexContext } from '../core/latex/index.js';
import type { ExportPlan, LossPlan } from './plan.js';

// The formula of a loss as generated code documents it: its LaTeX (the main line and its "where"
// lines, from the shared AST→LaTeX renderer) and the `.loss` source of the declaration as written.

export interface FormulaText {
  readonly latex?: string;
  readonly source?: string;
}

function latexContext(loss: LossPlan, analysis: Analysis): LatexContext {
  return { analysis, loss: loss.info.decl };
}

export function formulaOf(loss: LossPlan, analysis: Analysis): FormulaText {
  let latex: string | undefined;
  try {
    const l = lossToLatex(loss.info.decl, latexContext(loss, analysis));
    latex = [l.formula, ...l.where].join('\n');
  } catch {
    latex = undefined; // The source text below still documents the loss.
  }
  const text = loss.sourceText;
  const decl = loss.info.decl;
  const source = text === undefined ? undefined : text.slice(decl.span.start, decl.span.end).replace(/\s+$/, '');
  return { ...(latex ? { latex } : {}), ...(source ? { source } : {}) };
}

/** `--to latex`: the exported loss's fragment, then those of the losses it calls. */
export function latexDocument(plan: ExportPlan): string {
  const order = [plan.root, ...plan.losses.filter((l) => l !== plan.root).reverse()];
  return order.map((l) => lossLatexDocumentFragment(l.info.decl, latexContext(l, plan.analysis))).join('\n\n') + '\n';
}
