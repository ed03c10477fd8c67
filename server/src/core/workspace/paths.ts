import * as path from 'node:path';

// Import paths are relative to the importing file and confined to the workspace root.

export function resolveImportPath(fromFile: string, importPath: string): string {
  return path.resolve(path.dirname(fromFile), importPath);
}

export function isInside(root: string, file: string): boolean {
  const rel = path.relative(path.resolve(root), path.resolve(file));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
