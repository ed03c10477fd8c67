import type { Analysis, Definition, Reference } from '../core/analysis/model.js';
import { definitionNameSpan } from '../core/analysis/model.js';
import * as A from '../core/syntax/ast.js';
import type { Span } from '../core/text/span.js';

// What the cursor is on, for hover, definition, references and rename. A cursor just after a name
// (`foo|`) still counts as on it, like every editor expects.

export type Target =
  | { readonly kind: 'reference'; readonly span: Span; readonly ref: Reference }
  | { readonly kind: 'definition'; readonly span: Span; readonly def: Definition }
  | { readonly kind: 'role'; readonly span: Span; readonly role: string; readonly param: A.Parameter }
  | { readonly kind: 'trial-field'; readonly span: Span; readonly field: A.TrialField; readonly trial: A.TrialDecl }
  | { readonly kind: 'trial-value'; readonly span: Span; readonly name: string; readonly call?: A.Call; readonly field: A.TrialField; readonly trial: A.TrialDecl }
  | { readonly kind: 'trial-argument'; readonly span: Span; readonly name: string; readonly call: A.Call; readonly field: A.TrialField; readonly trial: A.TrialDecl };

export const within = (s: Span, offset: number): boolean => offset >= s.start && offset <= s.end;

export function targetAt(a: Analysis, offset: number): Target | undefined {
  for (const d of a.definitions) {
    const s = definitionNameSpan(d);
    if (s && within(s, offset)) return { kind: 'definition', span: s, def: d };
  }
  const ref = referenceAt(a, offset);
  if (ref) return { kind: 'reference', span: ref.span, ref };
  for (const decl of a.file.declarations) {
    if (!within(decl.span, offset)) continue;
    if (decl.kind === 'Loss') {
      for (const p of decl.params) if (p.role && within(p.role.span, offset)) return { kind: 'role', span: p.role.span, role: p.role.name, param: p };
    } else if (decl.kind === 'Trial') {
      for (const f of decl.fields) {
        if (within(f.name.span, offset)) return { kind: 'trial-field', span: f.name.span, field: f, trial: decl };
        if (!within(f.value.span, offset)) continue;
        const hit = trialValueAt(f.value, offset);
        if (hit?.kind === 'argument') return { kind: 'trial-argument', span: hit.span, name: hit.name, call: hit.call, field: f, trial: decl };
        if (hit) return { kind: 'trial-value', span: hit.span, name: hit.name, ...(hit.call ? { call: hit.call } : {}), field: f, trial: decl };
      }
    }
  }
  return undefined;
}

/** The reference whose span holds the offset (the innermost when they nest). */
export function referenceAt(a: Analysis, offset: number): Reference | undefined {
  let best: Reference | undefined;
  for (const r of a.references) {
    if (r.span.start > offset) break;
    if (within(r.span, offset) && (!best || r.span.end - r.span.start <= best.span.end - best.span.start)) best = r;
  }
  return best;
}

type TrialHit =
  | { kind: 'value'; name: string; span: Span; call?: A.Call }
  | { kind: 'argument'; name: string; span: Span; call: A.Call };

/** A generator/model/metric name (or one of its named arguments) inside a trial field's value. */
function trialValueAt(e: A.Expr, offset: number): TrialHit | undefined {
  let hit: TrialHit | undefined;
  A.walkExpr(e, (x) => {
    if (x.kind === 'Call') {
      if (within(x.callee.span, offset)) hit = { kind: 'value', name: x.callee.name, span: x.callee.span, call: x };
      for (const arg of x.args) if (arg.name && within(arg.name.span, offset)) hit = { kind: 'argument', name: arg.name.name, span: arg.name.span, call: x };
    } else if (x.kind === 'Name' && within(x.span, offset)) hit = { kind: 'value', name: x.name, span: x.span };
  });
  return hit;
}

/** The innermost loss or trial declaration containing the offset. */
export function declarationAt(file: A.SourceFile, offset: number): A.Declaration | undefined {
  return file.declarations.find((d) => within(d.span, offset));
}
