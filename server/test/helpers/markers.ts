// Langium-style text fixtures: `<|>` marks a cursor, `<|…|>` a range. The markers are removed and their
// offsets returned, so a test reads like the document it describes.

export interface Marked {
  readonly text: string;
  /** Offsets of `<|>` cursors, in order. */
  readonly cursors: number[];
  /** Offsets of `<|…|>` ranges, in order. */
  readonly ranges: { start: number; end: number }[];
}

export function markers(source: string): Marked {
  let text = '';
  const cursors: number[] = [];
  const ranges: { start: number; end: number }[] = [];
  const open: number[] = [];
  for (let i = 0; i < source.length; ) {
    if (source.startsWith('<|>', i)) {
      cursors.push(text.length);
      i += 3;
    } else if (source.startsWith('<|', i)) {
      open.push(text.length);
      i += 2;
    } else if (source.startsWith('|>', i) && open.length) {
      ranges.push({ start: open.pop()!, end: text.length });
      i += 2;
    } else {
      text += source[i++];
    }
  }
  ranges.sort((a, b) => a.start - b.start);
  return { text, cursors, ranges };
}
