import type * as A from '../syntax/ast.js';
import type { LatexContext } from './context.js';
import { exprToLatex, sumTermsToLatex } from './expr.js';
import { lossSymbolTex, symbolTex } from './symbols.js';

// A whole loss as math: the return expression as the main line, each `let` as a "where" line, `learn`
// values marked as learned, hyperparameters with their defaults and ranges on a final line.

/** One line split at its relation, so lines can be aligned (`lhs &rhs`). */
export interface LatexRow {
  readonly kind: 'main' | 'let' | 'learn' | 'hyperparameters';
  readonly lhs: string;
  /** Starts with the relation (`= …`), or is the whole line when `lhs` is empty. */
  readonly rhs: string;
  /** For a long sum: `rhs` cut before some of its `+`/`-` terms, for display on several lines. */
  readonly lines?: readonly string[];
}

export interface LossLatex {
  /** `\mathcal{L}_{\text{name}}(inputs) = …`. */
  readonly formula: string;
  /** `let` lines, `learn` lines, then the hyperparameter line, in that order. */
  readonly where: readonly string[];
  readonly rows: readonly LatexRow[];
}

export function lossToLatex(decl: A.LossDecl, ctx: LatexContext = {}): LossLatex {
  const inner: LatexContext = { ...ctx, loss: decl };
  const { inputs, hyperparameters } = splitParams(decl, ctx);
  const head = decl.name ? lossSymbolTex(decl.name.name) : '\\mathcal{L}';
  const ret = decl.body.find((s): s is A.ReturnStatement => s.kind === 'Return');
  const rhs = `= ${ret ? exprToLatex(ret.value, inner) : '\\square'}`;
  const terms = ret ? sumTermsToLatex(ret.value, inner) : undefined;
  const lines = terms ? breakSum([`= ${terms[0]}`, ...terms.slice(1)]) : undefined;
  const rows: LatexRow[] = [
    {
      kind: 'main',
      lhs: `${head}(${inputs.map((p) => symbolTex(p.name.name)).join(', ')})`,
      rhs,
      ...(lines && lines.length > 1 ? { lines } : {}),
    },
  ];
  for (const s of decl.body) {
    if (s.kind === 'Let') rows.push({ kind: 'let', lhs: symbolTex(s.name.name), rhs: `= ${exprToLatex(s.value, inner)}` });
    if (s.kind === 'Learn') {
      rows.push({ kind: 'learn', lhs: symbolTex(s.name.name), rhs: `\\quad\\text{(learned, init } ${exprToLatex(s.init, inner)}\\text{)}` });
    }
  }
  if (hyperparameters.length > 0) {
    rows.push({ kind: 'hyperparameters', lhs: '', rhs: hyperparameters.map((p) => hyperparameterTex(p, inner)).join(',\\quad ') });
  }
  const line = (r: LatexRow) => (r.lhs ? `${r.lhs} ${r.rhs}` : r.rhs);
  return { formula: line(rows[0]!), where: rows.slice(1).map(line), rows };
}

/** About the number of characters that fit on one displayed line of a hover or a page. */
const LINE_WIDTH = 64;

/** Rough displayed width of TeX: a command counts as one character, braces and script marks as none. */
function displayWidth(tex: string): number {
  return tex.replace(/\\(left|right)(?![A-Za-z])/g, '').replace(/\\[A-Za-z]+/g, 'x').replace(/[{}^_\s]/g, '').length;
}

/** Greedily packs the terms of a sum into lines of at most LINE_WIDTH (a term longer than that gets its own line). */
function breakSum(terms: readonly string[]): string[] {
  const lines: string[] = [];
  let current = '';
  for (const t of terms) {
    if (current && displayWidth(current) + displayWidth(t) > LINE_WIDTH) {
      lines.push(current);
      current = t;
    } else {
      current = current ? `${current} ${t}` : t;
    }
  }
  if (current) lines.push(current);
  return lines;
}

/** Tensor inputs (a role, or neither role nor default) and hyperparameters (a default and no role). */
function splitParams(decl: A.LossDecl, ctx: LatexContext): { inputs: A.Parameter[]; hyperparameters: A.Parameter[] } {
  const info = decl.name ? ctx.analysis?.losses.get(decl.name.name) : undefined;
  if (info && info.decl === decl) return { inputs: [...info.inputs], hyperparameters: [...info.hyperparameters] };
  const hyperparameters = decl.params.filter((p) => !p.role && p.defaultValue);
  return { inputs: decl.params.filter((p) => !hyperparameters.includes(p)), hyperparameters };
}

/** `\gamma = 2\ (0 \leq \gamma \leq 5)`. */
function hyperparameterTex(p: A.Parameter, ctx: LatexContext): string {
  const sym = symbolTex(p.name.name);
  const value = p.defaultValue ? ` = ${exprToLatex(p.defaultValue, ctx)}` : '';
  const range = p.range ? `\\ (${exprToLatex(p.range.lo, ctx)} \\leq ${sym} \\leq ${exprToLatex(p.range.hi, ctx)})` : '';
  return `${sym}${value}${range}`;
}

export interface FragmentOptions {
  /** `align*` for a LaTeX document (amsmath), `aligned` to embed in math mode (hovers, MathJax). */
  readonly environment?: 'align*' | 'aligned';
  /** Prefix the doc comment as `%` lines (only with `align*`, where comments are legal). */
  readonly comment?: boolean;
}

/**
 * A self-contained LaTeX fragment for a loss: the main line and its "where" lines, aligned on the
 * relation. This is what `losslab export --to latex` prints.
 */
export function lossLatexDocumentFragment(decl: A.LossDecl, ctx: LatexContext = {}, options: FragmentOptions = {}): string {
  const env = options.environment ?? 'align*';
  const { rows } = lossToLatex(decl, ctx);
  const lines = rows.map((r, i) => {
    if (r.kind === 'hyperparameters') return `&\\text{with } ${r.rhs}`;
    const prefix = i === 1 ? '\\text{where}\\quad ' : '';
    // A long sum continues on indented lines: `&\quad + term`.
    const rhs = r.lines ? r.lines.map((l, k) => (k === 0 ? l : `&\\quad ${l}`)).join(' \\\\\n') : r.rhs;
    return `${prefix}${r.lhs} &${rhs}`;
  });
  const body = `\\begin{${env}}\n${lines.join(' \\\\\n')}\n\\end{${env}}`;
  if (env !== 'align*' || options.comment === false) return body;
  const title = decl.name ? `% ${decl.name.name}` : '% (unnamed loss)';
  const doc = decl.doc ? decl.doc.text.split('\n').map((l) => `% ${l}`.trimEnd()) : [];
  return [title, ...doc, body].join('\n');
}
