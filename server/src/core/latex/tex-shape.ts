// The outer shape of a TeX string, for deciding where parentheses are needed around a piece of TeX
// that was not built here (a builtin's call template after substitution).

/** Binding strength of a rendered piece; a piece is parenthesised where a stronger one is required. */
export const Prec = {
  Relation: 1,
  Sum: 2,
  Product: 3,
  Unary: 4,
  Power: 5,
  Atom: 6,
} as const;
export type Prec = (typeof Prec)[keyof typeof Prec];

export interface TexShape {
  readonly prec: Prec;
  /** Takes `^{…}` directly without reading wrongly (`x`, `p_{t}`, `\sigma\left(z\right)`). */
  readonly postfixSafe: boolean;
  /**
   * Extends to the right like `\sum_i x_i` or `\log p`: anything written after it would be read as part
   * of it, so it is parenthesised when it is not the last factor.
   */
  readonly openRight: boolean;
}

/** One lexical item: a control sequence, a braced group, or a single character. */
interface Item {
  readonly text: string;
  readonly kind: 'command' | 'group' | 'char' | 'space';
  /** For `\left`: the index of the item holding the matching `\right`. */
  readonly end?: number;
}

const BIG_OPERATORS = new Set(['\\sum', '\\prod', '\\int', '\\max', '\\min', '\\lim', '\\sup', '\\inf', '\\argmax', '\\argmin', '\\mathop', '\\operatorname*']);
const FUNCTION_WORDS = new Set([
  '\\log', '\\ln', '\\exp', '\\sin', '\\cos', '\\tan', '\\tanh', '\\sinh', '\\cosh', '\\arccos', '\\arcsin',
  '\\arctan', '\\det', '\\sigma', '\\operatorname', '\\mathcal', '\\mathrm', '\\text', '\\mathbb', '\\nabla',
]);
const RELATIONS = new Set(['=', '<', '>', '\\le', '\\leq', '\\ge', '\\geq', '\\ne', '\\neq', '\\in', '\\approx', '\\equiv', '\\sim', '\\to']);

/** Splits TeX into top-level items: `\left … \right` pairs and `{…}` groups stay whole. */
function items(tex: string): Item[] | undefined {
  const out: Item[] = [];
  let i = 0;
  while (i < tex.length) {
    const c = tex[i]!;
    if (c === '\\') {
      const m = /^\\([A-Za-z]+\*?|.)/.exec(tex.slice(i));
      if (!m) return undefined;
      const name = m[0];
      if (name === '\\left') {
        const end = matchingRight(tex, i);
        if (end === undefined) return undefined;
        out.push({ text: tex.slice(i, end), kind: 'group' });
        i = end;
        continue;
      }
      out.push({ text: name, kind: 'command' });
      i += name.length;
    } else if (c === '{') {
      const end = matchingBrace(tex, i);
      if (end === undefined) return undefined;
      out.push({ text: tex.slice(i, end + 1), kind: 'group' });
      i = end + 1;
    } else if (/\s/.test(c)) {
      out.push({ text: c, kind: 'space' });
      i++;
    } else {
      out.push({ text: c, kind: 'char' });
      i++;
    }
  }
  return out;
}

/** Index of the `}` closing the `{` at `open`. */
function matchingBrace(tex: string, open: number): number | undefined {
  let depth = 0;
  for (let i = open; i < tex.length; i++) {
    const c = tex[i];
    if (c === '\\') { i++; continue; }
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return undefined;
}

/** Index just past the delimiter after the `\right` matching the `\left` at `start`. */
function matchingRight(tex: string, start: number): number | undefined {
  let depth = 0;
  const re = /\\(left|right)(?![A-Za-z])/g;
  re.lastIndex = start;
  for (let m = re.exec(tex); m; m = re.exec(tex)) {
    if (m[1] === 'left') depth++;
    else if (--depth === 0) {
      const after = /^(\\[A-Za-z]+|\\.|.)/.exec(tex.slice(re.lastIndex));
      return re.lastIndex + (after ? after[0].length : 0);
    }
  }
  return undefined;
}

/** The shape of a TeX string (conservative: when unsure, it asks for parentheses). */
export function texShape(tex: string): TexShape {
  const all = items(tex);
  if (!all) return { prec: Prec.Sum, postfixSafe: false, openRight: false };
  const its = all.filter((x) => x.kind !== 'space');
  if (its.length === 0) return { prec: Prec.Atom, postfixSafe: true, openRight: false };

  let relation = false;
  let sum = false;
  let bigOperator = false;
  let superscript = false;
  its.forEach((it, k) => {
    if (RELATIONS.has(it.text)) relation = true;
    if ((it.text === '+' || it.text === '-' || it.text === '\\pm') && k > 0) {
      // A sign right after an operator or a script mark is unary (`a \cdot -b`, `10^-3`), not a sum.
      const prev = its[k - 1]!.text;
      if (!['^', '_', '(', '[', ',', '\\cdot', '\\times', '='].includes(prev)) sum = true;
    }
    if (BIG_OPERATORS.has(it.text)) bigOperator = true;
    if (it.text === '^') superscript = true;
  });
  if (relation) return { prec: Prec.Relation, postfixSafe: false, openRight: false };
  if (sum) return { prec: Prec.Sum, postfixSafe: false, openRight: false };
  if (its[0]!.text === '-' || its[0]!.text === '+') return { prec: Prec.Unary, postfixSafe: false, openRight: true };
  if (bigOperator) return { prec: Prec.Product, postfixSafe: false, openRight: true };
  if (isSingleAtom(its)) return { prec: Prec.Atom, postfixSafe: true, openRight: false };
  if (its.some((it) => it.text === '\\frac' || it.text === '\\dfrac' || it.text === '\\tfrac') && !superscript && its.length === 3) {
    return { prec: Prec.Product, postfixSafe: false, openRight: false };
  }
  // A function word followed by an undelimited argument (`\log p`) swallows what follows it.
  const functionApplied = FUNCTION_WORDS.has(its[0]!.text) && !isSingleAtom(its);
  if (superscript && !functionApplied && its.length <= 4) return { prec: Prec.Power, postfixSafe: false, openRight: false };
  return { prec: Prec.Product, postfixSafe: false, openRight: functionApplied };
}

/**
 * A head (a letter, a command with its braced arguments, optional subscript) followed by at most one
 * delimited group at the very end, optionally subscripted: `x`, `p_{t}`, `\sigma\left(z\right)`,
 * `\operatorname{sg}\left(x\right)`, `\left\lVert x\right\rVert_{2}`, `\mathbb{1}\left[x > 0\right]`.
 */
function isSingleAtom(its: readonly Item[]): boolean {
  let k = 0;
  const next = () => its[k];
  const takeSubscript = () => {
    if (next()?.text === '_' && its[k + 1]) k += 2;
  };
  const first = next();
  if (!first) return true;
  if (first.kind === 'group') {
    k++;
  } else if (first.kind === 'command') {
    if (first.text === '\\frac' || BIG_OPERATORS.has(first.text)) return false;
    k++;
    while (next()?.kind === 'group' && next()!.text.startsWith('{')) k++; // \mathcal{L}, \operatorname{x}
  } else if (/^[A-Za-z0-9.]$/.test(first.text)) {
    k++;
    while (next() && /^[0-9.]$/.test(next()!.text) && /^[0-9.]$/.test(first.text)) k++; // 0.25
  } else if (first.text === '(' || first.text === '[') {
    const close = first.text === '(' ? ')' : ']';
    let depth = 0;
    for (; k < its.length; k++) {
      if (its[k]!.text === first.text) depth++;
      else if (its[k]!.text === close && --depth === 0) break;
    }
    if (k >= its.length) return false;
    k++;
    takeSubscript();
    return k === its.length;
  } else {
    return false;
  }
  takeSubscript();
  if (k === its.length) return true;
  // One delimited argument list to close it: `\left(…\right)`, or a plain `(…)`.
  const rest = its.slice(k);
  if (rest[0]!.kind === 'group' && rest[0]!.text.startsWith('\\left')) {
    k++;
    takeSubscript();
    return k === its.length;
  }
  if (rest[0]!.text === '(') {
    let depth = 0;
    for (; k < its.length; k++) {
      if (its[k]!.text === '(') depth++;
      else if (its[k]!.text === ')' && --depth === 0) break;
    }
    return k === its.length - 1;
  }
  return false;
}

/** True when every `{` has its `}` and every `\left` its `\right` (escaped braces `\{` excluded). */
export function bracesBalanced(tex: string): boolean {
  let braces = 0;
  let delimiters = 0;
  for (let i = 0; i < tex.length; i++) {
    const c = tex[i];
    if (c === '\\') {
      const m = /^\\([A-Za-z]+|.)/.exec(tex.slice(i));
      const name = m ? m[1] : '';
      if (name === 'left') delimiters++;
      else if (name === 'right' && --delimiters < 0) return false;
      i += m ? m[0].length - 1 : 0;
      continue;
    }
    if (c === '{') braces++;
    else if (c === '}' && --braces < 0) return false;
  }
  return braces === 0 && delimiters === 0;
}
