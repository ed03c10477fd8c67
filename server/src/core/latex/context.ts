import type { Analysis, Definition, Reference } from '../analysis/model.js';
import { CONSTANTS, CONTEXT_VALUES, lookupFunction } from '../builtins/table.js';
import type { BuiltinFunction } from '../builtins/types.js';
import type * as A from '../syntax/ast.js';
import { lossSymbolTex, operatorNameTex, symbolTex } from './symbols.js';

// Name resolution for rendering. With an `Analysis` the checker's references decide what a name means;
// without one (a file that does not analyse, a quick preview) the AST alone is used: the enclosing
// loss's parameters, `let` and `learn` names are symbols, then the file's losses, then the builtin table.

export interface LatexContext {
  /** The checker's result for the document the expressions come from. */
  readonly analysis?: Analysis;
  /** The loss whose body the expression belongs to. */
  readonly loss?: A.LossDecl;
  /** The file, for user-loss calls when there is no analysis. Defaults to `analysis.file`. */
  readonly file?: A.SourceFile;
  /** Builtin lookup; defaults to the builtin table (tests pass their own records). */
  readonly lookupBuiltin?: (name: string) => BuiltinFunction | undefined;
}

export type CallTarget =
  | { readonly kind: 'builtin'; readonly builtin: BuiltinFunction }
  | { readonly kind: 'loss'; readonly name: string; readonly decl?: A.LossDecl }
  | { readonly kind: 'unknown'; readonly name: string };

const referenceIndex = new WeakMap<Analysis, Map<string, Reference>>();

function referenceAt(analysis: Analysis, start: number, usage: Reference['usage']): Reference | undefined {
  let index = referenceIndex.get(analysis);
  if (!index) {
    index = new Map();
    for (const r of analysis.references) index.set(`${r.span.start}:${r.usage}`, r);
    referenceIndex.set(analysis, index);
  }
  return index.get(`${start}:${usage}`);
}

/**
 * The analysis applies only to expressions of its own document: an imported loss's spans are offsets into
 * another file and would hit unrelated references.
 */
function usableAnalysis(ctx: LatexContext): Analysis | undefined {
  const a = ctx.analysis;
  if (!a) return undefined;
  if (ctx.loss && !a.file.declarations.includes(ctx.loss)) return undefined;
  return a;
}

function definitionFor(ctx: LatexContext, name: string, start: number, usage: Reference['usage']): Definition | undefined {
  const a = usableAnalysis(ctx);
  if (!a) return undefined;
  const ref = referenceAt(a, start, usage);
  return ref && ref.name === name ? ref.definition : undefined;
}

function builtinLookup(ctx: LatexContext): (name: string) => BuiltinFunction | undefined {
  return ctx.lookupBuiltin ?? lookupFunction;
}

/** Whether `name` is a parameter, `let` or `learn` of the enclosing loss. */
function isLocal(loss: A.LossDecl | undefined, name: string): boolean {
  if (!loss) return false;
  return loss.params.some((p) => p.name.name === name) || loss.body.some((s) => s.kind !== 'Return' && s.name.name === name);
}

function userLoss(ctx: LatexContext, name: string): A.LossDecl | undefined {
  const file = ctx.file ?? ctx.analysis?.file;
  const local = file?.declarations.find((d): d is A.LossDecl => d.kind === 'Loss' && d.name?.name === name);
  return local ?? ctx.analysis?.losses.get(name)?.decl;
}

/** The TeX of a name used as a value. */
export function nameTex(ref: A.NameRef, ctx: LatexContext): string {
  const def = definitionFor(ctx, ref.name, ref.span.start, 'value');
  if (def) return definitionTex(def);
  if (isLocal(ctx.loss, ref.name)) return symbolTex(ref.name);
  const context = CONTEXT_VALUES.get(ref.name);
  if (context) return context.tex;
  const constant = CONSTANTS.get(ref.name);
  if (constant) return constant.tex;
  return symbolTex(ref.name);
}

function definitionTex(def: Definition): string {
  switch (def.kind) {
    case 'context': return def.value.tex;
    case 'constant': return def.constant.tex;
    case 'loss': return lossSymbolTex(def.name);
    case 'builtin': return operatorNameTex(def.name);
    default: return symbolTex(def.name);
  }
}

/** What a call's callee names. */
export function callTarget(call: A.Call, ctx: LatexContext): CallTarget {
  const name = call.callee.name;
  const def = definitionFor(ctx, name, call.callee.span.start, 'call');
  if (def?.kind === 'builtin') return { kind: 'builtin', builtin: ctx.lookupBuiltin?.(name) ?? def.builtin };
  if (def?.kind === 'loss') return { kind: 'loss', name, decl: def.decl };
  const local = userLoss(ctx, name);
  if (local) return { kind: 'loss', name, decl: local };
  const builtin = builtinLookup(ctx)(name);
  if (builtin) return { kind: 'builtin', builtin };
  return { kind: 'unknown', name };
}
