import type { IToken } from 'chevrotain';
import type { TextEdit } from '../../core/diagnostics/diagnostic.js';
import { lossLexer } from '../../core/syntax/tokens.js';
import type { Span } from '../../core/text/span.js';

// The `.loss` formatter. It only rewrites the whitespace between tokens (and trailing spaces inside
// comments): line breaks stay where the author put them (at most one blank line in a row), indentation
// follows the open brackets, spacing inside a line follows one set of rules, and the `=` of consecutive
// trial fields line up (as in the examples and the language reference). Because tokens are never
// moved, broken code formats safely; as a last guard the result is re-lexed and must give the same tokens.

export interface FormatOptions {
  readonly tabSize: number;
  readonly insertSpaces: boolean;
}

type FrameKind = 'call' | 'params' | 'group' | 'vector' | 'block' | 'trial';

interface Frame {
  readonly kind: FrameKind;
  /** Output line on which the bracket was opened. */
  readonly line: number;
}

const OPEN: Record<string, FrameKind | undefined> = { LBracket: 'vector' };
const CLOSERS = new Set(['RParen', 'RBracket', 'RBrace']);
const BINARY = new Set(['Plus', 'Minus', 'Star', 'Slash', 'EqEq', 'NotEq', 'LessEq', 'GreaterEq', 'Less', 'Greater']);
const TIGHT_BINARY = new Set(['Caret', 'StarStar']);
const KEYWORDS = new Set(['Loss', 'Import', 'Let', 'Learn', 'Return', 'Trial', 'In']);
const WORDLIKE = new Set(['Identifier', 'NumberLiteral', 'StringLiteral', 'UnterminatedString', ...KEYWORDS]);
/** After these a `-`/`+` is a sign, not a binary operator. */
const BEFORE_UNARY = new Set([...BINARY, ...TIGHT_BINARY, 'LParen', 'LBracket', 'LBrace', 'Comma', 'Equals', 'Colon', ...KEYWORDS]);

const isComment = (t: IToken): boolean => t.tokenType.name === 'Comment' || t.tokenType.name === 'DocComment';
const end = (t: IToken): number => (t.endOffset ?? t.startOffset) + 1;

/** The whitespace edits that format `text` (only those touching `range`, when given). */
export function formatEdits(text: string, options: FormatOptions, range?: Span): TextEdit[] {
  const lexed = lossLexer.tokenize(text);
  if (lexed.errors.length > 0) return []; // unknown characters: the author is mid-edit; leave the text alone
  const tokens = [...lexed.tokens, ...(lexed.groups.comments ?? [])].sort((a, b) => a.startOffset - b.startOffset);
  const unit = options.insertSpaces ? ' '.repeat(Math.max(1, options.tabSize)) : '\t';

  const gaps: TextEdit[] = [];
  const push = (span: Span, newText: string): void => {
    gaps.push({ span, newText });
  };
  /** Trial field lines (`name = …` first on their line): output line, name length, and the gap before `=`. */
  const fields: { line: number; nameLength: number; gap: number }[] = [];
  const commentLines = new Set<number>();

  const stack: Frame[] = [];
  let line = 0;
  let prev: IToken | undefined; // previous non-comment token
  let prevPrev: IToken | undefined;
  let lastOnLine: IToken | undefined; // last non-comment token on the current output line
  let lastLineEnd: IToken | undefined; // last non-comment token of the previous non-empty line

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const before = i === 0 ? undefined : tokens[i - 1];
    const gapStart = before ? end(before) : 0;
    const gap = text.slice(gapStart, t.startOffset);
    const breaks = (gap.match(/\r\n|\r|\n/g) ?? []).length;
    const eol = gap.match(/\r\n|\r|\n/)?.[0] ?? '\n';
    const name = t.tokenType.name;

    if (!before || breaks > 0) {
      if (before) {
        line += 1;
        lastLineEnd = lastOnLine ?? lastLineEnd;
        lastOnLine = undefined;
      }
      const newlines = before ? eol.repeat(Math.min(breaks, 2)) : '';
      push({ start: gapStart, end: t.startOffset }, newlines + unit.repeat(indentLevel(stack, tokens, i, lastLineEnd)));
      if (breaks > 1) line += 1; // a blank line ends a run of aligned fields
      const next = tokens[i + 1];
      if (isComment(t)) commentLines.add(line);
      else if (stack[stack.length - 1]?.kind === 'trial' && (name === 'Identifier' || name === 'Loss') && next?.tokenType.name === 'Equals' && next.startLine === t.startLine) {
        fields.push({ line, nameLength: t.image.length, gap: gaps.length });
      }
    } else {
      push({ start: gapStart, end: t.startOffset }, spacing(before, t, prev, prevPrev, stack));
    }

    if (isComment(t)) {
      const trimmed = t.image.replace(/\s+$/, '');
      if (trimmed !== t.image) push({ start: t.startOffset + trimmed.length, end: end(t) }, '');
      continue;
    }

    if (name === 'LParen') stack.push({ kind: parenKind(prev, prevPrev), line });
    else if (name === 'LBrace') stack.push({ kind: opensTrial(tokens, i) ? 'trial' : 'block', line });
    else if (OPEN[name]) stack.push({ kind: OPEN[name]!, line });
    else if (CLOSERS.has(name)) stack.pop();
    prevPrev = prev;
    prev = t;
    lastOnLine = t;
  }

  // The end of the file: no trailing blank lines, exactly one final newline (none for an empty file).
  const last = tokens[tokens.length - 1];
  if (last) {
    const tail = text.slice(end(last));
    const eol = tail.match(/\r\n|\r|\n/)?.[0] ?? text.match(/\r\n|\r|\n/)?.[0] ?? '\n';
    push({ start: end(last), end: text.length }, eol);
  } else if (text.trim() === '') {
    push({ start: 0, end: text.length }, '');
  }

  alignFields(fields, commentLines, gaps);
  const edits = gaps.filter((g) => text.slice(g.span.start, g.span.end) !== g.newText && (!range || (g.span.end >= range.start && g.span.start <= range.end)));
  if (!sameTokens(text, applyEdits(text, edits))) return [];
  return edits;
}

/** Pads the names of consecutive field lines (comment lines between them allowed) so their `=` align. */
function alignFields(fields: readonly { line: number; nameLength: number; gap: number }[], commentLines: ReadonlySet<number>, gaps: TextEdit[]): void {
  let run: (typeof fields)[number][] = [];
  const flush = (): void => {
    const width = Math.max(...run.map((f) => f.nameLength));
    for (const f of run) gaps[f.gap] = { span: gaps[f.gap].span, newText: ' '.repeat(width - f.nameLength + 1) };
    run = [];
  };
  for (const f of fields) {
    const last = run[run.length - 1];
    let adjacent = last !== undefined;
    for (let l = (last?.line ?? 0) + 1; adjacent && l < f.line; l++) adjacent = commentLines.has(l);
    if (!adjacent && run.length) flush();
    run.push(f);
  }
  if (run.length) flush();
}

/** The `{` at tokens[i] opens a trial block (`trial NAME {`). */
function opensTrial(tokens: readonly IToken[], i: number): boolean {
  let j = i - 1;
  while (j >= 0 && isComment(tokens[j])) j--;
  if (tokens[j]?.tokenType.name !== 'Identifier') return false;
  j--;
  while (j >= 0 && isComment(tokens[j])) j--;
  return tokens[j]?.tokenType.name === 'Trial';
}

/** The formatted text. */
export function formatText(text: string, options: FormatOptions): string {
  return applyEdits(text, formatEdits(text, options));
}

export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.span.start - b.span.start);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    out += text.slice(at, e.span.start) + e.newText;
    at = e.span.end;
  }
  return out + text.slice(at);
}

function parenKind(prev: IToken | undefined, prevPrev: IToken | undefined): FrameKind {
  if (prev?.tokenType.name !== 'Identifier') return 'group';
  return prevPrev?.tokenType.name === 'Loss' ? 'params' : 'call';
}

/**
 * Indentation of the line starting at token i: one level per line that opened a still-open bracket
 * (brackets opened together on one line count once), minus the brackets this line closes first, plus one
 * for a continuation line (the previous line ended in an operator or `=`, or this one starts with one).
 */
function indentLevel(stack: readonly Frame[], tokens: readonly IToken[], i: number, lastLineEnd: IToken | undefined): number {
  let open = stack.length;
  for (let j = i; j < tokens.length && CLOSERS.has(tokens[j].tokenType.name) && open > 0; j++) {
    if (j > i && tokens[j].startLine !== tokens[i].startLine) break;
    open--;
  }
  const lines = new Set(stack.slice(0, open).map((f) => f.line));
  let level = lines.size;
  const first = tokens[i];
  const fn = first.tokenType.name;
  const isOp = (n: string): boolean => BINARY.has(n) || TIGHT_BINARY.has(n);
  const prevEndsOpen = lastLineEnd !== undefined && (isOp(lastLineEnd.tokenType.name) || lastLineEnd.tokenType.name === 'Equals');
  // A leading `-`/`+` after `,` `(` `[` … is a sign (a vector item), not a continuation.
  const startsWithOperator = !isComment(first) && isOp(fn) && !((fn === 'Minus' || fn === 'Plus') && isUnary(lastLineEnd));
  if ((prevEndsOpen || startsWithOperator) && !CLOSERS.has(fn)) level += 1;
  return level;
}

/** The spaces between two tokens on one line. */
function spacing(a: IToken, b: IToken, prev: IToken | undefined, prevPrev: IToken | undefined, stack: readonly Frame[]): string {
  const an = a.tokenType.name;
  const bn = b.tokenType.name;
  if (isComment(b)) return '  ';
  const top = stack[stack.length - 1];
  const aUnary = (an === 'Minus' || an === 'Plus') && isUnary(prevPrev);
  const bUnary = (bn === 'Minus' || bn === 'Plus') && isUnary(prev);

  let s: string;
  if (an === 'LParen' || an === 'LBracket') s = '';
  else if (bn === 'RParen' || bn === 'RBracket') s = '';
  else if (bn === 'Comma' || bn === 'Colon') s = '';
  else if (an === 'Comma' || an === 'Colon') s = ' ';
  else if (an === 'LBrace' || bn === 'RBrace' || bn === 'LBrace' || an === 'RBrace') s = ' ';
  else if (bn === 'Equals' || an === 'Equals') s = top?.kind === 'call' ? '' : ' ';
  else if (TIGHT_BINARY.has(an) || TIGHT_BINARY.has(bn)) s = '';
  else if (aUnary) s = '';
  else if (bUnary) s = ' ';
  else if (BINARY.has(an) || BINARY.has(bn)) s = ' ';
  else if (bn === 'LParen') s = an === 'Identifier' ? '' : ' ';
  else if (bn === 'LBracket') s = an === 'Identifier' ? '' : ' ';
  else s = ' ';
  // Never glue two tokens that would lex as one.
  if (s === '' && WORDLIKE.has(an) && WORDLIKE.has(bn)) s = ' ';
  return s;
}

function isUnary(before: IToken | undefined): boolean {
  return before === undefined || BEFORE_UNARY.has(before.tokenType.name);
}

function sameTokens(a: string, b: string): boolean {
  const la = lossLexer.tokenize(a);
  const lb = lossLexer.tokenize(b);
  if (lb.errors.length > 0 || la.tokens.length !== lb.tokens.length) return false;
  for (let i = 0; i < la.tokens.length; i++) {
    if (la.tokens[i].image !== lb.tokens[i].image || la.tokens[i].tokenType !== lb.tokens[i].tokenType) return false;
  }
  const ca = la.groups.comments ?? [];
  const cb = lb.groups.comments ?? [];
  return ca.length === cb.length && ca.every((c, i) => c.image.trimEnd() === cb[i].image.trimEnd());
}
