import { readdirSync } from 'node:fs';
import { join } from 'node:path';

// Lists the `.loss` files of the workspace folders, for references and rename across files that are not
// open. Bounded, so a huge folder cannot stall a request.

const SKIP_DIRS = new Set(['node_modules', 'dist', 'out', 'build', '.git', '.vscode-test']);
export const MAX_WORKSPACE_FILES = 2000;

export type ListLossFiles = (folders: readonly string[]) => string[];

export const listLossFilesOnDisk: ListLossFiles = (folders) => {
  const out: string[] = [];
  const visit = (dir: string, depth: number): void => {
    if (out.length >= MAX_WORKSPACE_FILES || depth > 12) return;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (out.length >= MAX_WORKSPACE_FILES) return;
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) visit(join(dir, e.name), depth + 1);
      } else if (e.isFile() && e.name.endsWith('.loss')) out.push(join(dir, e.name));
    }
  };
  for (const f of folders) visit(f, 0);
  return out;
};
