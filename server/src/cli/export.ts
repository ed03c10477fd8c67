import { readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../core/analysis/analyze.js';
import { nodeSourceHost } from '../core/workspace/node-host.js';
import { ExportError } from '../export/errors.js';
import { EXPORT_TARGETS, exportLoss } from '../export/export-loss.js';
import { findWorkspaceRoot } from './workspace-root.js';

// `losslab export FILE --loss NAME --to pytorch|latex|tfjs [--out PATH]` — writes the generated code to
// stdout (or PATH). Exit 0 on success, 2 for every problem (unknown loss, a file with errors, an
// unsupported target or construct, bad usage), with the reason on stderr.

const USAGE = `usage: losslab export FILE --loss NAME --to ${EXPORT_TARGETS.join('|')} [--out PATH]`;

interface ExportArgs {
  file: string;
  loss: string;
  to: string;
  out?: string;
}

function parseArgs(args: string[]): ExportArgs | string {
  const files: string[] = [];
  const opts: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const eq = a.match(/^--(loss|to|out)=(.*)$/);
    if (eq) {
      opts[eq[1]!] = eq[2]!;
    } else if (a === '--loss' || a === '--to' || a === '--out') {
      const v = args[i + 1];
      if (v === undefined || v.startsWith('--')) return `${a} needs a value`;
      opts[a.slice(2)] = v;
      i++;
    } else if (a.startsWith('-')) {
      return `unknown option ${a}`;
    } else {
      files.push(a);
    }
  }
  if (files.length !== 1) return files.length === 0 ? 'no FILE given' : `one FILE at a time (got ${files.length})`;
  if (!opts.loss) return 'missing --loss NAME';
  if (!opts.to) return `missing --to (${EXPORT_TARGETS.join(', ')})`;
  return { file: files[0]!, loss: opts.loss, to: opts.to, ...(opts.out ? { out: opts.out } : {}) };
}

export async function runExport(args: string[]): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    process.stderr.write(`losslab export: ${parsed}\n${USAGE}\n`);
    return 2;
  }
  const abs = path.resolve(parsed.file);
  let text: string;
  try {
    if (statSync(abs).isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    text = readFileSync(abs, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    process.stderr.write(`losslab export: ${parsed.file}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}\n`);
    return 2;
  }
  const analysis = analyze(text, { path: abs, workspaceRoot: findWorkspaceRoot(abs), host: nodeSourceHost });
  try {
    const result = exportLoss(analysis, parsed.loss, parsed.to, { host: nodeSourceHost, sourceName: path.basename(abs) });
    if (parsed.out) writeFileSync(parsed.out, result.code);
    else process.stdout.write(result.code);
    return 0;
  } catch (err) {
    if (err instanceof ExportError) {
      process.stderr.write(`losslab export: ${parsed.file}: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
