import { readFileSync } from 'node:fs';
import type { SourceHost } from '../analysis/model.js';

/** Reads imports from disk (the CLI; the language server layers open documents on top). */
export const nodeSourceHost: SourceHost = {
  readFile(p: string): string | undefined {
    try {
      return readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  },
};
