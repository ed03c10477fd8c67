import type { IToken } from 'chevrotain';
import type { Comment } from '../core/syntax/ast.js';

// Where the cursor is, read from the tokens before it rather than from the AST, so that it works in
// half-written code: inside a half-typed name, after `(` or `,` of an unclosed call, at the end of the
// file. Completion and signature help both start here.

/** An open call around the cursor. */
export interface CallContext {
  readonly callee: string;
  /** Offset of the callee name. */
  readonly calleeStart: number;
  /** Offset of `(`. */
  readonly open: number;
  /** Index of the argument the cursor is in (commas before it at this level). */
  readonly argIndex: number;
  /** Names of the named arguments already written (before and after the cursor). */
  readonly named: readonly string[];
  /** Positional arguments written before the first named one (before the cursor). */
  readonly positionalBefore: number;
  /** The named argument whose value is being written (`gamma=|`), if any. */
  readonly valueFor?: string;
  /** The cursor is where a new argument starts (after `(` or `,`, or typing its first word). */
  readonly atArgumentStart: boolean;
}

export type Place =
  | { readonly kind: 'comment' }
  | { readonly kind: 'import-path'; readonly typed: string }
  | { readonly kind: 'string'; readonly call?: CallContext; readonly typed: string }
  | { readonly kind: 'top-level' }
  | { readonly kind: 'param-name'; readonly loss: string | undefined }
  | { readonly kind: 'role'; readonly loss: string | undefined }
  | { readonly kind: 'statement'; readonly loss: string | undefined }
  | { readonly kind: 'expression'; readonly loss: string | undefined; readonly call?: CallContext }
  | { readonly kind: 'trial-field'; readonly trial: string | undefined; readonly given: readonly string[] }
  | { readonly kind: 'trial-value'; readonly trial: string | undefined; readonly field: string; readonly call?: CallContext; readonly inVector: boolean }
  | { readonly kind: 'none' };

export interface CursorContext {
  readonly place: Place;
  /** The span of the word being typed (start = end when none). Completion replaces it. */
  readonly word: { readonly start: number; readonly end: number };
  /** The text of the word before the cursor. */
  readonly prefix: string;
}

type Frame =
  | { kind: 'params'; loss: string | undefined }
  | { kind: 'call'; callee: string; calleeStart: number; open: number; commas: number; named: string[]; positional: number; sawNamed: boolean; argHasTokens: boolean }
  | { kind: 'group' }
  | { kind: 'vector' }
  | { kind: 'range' }
  | { kind: 'body'; loss: string | undefined }
  | { kind: 'trial'; trial: string | undefined; fields: string[]; field: string | undefined };

const WORD = new Set(['Identifier', 'Loss', 'Import', 'Let', 'Learn', 'Return', 'Trial', 'In']);
const OPERATORS = new Set(['Plus', 'Minus', 'Star', 'Slash', 'Caret', 'StarStar', 'EqEq', 'NotEq', 'LessEq', 'GreaterEq', 'Less', 'Greater', 'Equals', 'Comma', 'Colon', 'LParen', 'LBracket']);
const end = (t: IToken): number => (t.endOffset ?? t.startOffset) + 1;

export function cursorContext(text: string, tokens: readonly IToken[], comments: readonly Comment[], offset: number): CursorContext {
  const emptyWord = { start: offset, end: offset };
  for (const c of comments) if (offset > c.span.start && offset <= c.span.end) return { place: { kind: 'comment' }, word: emptyWord, prefix: '' };

  // The token under or just before the cursor.
  let i = 0;
  while (i < tokens.length && end(tokens[i]) < offset) i++;
  let current: IToken | undefined = tokens[i] && tokens[i].startOffset < offset && end(tokens[i]) >= offset ? tokens[i] : undefined;
  if (current && !WORD.has(current.tokenType.name) && !current.tokenType.name.includes('String') && current.tokenType.name !== 'NumberLiteral') current = undefined;
  const before = tokens.slice(0, current ? i : tokens.findIndex((t) => t.startOffset >= offset) === -1 ? tokens.length : tokens.findIndex((t) => t.startOffset >= offset));
  const after = tokens.slice(before.length + (current ? 1 : 0));

  const word = current && WORD.has(current.tokenType.name) ? { start: current.startOffset, end: end(current) } : emptyWord;
  const prefix = text.slice(word.start, offset);
  const stack = walk(before);
  const prev = before[before.length - 1];
  const top = stack[stack.length - 1];
  const newLine = prev === undefined || /[\r\n]/.test(text.slice(end(prev), current ? current.startOffset : offset));
  const continues = prev !== undefined && OPERATORS.has(prev.tokenType.name);
  const lossName = enclosingLoss(stack);
  const call = innermostCall(stack, before, after, current);
  const trial = [...stack].reverse().find((f): f is Extract<Frame, { kind: 'trial' }> => f.kind === 'trial');

  // Inside a string literal.
  if (current && current.tokenType.name.includes('String')) {
    const typed = text.slice(current.startOffset + 1, offset);
    if (prev?.tokenType.name === 'Import') return { place: { kind: 'import-path', typed }, word: { start: current.startOffset + 1, end: current.tokenType.name === 'StringLiteral' ? end(current) - 1 : end(current) }, prefix: typed };
    return { place: { kind: 'string', ...(call ? { call } : {}), typed }, word: { start: current.startOffset + 1, end: current.tokenType.name === 'StringLiteral' ? end(current) - 1 : end(current) }, prefix: typed };
  }
  if (current?.tokenType.name === 'NumberLiteral') return { place: { kind: 'none' }, word: emptyWord, prefix: '' };

  let place: Place;
  if (!top) {
    place = prev === undefined || (newLine && !continues) || prev.tokenType.name === 'RBrace' ? { kind: 'top-level' } : prev.tokenType.name === 'Loss' || prev.tokenType.name === 'Trial' ? { kind: 'none' } : { kind: 'expression', loss: lossName };
  } else if (top.kind === 'params') {
    const p = prev?.tokenType.name;
    place = p === 'Colon' ? { kind: 'role', loss: top.loss } : p === 'LParen' || p === 'Comma' ? { kind: 'param-name', loss: top.loss } : p === 'Equals' || continues ? { kind: 'expression', loss: top.loss } : { kind: 'none' };
  } else if (top.kind === 'body') {
    place = prev?.tokenType.name === 'LBrace' || (newLine && !continues) ? { kind: 'statement', loss: top.loss } : { kind: 'expression', loss: top.loss };
  } else if (top.kind === 'trial') {
    place = prev?.tokenType.name === 'LBrace' || (newLine && !continues) ? { kind: 'trial-field', trial: top.trial, given: [...top.fields, ...fieldsAfter(after)] } : top.field ? { kind: 'trial-value', trial: top.trial, field: top.field, inVector: false } : { kind: 'none' };
  } else if (trial?.field) {
    // Inside brackets within a trial field's value: `metrics = [ece, |`, `data = blobs(|`.
    place = { kind: 'trial-value', trial: trial.trial, field: trial.field, ...(call ? { call } : {}), inVector: top.kind === 'vector' };
  } else {
    place = { kind: 'expression', loss: lossName, ...(call ? { call } : {}) };
  }
  return { place, word, prefix };
}

function walk(tokens: readonly IToken[]): Frame[] {
  const stack: Frame[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    const n = t.tokenType.name;
    const prev = tokens[k - 1];
    const next = tokens[k + 1];
    // A `loss`/`trial` keyword opening a new declaration resets the stack: recovers from unclosed braces.
    if ((n === 'Loss' || n === 'Trial') && next?.tokenType.name === 'Identifier' && (stack.length === 0 || t.startColumn === 1)) stack.length = 0;
    const top = stack[stack.length - 1];
    switch (n) {
      case 'LParen':
        if (prev?.tokenType.name === 'Identifier' && tokens[k - 2]?.tokenType.name === 'Loss' && stack.every((f) => f.kind !== 'trial')) stack.push({ kind: 'params', loss: prev.image });
        else if (prev?.tokenType.name === 'Identifier') {
          countArgToken(top);
          stack.push({ kind: 'call', callee: prev.image, calleeStart: prev.startOffset, open: t.startOffset, commas: 0, named: [], positional: 0, sawNamed: false, argHasTokens: false });
        } else {
          countArgToken(top);
          stack.push({ kind: 'group' });
        }
        break;
      case 'LBracket':
        countArgToken(top);
        stack.push(prev?.tokenType.name === 'In' ? { kind: 'range' } : { kind: 'vector' });
        break;
      case 'LBrace': {
        const decl = declBefore(tokens, k);
        stack.push(decl.kind === 'trial' ? { kind: 'trial', trial: decl.name, fields: [], field: undefined } : { kind: 'body', loss: decl.name });
        break;
      }
      case 'RParen':
      case 'RBracket':
      case 'RBrace':
        stack.pop();
        break;
      case 'Comma':
        if (top?.kind === 'call') {
          if (top.argHasTokens && !top.sawNamed) top.positional++;
          top.commas++;
          top.argHasTokens = false;
        }
        break;
      case 'Equals':
        if (top?.kind === 'call' && prev?.tokenType.name === 'Identifier' && (tokens[k - 2] === undefined || ['LParen', 'Comma'].includes(tokens[k - 2].tokenType.name))) {
          top.named.push(prev.image);
          top.sawNamed = true;
        } else if (top?.kind === 'trial' && prev && (prev.tokenType.name === 'Identifier' || prev.tokenType.name === 'Loss')) {
          top.fields.push(prev.image);
          top.field = prev.image;
        }
        break;
      default:
        countArgToken(top);
    }
  }
  return stack;
}

function countArgToken(top: Frame | undefined): void {
  if (top?.kind === 'call') top.argHasTokens = true;
}

/** The `loss NAME` or `trial NAME` that a `{` belongs to. */
function declBefore(tokens: readonly IToken[], k: number): { kind: 'loss' | 'trial'; name: string | undefined } {
  for (let j = k - 1; j >= 0; j--) {
    const n = tokens[j].tokenType.name;
    if (n === 'Trial') return { kind: 'trial', name: tokens[j + 1]?.tokenType.name === 'Identifier' ? tokens[j + 1].image : undefined };
    if (n === 'Loss' && tokens[j + 1]?.tokenType.name === 'Identifier') return { kind: 'loss', name: tokens[j + 1].image };
    if (n === 'RBrace') break;
  }
  return { kind: 'loss', name: undefined };
}

function enclosingLoss(stack: readonly Frame[]): string | undefined {
  for (const f of stack) if (f.kind === 'params' || f.kind === 'body') return f.loss;
  return undefined;
}

/** The innermost open call, with what is already written in it (named arguments after the cursor included). */
function innermostCall(stack: readonly Frame[], before: readonly IToken[], after: readonly IToken[], current: IToken | undefined): CallContext | undefined {
  const top = stack[stack.length - 1];
  if (top?.kind !== 'call') return undefined;
  const prev = before[before.length - 1];
  const named = [...top.named];
  // Named arguments after the cursor, up to this call's `)`.
  let depth = 0;
  for (let k = 0; k < after.length; k++) {
    const n = after[k].tokenType.name;
    if (n === 'LParen' || n === 'LBracket') depth++;
    else if (n === 'RParen' || n === 'RBracket') {
      if (depth === 0) break;
      depth--;
    } else if (n === 'RBrace' || n === 'Let' || n === 'Return' || n === 'Learn' || n === 'Loss' || n === 'Trial') break;
    else if (depth === 0 && n === 'Equals' && after[k - 1]?.tokenType.name === 'Identifier' && after[k - 1] !== current) named.push(after[k - 1].image);
  }
  const valueFor = prev?.tokenType.name === 'Equals' && before[before.length - 2]?.tokenType.name === 'Identifier' ? before[before.length - 2].image : undefined;
  const atArgumentStart = prev?.tokenType.name === 'LParen' || prev?.tokenType.name === 'Comma';
  return {
    callee: top.callee,
    calleeStart: top.calleeStart,
    open: top.open,
    argIndex: top.commas,
    named,
    positionalBefore: top.positional,
    ...(valueFor ? { valueFor } : {}),
    atArgumentStart,
  };
}

function fieldsAfter(after: readonly IToken[]): string[] {
  const out: string[] = [];
  let depth = 0;
  for (let k = 0; k < after.length; k++) {
    const n = after[k].tokenType.name;
    if (n === 'LParen' || n === 'LBracket' || n === 'LBrace') depth++;
    else if (n === 'RParen' || n === 'RBracket') depth--;
    else if (n === 'RBrace') {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && n === 'Equals' && after[k - 1] && (after[k - 1].tokenType.name === 'Identifier' || after[k - 1].tokenType.name === 'Loss')) out.push(after[k - 1].image);
  }
  return out;
}
