// How a `.loss` identifier is written as a mathematical symbol: Greek names become Greek letters,
// `p_t` becomes p_{t} (a one-letter or Greek base only), trailing digits become a subscript (`l1` → l_{1}),
// other multi-letter names are upright (\mathrm{at}, \mathrm{per\_sample}) so they do not read as a
// product of letters.

import type { BuiltinParam } from '../builtins/types.js';

const GREEK_LOWER = [
  'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota', 'kappa', 'lambda', 'mu',
  'nu', 'xi', 'pi', 'rho', 'sigma', 'tau', 'upsilon', 'phi', 'chi', 'psi', 'omega',
];
const GREEK_UPPER = ['Gamma', 'Delta', 'Theta', 'Lambda', 'Xi', 'Pi', 'Sigma', 'Upsilon', 'Phi', 'Psi', 'Omega'];

/** Identifier → Greek letter command, including the usual short spellings (`eps`, `lam`). */
const GREEK: ReadonlyMap<string, string> = new Map<string, string>([
  ...GREEK_LOWER.map((g): [string, string] => [g, `\\${g}`]),
  ...GREEK_UPPER.map((g): [string, string] => [g, `\\${g}`]),
  ['varepsilon', '\\varepsilon'], ['vartheta', '\\vartheta'], ['varphi', '\\varphi'], ['varsigma', '\\varsigma'],
  ['eps', '\\epsilon'], ['lam', '\\lambda'], ['lmbda', '\\lambda'],
]);

/** The TeX of one identifier used as a variable. */
export function symbolTex(name: string): string {
  if (name.length === 0) return '\\square';
  // Leading, trailing or doubled underscores are part of the name, not subscripts.
  if (/^_|_$|__/.test(name)) return `\\mathrm{${escapeText(name)}}`;
  const parts = name.split('_');
  const [head, ...subs] = parts;
  // Only a one-letter or Greek base takes the rest as a subscript (p_t, w_cls, gamma_neg); a word base
  // stays one upright word (per_sample, not per with subscript sample; max_margin is not a max).
  if (subs.length > 0 && !/^[A-Za-z]\d*$/.test(head!) && !GREEK.has(head!.replace(/\d+$/, ''))) {
    return `\\mathrm{${escapeText(name)}}`;
  }
  // Trailing digits of the head are a subscript too: `l1` → l_{1}, `gamma2` → \gamma_{2}.
  const digits = /^(.*?[A-Za-z])(\d+)$/.exec(head!);
  const base = digits ? baseTex(digits[1]!) : baseTex(head!);
  const subscripts = [...(digits ? [digits[2]!] : []), ...subs.map(subscriptPartTex)];
  return subscripts.length > 0 ? `${base}_{${subscripts.join(',')}}` : base;
}

function baseTex(s: string): string {
  const greek = GREEK.get(s);
  if (greek) return greek;
  if (/^[A-Za-z]$/.test(s)) return s;
  if (/^\d+$/.test(s)) return s;
  return `\\mathrm{${escapeText(s)}}`;
}

function subscriptPartTex(s: string): string {
  const greek = GREEK.get(s);
  if (greek) return greek;
  if (/^[A-Za-z]$/.test(s) || /^\d+$/.test(s)) return s;
  return `\\text{${escapeText(s)}}`;
}

/**
 * Escapes text for \text{…} (and for \mathrm / \operatorname, where only `_` can occur since identifiers
 * are `[A-Za-z0-9_]`). Works in LaTeX and in MathJax with its textmacros package.
 */
export function escapeText(s: string): string {
  return s.replace(/[\\{}_^#$%&~]/g, (c) => {
    switch (c) {
      case '\\': return '$\\backslash$';
      case '~': return '\\~{}';
      case '^': return '\\^{}';
      default: return `\\${c}`;
    }
  });
}

/** `\operatorname{name}` for a function without a template, with `_` escaped. */
export function operatorNameTex(name: string): string {
  return `\\operatorname{${escapeText(name)}}`;
}

/** `\mathcal{L}_{\text{name}}`: how a user loss is named in formulas. */
export function lossSymbolTex(name: string): string {
  return `\\mathcal{L}_{\\text{${escapeText(name)}}}`;
}

/**
 * The symbol of a builtin's parameter: its record's `tex` when that is a real symbol (\gamma, m_{\max}),
 * else the identifier rendered as usual (records may repeat the plain name, `logits`, as their tex).
 */
export function paramSymbolTex(p: Pick<BuiltinParam, 'name' | 'tex'>): string {
  return p.tex && p.tex !== p.name ? p.tex : symbolTex(p.name);
}
