import type * as A from './ast.js';

/**
 * The `##` lines directly above a declaration (no blank line or other code between) are its doc comment.
 */
export function docCommentFor(declStart: number, comments: readonly A.Comment[], text: string): A.DocComment | undefined {
  // The last comment that ends at or before the declaration (comments are in source order).
  let lo = 0;
  let hi = comments.length - 1;
  let i = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (comments[mid].span.end <= declStart) {
      i = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  const lines: A.Comment[] = [];
  let cursor = declStart;
  for (; i >= 0; i--) {
    const c = comments[i];
    // Only whitespace with at most one line break between this comment and what follows it.
    if (!c.doc || !/^[ \t]*\r?\n?[ \t]*$/.test(text.slice(c.span.end, cursor))) break;
    lines.unshift(c);
    cursor = c.span.start;
  }
  if (lines.length === 0) return undefined;
  const textOut = lines.map((l) => l.text.replace(/^##\s?/, '')).join('\n');
  return { text: textOut, span: { start: lines[0].span.start, end: lines[lines.length - 1].span.end } };
}
