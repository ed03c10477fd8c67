import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Span } from '../text/span.js';
import type * as A from './ast.js';

// Moves the spans of syntax trees and diagnostics by a fixed number of characters, in place. Used after an
// edit for everything that lies behind it and did not change: re-using those nodes keeps their identity
// (the analysis is keyed by it) at the cost of a walk instead of a parse. No two nodes share a span
// object (the parser sees to it), so a tree is walked without bookkeeping; diagnostics hold copies, and
// one may be listed twice, so each of their spans is moved once. Only spans at or after `from` move (a
// message after the edit may point at a place before it).

type Writable<T> = { -readonly [K in keyof T]: T[K] };

export class SpanShifter {
  private readonly moved = new Set<Span>();

  constructor(
    readonly delta: number,
    /** Spans that start before this offset stay where they are. */
    readonly from = 0,
  ) {}

  /** A span of the syntax tree (unshared). */
  span(s: Span | undefined): void {
    if (!s || s.start < this.from) return;
    const w = s as Writable<Span>;
    w.start += this.delta;
    w.end += this.delta;
  }

  /** A span that may be reached twice. */
  private once(s: Span): void {
    if (this.moved.has(s)) return;
    this.moved.add(s);
    this.span(s);
  }

  declaration(d: A.Declaration): void {
    if (this.delta === 0) return;
    this.span(d.span);
    switch (d.kind) {
      case 'Import':
        this.span(d.path?.span);
        return;
      case 'Loss':
        this.span(d.name?.span);
        for (const p of d.params) {
          this.span(p.span);
          this.span(p.name.span);
          this.span(p.role?.span);
          if (p.defaultValue) this.expr(p.defaultValue);
          if (p.range) {
            this.span(p.range.span);
            this.expr(p.range.lo);
            this.expr(p.range.hi);
          }
        }
        for (const s of d.body) {
          this.span(s.span);
          if (s.kind === 'Return') this.expr(s.value);
          else {
            this.span(s.name.span);
            this.expr(s.kind === 'Let' ? s.value : s.init);
          }
        }
        this.span(d.bodySpan);
        this.span(d.doc?.span);
        return;
      case 'Trial':
        this.span(d.name?.span);
        for (const f of d.fields) {
          this.span(f.span);
          this.span(f.name.span);
          this.expr(f.value);
        }
        this.span(d.bodySpan);
        this.span(d.doc?.span);
        return;
    }
  }

  expr(e: A.Expr): void {
    if (this.delta === 0) return;
    this.span(e.span);
    switch (e.kind) {
      case 'Vector':
        for (const i of e.items) this.expr(i);
        return;
      case 'Call':
        this.span(e.callee.span);
        this.span(e.argsSpan);
        for (const a of e.args) {
          this.span(a.span);
          this.span(a.name?.span);
          this.expr(a.value);
        }
        return;
      case 'Binary':
        this.span(e.opSpan);
        this.expr(e.left);
        this.expr(e.right);
        return;
      case 'Unary':
        this.expr(e.operand);
        return;
      case 'Paren':
        this.expr(e.expr);
        return;
      default:
        return;
    }
  }

  comment(c: A.Comment): void {
    this.span(c.span);
  }

  /** A diagnostic of this document: its place, its related places in this document, its fixes' edits. */
  diagnostic(d: Diagnostic): void {
    if (this.delta === 0) return;
    this.once(d.span);
    for (const r of d.related ?? []) if (!r.file) this.once(r.span);
    for (const f of d.fixes ?? []) for (const e of f.edits) this.once(e.span);
  }
}
