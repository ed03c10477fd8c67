// TeX → readable Unicode text (σ(z), Σᵢ, x², γ, ‖x‖₂, (1/N)): the fallback under or instead of a math
// image (screen readers, clients without images, formulas too large to embed). Covers the TeX this
// project generates and the builtin table's formulas; anything unknown degrades to its name, never throws.

type Node =
  | { readonly t: 'group'; readonly items: readonly Node[] }
  | { readonly t: 'cmd'; readonly name: string }
  | { readonly t: 'char'; readonly c: string }
  | { readonly t: 'space' };

function parse(tex: string): Node[] {
  const stack: Node[][] = [[]];
  const top = () => stack[stack.length - 1]!;
  for (let i = 0; i < tex.length; ) {
    const c = tex[i]!;
    if (c === '\\') {
      const m = /^\\([A-Za-z]+\*?|.?)/.exec(tex.slice(i))!;
      top().push({ t: 'cmd', name: m[1] ?? '' });
      i += m[0].length;
    } else if (c === '{') {
      stack.push([]);
      i++;
    } else if (c === '}') {
      if (stack.length > 1) {
        const items = stack.pop()!;
        top().push({ t: 'group', items });
      }
      i++;
    } else if (c === '%') {
      while (i < tex.length && tex[i] !== '\n') i++; // a TeX comment runs to the end of the line
    } else if (/\s/.test(c)) {
      top().push({ t: 'space' });
      i++;
    } else {
      const cp = String.fromCodePoint(tex.codePointAt(i)!);
      top().push({ t: 'char', c: cp });
      i += cp.length;
    }
  }
  while (stack.length > 1) {
    const items = stack.pop()!; // unclosed group: keep its content
    top().push({ t: 'group', items });
  }
  return stack[0]!;
}

const GREEK: Readonly<Record<string, string>> = {
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ϵ', varepsilon: 'ε', zeta: 'ζ', eta: 'η', theta: 'θ',
  vartheta: 'ϑ', iota: 'ι', kappa: 'κ', lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', pi: 'π', varpi: 'ϖ', rho: 'ρ',
  varrho: 'ϱ', sigma: 'σ', varsigma: 'ς', tau: 'τ', upsilon: 'υ', phi: 'ϕ', varphi: 'φ', chi: 'χ', psi: 'ψ',
  omega: 'ω', Gamma: 'Γ', Delta: 'Δ', Theta: 'Θ', Lambda: 'Λ', Xi: 'Ξ', Pi: 'Π', Sigma: 'Σ', Upsilon: 'Υ',
  Phi: 'Φ', Psi: 'Ψ', Omega: 'Ω',
};

const SYMBOLS: Readonly<Record<string, string>> = {
  ...GREEK,
  cdot: '·', times: '×', div: '÷', pm: '±', mp: '∓', ast: '∗', star: '⋆', circ: '∘', bullet: '•',
  odot: '⊙', otimes: '⊗', oplus: '⊕', le: '≤', leq: '≤', ge: '≥', geq: '≥', ne: '≠', neq: '≠', approx: '≈',
  sim: '∼', simeq: '≃', equiv: '≡', propto: '∝', ll: '≪', gg: '≫', in: '∈', notin: '∉', subset: '⊂',
  subseteq: '⊆', cup: '∪', cap: '∩', setminus: '∖', emptyset: '∅', forall: '∀', exists: '∃', neg: '¬',
  land: '∧', lor: '∨', to: '→', rightarrow: '→', leftarrow: '←', Rightarrow: '⇒', Leftarrow: '⇐',
  leftrightarrow: '↔', mapsto: '↦', infty: '∞', partial: '∂', nabla: '∇', sum: 'Σ', prod: '∏', int: '∫',
  lVert: '‖', rVert: '‖', Vert: '‖', '|': '‖', lvert: '|', rvert: '|', vert: '|', mid: '|', langle: '⟨',
  rangle: '⟩', lfloor: '⌊', rfloor: '⌋', lceil: '⌈', rceil: '⌉', lbrace: '{', rbrace: '}', ldots: '…',
  cdots: '⋯', dots: '…', vdots: '⋮', top: '⊤', intercal: 'ᵀ', prime: '′', ell: 'ℓ', hbar: 'ℏ', dagger: '†',
  square: '□', checkmark: '✓', backslash: '\\', colon: ':', '{': '{', '}': '}', _: '_', '%': '%', '&': '&',
  '#': '#', $: '$',
};

/** Upright function names written as words. */
const WORDS = new Set([
  'log', 'ln', 'exp', 'sin', 'cos', 'tan', 'tanh', 'sinh', 'cosh', 'arcsin', 'arccos', 'arctan', 'max', 'min',
  'sup', 'inf', 'lim', 'arg', 'argmax', 'argmin', 'det', 'dim', 'sgn', 'Pr',
]);

const SPACES: Readonly<Record<string, string>> = { ',': ' ', ';': ' ', ':': ' ', ' ': ' ', '>': ' ', quad: '  ', qquad: '  ', '!': '', '\\': '\n' };
const IGNORED = new Set(['displaystyle', 'textstyle', 'scriptstyle', 'limits', 'nolimits', 'big', 'Big', 'bigg', 'Bigg', 'bigl', 'bigr', 'Bigl', 'Bigr', 'biggl', 'biggr', 'Biggl', 'Biggr', 'middle', 'left', 'right', 'nonumber', 'notag']);
const CONTENT_COMMANDS = new Set(['mathrm', 'operatorname', 'operatorname*', 'mathit', 'mathbf', 'boldsymbol', 'bm', 'mathsf', 'mathtt', 'mathop', 'mathbin', 'mathrel', 'mathord', 'pmb']);
const TEXT_COMMANDS = new Set(['text', 'textrm', 'textit', 'textbf', 'texttt', 'textsf', 'mbox', 'hbox', 'textnormal']);
const ACCENTS: Readonly<Record<string, string>> = {
  hat: '\u0302', widehat: '\u0302', bar: '\u0304', overline: '\u0305', tilde: '\u0303', widetilde: '\u0303',
  dot: '\u0307', ddot: '\u0308', vec: '\u20d7',
};
const CALLIGRAPHIC: Readonly<Record<string, string>> = { L: 'ℒ', N: '𝒩', O: '𝒪', D: '𝒟', B: 'ℬ', E: 'ℰ', F: 'ℱ', H: 'ℋ', I: 'ℐ', M: 'ℳ', R: 'ℛ', P: '𝒫', X: '𝒳', Y: '𝒴' };
const BLACKBOARD: Readonly<Record<string, string>> = { '1': '𝟙', R: 'ℝ', E: '𝔼', N: 'ℕ', Z: 'ℤ', Q: 'ℚ', C: 'ℂ', P: 'ℙ' };

const SUPERSCRIPT: Readonly<Record<string, string>> = {
  '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹',
  '+': '⁺', '-': '⁻', '−': '⁻', '=': '⁼', '(': '⁽', ')': '⁾', a: 'ᵃ', b: 'ᵇ', c: 'ᶜ', d: 'ᵈ', e: 'ᵉ', f: 'ᶠ',
  g: 'ᵍ', h: 'ʰ', i: 'ⁱ', j: 'ʲ', k: 'ᵏ', l: 'ˡ', m: 'ᵐ', n: 'ⁿ', o: 'ᵒ', p: 'ᵖ', r: 'ʳ', s: 'ˢ', t: 'ᵗ',
  u: 'ᵘ', v: 'ᵛ', w: 'ʷ', x: 'ˣ', y: 'ʸ', z: 'ᶻ', T: 'ᵀ', α: 'ᵅ', β: 'ᵝ', γ: 'ᵞ', δ: 'ᵟ', θ: 'ᶿ', φ: 'ᵠ',
  χ: 'ᵡ', '′': '′',
};
const SUBSCRIPT: Readonly<Record<string, string>> = {
  '0': '₀', '1': '₁', '2': '₂', '3': '₃', '4': '₄', '5': '₅', '6': '₆', '7': '₇', '8': '₈', '9': '₉',
  '+': '₊', '-': '₋', '−': '₋', '=': '₌', '(': '₍', ')': '₎', a: 'ₐ', e: 'ₑ', h: 'ₕ', i: 'ᵢ', j: 'ⱼ', k: 'ₖ',
  l: 'ₗ', m: 'ₘ', n: 'ₙ', o: 'ₒ', p: 'ₚ', r: 'ᵣ', s: 'ₛ', t: 'ₜ', u: 'ᵤ', v: 'ᵥ', x: 'ₓ', β: 'ᵦ', γ: 'ᵧ',
  ρ: 'ᵨ', φ: 'ᵩ', χ: 'ᵪ',
};

/** A readable Unicode rendering of `tex`. */
export function latexToUnicodeText(tex: string): string {
  let out: string;
  try {
    out = convertList(parse(tex), false);
  } catch {
    out = tex; // a bug here must not take a hover down; the TeX itself is still readable
  }
  return out
    .split('\n')
    .map((l) => l.replace(/[ \t\u00a0]+/g, ' ').replace(/([([⟨]) /g, '$1').replace(/ ([)\],;⟩])/g, '$1').trim())
    .filter((l) => l.length > 0)
    .join('\n')
    .normalize('NFC'); // y + combining circumflex → ŷ where a precomposed letter exists
}

function isSpace(n: Node | undefined): boolean {
  return n?.t === 'space';
}

function convertList(items: readonly Node[], text: boolean): string {
  let out = '';
  let i = 0;
  /** The next argument: a group's content or a single token (spaces before it skipped). */
  const nextArg = (): readonly Node[] => {
    while (isSpace(items[i])) i++;
    const n = items[i++];
    if (!n) return [];
    return n.t === 'group' ? n.items : [n];
  };
  /** `[…]` optional argument (\sqrt[3]{x}). */
  const optionalArg = (): string | undefined => {
    if (items[i]?.t !== 'char' || (items[i] as { c: string }).c !== '[') return undefined;
    const start = ++i;
    while (i < items.length && !(items[i]!.t === 'char' && (items[i] as { c: string }).c === ']')) i++;
    const inner = items.slice(start, i);
    i++;
    return convertList(inner, text);
  };
  const nonSpaceCount = items.filter((n) => !isSpace(n)).length;
  const append = (s: string, word = false) => {
    // Separate a word (log, max) from a preceding letter or digit: p\log q → "p log q".
    if (word && /[\p{L}\p{N}]$/u.test(out)) out += ' ';
    out += s;
  };

  while (i < items.length) {
    const n = items[i++]!;
    if (n.t === 'space') {
      out += ' ';
    } else if (n.t === 'group') {
      out += convertList(n.items, text);
    } else if (n.t === 'char') {
      if (text) {
        out += n.c === '~' ? ' ' : n.c;
      } else if (n.c === '^' || n.c === '_') {
        out += script(convertList(nextArg(), false), n.c === '^');
      } else {
        out += ({ '&': '', '~': ' ', '-': '−', "'": '′' } as Record<string, string>)[n.c] ?? n.c;
      }
    } else {
      const name = n.name;
      if (name in SPACES) out += SPACES[name]!;
      else if (name === 'left' || name === 'right') {
        // Source spacing inside \left…\right is layout, not meaning: ‖w‖, not ‖ w ‖.
        if (name === 'right') out = out.trimEnd();
        while (isSpace(items[i])) i++;
        const delim = items[i];
        if (delim?.t === 'char' && delim.c === '.') i++; // invisible delimiter
        else if (delim) out += convertList([items[i++]!], false);
        if (name === 'left') while (isSpace(items[i])) i++;
      } else if (IGNORED.has(name)) {
        // sizing and style commands carry no meaning in text
      } else if (name === 'frac' || name === 'dfrac' || name === 'tfrac' || name === 'cfrac') {
        const a = convertList(nextArg(), false).trim();
        const b = convertList(nextArg(), false).trim();
        const body = `${wrapUnlessSimple(a)}/${wrapUnlessSimple(b)}`;
        // Bare a/b only where nothing multiplies it: after an operator or at the start, and before an
        // operator or the end (`σ(x) = 1/(1 + e⁻ˣ)`, but `−(1/N) Σᵢ …`).
        const prevFree = !/[\p{L}\p{N}′)\]−]\s*$/u.test(out);
        const nextFree = nextIsBoundary(items, i);
        out += nonSpaceCount === 3 || (prevFree && nextFree) ? body : `(${body}) `;
      } else if (name === 'sqrt') {
        const index = optionalArg();
        const a = convertList(nextArg(), false).trim();
        out += `${index === '3' ? '∛' : index === '4' ? '∜' : index ? `${script(index, true)}√` : '√'}${wrapUnlessSimple(a)}`;
      } else if (name === 'begin' || name === 'end') {
        const env = convertList(nextArg(), true);
        if (name === 'begin' && /^(array|tabular)$/.test(env)) nextArg(); // column spec
        if (env === 'cases') out += name === 'begin' ? '{ ' : '';
        out += ' ';
      } else if (TEXT_COMMANDS.has(name)) {
        out += convertList(nextArg(), true);
      } else if (CONTENT_COMMANDS.has(name)) {
        const inner = convertList(nextArg(), false);
        append(inner, name.startsWith('operatorname') && inner.length > 1);
      } else if (name === 'mathcal' || name === 'mathscr') {
        const inner = convertList(nextArg(), false);
        out += [...inner].map((ch) => CALLIGRAPHIC[ch] ?? ch).join('');
      } else if (name === 'mathbb') {
        const inner = convertList(nextArg(), false);
        out += [...inner].map((ch) => BLACKBOARD[ch] ?? ch).join('');
      } else if (name in ACCENTS) {
        const inner = convertList(nextArg(), false);
        out += [...inner].length === 1 ? inner + ACCENTS[name]! : `${name}(${inner})`;
      } else if (name === 'unicode') {
        const arg = convertList(nextArg(), true).trim();
        const code = /^x?([0-9A-Fa-f]+)$/.exec(arg);
        out += code ? String.fromCodePoint(parseInt(code[1]!, arg.startsWith('x') ? 16 : 10)) : '';
      } else if (name === 'color' || name === 'textcolor' || name === 'label' || name === 'tag') {
        nextArg(); // the colour or label; \textcolor's text follows as an ordinary group
      } else if (name in SYMBOLS) {
        out += text && name === '_' ? '_' : SYMBOLS[name]!;
      } else if (WORDS.has(name)) {
        append(name, true);
      } else {
        append(name, true);
      }
    }
  }
  return out;
}

/** `x²` when every character has a script form, else `x^γ`-style with parentheses for longer content. */
function script(content: string, sup: boolean): string {
  const s = content.trim();
  if (s.length === 0) return '';
  const table = sup ? SUPERSCRIPT : SUBSCRIPT;
  const chars = [...s];
  // Script letters are hard to read in runs (ₐₓᵢₛ): only short scripts, or digits and signs, are converted.
  const short = chars.length <= 2 || /^[\d+\-−=()]+$/.test(s);
  if (short && chars.every((c) => c in table)) return chars.map((c) => table[c]).join('');
  const mark = sup ? '^' : '_';
  return /^[\p{L}\p{N}.′_]+$/u.test(s) ? `${mark}${s}` : `${mark}(${s})`;
}

/** Whether the items from `i` on start with an operator, a relation, a closing delimiter or nothing. */
function nextIsBoundary(items: readonly Node[], i: number): boolean {
  let k = i;
  while (isSpace(items[k])) k++;
  const n = items[k];
  if (!n) return true;
  if (n.t === 'char') return /^[+\-=<>,;)\]&|]$/.test(n.c);
  if (n.t === 'cmd') return ['right', '\\', 'le', 'leq', 'ge', 'geq', 'ne', 'neq', 'quad', 'qquad', ',', ';', 'cdot', 'times', 'pm', 'approx', 'in', 'end', 'rVert', 'rvert'].includes(n.name);
  return false;
}

function wrapUnlessSimple(s: string): string {
  return /^[\p{L}\p{N}.′ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ₀-₉⁰-⁹²³¹]+$/u.test(s) || /^\(.*\)$/.test(s) && balancedParens(s.slice(1, -1))
    ? s
    : `(${s})`;
}

function balancedParens(s: string): boolean {
  let d = 0;
  for (const c of s) {
    if (c === '(') d++;
    else if (c === ')' && --d < 0) return false;
  }
  return d === 0;
}
