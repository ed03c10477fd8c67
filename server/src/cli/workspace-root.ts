import { existsSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The folder imports are confined to, for a file checked from the command line: the nearest ancestor
 * holding a `.git` or `package.json`, else the current directory when the file is inside it, else the file's folder.
 */
export function findWorkspaceRoot(file: string): string {
  let dir = path.dirname(file);
  for (;;) {
    if (existsSync(path.join(dir, '.git')) || existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const cwd = process.cwd();
  const rel = path.relative(cwd, file);
  return !rel.startsWith('..') && !path.isAbsolute(rel) ? cwd : path.dirname(file);
}
