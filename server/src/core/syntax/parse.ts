import type { IToken } from 'chevrotain';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Span } from '../text/span.js';
import type * as A from './ast.js';
import { forEachDeclarationExpr } from './ast.js';
import { docCommentFor } from './doc-comments.js';
import { parseTokens } from './parser.js';
import { findTooDeep, limitNesting, MAX_EXPRESSION_DEPTH } from './nesting.js';
import { lossLexer } from './tokens.js';

export interface ParseResult {
  readonly file: A.SourceFile;
  /** Syntax diagnostics only; semantic ones come from `analyze`. */
  readonly diagnostics: readonly Diagnostic[];
  /** Every token (comments excluded), for semantic highlighting and completion. */
  readonly tokens: readonly IToken[];
}

/** Lexes and parses a `.loss` text. Never throws: whatever is broken becomes a located diagnostic. */
export function parse(text: string): ParseResult {
  const lexed = lossLexer.tokenize(text);
  const diagnostics: Diagnostic[] = [];

  // Runs of characters the lexer skipped are one error each, not one per character.
  for (const e of lexed.errors) {
    const s: Span = { start: e.offset, end: e.offset + e.length };
    const chars = text.slice(s.start, s.end);
    diagnostics.push(diagnostic('unknown-character', s, `unexpected character${chars.length > 1 ? 's' : ''} '${chars}'`));
  }

  const tokens = lexed.tokens;
  const parserTokens = limitNesting(tokens, diagnostics);
  for (const t of tokens) {
    if (t.tokenType.name === 'UnterminatedString') {
      const s = tokenSpan(t);
      diagnostics.push(
        diagnostic('unterminated-string', s, 'string literal is not closed before the end of the line', {
          fixes: [{ title: 'Close the string', edits: [{ span: { start: s.end, end: s.end }, newText: '"' }], preferred: true }],
        }),
      );
    }
  }

  const parsed = parseSafely(parserTokens);
  if (!parsed) {
    // The nesting limits make this unreachable in practice; it is the last line of defence.
    diagnostics.push(diagnostic('too-deeply-nested', { start: 0, end: Math.min(text.length, 1) }, 'this file nests too deeply to parse; split deep expressions with let bindings'));
    return { file: { kind: 'File', declarations: [], comments: [], span: { start: 0, end: text.length } }, diagnostics, tokens };
  }
  const { declarations, errors, strayStatements } = parsed;
  const seen = new Set<number>();
  for (const e of errors) {
    const t = e.token;
    let s: Span;
    if (t.tokenType.name === 'EOF' || Number.isNaN(t.startOffset)) {
      // At the end of the input: point at the last real token so the squiggle is visible.
      const prev = (e as unknown as { previousToken?: IToken }).previousToken;
      const last = prev && !Number.isNaN(prev.startOffset) ? prev : tokens[tokens.length - 1];
      s = last ? { start: last.endOffset! + 1, end: last.endOffset! + 1 } : { start: text.length, end: text.length };
    } else {
      s = tokenSpan(t);
      // A missing ')' or '}' is found only at the next line's first token: point just after the last
      // token of the line where it is missing, as a reader would.
      const prev = (e as unknown as { previousToken?: IToken }).previousToken;
      if (e.name === 'MismatchedTokenException' && prev && !Number.isNaN(prev.startOffset) && prev.endOffset !== undefined && /[\r\n]/.test(text.slice(prev.endOffset + 1, t.startOffset))) {
        s = { start: prev.endOffset + 1, end: prev.endOffset + 1 };
      }
    }
    if (seen.has(s.start)) continue;
    seen.add(s.start);
    diagnostics.push(diagnostic('syntax-error', s, e.message));
  }

  reportStrayStatements(strayStatements, diagnostics);
  const comments = collectComments(lexed.groups.comments ?? []);
  const withDocs = declarations.map((d) => {
    if (d.kind === 'Import') return d;
    const doc = docCommentFor(d.span.start, comments, text);
    return doc ? { ...d, doc } : d;
  });
  const file = limitDepth({ kind: 'File', declarations: withDocs, comments, span: { start: 0, end: text.length } }, diagnostics);
  reportPowerOperators(file, diagnostics);
  return { file, diagnostics, tokens };
}

/**
 * Every later pass recurses over expressions: a top-level expression with a part deeper than
 * MAX_EXPRESSION_DEPTH (a sum of thousands of terms) is reported and replaced by an error node.
 */
function limitDepth(file: A.SourceFile, out: Diagnostic[]): A.SourceFile {
  let changed = false;
  const check = (e: A.Expr): A.Expr => {
    // A tree has at most one node per source character: a short expression cannot be too deep.
    if (e.span.end - e.span.start <= MAX_EXPRESSION_DEPTH) return e;
    const deep = findTooDeep(e);
    if (deep.length === 0) return e;
    changed = true;
    for (const d of deep) {
      out.push(diagnostic('too-deeply-nested', d.span, `this expression is more than ${MAX_EXPRESSION_DEPTH} operations deep; split it with 'let' bindings or a reduction such as sum([…])`));
    }
    return { kind: 'ErrorExpr', span: e.span };
  };
  const declarations = file.declarations.map((d): A.Declaration => {
    if (d.kind === 'Loss') {
      return {
        ...d,
        params: d.params.map((p) => ({
          ...p,
          ...(p.defaultValue ? { defaultValue: check(p.defaultValue) } : {}),
          ...(p.range ? { range: { ...p.range, lo: check(p.range.lo), hi: check(p.range.hi) } } : {}),
        })),
        body: d.body.map((st): A.Statement => (st.kind === 'Learn' ? { ...st, init: check(st.init) } : { ...st, value: check(st.value) })),
      };
    }
    if (d.kind === 'Trial') return { ...d, fields: d.fields.map((f) => ({ ...f, value: check(f.value) })) };
    return d;
  });
  return changed ? { ...file, declarations } : file;
}

/** `let`, `learn` or `return` written outside any loss body. */
function reportStrayStatements(keywords: readonly IToken[], out: Diagnostic[]): void {
  for (const kw of keywords) {
    const s = tokenSpan(kw);
    if (kw.tokenType.name === 'Learn') out.push(diagnostic('learn-outside-body', s, "'learn' declares a learnable value of a loss: move it inside a loss body { … }"));
    else out.push(diagnostic('syntax-error', s, `'${kw.image}' is only allowed inside a loss body { … }`));
  }
}

function parseSafely(tokens: IToken[]): ReturnType<typeof parseTokens> | undefined {
  try {
    return parseTokens(tokens);
  } catch (err) {
    if (err instanceof RangeError) return undefined;
    throw err;
  }
}

function tokenSpan(t: IToken): Span {
  return { start: t.startOffset, end: (t.endOffset ?? t.startOffset) + 1 };
}

function collectComments(ts: readonly IToken[]): A.Comment[] {
  return ts.map((t) => ({ text: t.image, span: tokenSpan(t), doc: t.tokenType.name === 'DocComment' }));
}

/** `**` parses like `^` so the rest of the file still checks; it is an error with a one-keystroke fix. */
function reportPowerOperators(file: A.SourceFile, out: Diagnostic[]): void {
  forEachExpr(file, (e) => {
    if (e.kind === 'Binary' && e.op === '**') {
      out.push(
        diagnostic('power-operator', e.opSpan, "'**' is not an operator in .loss: write '^' for a power", {
          fixes: [{ title: "Replace '**' with '^'", edits: [{ span: e.opSpan, newText: '^' }], preferred: true }],
        }),
      );
    }
  });
}

/** Visits every expression of a file: parameter defaults and ranges, statements, trial fields. */
export function forEachExpr(file: A.SourceFile, visit: (e: A.Expr, parent: A.Expr | undefined) => void): void {
  for (const d of file.declarations) forEachDeclarationExpr(d, visit);
}
