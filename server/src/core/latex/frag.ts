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

/** Tall content (fractions, big operators, nested \left…\right) gets delimiters that grow with it. */
export function delimit(open: '(' | '[', content: string): string {
  const close = open === '(' ? ')' : ']';
  return /\\(frac|dfrac|tfrac|sum|prod|int|begin|left|sqrt|binom|max|min)(?![A-Za-z])/.test(content)
    ? `\\left${open}${content}\\right${close}`
    : `${open}${content}${close}`;
}

export function parenthesize(f: Frag): Frag {
  return frag(delimit('(', f.tex), Prec.Atom, { postfixSafe: true });
}

/** `f` itself when it binds at least as tightly as `prec`, else parenthesised. */
export function atLeast(f: Frag, prec: Prec): Frag {
  return f.prec >= prec ? f : parenthesize(f);
}
