import type { Span } from '../text/span.js';

// The abstract syntax of `.loss`. Every node carries its source span. Parts that error recovery could
// not read are absent (`undefined`) or an `ErrorExpr`, never invented, so later passes stay honest.

export interface NodeBase {
  readonly span: Span;
}

export interface Identifier extends NodeBase {
  readonly kind: 'Identifier';
  readonly name: string;
}

export interface NumberLiteral extends NodeBase {
  readonly kind: 'Number';
  readonly value: number;
  readonly text: string;
}

export interface StringLiteral extends NodeBase {
  readonly kind: 'String';
  /** The text between the quotes. */
  readonly value: string;
}

/** A name used as a value: a parameter, a `let`/`learn` binding, a context value or a builtin constant. */
export interface NameRef extends NodeBase {
  readonly kind: 'Name';
  readonly name: string;
}

export interface VectorLiteral extends NodeBase {
  readonly kind: 'Vector';
  readonly items: readonly Expr[];
}

export interface Argument extends NodeBase {
  readonly kind: 'Argument';
  /** Present for a named argument `name=value`. */
  readonly name?: Identifier;
  readonly value: Expr;
}

export interface Call extends NodeBase {
  readonly kind: 'Call';
  readonly callee: Identifier;
  readonly args: readonly Argument[];
  /** Span of the parenthesised argument list, `(` to `)` (or to the last argument when `)` is missing). */
  readonly argsSpan: Span;
}

export type BinaryOperator = '+' | '-' | '*' | '/' | '^' | '**' | '==' | '!=' | '<' | '<=' | '>' | '>=';

export interface Binary extends NodeBase {
  readonly kind: 'Binary';
  /** `**` is parsed (so the rest of the file still checks) and reported with a fix to `^`. */
  readonly op: BinaryOperator;
  readonly opSpan: Span;
  readonly left: Expr;
  readonly right: Expr;
}

export interface Unary extends NodeBase {
  readonly kind: 'Unary';
  readonly op: '-' | '+';
  readonly operand: Expr;
}

export interface Paren extends NodeBase {
  readonly kind: 'Paren';
  readonly expr: Expr;
}

/** Stands where an expression was expected but the parser could not read one. */
export interface ErrorExpr extends NodeBase {
  readonly kind: 'ErrorExpr';
}

export type Expr = NumberLiteral | StringLiteral | NameRef | VectorLiteral | Call | Binary | Unary | Paren | ErrorExpr;

export interface RangeSpec extends NodeBase {
  readonly kind: 'Range';
  readonly lo: Expr;
  readonly hi: Expr;
}

/**
 * `name: role` is a tensor input; `name = default [in [lo, hi]]` a hyperparameter.
 * Both may not be given together; the checker reports what is missing.
 */
export interface Parameter extends NodeBase {
  readonly kind: 'Parameter';
  readonly name: Identifier;
  readonly role?: Identifier;
  readonly defaultValue?: Expr;
  readonly range?: RangeSpec;
}

export interface LetStatement extends NodeBase {
  readonly kind: 'Let';
  readonly name: Identifier;
  readonly value: Expr;
}

export interface LearnStatement extends NodeBase {
  readonly kind: 'Learn';
  readonly name: Identifier;
  readonly init: Expr;
}

export interface ReturnStatement extends NodeBase {
  readonly kind: 'Return';
  readonly value: Expr;
}

export type Statement = LetStatement | LearnStatement | ReturnStatement;

export interface DocComment {
  /** The comment text without the leading `##` and one space, lines joined with `\n`. */
  readonly text: string;
  readonly span: Span;
}

export interface ImportDecl extends NodeBase {
  readonly kind: 'Import';
  readonly path?: StringLiteral;
}

export interface LossDecl extends NodeBase {
  readonly kind: 'Loss';
  readonly name?: Identifier;
  readonly params: readonly Parameter[];
  /** For the `= EXPR` shorthand this holds one synthetic `Return` spanning EXPR. */
  readonly body: readonly Statement[];
  readonly shorthand: boolean;
  /** Span of the `{ … }` block (or of the shorthand expression). */
  readonly bodySpan?: Span;
  readonly doc?: DocComment;
  /** Error recovery abandoned the declaration part-way: what is here is what was read before that. */
  readonly incomplete?: boolean;
}

export interface TrialField extends NodeBase {
  readonly kind: 'TrialField';
  readonly name: Identifier;
  readonly value: Expr;
}

export interface TrialDecl extends NodeBase {
  readonly kind: 'Trial';
  readonly name?: Identifier;
  readonly fields: readonly TrialField[];
  readonly bodySpan?: Span;
  readonly doc?: DocComment;
  /** Error recovery abandoned the declaration part-way. */
  readonly incomplete?: boolean;
}

export type Declaration = ImportDecl | LossDecl | TrialDecl;

export interface Comment {
  readonly text: string;
  readonly span: Span;
  readonly doc: boolean;
}

export interface SourceFile extends NodeBase {
  readonly kind: 'File';
  readonly declarations: readonly Declaration[];
  readonly comments: readonly Comment[];
}

export type Node =
  | SourceFile | Declaration | Statement | Parameter | RangeSpec | TrialField | Argument | Identifier | Expr;

/** Direct children of an expression, in source order. */
export function childExprs(e: Expr): Expr[] {
  switch (e.kind) {
    case 'Vector': return [...e.items];
    case 'Call': return e.args.map((a) => a.value);
    case 'Binary': return [e.left, e.right];
    case 'Unary': return [e.operand];
    case 'Paren': return [e.expr];
    default: return [];
  }
}

/** Visits `e` and every expression below it, parents first. */
export function walkExpr(e: Expr, visit: (e: Expr, parent: Expr | undefined) => void, parent?: Expr): void {
  visit(e, parent);
  for (const c of childExprs(e)) walkExpr(c, visit, e);
}

/** The name of `f` or `f(…)` (a trial's generator, model, metric or loss); undefined for anything else. */
export function calleeName(e: Expr): string | undefined {
  return e.kind === 'Name' ? e.name : e.kind === 'Call' ? e.callee.name : undefined;
}

/** The value given to `name=…` in a call. */
export function namedArgument(call: Call, name: string): Expr | undefined {
  return call.args.find((a) => a.name?.name === name)?.value;
}

/** Strips redundant parentheses. */
export function unparen(e: Expr): Expr {
  while (e.kind === 'Paren') e = e.expr;
  return e;
}

/** Visits every expression of one declaration, parents first: parameter defaults and ranges, statements, trial fields. */
export function forEachDeclarationExpr(d: Declaration, visit: (e: Expr, parent: Expr | undefined) => void): void {
  if (d.kind === 'Loss') {
    for (const p of d.params) {
      if (p.defaultValue) walkExpr(p.defaultValue, visit);
      if (p.range) {
        walkExpr(p.range.lo, visit);
        walkExpr(p.range.hi, visit);
      }
    }
    for (const s of d.body) walkExpr(s.kind === 'Learn' ? s.init : s.value, visit);
  } else if (d.kind === 'Trial') {
    for (const f of d.fields) walkExpr(f.value, visit);
  }
}
