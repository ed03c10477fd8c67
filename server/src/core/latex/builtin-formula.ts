import type { BuiltinFunction, BuiltinParam } from '../builtins/types.js';
import { escapeText, paramSymbolTex } from './symbols.js';

// A builtin's formula for its hover: the record's `formula`, then one line naming each symbol it uses
// (γ is the argument `gamma`, default 2, recommended 0…5).

export interface BuiltinLatex {
  readonly formula: string;
  /** One line per tensor, loss and hyperparameter: its symbol, name, roles, default, usual range. */
  readonly where: readonly string[];
  /** Formula and symbol lines in one display (an `aligned` block, left-aligned), ready to render. */
  readonly tex: string;
}

export function builtinFormulaLatex(b: BuiltinFunction): BuiltinLatex {
  // Tensors, losses and hyperparameters appear in formulas; axes, options and flags do not.
  const where = b.params.filter((p) => p.kind === 'tensor' || p.kind === 'hyper' || p.kind === 'loss').map(paramLine);
  const formula = b.formula.trim() || `\\operatorname{${escapeText(b.name)}}`;
  // One symbol per line, left-aligned under the formula: a single long line would be too wide for a hover.
  const tex = where.length === 0 ? formula : `\\begin{aligned}&${formula} \\\\ ${where.map((w) => `&\\quad ${w}`).join(' \\\\ ')}\\end{aligned}`;
  return { formula, where, tex };
}

/** `\gamma\ \text{(gamma: default 2, typically 0 to 5)}`. Plain text after the symbol: fewer glyphs to embed. */
function paramLine(p: BuiltinParam): string {
  const parts: string[] = [];
  if (p.kind === 'tensor' && p.roles && p.roles.length > 0) parts.push(p.roles.join(' or '));
  if (p.variadic) parts.push('one or more');
  if (p.default !== undefined && p.default !== null) parts.push(`default ${valueText(p.default)}`);
  if (p.recommended) parts.push(`typically ${valueText(p.recommended[0])} to ${valueText(p.recommended[1])}`);
  const text = `${p.name}${parts.length ? `: ${parts.join(', ')}` : ''}`;
  return `${paramSymbolTex(p)}\\ \\text{(${escapeText(text)})}`;
}

function valueText(v: number | string | boolean): string {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : v > 0 ? '∞' : '−∞';
  return String(v);
}
