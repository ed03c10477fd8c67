import type { IToken } from 'chevrotain';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { TextChange } from '../text/text-change.js';
import type * as A from './ast.js';
import { parse, type ParseResult } from './parse.js';
import { SpanShifter } from './span-shifter.js';
import { lossLexer } from './tokens.js';

// Re-parses only what an edit touched. The declarations around the edit form a window: it starts where
// the declaration before the edit ends and ends with the first declaration that lies wholly after the
// edit (the anchor), or at the end of the file. The window is parsed on its own; everything before it is
// kept as it was and everything after it is kept and moved by the edit's length.
//
// That is the same as parsing the whole file whenever the parser meets the window in the state it
// always meets a declaration keyword in (nothing open, no error being recovered from) and leaves it in
// the same state: the checks below demand exactly that, and anything else (an error in the declaration
// just before the window, an edit that reaches into an import, an anchor that no longer parses cleanly
// on its own) returns undefined, and the caller parses the whole text. The equivalence is tested against full parses of
// randomly edited files (reparse.test.ts).

export interface Reparse {
  readonly parse: ParseResult;
  /** Declarations of the old parse that were replaced: nothing computed from them is valid any more. */
  readonly removed: readonly A.Declaration[];
  /** Declarations that are new (parsed from the window). */
  readonly added: readonly A.Declaration[];
  /** The mover of what is kept after the edit (old offsets from the edit's end on move by its length);
   *  diagnostics kept from the old analysis must go through it too. */
  readonly shifter: SpanShifter;
}

/** Codes after which the parser may not be back at the top level in its usual state. */
const UNSETTLING = new Set(['syntax-error', 'too-deeply-nested', 'learn-outside-body']);

/**
 * The parse of `newText` made from `old` (the parse of `oldText`) and the edit between them, or undefined
 * when the edit cannot be re-parsed locally. On success the old parse's kept nodes have been moved:
 * `old` must not be used afterwards. On failure nothing has been touched.
 */
export function reparse(old: ParseResult, oldText: string, newText: string, change: TextChange): Reparse | undefined {
  const decls = old.file.declarations;
  const delta = change.newEnd - change.oldEnd;

  // The first declaration the edit may touch: the edit starts at or before its end.
  let k = 0;
  for (let hi = decls.length; k < hi; ) {
    const mid = (k + hi) >> 1;
    if (decls[mid].span.end < change.start) k = mid + 1;
    else hi = mid;
  }
  const windowStart = k === 0 ? 0 : decls[k - 1].span.end;
  if (k > 0) {
    const before = decls[k - 1];
    // The parser must reach the window at a clean top level: the declaration before it complete and
    // read without an error (recovering from one may look ahead into the window), and a separator after
    // it so that no token can grow across. Errors further up do not matter: the parser is back at the
    // top level after a complete declaration, and bracket nesting is counted afresh at each keyword.
    if (isIncomplete(before) || !isSeparator(oldText.charCodeAt(windowStart))) return undefined;
    if (old.diagnostics.some((d) => d.span.start >= before.span.start && d.span.start <= windowStart && UNSETTLING.has(d.code))) return undefined;
  }

  // The anchor: the first declaration wholly after the edit; it must parse again exactly as before.
  let m = k;
  while (m < decls.length && decls[m].span.start < change.oldEnd) m++;
  const anchor = m < decls.length ? decls[m] : undefined;
  if (anchor) {
    if (anchor.kind === 'Import' || isIncomplete(anchor)) return undefined;
    if (old.diagnostics.some((d) => d.span.start >= anchor.span.start && d.span.start < anchor.span.end && UNSETTLING.has(d.code))) return undefined;
    if (anchor.span.end < oldText.length && !isSeparator(oldText.charCodeAt(anchor.span.end))) return undefined;
  }
  if (decls.slice(k, m).some((d) => d.kind === 'Import')) return undefined;

  const oldWindowEnd = anchor ? anchor.span.end : oldText.length;
  const newWindowEnd = anchor ? anchor.span.end + delta : newText.length;
  const window = parse(newText.slice(windowStart, newWindowEnd));
  const parsed = window.file.declarations;
  if (parsed.some((d) => d.kind === 'Import')) return undefined;
  // The declaration before the window ends where it did only if what follows it still cannot continue
  // it: a declaration keyword (an inserted `/` or `*` would carry its expression on into the window).
  const lead = window.tokens[0]?.tokenType.name;
  if (k > 0 && lead !== 'Loss' && lead !== 'Trial') return undefined;
  let added = parsed;
  let keepFrom = decls.length;
  if (anchor) {
    const again = parsed[parsed.length - 1];
    const at = anchor.span.start + delta - windowStart;
    if (!again || again.kind !== anchor.kind || isIncomplete(again) || again.span.start !== at || again.span.end !== newWindowEnd - windowStart) return undefined;
    if (window.diagnostics.some((d) => d.span.start >= at || d.span.end > at)) return undefined;
    // The anchor is kept (and keeps its analysis) unless the edit changed the doc comment above it.
    if (sameDoc(again, anchor, windowStart - delta)) {
      added = parsed.slice(0, -1);
      keepFrom = m;
    } else keepFrom = m + 1;
  }
  const removed = decls.slice(k, keepFrom);

  // Accepted: from here on the old parse is changed.
  const inWindow = new SpanShifter(windowStart);
  for (const d of added) inWindow.declaration(d);
  for (const c of window.file.comments) inWindow.comment(c);
  for (const d of window.diagnostics) inWindow.diagnostic(d);
  const shifter = new SpanShifter(delta, change.oldEnd);
  const kept = decls.slice(keepFrom);
  for (const d of kept) shifter.declaration(d);
  // Without an anchor the window reaches the end of the file and nothing after it is kept (not even a
  // message at the very end).
  const keptComments = anchor ? old.file.comments.filter((c) => c.span.start >= oldWindowEnd) : [];
  for (const c of keptComments) shifter.comment(c);
  const keptDiagnostics = anchor ? old.diagnostics.filter((d) => d.span.start >= oldWindowEnd) : [];
  for (const d of keptDiagnostics) shifter.diagnostic(d);

  const file: A.SourceFile = {
    kind: 'File',
    declarations: [...decls.slice(0, k), ...added, ...kept],
    comments: [...old.file.comments.filter((c) => c.span.start < windowStart), ...window.file.comments, ...keptComments],
    span: { start: 0, end: newText.length },
  };
  const diagnostics: Diagnostic[] = [...old.diagnostics.filter((d) => d.span.start < windowStart), ...window.diagnostics, ...keptDiagnostics];
  return { parse: lazyTokens(file, diagnostics, newText), removed, added, shifter };
}

/** A parse whose token list is lexed from the whole text when first asked for (few features need it). */
function lazyTokens(file: A.SourceFile, diagnostics: readonly Diagnostic[], text: string): ParseResult {
  let tokens: readonly IToken[] | undefined;
  return {
    file,
    diagnostics,
    get tokens(): readonly IToken[] {
      return (tokens ??= lossLexer.tokenize(text).tokens);
    },
  };
}

/** The same doc comment, `again` (parsed in the window) being `base` characters ahead of `old`'s text. */
function sameDoc(again: A.Declaration, old: A.Declaration, base: number): boolean {
  if (again.kind === 'Import' || old.kind === 'Import') return true;
  if (!again.doc || !old.doc) return !again.doc && !old.doc;
  return again.doc.text === old.doc.text && again.doc.span.start + base === old.doc.span.start && again.doc.span.end + base === old.doc.span.end;
}

function isIncomplete(d: A.Declaration): boolean {
  return d.kind !== 'Import' && d.incomplete === true;
}

/** Whitespace or the start of a comment: no token continues across it. */
function isSeparator(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11 || c === 35 /* # */;
}
