import type { BuiltinFunction, BuiltinParam } from '../builtins/types.js';
import type * as A from '../syntax/ast.js';
import { unparen } from '../syntax/ast.js';
import { callTarget, type LatexContext } from './context.js';
import { atLeast, delimit, frag, parenthesize, relaxDelimiters, shapedFrag, type Frag } from './frag.js';
import { numberTex } from './number.js';
import { escapeText, lossSymbolTex, operatorNameTex, paramSymbolTex, symbolTex } from './symbols.js';
import { Prec } from './tex-shape.js';

// Calls → TeX. Builtins are written by their formula: reductions as Σ / mean / max / ‖·‖ with the axis as
// a subscript, others through the record's `tex` template; user losses as \mathcal{L}_{\text{name}}(…).
// Whatever has no better form is \operatorname{name}(positional;\, named=value), so nothing is lost.

/** Renders one argument; `script` is true inside a superscript or subscript. */
export type RenderArg = (e: A.Expr, script: boolean) => Frag;

export function callFrag(call: A.Call, ctx: LatexContext, render: RenderArg): Frag {
  const target = callTarget(call, ctx);
  switch (target.kind) {
    case 'builtin':
      return builtinCall(call, target.builtin, render);
    case 'loss':
      return genericCall(lossSymbolTex(target.name), call, render, (n) => symbolTex(n));
    case 'unknown':
      return genericCall(operatorNameTex(target.name), call, render, (n) => symbolTex(n));
  }
}

interface Bound {
  /** Parameter name → the argument expressions bound to it (several for a variadic parameter). */
  readonly values: Map<string, A.Expr[]>;
  /** Arguments that match no parameter (too many positional ones, unknown names). */
  readonly unmatched: number;
}

export function bindArguments(call: A.Call, params: readonly BuiltinParam[]): Bound {
  const values = new Map<string, A.Expr[]>();
  let unmatched = 0;
  let next = 0;
  for (const arg of call.args) {
    if (arg.name) {
      const p = params.find((q) => q.name === arg.name!.name);
      if (p) values.set(p.name, [...(values.get(p.name) ?? []), arg.value]);
      else unmatched++;
      continue;
    }
    const p = params[next];
    if (!p) {
      unmatched++;
      continue;
    }
    values.set(p.name, [...(values.get(p.name) ?? []), arg.value]);
    if (!p.variadic) next++;
  }
  return { values, unmatched };
}

function builtinCall(call: A.Call, b: BuiltinFunction, render: RenderArg): Frag {
  const bound = bindArguments(call, b.params);
  const reduction = b.category === 'reduction' ? reductionCall(call, b, bound, render) : undefined;
  if (reduction) return reduction;
  if (b.tex && bound.unmatched === 0) {
    const t = templateCall(b, b.tex, bound, render);
    if (t) return t;
  }
  const paramTex = (n: string) => {
    const p = b.params.find((q) => q.name === n);
    return p ? paramSymbolTex(p) : symbolTex(n);
  };
  return genericCall(operatorNameTex(b.name), call, render, paramTex);
}

/** `\operatorname{f}(a, b;\, \gamma=2)`. */
function genericCall(head: string, call: A.Call, render: RenderArg, paramTex: (name: string) => string): Frag {
  const positional = call.args.filter((a) => !a.name).map((a) => render(a.value, false).tex);
  const named = call.args.filter((a) => a.name).map((a) => `${paramTex(a.name!.name)}=${render(a.value, false).tex}`);
  const inside = positional.join(', ') + (named.length ? (positional.length ? ';\\, ' : '') + named.join(',\\, ') : '');
  return frag(`${head}${delimit('(', inside)}`, Prec.Atom);
}

function one(bound: Bound, name: string | undefined): A.Expr | undefined {
  return name === undefined ? undefined : bound.values.get(name)?.[0];
}

/**
 * Σ, mean, max, min and ‖·‖ in their usual notation. `axis=k` is a subscript; `keepdims` does not change
 * the formula and is not shown. Two positional tensors to max/min is the elementwise form.
 */
function reductionCall(call: A.Call, b: BuiltinFunction, bound: Bound, render: RenderArg): Frag | undefined {
  if (bound.unmatched > 0) return undefined;
  const tensorParams = b.params.filter((p) => p.kind === 'tensor');
  const x = one(bound, tensorParams[0]?.name);
  if (!x) return undefined;
  const axisExpr = one(bound, b.params.find((p) => p.kind === 'axis')?.name);
  const axis = axisExpr ? `\\text{axis}=${render(axisExpr, true).tex}` : undefined;
  // The summand extends to the end anyway (the Σ is itself open to the right), so only sums and signed
  // terms need parentheses.
  const operand = () => {
    const f = render(x, false);
    return f.prec < Prec.Product || f.prec === Prec.Unary ? atLeast(f, Prec.Atom) : f;
  };

  const second = tensorParams[1] ? one(bound, tensorParams[1].name) : undefined;
  if ((b.name === 'max' || b.name === 'min') && second) {
    return frag(`\\${b.name}${delimit('(', `${render(x, false).tex}, ${render(second, false).tex}`)}`, Prec.Atom);
  }
  // Σ(−a·b) is written −Σ a·b: the sign moves in front of the sum instead of being parenthesised inside.
  const negated = b.name === 'sum' || (b.name === 'mean' && !axis) ? withoutLeadingMinus(x) : undefined;
  const summand = () => (negated ? render(negated, false) : operand());
  const signed = (f: Frag) => (negated ? frag(`-${f.tex}`, Prec.Unary, { openRight: true }) : f);
  switch (b.name) {
    case 'sum':
      return signed(frag(`\\sum_{${axis ?? 'i'}} ${summand().tex}`, Prec.Product, { openRight: true }));
    case 'mean':
      return axis
        ? frag(`\\operatorname{mean}_{${axis}}${delimit('(', render(x, false).tex)}`, Prec.Atom)
        : signed(frag(`\\frac{1}{N}\\sum_{i} ${summand().tex}`, Prec.Product, { openRight: true, startsWithFrac: true }));
    case 'max':
    case 'min':
      return frag(`\\${b.name}_{${axis ?? 'i'}} ${operand().tex}`, Prec.Product, { openRight: true });
    case 'norm': {
      const pParam = b.params.find((p) => p.name === 'p');
      const pExpr = one(bound, 'p');
      const p = pExpr ? render(pExpr, true).tex : typeof pParam?.default === 'number' ? numberTex(pParam.default).tex : '2';
      const sub = axis ? `${p},\\,${axis}` : p;
      return frag(`\\left\\lVert ${render(x, false).tex} \\right\\rVert_{${sub}}`, Prec.Atom);
    }
    default:
      return undefined;
  }
}

/**
 * `-a`, `-a * b * c` → `a`, `a * b * c` (a product whose leftmost factor is negated); anything else:
 * undefined. The rebuilt nodes keep the original spans, so name resolution is unaffected.
 */
function withoutLeadingMinus(expr: A.Expr): A.Expr | undefined {
  const e = unparen(expr);
  if (e.kind === 'Unary' && e.op === '-') {
    const inner = unparen(e.operand);
    // −(a + b) keeps its sign inside: Σ(a + b) would need parentheses anyway.
    return inner.kind === 'Binary' && (inner.op === '+' || inner.op === '-') ? undefined : e.operand;
  }
  if (e.kind === 'Binary' && e.op === '*') {
    const left = withoutLeadingMinus(e.left);
    return left ? { ...e, left } : undefined;
  }
  return undefined;
}

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
const OPENERS = /(\{|\(|\[|,|;|=|\\left\s*(\(|\[|\\\{|\||\\lVert|\\lvert|\\langle|\.)|\\lVert|\\lvert|\\langle|\\mid|\\,|\\;)$/;
const CLOSERS = /^(\}|\)|\]|,|;|\\right|\\rVert|\\rvert|\\rangle|\\mid|\\,|\\;)/;

/**
 * Fills a `tex` template. Arguments given with a non-default value that the template does not show are
 * added inside its closing `\right)` (`\mathrm{FL}_{2}\left(z, y;\, \alpha=0.5\right)`). Returns undefined
 * (the caller falls back to the generic form) when a referenced parameter has no value, or when such an
 * argument has nowhere to go.
 */
function templateCall(b: BuiltinFunction, template: string, bound: Bound, render: RenderArg): Frag | undefined {
  const names = new Set(b.params.map((p) => p.name));
  const referenced = new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]!).filter((n) => names.has(n)));
  /** Arguments the template has no place for, written `;\, \alpha=…` inside its closing parenthesis. */
  const extras: string[] = [];
  for (const p of b.params) {
    const given = bound.values.get(p.name);
    if (referenced.has(p.name)) {
      if (!given && (p.default === undefined || p.default === null)) return undefined;
    } else if (given && !(given.length === 1 && equalsDefault(given[0]!, p.default))) {
      if (given.length !== 1) return undefined;
      extras.push(`${paramSymbolTex(p)}=${render(given[0]!, false).tex}`);
    }
  }
  const closing = /\\right\)\s*$/.exec(template);
  if (extras.length > 0 && !closing) return undefined;
  const out = template.replace(PLACEHOLDER, (whole: string, name: string, offset: number) => {
    if (!referenced.has(name)) return whole;
    const p = b.params.find((q) => q.name === name)!;
    const before = template.slice(0, offset).trimEnd();
    const after = template.slice(offset + whole.length).trimStart();
    const free = OPENERS.test(before) && CLOSERS.test(after);
    const script = insideScript(before);
    const given = bound.values.get(name);
    const frags = given ? given.map((e) => render(e, script)) : [defaultFrag(p.default!)];
    if (frags.length > 1) return frags.map((f) => f.tex).join(', ');
    const f = frags[0]!;
    // Outside delimiters the argument must stand on its own (`{x}^{2}`, `\log {x}`).
    return free || f.postfixSafe ? f.tex : parenthesize(f).tex;
  });
  if (extras.length === 0) return shapedFrag(relaxDelimiters(out));
  const end = out.lastIndexOf('\\right)');
  return shapedFrag(relaxDelimiters(`${out.slice(0, end)};\\, ${extras.join(',\\, ')}${out.slice(end)}`));
}

/** Whether the text just before a placeholder leaves it inside an open `^{` or `_{` group. */
function insideScript(before: string): boolean {
  let depth = 0;
  for (let i = before.length - 1; i >= 0; i--) {
    const c = before[i];
    if (before[i - 1] === '\\') continue;
    if (c === '}') depth++;
    else if (c === '{') {
      if (depth === 0) return before[i - 1] === '^' || before[i - 1] === '_';
      depth--;
    }
  }
  return false;
}

function defaultFrag(v: number | string | boolean): Frag {
  if (typeof v === 'number') {
    const n = numberTex(v);
    return frag(n.tex, n.form === 'plain' ? (v < 0 ? Prec.Unary : Prec.Atom) : n.form === 'power' ? Prec.Power : Prec.Product, { isNumber: true });
  }
  if (typeof v === 'boolean') return frag(`\\mathrm{${v}}`, Prec.Atom);
  return frag(`\\text{${escapeText(v)}}`, Prec.Atom);
}

/** A literal argument equal to the parameter's default (`axis=-1` where -1 is the default) adds nothing. */
function equalsDefault(e: A.Expr, d: BuiltinParam['default']): boolean {
  if (d === undefined || d === null) return false;
  const v = literalValue(e);
  return v !== undefined && v === d;
}

function literalValue(expr: A.Expr): number | string | boolean | undefined {
  const e = unparen(expr);
  if (e.kind === 'Number') return e.value;
  if (e.kind === 'String') return e.value;
  if (e.kind === 'Name' && (e.name === 'true' || e.name === 'false')) return e.name === 'true';
  if (e.kind === 'Unary') {
    const v = literalValue(e.operand);
    return typeof v === 'number' ? (e.op === '-' ? -v : v) : undefined;
  }
  return undefined;
}
