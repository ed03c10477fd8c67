import type * as A from '../syntax/ast.js';
import { unparen } from '../syntax/ast.js';
import { callFrag } from './call.js';
import { nameTex, type LatexContext } from './context.js';
import { atLeast, delimit, frag, parenthesize, shapedFrag, type Frag } from './frag.js';
import { numberTex } from './number.js';
import { escapeText } from './symbols.js';
import { Prec } from './tex-shape.js';

// Expressions → TeX with the fewest parentheses that keep the meaning: the source's own parentheses
// are dropped and put back only where precedence needs them (-x^2 stays -x^{2}; (-x)^2 keeps its pair).

export interface RenderEnv {
  /** Inside a superscript or subscript: a/b is written inline rather than as a tall \frac. */
  readonly script: boolean;
}

const TOP: RenderEnv = { script: false };

/** The TeX of one expression. `ctx` resolves names (see LatexContext); without it names are symbols. */
export function exprToLatex(expr: A.Expr, ctx: LatexContext = {}): string {
  try {
    return renderExpr(expr, ctx, TOP).tex;
  } catch (e) {
    // Only nesting deeper than the stack allows gets here (chains of + and * are iterative).
    if (e instanceof RangeError) return '\\text{(too deeply nested to show)}';
    throw e;
  }
}

const RELATION_TEX: Readonly<Record<string, string>> = {
  '==': '=', '!=': '\\neq', '<': '<', '<=': '\\leq', '>': '>', '>=': '\\geq',
};

export function renderExpr(expr: A.Expr, ctx: LatexContext, env: RenderEnv = TOP): Frag {
  const e = unparen(expr);
  switch (e.kind) {
    case 'Number': {
      const n = numberTex(e.value, e.text);
      const prec = n.form === 'plain' ? Prec.Atom : n.form === 'power' ? Prec.Power : Prec.Product;
      return frag(n.tex, prec, { isNumber: true });
    }
    case 'String':
      return frag(`\\text{${escapeText(e.value)}}`, Prec.Atom);
    case 'Name':
      return shapedFrag(nameTex(e, ctx));
    case 'Vector': {
      const items = e.items.map((i) => renderExpr(i, ctx, env).tex);
      return frag(delimit('[', items.join(', ')), Prec.Atom);
    }
    case 'Call':
      return callFrag(e, ctx, (arg, script) => renderExpr(arg, ctx, script ? { script: true } : env));
    case 'Unary': {
      // -(a b) = (-a) b, so a product needs no parentheses after a sign; a sum does, and so does a sign.
      const operand = renderExpr(e.operand, ctx, env);
      const inner = operand.prec < Prec.Product || operand.prec === Prec.Unary ? parenthesize(operand) : operand;
      return frag(`${e.op}${inner.tex}`, Prec.Unary, { openRight: inner.openRight, startsWithDigit: false, endsWord: inner.endsWord });
    }
    case 'Binary':
      return renderBinary(e, ctx, env);
    case 'ErrorExpr':
      return frag('\\square', Prec.Atom);
    case 'Paren': // unreachable after unparen; kept for exhaustiveness
      return renderExpr(e.expr, ctx, env);
  }
}

/**
 * The top-level terms of a sum, each with its sign (`a`, `+ b`, `- (c + d)`), for breaking a long
 * formula across lines. Joined with spaces they are exactly `exprToLatex(expr, ctx)`.
 */
export function sumTermsToLatex(expr: A.Expr, ctx: LatexContext = {}): string[] {
  const { first, rest } = leftChain(expr, ['+', '-']);
  try {
    return [
      atLeast(renderExpr(first, ctx, TOP), Prec.Sum).tex,
      ...rest.map((t) => `${t.op} ${sumOperand(t.op as '+' | '-', renderExpr(t.right, ctx, TOP)).tex}`),
    ];
  } catch (e) {
    if (e instanceof RangeError) return [exprToLatex(expr, ctx)];
    throw e;
  }
}

/**
 * A left-associated chain `((a + b) - c) + d` as its first operand and the (operator, right operand) steps.
 * Iterative, so a sum of thousands of terms does not exhaust the stack.
 */
function leftChain(expr: A.Expr, ops: readonly A.BinaryOperator[]): { first: A.Expr; rest: { op: A.BinaryOperator; right: A.Expr }[] } {
  const rest: { op: A.BinaryOperator; right: A.Expr }[] = [];
  let e = unparen(expr);
  while (e.kind === 'Binary' && ops.includes(e.op)) {
    rest.push({ op: e.op, right: e.right });
    e = unparen(e.left);
  }
  return { first: e, rest: rest.reverse() };
}

/** a - (b + c) keeps its parentheses; a + (b - c) does not need them. A signed term always does. */
function sumOperand(op: '+' | '-', right: Frag): Frag {
  const needs = right.prec === Prec.Unary || right.prec < Prec.Sum || (op === '-' && right.prec === Prec.Sum);
  return needs ? parenthesize(right) : right;
}

function combineSum(l: Frag, op: '+' | '-', right: Frag): Frag {
  const r = sumOperand(op, right);
  return frag(`${l.tex} ${op} ${r.tex}`, Prec.Sum, { startsWithDigit: l.startsWithDigit, startsWord: l.startsWord, endsWord: r.endsWord });
}

/** Juxtaposition where it reads unambiguously, \cdot where it would not (2 \cdot 3, \mathrm{at} \cdot x). */
function combineProduct(left: Frag, right: Frag): Frag {
  const l = left.prec < Prec.Product || left.openRight ? parenthesize(left) : left;
  const r = right.prec < Prec.Product || right.prec === Prec.Unary ? parenthesize(right) : right;
  const dot = r.startsWithDigit || (l.isNumber && r.startsWithFrac) || l.endsWord || r.startsWord;
  return frag(`${l.tex}${dot ? ' \\cdot ' : ' '}${r.tex}`, Prec.Product, {
    openRight: r.openRight,
    startsWithDigit: l.startsWithDigit,
    startsWithFrac: l.startsWithFrac,
    startsWord: l.startsWord,
    endsWord: r.endsWord,
  });
}

function renderBinary(e: A.Binary, ctx: LatexContext, env: RenderEnv): Frag {
  const relation = RELATION_TEX[e.op];
  if (relation !== undefined) {
    // A comparison gives a 0/1 mask: the indicator of the condition.
    const l = atLeast(renderExpr(e.left, ctx, env), Prec.Sum);
    const r = atLeast(renderExpr(e.right, ctx, env), Prec.Sum);
    return frag(`\\mathbb{1}\\left[${l.tex} ${relation} ${r.tex}\\right]`, Prec.Atom);
  }
  switch (e.op) {
    case '+':
    case '-': {
      const { first, rest } = leftChain(e, ['+', '-']);
      let acc = atLeast(renderExpr(first, ctx, env), Prec.Sum);
      for (const t of rest) acc = combineSum(acc, t.op as '+' | '-', renderExpr(t.right, ctx, env));
      return acc;
    }
    case '*': {
      const { first, rest } = leftChain(e, ['*']);
      let acc = renderExpr(first, ctx, env);
      for (const t of rest) acc = combineProduct(acc, renderExpr(t.right, ctx, env));
      return acc;
    }
    case '/': {
      if (env.script) {
        // Inline a/b inside scripts: a \frac there is too small to read.
        const left = renderExpr(e.left, ctx, env);
        const l = left.prec < Prec.Product || left.openRight ? parenthesize(left) : left;
        const r = atLeast(renderExpr(e.right, ctx, env), Prec.Power);
        return frag(`${l.tex}/${r.tex}`, Prec.Product, { startsWithDigit: l.startsWithDigit });
      }
      const num = renderExpr(e.left, ctx, env).tex;
      const den = renderExpr(e.right, ctx, env).tex;
      return frag(`\\frac{${num}}{${den}}`, Prec.Product, { startsWithFrac: true });
    }
    case '^':
    case '**': {
      const left = renderExpr(e.left, ctx, env);
      const base = left.postfixSafe ? left : parenthesize(left);
      const exponent = renderExpr(e.right, ctx, { script: true });
      return frag(`${base.tex}^{${exponent.tex}}`, Prec.Power, { postfixSafe: false, startsWithDigit: base.startsWithDigit, startsWord: base.startsWord });
    }
    default:
      return frag('\\square', Prec.Atom);
  }
}
