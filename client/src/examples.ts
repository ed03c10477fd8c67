import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// The shipped examples (examples/*.loss, packaged in the .vsix) as the entries of "LossLab: Open
// Example": one per family of the source article, titled from the file's first comment line
// (`# Family 4 — Imbalance correction (分布不平衡修正策略)`), with the trials it declares. No vscode import,
// so the catalogue is tested without an editor.

export interface ExampleEntry {
  /** File name inside the examples folder. */
  readonly file: string;
  /** `4. Imbalance correction`, `Base losses`, `Flagship: …`. */
  readonly label: string;
  /** The article's own name of the family (Chinese), or the rest of the title line. */
  readonly description: string;
  /** `Trials: long_tail, resampled`. */
  readonly detail: string;
  /** The family's number; the flagship sorts first (0), files that are not a family last. */
  readonly order: number;
}

const FAMILY = /^#\s*Family\s+(\d+)\s*[—–-]\s*(.*?)\s*(?:\(([^)]*)\))?\s*$/;

/** The quick-pick entry of one example, from its text. */
export function exampleEntry(file: string, text: string): ExampleEntry {
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  const trials = [...text.matchAll(/^trial\s+([A-Za-z_]\w*)/gm)].map((m) => m[1]);
  const detail = trials.length ? `Trial${trials.length === 1 ? '' : 's'}: ${trials.join(', ')}` : 'No trial';
  const family = FAMILY.exec(first);
  if (family) return { file, label: `${family[1]}. ${family[2]}`, description: family[3] ?? '', detail, order: Number(family[1]) };
  // A file without a title comment is listed by its name.
  const title = first.startsWith('#') ? first.replace(/^#+\s*/, '').trim() || file : file;
  // `# Base losses — the plain losses every family starts from, …` / `# LossLab's flagship trial: what …`.
  const split = /^(.*?)\s*(?:[—–]|:)\s+(.*)$/.exec(title);
  const head = split ? split[1] : title;
  const rest = split ? split[2].replace(/\.$/, '') : '';
  const flagship = /flagship/i.test(file) || /flagship/i.test(head);
  return { file, label: flagship ? 'Flagship' : head, description: flagship ? title.replace(/\.$/, '') : rest, detail, order: flagship ? 0 : 100 };
}

/** Every `.loss` file of the folder as an entry: the flagship, the families in their order, then the rest by name. */
export function listExamples(dir: string): ExampleEntry[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.loss'))
    .map((f) => exampleEntry(f, readFileSync(join(dir, f), 'utf8')))
    .sort((a, b) => a.order - b.order || a.label.localeCompare(b.label));
}
