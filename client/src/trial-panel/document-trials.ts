import { parse } from '../../../server/src/core/syntax/parse.js';
import { childExprs, type Expr, type LossDecl, type Parameter, type SourceFile, type TrialDecl } from '../../../server/src/core/syntax/ast.js';
import { paramKey, type ParamValues, type SliderSpec } from '../../../webview/src/protocol.js';

// What the trial view reads from a `.loss` document's syntax: its trials, the hyperparameters with a
// declared range (`gamma = 2 in [0, 5]`) of the user losses a trial uses (directly or through other
// losses of the file), and the document text with slider values written in — as the defaults of those
// parameters, and in place of literal arguments the trial passes for them (`focal_cb(gamma=2)`), so the
// engine compiles exactly what the sliders say. Pure: no vscode import.

export function trialNames(text: string): string[] {
  return trials(parse(text).file).map((t) => t.name!.name);
}

function trials(file: SourceFile): TrialDecl[] {
  return file.declarations.filter((d): d is TrialDecl => d.kind === 'Trial' && d.name !== undefined);
}

function losses(file: SourceFile): Map<string, LossDecl> {
  const out = new Map<string, LossDecl>();
  for (const d of file.declarations) if (d.kind === 'Loss' && d.name) out.set(d.name.name, d);
  return out;
}

function walk(e: Expr, visit: (e: Expr) => void): void {
  visit(e);
  for (const c of childExprs(e)) walk(c, visit);
}

/** Names of user losses an expression refers to (by name or by call). */
function referencedLosses(e: Expr, known: Map<string, LossDecl>): string[] {
  const out: string[] = [];
  walk(e, (x) => {
    const name = x.kind === 'Name' ? x.name : x.kind === 'Call' ? x.callee.name : undefined;
    if (name && known.has(name) && !out.includes(name)) out.push(name);
  });
  return out;
}

/** The trial's `loss` and `compare` expressions. */
function lossFields(t: TrialDecl): Expr[] {
  return t.fields.filter((f) => f.name.name === 'loss' || f.name.name === 'compare').map((f) => f.value);
}

/** User losses of this file the trial uses, in order of first use, following calls between losses. */
function usedLosses(file: SourceFile, t: TrialDecl): LossDecl[] {
  const known = losses(file);
  const order: string[] = [];
  const visit = (name: string) => {
    if (order.includes(name)) return;
    order.push(name);
    const decl = known.get(name)!;
    for (const s of decl.body) {
      const e = s.kind === 'Let' ? s.value : s.kind === 'Learn' ? s.init : s.value;
      for (const n of referencedLosses(e, known)) visit(n);
    }
  };
  for (const e of lossFields(t)) for (const n of referencedLosses(e, known)) visit(n);
  return order.map((n) => known.get(n)!);
}

/** A constant number written as a literal, possibly negated. */
function constant(e: Expr | undefined): number | undefined {
  if (!e) return undefined;
  if (e.kind === 'Number') return e.value;
  if (e.kind === 'Paren') return constant(e.expr);
  if (e.kind === 'Unary') {
    const v = constant(e.operand);
    return v === undefined ? undefined : e.op === '-' ? -v : v;
  }
  return undefined;
}

/** Literal arguments the trial passes for a loss's parameter: `focal_cb(gamma=2)` in `loss`/`compare`. */
function explicitArgs(t: TrialDecl, loss: string, param: string): { span: { start: number; end: number }; value: number }[] {
  const out: { span: { start: number; end: number }; value: number }[] = [];
  for (const f of lossFields(t)) {
    walk(f, (x) => {
      if (x.kind !== 'Call' || x.callee.name !== loss) return;
      for (const a of x.args) {
        const v = constant(a.value);
        if (a.name?.name === param && v !== undefined) out.push({ span: a.value.span, value: v });
      }
    });
  }
  return out;
}

interface RangedParam {
  readonly loss: string;
  readonly param: Parameter;
  readonly min: number;
  readonly max: number;
  readonly fallback: number;
}

function rangedParams(file: SourceFile, t: TrialDecl): RangedParam[] {
  const out: RangedParam[] = [];
  for (const decl of usedLosses(file, t)) {
    for (const p of decl.params) {
      const min = constant(p.range?.lo), max = constant(p.range?.hi), def = constant(p.defaultValue);
      if (min === undefined || max === undefined || def === undefined || !(max > min)) continue;
      out.push({ loss: decl.name!.name, param: p, min, max, fallback: def });
    }
  }
  return out;
}

/** Sliders for the trial: each ranged hyperparameter, at the value the document gives it. */
export function trialSliders(text: string, trial: string): SliderSpec[] {
  const file = parse(text).file;
  const t = trials(file).find((x) => x.name!.name === trial);
  if (!t) return [];
  return rangedParams(file, t).map((r) => {
    const explicit = explicitArgs(t, r.loss, r.param.name.name);
    // One literal everywhere the trial passes it: that is the value in use; otherwise the default.
    const value = explicit.length > 0 && explicit.every((e) => e.value === explicit[0].value) ? explicit[0].value : r.fallback;
    return { loss: r.loss, name: r.param.name.name, min: r.min, max: r.max, value: Math.min(r.max, Math.max(r.min, value)) };
  });
}

/** The document text with these slider values written in (unknown keys and unchanged values ignored). */
export function applyOverrides(text: string, trial: string, values: ParamValues): string {
  const file = parse(text).file;
  const t = trials(file).find((x) => x.name!.name === trial);
  if (!t) return text;
  const edits: { start: number; end: number; text: string }[] = [];
  for (const r of rangedParams(file, t)) {
    const v = values[paramKey(r.loss, r.param.name.name)];
    if (typeof v !== 'number' || !Number.isFinite(v)) continue;
    const literal = numberText(Math.min(r.max, Math.max(r.min, v)));
    const d = r.param.defaultValue!;
    edits.push({ start: d.span.start, end: d.span.end, text: literal });
    for (const a of explicitArgs(t, r.loss, r.param.name.name)) edits.push({ start: a.span.start, end: a.span.end, text: literal });
  }
  edits.sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of edits) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/** A number as `.loss` source: shortest round-trip form, no exponent surprises for small values. */
export function numberText(v: number): string {
  const s = String(v);
  return /e/i.test(s) ? v.toExponential() : s;
}
