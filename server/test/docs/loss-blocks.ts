// Reads the ```loss code blocks out of a Markdown document, so the language reference can be tested
// as what it claims to be: every complete program in it checks clean, every program shown for its
// diagnostic produces exactly that diagnostic.
//
// Info strings (only the first word decides GitHub's highlighting, so every block stays `loss`):
//   ```loss                         a complete program: no errors, no warnings
//   ```loss file=common.loss        the same, and other blocks may `import "common.loss"`
//   ```loss expect=code-a,code-b    a program whose errors and warnings are exactly these codes
//                                   (a named hint code must appear too)
//   ```loss fragment                part of a program (a lone expression or field): parsed, not checked

export interface LossBlock {
  /** 1-based line of the opening fence in the Markdown file. */
  readonly line: number;
  readonly text: string;
  readonly file?: string;
  readonly expect?: readonly string[];
  readonly fragment: boolean;
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*loss(?:\s+(.*))?$/;

export function lossBlocks(markdown: string): LossBlock[] {
  const lines = markdown.split(/\r?\n/);
  const out: LossBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = FENCE.exec(lines[i]);
    if (!m) continue;
    const [, indent, fence, info = ''] = m;
    const attrs = new Map<string, string>();
    for (const word of info.trim().split(/\s+/).filter(Boolean)) {
      const eq = word.indexOf('=');
      attrs.set(eq < 0 ? word : word.slice(0, eq), eq < 0 ? '' : word.slice(eq + 1));
    }
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !lines[j].trimStart().startsWith(fence); j++) body.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j]);
    out.push({
      line: i + 1,
      text: `${body.join('\n')}\n`,
      ...(attrs.has('file') ? { file: attrs.get('file')! } : {}),
      ...(attrs.has('expect') ? { expect: attrs.get('expect')!.split(',').filter(Boolean) } : {}),
      fragment: attrs.has('fragment'),
    });
    i = j;
  }
  return out;
}
