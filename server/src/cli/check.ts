import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../core/analysis/analyze.js';
import type { Diagnostic } from '../core/diagnostics/diagnostic.js';
import { LineIndex } from '../core/text/line-index.js';
import { nodeSourceHost } from '../core/workspace/node-host.js';
import { findWorkspaceRoot } from './workspace-root.js';

// `losslab check FILE…` — diagnostics as `file:line:col severity code message` (1-based line and
// column), or one JSON document with --json. Exit 0 clean, 1 when any file has an error, 2 on usage.

const USAGE = 'usage: losslab check [--json] FILE…';

export interface CheckedFile {
  readonly file: string;
  readonly diagnostics: readonly JsonDiagnostic[];
}

export interface JsonDiagnostic {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly severity: Diagnostic['severity'];
  readonly code: string;
  readonly message: string;
  readonly fixes?: readonly string[];
}

export function toJsonDiagnostic(d: Diagnostic, lines: LineIndex): JsonDiagnostic {
  const r = lines.rangeOf(d.span);
  return {
    line: r.start.line + 1,
    column: r.start.character + 1,
    endLine: r.end.line + 1,
    endColumn: r.end.character + 1,
    severity: d.severity,
    code: d.code,
    message: d.message,
    ...(d.fixes?.length ? { fixes: d.fixes.map((f) => f.title) } : {}),
  };
}

/** The human line format, shared with the fixture tests: `line:col severity code message`. */
export function formatDiagnostic(j: JsonDiagnostic): string {
  return `${j.line}:${j.column} ${j.severity} ${j.code} ${j.message}`;
}

export function checkFile(file: string): CheckedFile | { file: string; error: string } {
  const abs = path.resolve(file);
  let text: string;
  try {
    if (statSync(abs).isDirectory()) return { file, error: 'is a directory' };
    text = readFileSync(abs, 'utf8');
  } catch (err) {
    return { file, error: (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String((err as Error).message) };
  }
  const analysis = analyze(text, { path: abs, workspaceRoot: findWorkspaceRoot(abs), host: nodeSourceHost });
  const lines = new LineIndex(text);
  return { file, diagnostics: analysis.diagnostics.map((d) => toJsonDiagnostic(d, lines)) };
}

export async function runCheck(args: string[]): Promise<number> {
  const json = args.includes('--json');
  const unknown = args.filter((a) => a.startsWith('-') && a !== '--json');
  const files = args.filter((a) => !a.startsWith('-'));
  if (unknown.length || files.length === 0) {
    process.stderr.write(`${unknown.length ? `losslab check: unknown option ${unknown[0]}\n` : ''}${USAGE}\n`);
    return 2;
  }
  let errors = 0;
  let usage = false;
  const results: (CheckedFile | { file: string; error: string })[] = [];
  for (const f of files) {
    const r = checkFile(f);
    results.push(r);
    if ('error' in r) {
      usage = true;
      if (!json) process.stderr.write(`${f}: ${r.error}\n`);
      continue;
    }
    errors += r.diagnostics.filter((d) => d.severity === 'error').length;
    if (!json) for (const d of r.diagnostics) process.stdout.write(`${f}:${formatDiagnostic(d)}\n`);
  }
  if (json) process.stdout.write(`${JSON.stringify({ files: results, errors }, null, 2)}\n`);
  return usage ? 2 : errors > 0 ? 1 : 0;
}
