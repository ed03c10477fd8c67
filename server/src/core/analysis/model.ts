import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { BuiltinConstant, BuiltinFunction, ContextValue } from '../builtins/types.js';
import type { Role } from '../builtins/roles.js';
import type * as A from '../syntax/ast.js';
import type { ParseResult } from '../syntax/parse.js';
import type { Span } from '../text/span.js';
import type { Interval } from './interval.js';

// What the checker knows about a document after analysis. Pure data: the language server, CLI,
// LaTeX renderer, numerics and exporters all read this and never re-resolve names themselves.

/** Reads other `.loss` files for imports. Paths are absolute. */
export interface SourceHost {
  readFile(path: string): string | undefined;
}

export type Definition =
  | { readonly kind: 'builtin'; readonly name: string; readonly builtin: BuiltinFunction }
  | { readonly kind: 'constant'; readonly name: string; readonly constant: BuiltinConstant }
  | { readonly kind: 'context'; readonly name: string; readonly value: ContextValue }
  | { readonly kind: 'loss'; readonly name: string; readonly decl: A.LossDecl; /** Absolute path of the defining file; absent for the document itself. */ readonly file?: string }
  | { readonly kind: 'param'; readonly name: string; readonly param: A.Parameter; readonly loss: A.LossDecl }
  | { readonly kind: 'let'; readonly name: string; readonly stmt: A.LetStatement; readonly loss: A.LossDecl }
  | { readonly kind: 'learn'; readonly name: string; readonly stmt: A.LearnStatement; readonly loss: A.LossDecl }
  | { readonly kind: 'trial'; readonly name: string; readonly decl: A.TrialDecl };

/** One use of a name: a value reference, a call's callee, or a named argument's name. */
export interface Reference {
  readonly span: Span;
  readonly name: string;
  readonly usage: 'value' | 'call' | 'argument';
  /** Absent when the name does not resolve (the checker has reported it). */
  readonly definition?: Definition;
  /** For `argument` usages: the called function or loss. */
  readonly callee?: Definition;
}

/** What the checker infers about the value of one expression. */
export interface ValueInfo {
  /** `true`: certainly a scalar; `false`: certainly a tensor; `undefined`: not known. */
  readonly scalar: boolean | undefined;
  readonly role?: Role;
  /** Conservative range of every element (interval analysis). */
  readonly range: Interval;
  /** Known before training: literals, hyperparameters, schedules of `progress`/`step`. */
  readonly constant: boolean;
  /** The value when it is one known number (a literal, or a hyperparameter's default). */
  readonly value?: number;
  /** Depends on a `learn` value of the enclosing loss (names of those learn values). */
  readonly learns: ReadonlySet<string>;
  /** True when the expression is a loss: a builtin loss or a user loss call (or a sum of such). */
  readonly isLoss: boolean;
}

export interface LossInfo {
  readonly decl: A.LossDecl;
  readonly name: string;
  /** Absent for the analysed document itself. */
  readonly file?: string;
  readonly inputs: readonly A.Parameter[];
  readonly hyperparameters: readonly A.Parameter[];
  readonly learns: readonly A.LearnStatement[];
  readonly returnExpr?: A.Expr;
  /** User losses this loss calls (by name), for recursion and export order. */
  readonly calls: ReadonlySet<string>;
  /** Whether the return value is a scalar (as far as known). */
  readonly scalar: boolean | undefined;
}

export interface ImportInfo {
  readonly decl: A.ImportDecl;
  /** Absolute path, when the import resolved to a file inside the workspace. */
  readonly resolvedPath?: string;
  /** Losses the import brought into scope. */
  readonly losses: readonly string[];
}

export interface Analysis {
  readonly text: string;
  /** Absolute path of the document, when it has one (imports resolve relative to it). */
  readonly path?: string;
  readonly parse: ParseResult;
  readonly file: A.SourceFile;
  /** Syntax, semantic and lint diagnostics of this document, in source order. */
  readonly diagnostics: readonly Diagnostic[];
  /** Every name use in the document, in source order. */
  readonly references: readonly Reference[];
  /** Every definition made in this document (losses, trials, parameters, let, learn), in source order. */
  readonly definitions: readonly Definition[];
  /** Losses visible in this document (its own and imported ones), by name. */
  readonly losses: ReadonlyMap<string, LossInfo>;
  readonly imports: readonly ImportInfo[];
  /** What is known of each expression's value (keyed by AST node identity). */
  readonly values: ReadonlyMap<A.Expr, ValueInfo>;
}

/** The span of a definition's name, for go-to-definition and rename. */
export function definitionNameSpan(d: Definition): Span | undefined {
  switch (d.kind) {
    case 'loss': return d.decl.name?.span;
    case 'trial': return d.decl.name?.span;
    case 'param': return d.param.name.span;
    case 'let':
    case 'learn': return d.stmt.name.span;
    default: return undefined;
  }
}
