import { DiagnosticSeverity, DiagnosticTag, type Range } from 'vscode-languageserver';
import type { Severity } from '../core/diagnostics/codes.js';
import type { DiagnosticTag as CoreTag } from '../core/diagnostics/diagnostic.js';
import type { LineIndex } from '../core/text/line-index.js';
import type { Span } from '../core/text/span.js';

// Conversions between the core's offsets/enums and LSP's line/character types.

export function toRange(index: LineIndex, span: Span): Range {
  return index.rangeOf(span);
}

export function toSpan(index: LineIndex, range: Range): Span {
  return { start: index.offsetAt(range.start), end: index.offsetAt(range.end) };
}

export const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export const TAG: Record<CoreTag, DiagnosticTag> = {
  unnecessary: DiagnosticTag.Unnecessary,
  deprecated: DiagnosticTag.Deprecated,
};

export function rangesOverlap(a: Span, b: Span): boolean {
  return a.start <= b.end && b.start <= a.end;
}
