/** A half-open range of character offsets [start, end) into one document's text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** Zero-based line and character, as LSP counts them (UTF-16 code units). */
export interface Position {
  readonly line: number;
  readonly character: number;
}

export interface LineRange {
  readonly start: Position;
  readonly end: Position;
}

export function span(start: number, end: number): Span {
  return { start, end };
}

export function joinSpans(a: Span, b: Span): Span {
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}

export function containsOffset(s: Span, offset: number): boolean {
  return offset >= s.start && offset <= s.end;
}
