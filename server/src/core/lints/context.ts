import type { Analysis, Definition, Reference, ValueInfo } from '../analysis/model.js';
import type { BuiltinFunction, BuiltinParam } from '../builtins/types.js';
import type * as A from '../syntax/ast.js';
import { childExprs, unparen } from '../syntax/ast.js';
import type { Span } from '../text/span.js';

// What every lint pass needs from an analysed document: the value facts of an expression, what a name or
// callee resolves to, and a view through `let` bindings so that `let p = sigmoid(z)` … `log(p)` is seen
// as `log(sigmoid(z))`. Lints never look at names as text: they go through the resolved definitions.

export class LintContext {
  private readonly valueRefs = new Map<number, Reference>();
  private readonly callRefs = new Map<number, Reference>();

  /** Whether every reference of the analysis is indexed (not only those of the declarations being linted). */
  private complete: boolean;

  /**
   * `scope`: the declarations about to be linted with their name uses, when that is not all of them (after
   * an edit). A name inside them that is not among their uses is used nowhere (uses are recorded while
   * checking the declaration they are in); a name outside them is looked up among all references,
   * indexed then.
   */
  constructor(
    readonly analysis: Analysis,
    private readonly scope?: readonly { readonly span: Span; readonly references: readonly Reference[] }[],
  ) {
    this.complete = !scope;
    if (scope) for (const u of scope) this.index(u.references);
    else this.index(analysis.references);
  }

  private index(refs: readonly Reference[]): void {
    for (const r of refs) {
      if (r.usage === 'value') this.valueRefs.set(r.span.start, r);
      else if (r.usage === 'call') this.callRefs.set(r.span.start, r);
    }
  }

  private find(refs: Map<number, Reference>, start: number): Reference | undefined {
    const r = refs.get(start);
    if (r || this.complete || this.scope!.some((u) => start >= u.span.start && start < u.span.end)) return r;
    this.complete = true;
    this.index(this.analysis.references);
    return refs.get(start);
  }

  get text(): string {
    return this.analysis.text;
  }

  value(e: A.Expr): ValueInfo | undefined {
    return this.analysis.values.get(e);
  }

  /** The definition a name used as a value resolves to (absent when it does not resolve). */
  definitionOf(e: A.NameRef): Definition | undefined {
    return this.find(this.valueRefs, e.span.start)?.definition;
  }

  /** The definition a call's callee resolves to. */
  calleeOf(c: A.Call): Definition | undefined {
    return this.find(this.callRefs, c.callee.span.start)?.definition;
  }

  builtinOf(c: A.Call): BuiltinFunction | undefined {
    const d = this.calleeOf(c);
    return d?.kind === 'builtin' ? d.builtin : undefined;
  }

  /** `e` when it is a call of the builtin named `name` (resolved, so a loss of that name does not count). */
  builtinCall(e: A.Expr, name: string): A.Call | undefined {
    return e.kind === 'Call' && this.builtinOf(e)?.name === name ? e : undefined;
  }

  /**
   * The expression `e` stands for: parentheses removed and names bound by `let` replaced by their
   * value, repeatedly. `via` collects the `let` statements passed through (for related information).
   */
  see(e: A.Expr, via?: A.LetStatement[]): A.Expr {
    for (let guard = 0; guard < 64; guard++) {
      e = unparen(e);
      if (e.kind !== 'Name') return e;
      const d = this.definitionOf(e);
      if (d?.kind !== 'let') return e;
      via?.push(d.stmt);
      e = d.stmt.value;
    }
    return e;
  }

  /** The `let`, `learn` or parameter a name refers to, looked up once (no chasing). */
  binding(e: A.Expr): Definition | undefined {
    const u = unparen(e);
    return u.kind === 'Name' ? this.definitionOf(u) : undefined;
  }

  /** The source text of a node, for messages and fixes. */
  source(s: Span): string {
    return this.analysis.text.slice(s.start, s.end);
  }

  /** Short source text for a message: one line, at most `max` characters. */
  quote(e: { span: Span; kind?: string }, max = 40): string {
    const inner = e.kind === 'Paren' ? unparen(e as A.Expr) : e;
    const t = this.source(inner.span).replace(/\s+/g, ' ').trim();
    return t.length > max ? `${t.slice(0, max - 1)}…` : t;
  }

  /** True when the expression (through `let`s) contains something the parser could not read or a name that does not resolve. */
  isBroken(e: A.Expr): boolean {
    let broken = false;
    const seen = new Set<A.Expr>();
    const visit = (x: A.Expr): void => {
      if (broken || seen.has(x)) return;
      seen.add(x);
      if (x.kind === 'ErrorExpr') broken = true;
      else if (x.kind === 'Name') {
        const d = this.definitionOf(x);
        if (!d) broken = true;
        else if (d.kind === 'let') visit(d.stmt.value);
      } else if (x.kind === 'Call') {
        if (!this.calleeOf(x)) broken = true;
        for (const a of x.args) visit(a.value);
      } else {
        for (const c of childExprs(x)) visit(c);
      }
    };
    visit(e);
    return broken;
  }

  /** Every definition (parameter, learn, context value …) the expression depends on, through `let`s. */
  dependencies(e: A.Expr): Definition[] {
    const out: Definition[] = [];
    const seen = new Set<A.Expr>();
    const visit = (x: A.Expr): void => {
      if (seen.has(x)) return;
      seen.add(x);
      if (x.kind === 'Name') {
        const d = this.definitionOf(x);
        if (d?.kind === 'let') visit(d.stmt.value);
        else if (d) out.push(d);
        return;
      }
      for (const c of childExprs(x)) visit(c);
    };
    visit(e);
    return out;
  }
}

/**
 * Matches a call's arguments to a builtin's parameters: positional ones in order (a variadic last
 * parameter takes the rest), named ones by name. Arguments that match nothing are left out (the checker
 * reports them).
 */
export function bindArguments(call: A.Call, params: readonly BuiltinParam[]): Map<string, A.Expr[]> {
  const bound = new Map<string, A.Expr[]>();
  const put = (name: string, e: A.Expr): void => {
    const list = bound.get(name);
    if (list) list.push(e);
    else bound.set(name, [e]);
  };
  let i = 0;
  for (const a of call.args) {
    if (a.name) {
      if (params.some((p) => p.name === a.name!.name)) put(a.name.name, a.value);
      continue;
    }
    const p = params[Math.min(i, params.length - 1)];
    if (p && (i < params.length || p.variadic)) put(p.name, a.value);
    i++;
  }
  return bound;
}

/** Whether an expression can be written before a unary minus or after an operator without parentheses. */
export function isAtomic(e: A.Expr): boolean {
  return e.kind === 'Name' || e.kind === 'Number' || e.kind === 'Call' || e.kind === 'Paren' || e.kind === 'Vector';
}

/** Calls inside `e`, looking through `let` bindings (each `let` value visited once). */
export function callsWithin(ctx: LintContext, e: A.Expr): A.Call[] {
  const out: A.Call[] = [];
  const seen = new Set<A.Expr>();
  const visit = (x: A.Expr): void => {
    if (seen.has(x)) return;
    seen.add(x);
    if (x.kind === 'Name') {
      const d = ctx.definitionOf(x);
      if (d?.kind === 'let') visit(d.stmt.value);
      return;
    }
    if (x.kind === 'Call') out.push(x);
    for (const c of childExprs(x)) visit(c);
  };
  visit(e);
  return out;
}
