import { Prec, texShape } from './tex-shape.js';

// A rendered piece of TeX with what its surroundings need to know to parenthesise it correctly.

export interface Frag {
  readonly tex: string;
  readonly prec: Prec;
  /** Takes a superscript directly (`x`, `p_{t}`, `\sigma(z)`), unlike `e^{x}` or `\frac{a}{b}`. */
  readonly postfixSafe: boolean;
  /** Swallows what is written after it (`\sum_{i} x`, `\log p`): parenthesised unless it comes last. */
  readonly openRight: boolean;
  /** Starts with a digit: juxtaposing it after another factor would merge the numbers (`2 3`). */
  readonly startsWithDigit: boolean;
  /** A number literal (a following \frac would read as a mixed number: 2\frac{1}{2}). */
  readonly isNumber: boolean;
  /** Starts with \frac. */
  readonly startsWithFrac: boolean;
  /** Starts / ends with an upright multi-letter symbol (`\mathrm{at}`): juxtaposed, it would run into its
   *  neighbour or read as a function applied to a following parenthesis. */
  readonly startsWord: boolean;
  readonly endsWord: boolean;
}

export function frag(tex: string, prec: Prec, extra: Partial<Omit<Frag, 'tex' | 'prec'>> = {}): Frag {
  return {
    tex,
    prec,
    postfixSafe: extra.postfixSafe ?? prec === Prec.Atom,
    openRight: extra.openRight ?? false,
    startsWithDigit: extra.startsWithDigit ?? /^\d/.test(tex),
    isNumber: extra.isNumber ?? false,
    startsWithFrac: extra.startsWithFrac ?? /^\\[dt]?frac(?![A-Za-z])/.test(tex),
    startsWord: extra.startsWord ?? false,
    endsWord: extra.endsWord ?? false,
  };
}

/** A fragment whose shape is read off its TeX (for builtin templates and table symbols). */
export function shapedFrag(tex: string): Frag {
  const s = texShape(tex);
  const word = /^\\mathrm\{[^}]*\}(_\{.*\})?$/.test(tex);
  return frag(tex, s.prec, { postfixSafe: s.postfixSafe, openRight: s.openRight, startsWord: word, endsWord: word });
}

/** Content that is taller than a line of text: fractions, big operators, roots, nested \left…\right. */
const TALL = /\\(frac|dfrac|tfrac|sum|prod|int|begin|sqrt|binom|max|min|left)(?![A-Za-z])/;

/** Tall content gets delimiters that grow with it. */
export function delimit(open: '(' | '[', content: string): string {
  const close = open === '(' ? ')' : ']';
  return TALL.test(content)
    ? `\\left${open}${content}\\right${close}`
    : `${open}${content}${close}`;
}

/**
 * `\left(x\right)` → `(x)` where the content is not tall: after \operatorname, \left( adds a space
 * (in LaTeX and MathJax alike), and plain parentheses read better at text height.
 */
export function relaxDelimiters(tex: string): string {
  let out = '';
  let i = 0;
  while (i < tex.length) {
    const open = tex.indexOf('\\left(', i);
    if (open < 0) break;
    const close = matchingRightParen(tex, open);
    if (close === undefined) break;
    const inner = relaxDelimiters(tex.slice(open + 6, close));
    out += tex.slice(i, open) + (TALL.test(inner) ? `\\left(${inner}\\right)` : `(${inner})`);
    i = close + 7;
  }
  return out + tex.slice(i);
}

/** Index of the `\right)` closing the `\left(` at `open` (other \left…\right pairs nest inside). */
function matchingRightParen(tex: string, open: number): number | undefined {
  let depth = 0;
  const re = /\\(left|right)(?![A-Za-z])/g;
  re.lastIndex = open;
  for (let m = re.exec(tex); m; m = re.exec(tex)) {
    if (m[1] === 'left') depth++;
    else if (--depth === 0) return tex.startsWith('\\right)', m.index) ? m.index : undefined;
  }
  return undefined;
}

export function parenthesize(f: Frag): Frag {
  return frag(delimit('(', f.tex), Prec.Atom, { postfixSafe: true });
}

/** `f` itself when it binds at least as tightly as `prec`, else parenthesised. */
export function atLeast(f: Frag, prec: Prec): Frag {
  return f.prec >= prec ? f : parenthesize(f);
}
