import type { Analysis } from '../core/analysis/model.js';
import { lossLatexDocumentFragment } from '../core/latex/index.js';
import type * as A from '../core/syntax/ast.js';
import { latexToUnicodeText, mathImageMarkdown } from '../math/index.js';
import type { MathRenderer } from './services.js';

// Hovers draw math with the core's LaTeX renderer (AST → TeX) and MathJax (TeX → SVG data URI), with a
// Unicode rendering of the same TeX as the text fallback.

/** The whole definition of a user loss as one aligned display: main line, `let` lines, hyperparameters. */
export function lossDefinitionTex(analysis: Analysis | undefined, decl: A.LossDecl): string | undefined {
  try {
    return lossLatexDocumentFragment(decl, analysis ? { analysis } : {}, { environment: 'aligned' });
  } catch {
    return undefined; // a renderer bug must not take the hover down; the source text is shown instead
  }
}

export const mathJaxRenderer: MathRenderer = {
  image: (tex, alt, theme) => mathImageMarkdown(tex, { themeKind: theme, alt }),
  text: (tex) => latexToUnicodeText(tex),
};
