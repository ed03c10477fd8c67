import type { IToken } from 'chevrotain';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Span } from '../text/span.js';
import type * as A from './ast.js';
import { walkExpr } from './ast.js';
import { AstBuilder } from './build-ast.js';
import { parseTokens } from './parser.js';
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

  const { cst, errors } = parseTokens(tokens);
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
    }
    if (seen.has(s.start)) continue;
    seen.add(s.start);
    diagnostics.push(diagnostic('syntax-error', s, e.message));
  }

  const file = new AstBuilder(text).file(cst, collectComments(lexed.groups.comments ?? []));
  reportPowerOperators(file, diagnostics);
  return { file, diagnostics, tokens };
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
  for (const d of file.declarations) {
    if (d.kind === 'Loss') {
      for (const p of d.params) {
        if (p.defaultValue) walkExpr(p.defaultValue, visit);
        if (p.range) {
          walkExpr(p.range.lo, visit);
          walkExpr(p.range.hi, visit);
        }
      }
      for (const s of d.body) walkExpr(s.kind === 'Learn' ? s.init : s.value, visit);
    } else if (d.kind === 'Trial') {
      for (const f of d.fields) walkExpr(f.value, visit);
    }
  }
}
