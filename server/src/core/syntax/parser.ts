import { EmbeddedActionsParser, type IRecognitionException, type IToken } from 'chevrotain';
import type { Span } from '../text/span.js';
import type * as A from './ast.js';
import { errorMessages } from './error-messages.js';
import * as T from './tokens.js';

/**
 * The grammar of `.loss`, building the AST directly (no concrete syntax tree: on large files the CST
 * was most of the parser's allocations and garbage-collection time). One instance serves the whole
 * process (`parser.input = tokens` resets it). Error recovery is on: a broken declaration is skipped to
 * the next `loss`/`trial`/`import` keyword and a broken statement to the next `let`/`learn`/`return`.
 *
 * Recovery can leave any part missing: a sub-rule that failed returns `undefined` and a token the parser
 * inserted has no offsets. The actions below treat both as absent and never invent content; a missing
 * expression becomes an `ErrorExpr` placed where the parser stopped. Actions run inside `ACTION` so
 * that Chevrotain's grammar-recording pass (which calls every rule once with placeholder values) skips them.
 */
// No two nodes share a span object (a shorthand's return and body span are copies of its expression's):
// incremental re-parsing moves every node's span in place, once.
class LossParser extends EmbeddedActionsParser {
  /** Cached alternatives of the binary-operator OR (Chevrotain's advice for large ORs in hot rules). */
  private binaryOperators: { ALT: () => IToken }[] | undefined;
  /** `let`/`learn`/`return` keywords met outside any loss body, reported by `parse`. */
  strayStatements: IToken[] = [];
  /**
   * What has been read of the declaration being parsed. When recovery abandons the declaration (a `}`
   * missing at the end of the file), its rule returns what this holds instead of nothing, so an
   * unfinished loss keeps its name, parameters and statements for the checker and the editor.
   */
  private partial: PartialDeclaration | undefined;

  constructor() {
    super(T.allTokens, { recoveryEnabled: true, maxLookahead: 3, errorMessageProvider: errorMessages });
    this.performSelfAnalysis();
  }

  /** Declarations read so far; kept on the parser so that a failure at the top still returns them. */
  declarations: A.Declaration[] = [];

  file = this.RULE('file', (): A.Declaration[] => {
    const decls = this.declarations;
    this.MANY(() => {
      const d = this.OR([
        { ALT: () => this.SUBRULE(this.importDecl) },
        { ALT: () => this.SUBRULE(this.lossDecl) },
        { ALT: () => this.SUBRULE(this.trialDecl) },
        // Read so it can be reported as what it is (a statement outside a loss body), not as noise.
        {
          ALT: () => {
            const s = this.SUBRULE(this.statement);
            this.ACTION(() => {
              if (s?.keyword) this.strayStatements.push(s.keyword);
            });
            return undefined;
          },
        },
      ]);
      this.ACTION(() => {
        if (d) decls.push(d);
      });
    });
    return decls;
  }, {
    // Recovery gave up at the top (a `}` missing at the end of the file): keep what was read.
    recoveryValueFunc: () => {
      const p = this.takePartial();
      if (p) this.declarations.push(p);
      return this.declarations;
    },
  });

  importDecl = this.RULE('importDecl', (): A.ImportDecl | undefined => {
    const kw = this.CONSUME(T.Import);
    const path = this.OR([{ ALT: () => this.CONSUME(T.StringLiteral) }, { ALT: () => this.CONSUME(T.UnterminatedString) }]);
    return this.ACTION(() => {
      const k = real(kw);
      const p = real(path);
      if (!k) return undefined;
      if (!p) return { kind: 'Import', span: tokenSpan(k) };
      const closed = p.tokenType === T.StringLiteral;
      const value: A.StringLiteral = { kind: 'String', value: closed ? p.image.slice(1, -1) : p.image.slice(1), span: tokenSpan(p) };
      return { kind: 'Import', span: cover(tokenSpan(k), value.span), path: value };
    });
  });

  lossDecl = this.RULE('lossDecl', (): A.LossDecl | undefined => {
    const kw = this.CONSUME(T.Loss);
    const params: (A.Parameter | undefined)[] = [];
    const body: (A.Statement | undefined)[] = [];
    const partial: PartialDeclaration = { kind: 'Loss', keyword: kw, params, body, fields: [] };
    this.ACTION(() => (this.partial = partial));
    const nameTok = this.CONSUME(T.Identifier);
    this.ACTION(() => (partial.name = nameTok));
    const lp = this.CONSUME(T.LParen);
    this.OPTION(() => {
      params.push(this.SUBRULE(this.parameter));
      this.MANY(() => {
        this.CONSUME(T.Comma);
        params.push(this.SUBRULE2(this.parameter));
      });
    });
    const rp = this.CONSUME(T.RParen);
    return this.OR([
      {
        ALT: () => {
          const eq = this.CONSUME(T.Equals);
          this.ACTION(() => (partial.shorthand = eq));
          const value = this.SUBRULE(this.expression);
          return this.ACTION(() => {
            const k = real(kw)!;
            const at = real(eq) ? tokenSpan(eq).end : lastEnd(rp, lp, nameTok, kw);
            const v = value ?? errorAt(at);
            const ret: A.ReturnStatement = { kind: 'Return', value: v, span: { ...v.span } };
            const name = identifier(nameTok);
            this.partial = undefined;
            return { kind: 'Loss' as const, span: cover(tokenSpan(k), v.span), ...(name ? { name } : {}), params: present(params), body: [ret], shorthand: true, bodySpan: { ...v.span } };
          });
        },
      },
      {
        ALT: () => {
          const lb = this.CONSUME(T.LBrace);
          this.ACTION(() => (partial.open = lb));
          this.MANY2(() => {
            const s = this.SUBRULE2(this.statement);
            this.ACTION(() => body.push(s?.statement));
          });
          const rb = this.CONSUME(T.RBrace);
          return this.ACTION(() => {
            const k = real(kw)!;
            const stmts = present(body);
            const bodySpan = real(lb) ? spanOf(tokenSpan(lb), real(rb) ? tokenSpan(rb) : undefined, ...stmts.map((s) => s.span)) : undefined;
            const name = identifier(nameTok);
            const end = bodySpan ?? spanOf(...stmts.map((s) => s.span)) ?? { start: lastEnd(rp, lp, nameTok, kw), end: lastEnd(rp, lp, nameTok, kw) };
            this.partial = undefined;
            return { kind: 'Loss' as const, span: cover(tokenSpan(k), end), ...(name ? { name } : {}), params: present(params), body: stmts, shorthand: false, ...(bodySpan ? { bodySpan } : {}) };
          });
        },
      },
    ]);
  }, { recoveryValueFunc: () => this.takePartial() as A.LossDecl | undefined });

  parameter = this.RULE('parameter', (): A.Parameter | undefined => {
    const nameTok = this.CONSUME(T.Identifier);
    let roleTok: IToken | undefined;
    let eq: IToken | undefined;
    let dv: A.Expr | undefined;
    let range: A.RangeSpec | undefined;
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      roleTok = this.CONSUME2(T.Identifier);
    });
    this.OPTION2(() => {
      eq = this.CONSUME(T.Equals);
      dv = this.SUBRULE(this.expression);
      this.OPTION3(() => {
        range = this.SUBRULE(this.rangeSpec);
      });
    });
    return this.ACTION(() => {
      const name = identifier(nameTok);
      if (!name) return undefined;
      const role = identifier(roleTok);
      const defaultValue = dv ?? (real(eq) ? errorAt(tokenSpan(eq!).end) : undefined);
      const span = spanOf(name.span, role?.span, defaultValue?.span, range?.span)!;
      return { kind: 'Parameter', span, name, ...(role ? { role } : {}), ...(defaultValue ? { defaultValue } : {}), ...(range ? { range } : {}) };
    });
  });

  rangeSpec = this.RULE('rangeSpec', (): A.RangeSpec | undefined => {
    const kw = this.CONSUME(T.In);
    const lb = this.CONSUME(T.LBracket);
    const lo = this.SUBRULE(this.expression);
    const comma = this.CONSUME(T.Comma);
    const hi = this.SUBRULE2(this.expression);
    const rb = this.CONSUME(T.RBracket);
    return this.ACTION(() => {
      const k = real(kw);
      if (!k) return undefined;
      const loE = lo ?? errorAt(lastEnd(lb, kw));
      const hiE = hi ?? errorAt(real(comma) ? tokenSpan(comma).end : loE.span.end);
      return { kind: 'Range', span: spanOf(tokenSpan(k), loE.span, hiE.span, real(rb) ? tokenSpan(rb) : undefined)!, lo: loE, hi: hiE };
    });
  });

  statement = this.RULE('statement', (): { keyword: IToken; statement?: A.Statement } | undefined => {
    return this.OR([
      {
        ALT: () => {
          const kw = this.CONSUME(T.Let);
          const nameTok = this.CONSUME(T.Identifier);
          const eq = this.CONSUME(T.Equals);
          const value = this.SUBRULE(this.expression);
          return this.ACTION(() => binding('Let', kw, nameTok, eq, value));
        },
      },
      {
        ALT: () => {
          const kw = this.CONSUME(T.Learn);
          const nameTok = this.CONSUME2(T.Identifier);
          const eq = this.CONSUME2(T.Equals);
          const value = this.SUBRULE2(this.expression);
          return this.ACTION(() => binding('Learn', kw, nameTok, eq, value));
        },
      },
      {
        ALT: () => {
          const kw = this.CONSUME(T.Return);
          const value = this.SUBRULE3(this.expression);
          return this.ACTION(() => {
            const k = real(kw);
            if (!k) return undefined;
            const v = value ?? errorAt(tokenSpan(k).end);
            return { keyword: k, statement: { kind: 'Return' as const, span: cover(tokenSpan(k), v.span), value: v } };
          });
        },
      },
    ]);
  });

  trialDecl = this.RULE('trialDecl', (): A.TrialDecl | undefined => {
    const kw = this.CONSUME(T.Trial);
    const fields: (A.TrialField | undefined)[] = [];
    const partial: PartialDeclaration = { kind: 'Trial', keyword: kw, params: [], body: [], fields };
    this.ACTION(() => (this.partial = partial));
    const nameTok = this.CONSUME(T.Identifier);
    this.ACTION(() => (partial.name = nameTok));
    const lb = this.CONSUME(T.LBrace);
    this.ACTION(() => (partial.open = lb));
    this.MANY(() => {
      const f = this.SUBRULE(this.trialField);
      this.ACTION(() => fields.push(f));
    });
    const rb = this.CONSUME(T.RBrace);
    return this.ACTION(() => {
      const k = real(kw)!;
      const fs = present(fields);
      const bodySpan = real(lb) ? spanOf(tokenSpan(lb), real(rb) ? tokenSpan(rb) : undefined, ...fs.map((f) => f.span)) : undefined;
      const name = identifier(nameTok);
      const end = bodySpan ?? { start: lastEnd(nameTok, kw), end: lastEnd(nameTok, kw) };
      this.partial = undefined;
      return { kind: 'Trial' as const, span: cover(tokenSpan(k), end), ...(name ? { name } : {}), fields: fs, ...(bodySpan ? { bodySpan } : {}) };
    });
  }, { recoveryValueFunc: () => this.takePartial() as A.TrialDecl | undefined });

  /** The abandoned declaration, from what was read of it (see `partial`). */
  private takePartial(): A.LossDecl | A.TrialDecl | undefined {
    const p = this.partial;
    this.partial = undefined;
    const k = p && real(p.keyword);
    if (!p || !k) return undefined;
    const name = identifier(p.name);
    if (p.kind === 'Trial') {
      const fields = present(p.fields);
      const bodySpan = real(p.open) ? spanOf(tokenSpan(p.open!), ...fields.map((f) => f.span)) : undefined;
      return { kind: 'Trial', span: spanOf(tokenSpan(k), name?.span, bodySpan)!, ...(name ? { name } : {}), fields, ...(bodySpan ? { bodySpan } : {}), incomplete: true };
    }
    const params = present(p.params);
    if (real(p.shorthand)) {
      // `loss f(…) = <broken expression>`: the value is an error node, so no "missing return" follows.
      const at = tokenSpan(p.shorthand!).end;
      const value = errorAt(at);
      const body: A.Statement[] = [{ kind: 'Return', value, span: { ...value.span } }];
      return { kind: 'Loss', span: spanOf(tokenSpan(k), name?.span, ...params.map((x) => x.span), value.span)!, ...(name ? { name } : {}), params, body, shorthand: true, bodySpan: { ...value.span }, incomplete: true };
    }
    const body = present(p.body);
    const bodySpan = real(p.open) ? spanOf(tokenSpan(p.open!), ...body.map((st) => st.span)) : undefined;
    const span = spanOf(tokenSpan(k), name?.span, ...params.map((x) => x.span), bodySpan)!;
    return { kind: 'Loss', span, ...(name ? { name } : {}), params, body, shorthand: false, ...(bodySpan ? { bodySpan } : {}), incomplete: true };
  }

  // `loss` is a keyword but also the name of a trial's main field.
  trialField = this.RULE('trialField', (): A.TrialField | undefined => {
    const nameTok = this.OR([{ ALT: () => this.CONSUME(T.Identifier) }, { ALT: () => this.CONSUME(T.Loss) }]);
    const eq = this.CONSUME(T.Equals);
    const value = this.SUBRULE(this.expression);
    return this.ACTION(() => {
      const name = identifier(nameTok);
      if (!name) return undefined;
      const v = value ?? errorAt(real(eq) ? tokenSpan(eq).end : name.span.end);
      return { kind: 'TrialField', span: cover(name.span, v.span), name, value: v };
    });
  });

  // All binary operators of an expression in one flat rule, `operand (op operand)*`; precedence and
  // associativity are applied by `binaryTree` (one rule instead of one per precedence level).
  expression = this.RULE('expression', (): A.Expr | undefined => {
    const operands: (A.Expr | undefined)[] = [this.SUBRULE(this.unary)];
    const ops: IToken[] = [];
    this.MANY(() => {
      ops.push(
        this.OR(
          (this.binaryOperators ??= [
            { ALT: () => this.CONSUME(T.Plus) },
            { ALT: () => this.CONSUME(T.Minus) },
            { ALT: () => this.CONSUME(T.Star) },
            { ALT: () => this.CONSUME(T.Slash) },
            { ALT: () => this.CONSUME(T.EqEq) },
            { ALT: () => this.CONSUME(T.NotEq) },
            { ALT: () => this.CONSUME(T.LessEq) },
            { ALT: () => this.CONSUME(T.GreaterEq) },
            { ALT: () => this.CONSUME(T.Less) },
            { ALT: () => this.CONSUME(T.Greater) },
          ]),
        ),
      );
      operands.push(this.SUBRULE2(this.unary));
    });
    return this.ACTION(() => binaryTree(operands, ops));
  });

  // Unary minus binds looser than `^`: -x^2 = -(x^2); the exponent may itself be signed: x^-2.
  unary = this.RULE('unary', (): A.Expr | undefined => {
    return this.OR([
      {
        ALT: () => {
          const op = this.OR2([{ ALT: () => this.CONSUME(T.Minus) }, { ALT: () => this.CONSUME(T.Plus) }]);
          const operand = this.SUBRULE(this.unary);
          return this.ACTION(() => {
            const o = real(op);
            if (!o) return operand;
            const inner = operand ?? errorAt(tokenSpan(o).end);
            return { kind: 'Unary' as const, op: o.image as '-' | '+', operand: inner, span: cover(tokenSpan(o), inner.span) };
          });
        },
      },
      { ALT: () => this.SUBRULE(this.power) },
    ]);
  });

  power = this.RULE('power', (): A.Expr | undefined => {
    const base = this.SUBRULE(this.atom);
    let op: IToken | undefined;
    let exponent: A.Expr | undefined;
    this.OPTION(() => {
      op = this.OR([{ ALT: () => this.CONSUME(T.Caret) }, { ALT: () => this.CONSUME(T.StarStar) }]);
      exponent = this.SUBRULE(this.unary);
    });
    return this.ACTION(() => {
      if (!op) return base;
      const o = real(op);
      const left = base ?? errorAt(o ? tokenSpan(o).start : 0);
      const opSpan = o ? tokenSpan(o) : { start: left.span.end, end: left.span.end };
      const right = exponent ?? errorAt(opSpan.end);
      return { kind: 'Binary' as const, op: (o?.image ?? '^') as A.BinaryOperator, opSpan, left, right, span: cover(left.span, right.span) };
    });
  });

  atom = this.RULE('atom', (): A.Expr | undefined => {
    return this.OR([
      {
        ALT: () => {
          const t = this.CONSUME(T.NumberLiteral);
          return this.ACTION(() => (real(t) ? { kind: 'Number' as const, value: Number(t.image), text: t.image, span: tokenSpan(t) } : undefined));
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.StringLiteral);
          return this.ACTION(() => (real(t) ? { kind: 'String' as const, value: t.image.slice(1, -1), span: tokenSpan(t) } : undefined));
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.UnterminatedString);
          return this.ACTION(() => (real(t) ? { kind: 'String' as const, value: t.image.slice(1), span: tokenSpan(t) } : undefined));
        },
      },
      { ALT: () => this.SUBRULE(this.callOrName) },
      { ALT: () => this.SUBRULE(this.parenthesized) },
      { ALT: () => this.SUBRULE(this.vector) },
    ]);
  });

  callOrName = this.RULE('callOrName', (): A.Expr | undefined => {
    const nameTok = this.CONSUME(T.Identifier);
    let lp: IToken | undefined;
    let rp: IToken | undefined;
    const args: (A.Argument | undefined)[] = [];
    this.OPTION(() => {
      lp = this.CONSUME(T.LParen);
      this.OPTION2(() => {
        args.push(this.SUBRULE(this.argument));
        this.MANY(() => {
          this.CONSUME(T.Comma);
          args.push(this.SUBRULE2(this.argument));
        });
      });
      rp = this.CONSUME(T.RParen);
    });
    return this.ACTION(() => {
      const callee = identifier(nameTok);
      if (!callee) return undefined;
      if (!lp) return { kind: 'Name' as const, name: callee.name, span: callee.span };
      const as = present(args);
      const argsSpan = spanOf(real(lp) ? tokenSpan(lp) : undefined, real(rp) ? tokenSpan(rp!) : undefined, ...as.map((a) => a.span)) ?? { start: callee.span.end, end: callee.span.end };
      return { kind: 'Call' as const, callee, args: as, argsSpan, span: cover(callee.span, argsSpan) };
    });
  });

  argument = this.RULE('argument', (): A.Argument | undefined => {
    let nameTok: IToken | undefined;
    this.OPTION(() => {
      nameTok = this.CONSUME(T.Identifier);
      this.CONSUME(T.Equals);
    });
    const value = this.SUBRULE(this.expression);
    return this.ACTION(() => {
      const name = identifier(nameTok);
      const v = value ?? (name ? errorAt(name.span.end) : undefined);
      if (!v) return undefined;
      return { kind: 'Argument' as const, span: name ? cover(name.span, v.span) : { ...v.span }, value: v, ...(name ? { name } : {}) };
    });
  });

  parenthesized = this.RULE('parenthesized', (): A.Expr | undefined => {
    const lp = this.CONSUME(T.LParen);
    const inner = this.SUBRULE(this.expression);
    const rp = this.CONSUME(T.RParen);
    return this.ACTION(() => {
      const l = real(lp);
      if (!l) return inner;
      const e = inner ?? errorAt(tokenSpan(l).end);
      return { kind: 'Paren' as const, expr: e, span: spanOf(tokenSpan(l), e.span, real(rp) ? tokenSpan(rp) : undefined)! };
    });
  });

  vector = this.RULE('vector', (): A.Expr | undefined => {
    const lb = this.CONSUME(T.LBracket);
    const items: (A.Expr | undefined)[] = [];
    this.OPTION(() => {
      items.push(this.SUBRULE(this.expression));
      this.MANY(() => {
        this.CONSUME(T.Comma);
        items.push(this.SUBRULE2(this.expression));
      });
    });
    const rb = this.CONSUME(T.RBracket);
    return this.ACTION(() => {
      const l = real(lb);
      if (!l) return undefined;
      const is = present(items);
      return { kind: 'Vector' as const, items: is, span: spanOf(tokenSpan(l), real(rb) ? tokenSpan(rb) : undefined, ...is.map((i) => i.span))! };
    });
  });
}

// ---- helpers for the actions ------------------------------------------------------------------------

/** The parts of a loss or trial declaration read so far (filled in by the rule's actions as it goes). */
interface PartialDeclaration {
  readonly kind: 'Loss' | 'Trial';
  readonly keyword: IToken;
  name?: IToken;
  /** The `{` of the body. */
  open?: IToken;
  /** The `=` of the shorthand form. */
  shorthand?: IToken;
  readonly params: (A.Parameter | undefined)[];
  readonly body: (A.Statement | undefined)[];
  readonly fields: (A.TrialField | undefined)[];
}

/** A token the parser really read (not one it inserted during recovery, nor a recording placeholder). */
function real(t: IToken | undefined): IToken | undefined {
  if (!t || t.isInsertedInRecovery || typeof t.startOffset !== 'number' || Number.isNaN(t.startOffset)) return undefined;
  return t;
}

function tokenSpan(t: IToken): Span {
  return { start: t.startOffset, end: (t.endOffset ?? t.startOffset) + 1 };
}

function identifier(t: IToken | undefined): A.Identifier | undefined {
  const r = real(t);
  return r ? { kind: 'Identifier', name: r.image, span: tokenSpan(r) } : undefined;
}

function errorAt(at: number): A.ErrorExpr {
  return { kind: 'ErrorExpr', span: { start: at, end: at } };
}

function cover(a: Span, b: Span): Span {
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}

function spanOf(...parts: (Span | undefined)[]): Span | undefined {
  let start = Infinity;
  let end = -Infinity;
  for (const p of parts) {
    if (!p) continue;
    if (p.start < start) start = p.start;
    if (p.end > end) end = p.end;
  }
  return start === Infinity ? undefined : { start, end };
}

/** The end offset of the first of these tokens that was really read (for placing a missing part). */
function lastEnd(...ts: (IToken | undefined)[]): number {
  for (const t of ts) {
    const r = real(t);
    if (r) return tokenSpan(r).end;
  }
  return 0;
}

function present<X>(xs: readonly (X | undefined)[]): X[] {
  return xs.filter((x): x is X => x !== undefined && x !== null && typeof x === 'object');
}

function binding(kind: 'Let' | 'Learn', kw: IToken, nameTok: IToken, eq: IToken, value: A.Expr | undefined): { keyword: IToken; statement?: A.Statement } | undefined {
  const k = real(kw);
  if (!k) return undefined;
  const name = identifier(nameTok);
  if (!name) return { keyword: k };
  const v = value ?? errorAt(real(eq) ? tokenSpan(eq).end : name.span.end);
  const span = cover(tokenSpan(k), v.span);
  return { keyword: k, statement: kind === 'Let' ? { kind: 'Let', span, name, value: v } : { kind: 'Learn', span, name, init: v } };
}

const PRECEDENCE: Partial<Record<A.BinaryOperator, number>> = {
  '==': 1, '!=': 1, '<': 1, '<=': 1, '>': 1, '>=': 1,
  '+': 2, '-': 2,
  '*': 3, '/': 3,
};

/**
 * `operand (op operand)*` to a tree by precedence (comparisons < + - < * /), all left-associative.
 * Iterative (operator-precedence stacks), so a long sum does not recurse.
 */
function binaryTree(operands: readonly (A.Expr | undefined)[], ops: readonly IToken[]): A.Expr | undefined {
  const first = operands[0];
  if (ops.length === 0) return first;
  const values: A.Expr[] = [first ?? errorAt(real(ops[0]) ? ops[0].startOffset : 0)];
  const pending: { op: A.BinaryOperator; span: Span; prec: number }[] = [];
  const reduce = (): void => {
    const { op, span: opSpan } = pending.pop()!;
    const right = values.pop()!;
    const left = values.pop()!;
    values.push({ kind: 'Binary', op, opSpan, left, right, span: cover(left.span, right.span) });
  };
  for (let i = 0; i < ops.length; i++) {
    const o = real(ops[i]);
    const op = (ops[i]?.image ?? '+') as A.BinaryOperator;
    const prec = PRECEDENCE[op] ?? 1;
    const last = values[values.length - 1];
    const opSpan = o ? tokenSpan(o) : { start: last.span.end, end: last.span.end };
    while (pending.length && pending[pending.length - 1].prec >= prec) reduce();
    pending.push({ op, span: opSpan, prec });
    values.push(operands[i + 1] ?? errorAt(opSpan.end));
  }
  while (pending.length) reduce();
  return values[0];
}

export const lossParser = new LossParser();

export interface ParseTokensResult {
  readonly declarations: readonly A.Declaration[];
  readonly errors: readonly IRecognitionException[];
  /** Keywords of `let`/`learn`/`return` statements found outside a loss body. */
  readonly strayStatements: readonly IToken[];
}

export function parseTokens(tokens: IToken[]): ParseTokensResult {
  lossParser.input = tokens;
  lossParser.strayStatements = [];
  lossParser.declarations = [];
  const declarations = lossParser.file() ?? [];
  return { declarations: present(declarations), errors: [...lossParser.errors], strayStatements: lossParser.strayStatements };
}
