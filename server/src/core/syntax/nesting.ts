import { createTokenInstance, type IToken } from 'chevrotain';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type * as A from './ast.js';
import { childExprs } from './ast.js';
import { NumberLiteral } from './tokens.js';

// Limits that keep every recursive pass (the parser, the checker, the lints, LaTeX) far from the stack
// limit on any input. No real loss comes near them; a generated or pasted file that does gets one
// located error instead of a crash.

/** Brackets and parentheses open at once. */
export const MAX_BRACKET_DEPTH = 32;
/** Consecutive prefix signs or `^` operators (each one is a level of recursion in the grammar). */
export const MAX_OPERATOR_RUN = 32;
/** Depth of an expression tree (a sum of N terms is N deep). */
export const MAX_EXPRESSION_DEPTH = 400;

const OPENERS = new Set(['LParen', 'LBracket']);
const CLOSERS = new Set(['RParen', 'RBracket']);
const CHAIN = new Set(['Minus', 'Plus', 'Caret', 'StarStar']);
const STATEMENT_KEYWORDS = new Set(['Loss', 'Trial', 'Import', 'Let', 'Learn', 'Return']);
const POWER = new Set(['Caret', 'StarStar']);
/** Tokens that may stand between the `^` of a power tower (`z^z^2^(x)`) without ending it. */
const ATOMS = new Set(['Identifier', 'NumberLiteral', 'Minus', 'Plus']);

/**
 * Replaces each over-deep bracket group, and each over-long run of signs or powers, by one placeholder
 * number token spanning it, so the parser sees a shallow, still well-formed input.
 */
export function limitNesting(tokens: IToken[], out: Diagnostic[]): IToken[] {
  let tooDeep = false;
  let depth = 0;
  let run = 0;
  let powers = 0;
  for (const t of tokens) {
    const n = t.tokenType.name;
    // The parser never keeps a bracket open across a statement or declaration keyword (it recovers
    // there), so each keyword starts the count afresh; this also keeps a declaration's nesting
    // independent of errors before it, which incremental re-parsing relies on.
    if (STATEMENT_KEYWORDS.has(n)) depth = 0;
    if (OPENERS.has(n) && ++depth > MAX_BRACKET_DEPTH) tooDeep = true;
    else if (CLOSERS.has(n)) depth = Math.max(0, depth - 1);
    run = CHAIN.has(n) ? run + 1 : 0;
    powers = POWER.has(n) ? powers + 1 : ATOMS.has(n) || OPENERS.has(n) || CLOSERS.has(n) ? powers : 0;
    if (run > MAX_OPERATOR_RUN || powers > MAX_OPERATOR_RUN) tooDeep = true;
  }
  if (!tooDeep) return tokens;

  const result: IToken[] = [];
  depth = 0;
  powers = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const n = t.tokenType.name;
    if (STATEMENT_KEYWORDS.has(n)) depth = 0;
    if (OPENERS.has(n) && depth + 1 > MAX_BRACKET_DEPTH) {
      // Skip to the matching closer (or the end), and stand one placeholder in for the whole group.
      let level = 0;
      let j = i;
      let closed = false;
      for (; j < tokens.length; j++) {
        const m = tokens[j].tokenType.name;
        if (OPENERS.has(m)) level++;
        else if (CLOSERS.has(m) && --level === 0) {
          closed = true;
          break;
        } else if (STATEMENT_KEYWORDS.has(m)) break; // never inside an expression: the group was left open
      }
      const lastInside = closed ? j - 1 : j - 1;
      const last = tokens[closed ? j : Math.max(i, lastInside)];
      out.push(diagnostic('too-deeply-nested', { start: t.startOffset, end: last.endOffset! + 1 }, `brackets nest more than ${MAX_BRACKET_DEPTH} levels deep here; split the expression with 'let' bindings`));
      // Keep the brackets themselves (a call stays a call) and stand one placeholder in for their content.
      result.push(t);
      if (lastInside > i) result.push(placeholder(tokens[i + 1], tokens[lastInside]));
      if (closed) result.push(tokens[j]);
      i = closed ? j : lastInside;
      continue;
    }
    if (OPENERS.has(n)) depth++;
    else if (CLOSERS.has(n)) depth = Math.max(0, depth - 1);
    if (POWER.has(n)) {
      // A tower a^b^c^… recurses once per `^`: keep the first MAX_OPERATOR_RUN levels, cut the rest.
      powers++;
      if (powers === MAX_OPERATOR_RUN + 1) {
        let j = i;
        for (let k = i; k < tokens.length; k++) {
          const m = tokens[k].tokenType.name;
          if (POWER.has(m) || ATOMS.has(m)) j = k;
          else break;
        }
        // End on an operand, not an operator.
        while (j > i && POWER.has(tokens[j].tokenType.name)) j--;
        out.push(diagnostic('too-deeply-nested', { start: t.startOffset, end: tokens[j].endOffset! + 1 }, `a power tower more than ${MAX_OPERATOR_RUN} levels high; at most ${MAX_OPERATOR_RUN} are supported`));
        i = j;
        continue;
      }
    } else if (!ATOMS.has(n) && !OPENERS.has(n) && !CLOSERS.has(n)) powers = 0;
    if (CHAIN.has(n) && !POWER.has(n)) {
      let j = i;
      while (j + 1 < tokens.length && CHAIN.has(tokens[j + 1].tokenType.name)) j++;
      if (j - i + 1 > MAX_OPERATOR_RUN) {
        out.push(diagnostic('too-deeply-nested', { start: t.startOffset, end: tokens[j].endOffset! + 1 }, `${j - i + 1} operators in a row; at most ${MAX_OPERATOR_RUN} are supported`));
        // Keep the first operator so the expression stays well-formed (`a - - - … b` → `a - b`).
        result.push(t);
        i = j;
        continue;
      }
    }
    result.push(t);
  }
  return result;
}

function placeholder(first: IToken, last: IToken): IToken {
  return createTokenInstance(NumberLiteral, '0', first.startOffset, last.endOffset!, first.startLine ?? NaN, last.endLine ?? NaN, first.startColumn ?? NaN, last.endColumn ?? NaN);
}

/**
 * Finds expressions deeper than MAX_EXPRESSION_DEPTH (iteratively: the check itself must not recurse)
 * and reports the outermost of each; the caller replaces them by error nodes.
 */
export function findTooDeep(root: A.Expr): A.Expr[] {
  // Post-order depth computation with an explicit stack.
  const depth = new Map<A.Expr, number>();
  const found: A.Expr[] = [];
  const stack: [A.Expr, boolean][] = [[root, false]];
  while (stack.length) {
    const [e, visited] = stack.pop()!;
    const kids = childExprs(e);
    if (!visited) {
      stack.push([e, true]);
      for (const k of kids) stack.push([k, false]);
      continue;
    }
    let d = 1;
    for (const k of kids) d = Math.max(d, (depth.get(k) ?? 0) + 1);
    depth.set(e, d);
  }
  // Report the outermost over-deep node only.
  const walk: A.Expr[] = [root];
  while (walk.length) {
    const e = walk.pop()!;
    if ((depth.get(e) ?? 0) > MAX_EXPRESSION_DEPTH) {
      // Its children may be too deep as well; the outermost is the one to replace.
      found.push(e);
      continue;
    }
    walk.push(...childExprs(e));
  }
  return found;
}
