import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze } from '../../src/core/analysis/analyze.js';
import { formatDiagnostic, toJsonDiagnostic } from '../../src/cli/check.js';
import { findWorkspaceRoot } from '../../src/cli/workspace-root.js';
import type { DiagnosticCode } from '../../src/core/diagnostics/codes.js';
import { LineIndex } from '../../src/core/text/line-index.js';
import { nodeSourceHost } from '../../src/core/workspace/node-host.js';

// Shared by the fixture runner, the docs test and the mutation test: where the fixtures are, and how a
// file's diagnostics are printed — exactly as `losslab check` prints them, minus the file name.

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const FIXTURES = path.join(REPO_ROOT, 'server/test/fixtures');
export const EXAMPLES = path.join(REPO_ROOT, 'examples');

/**
 * Codes that no checker pass emits yet, so no fixture can show them. Keep this list honest: the fixture
 * test fails when a code listed here is in fact produced by a fixture (then delete it from the list).
 */
export const NOT_YET_EMITTED: ReadonlySet<DiagnosticCode> = new Set<DiagnosticCode>([]);

/** Every `.loss` file below `dir`, sorted, as absolute paths. */
export function lossFiles(dir: string): string[] {
  const out: string[] = [];
  const visit = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) visit(p);
      else if (name.endsWith('.loss')) out.push(p);
    }
  };
  visit(dir);
  return out;
}

export interface CheckedLines {
  readonly codes: readonly DiagnosticCode[];
  /** `line:col severity code message`; the repository's absolute path (in import messages) reads `<root>`. */
  readonly lines: readonly string[];
}

/** Checks one file exactly as `losslab check FILE` does: same workspace root, same line format. */
export function checkLines(file: string, text: string): CheckedLines {
  const root = findWorkspaceRoot(file);
  const analysis = analyze(text, { path: file, workspaceRoot: root, host: nodeSourceHost });
  const lines = new LineIndex(text);
  return {
    codes: analysis.diagnostics.map((d) => d.code),
    lines: analysis.diagnostics.map((d) => formatDiagnostic(toJsonDiagnostic(d, lines)).split(REPO_ROOT.replace(/[\\/]$/, '')).join('<root>')),
  };
}
