import type { Analysis, SourceHost } from '../core/analysis/model.js';
import { ExportError } from './errors.js';
import { latexDocument } from './formula.js';
import { planExport } from './plan.js';
import { pythonModule } from './pytorch/module.js';
import { tfjsModule } from './tfjs/module.js';

// The one entry point of every exporter: the CLI (`losslab export`) and the editor command
// ("LossLab: Export to PyTorch", which opens the result in a new editor) both call exportLoss.

export const EXPORT_TARGETS = ['pytorch', 'latex', 'tfjs'] as const;
export type ExportTarget = (typeof EXPORT_TARGETS)[number];

export interface ExportResult {
  readonly code: string;
  /** The editor language of `code`. */
  readonly language: 'python' | 'latex' | 'typescript';
}

export interface ExportOptions {
  /** Reads imported files, so that docstrings can quote imported losses' source. */
  readonly host?: SourceHost;
  /** How the source file is named in the generated header (default: the analysis path's base name). */
  readonly sourceName?: string;
}

export function isExportTarget(s: string): s is ExportTarget {
  return (EXPORT_TARGETS as readonly string[]).includes(s);
}

/**
 * Exports the loss `lossName` of an analysed document. Throws ExportError (with a message for the user)
 * for an unknown loss or target, a document with errors, or a construct the target cannot express.
 */
export function exportLoss(analysis: Analysis, lossName: string, target: string, options: ExportOptions = {}): ExportResult {
  if (!isExportTarget(target)) throw new ExportError(`unsupported export target '${target}' (targets: ${EXPORT_TARGETS.join(', ')})`);
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    throw new ExportError(`the file has ${errors.length} error${errors.length === 1 ? '' : 's'} (first: ${errors[0]!.message}); fix ${errors.length === 1 ? 'it' : 'them'} before exporting`);
  }
  const plan = planExport(analysis, lossName, options.host);
  const sourceName = options.sourceName ?? (analysis.path ? analysis.path.split(/[\\/]/).pop() : undefined);
  switch (target) {
    case 'pytorch':
      return { code: pythonModule(plan, sourceName ? { sourceName } : {}), language: 'python' };
    case 'latex':
      return { code: latexDocument(plan), language: 'latex' };
    case 'tfjs':
      return { code: tfjsModule(plan, sourceName ? { sourceName } : {}), language: 'typescript' };
  }
}
