// Shrinks MathJax's SVG without changing the picture, so more of a formula fits in VS Code's hover budget:
// glyph ids shortened, attribute-less <g> wrappers dissolved, a <g transform> around a single element
// folded into that element, empty elements self-closed. MathJax's output is regular (no comments, CDATA
// or text outside <text>), so a tag-level pass is enough.

interface Element {
  name: string;
  attrs: string;
  children: Array<Element | string>;
}

const TOKEN = /<\/?[^>]+>|[^<]+/g;

function parseTree(svg: string): Element | undefined {
  const root: Element = { name: '#root', attrs: '', children: [] };
  const stack: Element[] = [root];
  for (const m of svg.matchAll(TOKEN)) {
    const tok = m[0];
    const top = stack[stack.length - 1]!;
    if (tok.startsWith('</')) {
      if (stack.length === 1) return undefined;
      stack.pop();
    } else if (tok.startsWith('<')) {
      const selfClosing = tok.endsWith('/>');
      const body = tok.slice(1, selfClosing ? -2 : -1);
      const space = body.search(/\s/);
      const el: Element = {
        name: space < 0 ? body : body.slice(0, space),
        attrs: space < 0 ? '' : body.slice(space).trim(),
        children: [],
      };
      top.children.push(el);
      if (!selfClosing) stack.push(el);
    } else {
      top.children.push(tok);
    }
  }
  return stack.length === 1 ? root : undefined;
}

function transformOf(attrs: string): string | undefined {
  return /(?:^|\s)transform="([^"]*)"/.exec(attrs)?.[1];
}

function simplify(el: Element): Array<Element | string> {
  const children = el.children.flatMap((c) => (typeof c === 'string' ? [c] : simplify(c)));
  if (el.name === 'g') {
    if (children.length === 0) return [];
    if (el.attrs === '') return children; // a bare group groups nothing
    const only = children.length === 1 ? children[0] : undefined;
    const t = transformOf(el.attrs);
    if (only && typeof only !== 'string' && t !== undefined && el.attrs === `transform="${t}"` && only.name !== 'svg') {
      // (A nested <svg> takes no transform attribute in SVG 1.1; everything else does.)
      // <g transform="A"><x transform="B"/></g> ≡ <x transform="A B"/>
      const inner = transformOf(only.attrs);
      const attrs = inner === undefined
        ? `${only.attrs} transform="${t}"`.trim()
        : only.attrs.replace(`transform="${inner}"`, `transform="${t} ${inner}"`);
      return [{ ...only, attrs }];
    }
  }
  return [{ ...el, children }];
}

function serialize(node: Element | string): string {
  if (typeof node === 'string') return node;
  const inner = node.children.map(serialize).join('');
  const open = node.attrs ? `<${node.name} ${node.attrs}` : `<${node.name}`;
  return inner === '' ? `${open}/>` : `${open}>${inner}</${node.name}>`;
}

const PATH_TOKEN = /[A-Za-z]|-?\d+(?:\.\d+)?/g;
const ARITY: Readonly<Record<string, number>> = { M: 2, L: 2, H: 1, V: 1, Q: 4, T: 2, C: 6, S: 4, Z: 0 };

/**
 * Absolute path commands → relative ones: glyph outlines are drawn in 1/1000 em, so absolute coordinates
 * take 3–4 digits and the steps between neighbouring points 1–3. Only all-integer, absolute paths are
 * rewritten (the arithmetic is then exact); anything else is returned as it was.
 */
export function relativePath(d: string): string {
  const tokens = d.match(PATH_TOKEN);
  if (!tokens || tokens.some((t) => /[a-z]/.test(t) || t.includes('.'))) return d;
  let out = '';
  let x = 0, y = 0, startX = 0, startY = 0;
  let prevCommand = '';
  let i = 0;
  const emit = (command: string, nums: number[]) => {
    // A repeated command letter may be left out (not after M, where repeats would mean lineto).
    const repeat = command === prevCommand && command !== 'm' && command !== 'z';
    let s = repeat ? '' : command;
    nums.forEach((n, k) => {
      const text = String(n);
      const needsSeparator = (k > 0 || repeat) && !text.startsWith('-');
      s += (needsSeparator ? ' ' : '') + text;
    });
    out += s;
    prevCommand = command;
  };
  while (i < tokens.length) {
    const command = tokens[i++]!;
    const arity = ARITY[command];
    if (arity === undefined) return d;
    if (arity === 0) {
      emit('z', []);
      x = startX;
      y = startY;
      continue;
    }
    // A command may carry several coordinate groups (`L1 2 3 4`).
    do {
      const nums = tokens.slice(i, i + arity).map(Number);
      if (nums.length < arity || nums.some((n) => Number.isNaN(n))) return d;
      i += arity;
      if (command === 'H') {
        emit('h', [nums[0]! - x]);
        x = nums[0]!;
      } else if (command === 'V') {
        emit('v', [nums[0]! - y]);
        y = nums[0]!;
      } else {
        emit(command.toLowerCase(), nums.map((n, k) => n - (k % 2 === 0 ? x : y)));
        x = nums[arity - 2]!;
        y = nums[arity - 1]!;
        if (command === 'M') {
          startX = x;
          startY = y;
        }
      }
    } while (i < tokens.length && !/[A-Za-z]/.test(tokens[i]!));
  }
  return out;
}

/** A smaller SVG drawing the same picture; the input unchanged if it is not the regular shape expected. */
export function compactSvg(svg: string): string {
  // Glyph ids (MJX-12-TEX-I-1D465) → g0, g1, …: each is written once in <defs> and at every use.
  const ids = new Map<string, string>();
  const renamed = svg.replace(/MJX-[\w-]+/g, (id) => {
    let short = ids.get(id);
    if (!short) {
      short = `g${ids.size.toString(36)}`;
      ids.set(id, short);
    }
    return short;
  });
  const root = parseTree(renamed.replace(/ d="([^"]*)"/g, (_m, d: string) => ` d="${relativePath(d)}"`));
  if (!root) return renamed;
  return root.children.flatMap((c) => (typeof c === 'string' ? [c] : simplify(c))).map(serialize).join('');
}
