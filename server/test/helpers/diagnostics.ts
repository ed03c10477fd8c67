import { analyze, type AnalyzeOptions } from '../../src/core/analysis/analyze.js';
import type { Diagnostic } from '../../src/core/diagnostics/diagnostic.js';

/** `code "covered text"` per diagnostic, in source order: compact enough to write inline in a test. */
export function codesOf(text: string, options: AnalyzeOptions = {}, filter: (d: Diagnostic) => boolean = () => true): string[] {
  return analyze(text, options)
    .diagnostics.filter(filter)
    .map((d) => `${d.code} ${JSON.stringify(text.slice(d.span.start, d.span.end))}`);
}

export const errorsAndWarnings = (d: Diagnostic): boolean => d.severity === 'error' || d.severity === 'warning';
