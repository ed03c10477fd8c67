// AST → LaTeX. Pure: no editor or LSP imports, so the CLI exporter, hovers and tests share it.
export { exprToLatex, sumTermsToLatex } from './expr.js';
export { lossToLatex, lossLatexDocumentFragment, type LossLatex, type LatexRow, type FragmentOptions } from './loss.js';
export { builtinFormulaLatex, type BuiltinLatex } from './builtin-formula.js';
export type { LatexContext } from './context.js';
export { symbolTex, lossSymbolTex, escapeText } from './symbols.js';
export { numberTex } from './number.js';
export { bracesBalanced } from './tex-shape.js';
