/**
 * The one contiguous replacement that turns `before` into `after`: offsets [start, oldEnd) of `before`
 * became [start, newEnd) of `after`. Found by trimming the common prefix and suffix, so it needs no
 * knowledge of how the editor described the edit (one change or several, full or incremental sync);
 * for the usual keystroke it is exactly the edit. Undefined when the texts are equal.
 */
export interface TextChange {
  readonly start: number;
  readonly oldEnd: number;
  readonly newEnd: number;
}

const BLOCK = 256;

export function textChange(before: string, after: string): TextChange | undefined {
  if (before === after) return undefined;
  const shorter = Math.min(before.length, after.length);
  // Equal stretches are skipped a block at a time (a slice compare is a memory compare), then by character.
  let start = 0;
  while (start + BLOCK <= shorter && before.slice(start, start + BLOCK) === after.slice(start, start + BLOCK)) start += BLOCK;
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let oldEnd = before.length;
  let newEnd = after.length;
  while (oldEnd - BLOCK >= start && newEnd - BLOCK >= start && before.slice(oldEnd - BLOCK, oldEnd) === after.slice(newEnd - BLOCK, newEnd)) {
    oldEnd -= BLOCK;
    newEnd -= BLOCK;
  }
  // The suffix may not overlap the prefix (`aa` → `aaa` inserts one `a` at the end, not at the start).
  while (oldEnd > start && newEnd > start && before.charCodeAt(oldEnd - 1) === after.charCodeAt(newEnd - 1)) {
    oldEnd--;
    newEnd--;
  }
  return { start, oldEnd, newEnd };
}

/** How far offsets at or after the change's old end move. */
export function changeDelta(c: TextChange): number {
  return c.newEnd - c.oldEnd;
}
