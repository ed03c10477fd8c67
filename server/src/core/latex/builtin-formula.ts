import type { BuiltinFunction, BuiltinParam } from '../builtins/types.js';
import { numberTex } from './number.js';
import { escapeText } from './symbols.js';

// A builtin's formula for its hover: the record's `formula`, then one line naming each symbol it uses
// (γ is the argument `gamma`, default 2, recommended 0…5).

export interface BuiltinLatex {
  readonly formula: string;
  /** One line per parameter that has a symbol. */
  readonly where: readonly string[];
  /** Formula and symbol lines in one display (a `gathered` block), ready to render. */
  readonly tex: string;
}

export function builtinFormulaLatex(b: BuiltinFunction): BuiltinLatex {
  const where = b.params.filter((p) => p.tex).map(paramLine);
  const formula = b.formula.trim() || `\\operatorname{${escapeText(b.name)}}`;
  const tex = where.length === 0 ? formula : `\\begin{gathered}${formula} \\\\ ${where.join(',\\quad ')}\\end{gathered}`;
  return { formula, where, tex };
}

function paramLine(p: BuiltinParam): string {
  const name = `\\texttt{${escapeText(p.name)}}`;
  const parts: string[] = [];
  if (p.kind === 'tensor' && p.roles && p.roles.length > 0) parts.push(`\\text{${p.roles.map(escapeText).join(' or ')}}`);
  if (p.default !== undefined && p.default !== null) parts.push(`\\text{default } ${valueTex(p.default)}`);
  if (p.recommended) parts.push(`\\text{typically } ${valueTex(p.recommended[0])}\\text{ to } ${valueTex(p.recommended[1])}`);
  return `${p.tex}\\ (${name}${parts.length ? `:\\ ${parts.join(',\\ ')}` : ''})`;
}

function valueTex(v: number | string | boolean): string {
  if (typeof v === 'number') return numberTex(v).tex;
  if (typeof v === 'boolean') return `\\mathrm{${v}}`;
  return `\\text{${escapeText(v)}}`;
}
