import type { Analysis, LossInfo, SourceHost } from '../core/analysis/model.js';
import { bindArguments, builtinSignature, lossSignature, type SignatureParam } from '../core/analysis/signature.js';
import { CONSTANTS, CONTEXT_VALUES, lookupFunction } from '../core/builtins/table.js';
import type { BuiltinConstant, BuiltinFunction, ContextValue } from '../core/builtins/types.js';
import type * as A from '../core/syntax/ast.js';
import { childExprs } from '../core/syntax/ast.js';
import { ExportError } from './errors.js';

// What every export target needs to know about the losses it writes out: for each loss, what its names
// mean, which context values it reads (directly, through schedules or through the losses it calls), and
// the order in which the losses must be defined (callees before callers). Names resolve with the
// checker's precedence: the loss's own parameters, `let` and `learn` values, then the document's losses
// (its own and imported ones), builtins, constants and context values. Only error-free documents are
// exported, so every name resolves.

export type Resolved =
  | { readonly kind: 'input'; readonly param: A.Parameter }
  | { readonly kind: 'hyper'; readonly param: A.Parameter }
  | { readonly kind: 'let'; readonly stmt: A.LetStatement }
  | { readonly kind: 'learn'; readonly stmt: A.LearnStatement }
  | { readonly kind: 'loss'; readonly loss: LossInfo }
  | { readonly kind: 'builtin'; readonly builtin: BuiltinFunction }
  | { readonly kind: 'constant'; readonly constant: BuiltinConstant }
  | { readonly kind: 'context'; readonly value: ContextValue };

export interface LossPlan {
  readonly info: LossInfo;
  readonly name: string;
  readonly inputs: readonly A.Parameter[];
  readonly hyperparameters: readonly A.Parameter[];
  readonly lets: readonly A.LetStatement[];
  readonly learns: readonly A.LearnStatement[];
  readonly returnExpr: A.Expr;
  /** Context values this loss needs, directly or through the losses it calls, in table order. */
  readonly context: readonly string[];
  /** User losses called directly, in order of first call. */
  readonly calls: readonly string[];
  /** The text of the file the loss is written in, when known (for docstrings). */
  readonly sourceText?: string;
  resolve(name: string): Resolved | undefined;
}

export interface ExportPlan {
  /** The requested loss last; every loss after the losses it calls. */
  readonly losses: readonly LossPlan[];
  readonly root: LossPlan;
  readonly analysis: Analysis;
}

/** Schedules read `progress` without naming it. */
function implicitContext(b: BuiltinFunction): string[] {
  return b.category === 'schedule' ? ['progress'] : [];
}

export function planExport(analysis: Analysis, lossName: string, host?: SourceHost): ExportPlan {
  const root = analysis.losses.get(lossName);
  if (!root) {
    const known = [...analysis.losses.keys()];
    throw new ExportError(`no loss named '${lossName}'${known.length ? ` (losses here: ${known.join(', ')})` : ' (this file declares no loss)'}`);
  }
  const texts = new Map<string | undefined, string | undefined>([[undefined, analysis.text]]);
  const textOf = (file: string | undefined): string | undefined => {
    if (!texts.has(file)) texts.set(file, file && host ? host.readFile(file) : undefined);
    return texts.get(file);
  };

  const plans = new Map<string, LossPlan>();
  const order: LossPlan[] = [];
  const visiting = new Set<string>();
  const visit = (info: LossInfo): LossPlan => {
    const done = plans.get(info.name);
    if (done) return done;
    if (visiting.has(info.name)) throw new ExportError(`'${info.name}' is recursive: it cannot be exported`);
    visiting.add(info.name);
    const base = basePlan(info, analysis, textOf(info.file));
    const context = new Set(base.directContext);
    for (const callee of base.calls) {
      const sub = analysis.losses.get(callee);
      if (!sub) throw new ExportError(`'${info.name}' calls '${callee}', which is not available here`);
      for (const c of visit(sub).context) context.add(c);
    }
    const plan: LossPlan = { ...base.plan, context: [...CONTEXT_VALUES.keys()].filter((c) => context.has(c)) };
    visiting.delete(info.name);
    plans.set(info.name, plan);
    order.push(plan);
    return plan;
  };
  const rootPlan = visit(root);
  return { losses: order, root: rootPlan, analysis };
}

function basePlan(info: LossInfo, analysis: Analysis, sourceText: string | undefined): { plan: Omit<LossPlan, 'context'>; directContext: Set<string>; calls: string[] } {
  const decl = info.decl;
  if (!info.returnExpr) throw new ExportError(`the loss '${info.name}' has no return`);
  const returnExpr = info.returnExpr;
  const locals = new Map<string, Resolved>();
  for (const p of decl.params) locals.set(p.name.name, p.role ? { kind: 'input', param: p } : { kind: 'hyper', param: p });
  const lets: A.LetStatement[] = [];
  for (const s of decl.body) {
    if (s.kind === 'Let') {
      lets.push(s);
      locals.set(s.name.name, { kind: 'let', stmt: s });
    } else if (s.kind === 'Learn') {
      locals.set(s.name.name, { kind: 'learn', stmt: s });
    }
  }
  const resolve = (name: string): Resolved | undefined => {
    const local = locals.get(name);
    if (local) return local;
    const loss = analysis.losses.get(name);
    if (loss) return { kind: 'loss', loss };
    const b = lookupFunction(name);
    if (b) return { kind: 'builtin', builtin: b };
    const c = CONSTANTS.get(name);
    if (c) return { kind: 'constant', constant: c };
    const v = CONTEXT_VALUES.get(name);
    if (v) return { kind: 'context', value: v };
    return undefined;
  };

  const directContext = new Set<string>();
  const calls: string[] = [];
  const exprs: A.Expr[] = [...lets.map((l) => l.value), returnExpr];
  const walk = (e: A.Expr): void => {
    if (e.kind === 'Name') {
      const r = resolve(e.name);
      if (r?.kind === 'context') directContext.add(e.name);
      if (!r) throw new ExportError(`unknown name '${e.name}' in '${info.name}'`);
    } else if (e.kind === 'Call') {
      const r = resolve(e.callee.name);
      if (r?.kind === 'loss') {
        if (!calls.includes(r.loss.name)) calls.push(r.loss.name);
      } else if (r?.kind === 'builtin') {
        for (const c of implicitContext(r.builtin)) directContext.add(c);
      } else {
        throw new ExportError(`'${e.callee.name}' in '${info.name}' is not a function or loss`);
      }
    }
    for (const c of childExprs(e)) walk(c);
  };
  for (const e of exprs) walk(e);

  return {
    plan: {
      info,
      name: info.name,
      inputs: decl.params.filter((p) => p.role),
      hyperparameters: decl.params.filter((p) => !p.role),
      lets,
      learns: decl.body.filter((s): s is A.LearnStatement => s.kind === 'Learn'),
      returnExpr,
      calls,
      ...(sourceText !== undefined ? { sourceText } : {}),
      resolve,
    },
    directContext,
    calls,
  };
}

export interface BoundCall {
  /** The argument expression of each parameter that was given, by parameter name (variadic: all of them). */
  readonly given: ReadonlyMap<string, readonly A.Expr[]>;
  readonly params: readonly SignatureParam[];
}

/** Binds a call's arguments to the callee's parameters with the checker's rules. */
export function bindCall(call: A.Call, callee: { kind: 'builtin'; builtin: BuiltinFunction } | { kind: 'loss'; loss: LossInfo }): BoundCall {
  const sig = callee.kind === 'builtin' ? builtinSignature(callee.builtin) : lossSignature(callee.loss.decl);
  const binding = bindArguments(sig, call.args);
  const given = new Map<string, A.Expr[]>();
  for (const b of binding.bound) {
    const list = given.get(b.param.name) ?? [];
    list.push(b.arg.value);
    given.set(b.param.name, list);
  }
  return { given, params: sig.params };
}
