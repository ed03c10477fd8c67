import type { Span } from '../text/span.js';
import { DIAGNOSTIC_CODES, type DiagnosticCode, type DiagnosticCodeInfo, type Severity } from './codes.js';

/** A text replacement; spans are offsets into the document the diagnostic belongs to. */
export interface TextEdit {
  readonly span: Span;
  readonly newText: string;
}

/** The data for a quick fix: the LSP layer turns it into a CodeAction, the CLI can print its title. */
export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /** True when applying it is safe without review, so `source.fixAll` may apply it. */
  readonly preferred?: boolean;
}

export interface RelatedInformation {
  readonly message: string;
  readonly span: Span;
  /** Absent: the same document. Otherwise an absolute file path. */
  readonly file?: string;
}

export type DiagnosticTag = 'unnecessary' | 'deprecated';

export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  readonly span: Span;
  readonly related?: readonly RelatedInformation[];
  readonly tags?: readonly DiagnosticTag[];
  readonly fixes?: readonly Fix[];
}

export interface DiagnosticOptions {
  readonly related?: readonly RelatedInformation[];
  readonly fixes?: readonly Fix[];
  /** Overrides the code's default severity (rarely: e.g. a lint raised to an error by certainty). */
  readonly severity?: Severity;
}

/**
 * Builds a diagnostic whose severity and tags come from the code table (the single source of truth).
 * Its places are copies, never the syntax tree's own span objects: after an edit the two are moved apart.
 */
export function diagnostic(code: DiagnosticCode, span: Span, message: string, options: DiagnosticOptions = {}): Diagnostic {
  const info: DiagnosticCodeInfo = DIAGNOSTIC_CODES[code];
  return {
    code,
    severity: options.severity ?? info.severity,
    message,
    span: { start: span.start, end: span.end },
    ...(options.related?.length ? { related: options.related.map((r) => ({ ...r, span: { start: r.span.start, end: r.span.end } })) } : {}),
    ...(info.tags?.length ? { tags: info.tags } : {}),
    ...(options.fixes?.length ? { fixes: options.fixes.map((f) => ({ ...f, edits: f.edits.map((e) => ({ ...e, span: { start: e.span.start, end: e.span.end } })) })) } : {}),
  };
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

/** Source order, then severity: the order the CLI prints and tests compare. */
export function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  return [...ds].sort((a, b) => a.span.start - b.span.start || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.code.localeCompare(b.code));
}
