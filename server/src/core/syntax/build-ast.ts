import type { CstElement, CstNode, IToken } from 'chevrotain';
import type { Span } from '../text/span.js';
import type * as A from './ast.js';

// Turns the concrete syntax tree into the AST. Error recovery can leave any child missing, so every read
// here is defensive: a missing token gives `undefined`, a missing expression an `ErrorExpr` placed where
// the parser stopped. Tokens the parser inserted during recovery have no offsets and count as missing.

type Children = Record<string, CstElement[] | undefined>;

function isToken(e: CstElement | undefined): e is IToken {
  return e !== undefined && (e as IToken).image !== undefined;
}

function realToken(e: CstElement | undefined): IToken | undefined {
  if (!isToken(e) || e.isInsertedInRecovery || Number.isNaN(e.startOffset)) return undefined;
  return e;
}

function tok(ch: Children, label: string, index = 0): IToken | undefined {
  return realToken(ch[label]?.[index]);
}

function node(ch: Children, label: string, index = 0): CstNode | undefined {
  const e = ch[label]?.[index];
  return e && !isToken(e) ? (e as CstNode) : undefined;
}

function nodes(ch: Children, label: string): CstNode[] {
  return (ch[label] ?? []).filter((e): e is CstNode => !isToken(e));
}

function tokens(ch: Children, label: string): IToken[] {
  return (ch[label] ?? []).map(realToken).filter((t): t is IToken => t !== undefined);
}

function tokenSpan(t: IToken): Span {
  return { start: t.startOffset, end: (t.endOffset ?? t.startOffset) + 1 };
}

/** Span of a CST node from the real tokens below it (recovered nodes may lack a location). */
function cstSpan(n: CstNode): Span | undefined {
  const loc = n.location;
  if (loc && !Number.isNaN(loc.startOffset) && loc.endOffset !== undefined && !Number.isNaN(loc.endOffset)) {
    return { start: loc.startOffset, end: loc.endOffset + 1 };
  }
  let start = Infinity;
  let end = -Infinity;
  const visit = (c: CstNode): void => {
    for (const list of Object.values(c.children)) {
      for (const e of list ?? []) {
        const t = realToken(e);
        if (t) {
          start = Math.min(start, t.startOffset);
          end = Math.max(end, (t.endOffset ?? t.startOffset) + 1);
        } else if (!isToken(e)) visit(e as CstNode);
      }
    }
  };
  visit(n);
  return start === Infinity ? undefined : { start, end };
}

function cover(...parts: (Span | undefined)[]): Span | undefined {
  let start = Infinity;
  let end = -Infinity;
  for (const p of parts) {
    if (!p) continue;
    start = Math.min(start, p.start);
    end = Math.max(end, p.end);
  }
  return start === Infinity ? undefined : { start, end };
}

function identifier(t: IToken | undefined): A.Identifier | undefined {
  return t ? { kind: 'Identifier', name: t.image, span: tokenSpan(t) } : undefined;
}

export class AstBuilder {
  constructor(private readonly text: string) {}

  /** Where to put an ErrorExpr when nothing of an expression was read: just after `after`. */
  private errorAt(after: Span | undefined, fallback: number): A.ErrorExpr {
    const at = after ? after.end : fallback;
    return { kind: 'ErrorExpr', span: { start: at, end: at } };
  }

  file(cst: CstNode, comments: A.Comment[]): A.SourceFile {
    const ch = cst.children;
    const decls: A.Declaration[] = [];
    for (const n of [...nodes(ch, 'importDecl'), ...nodes(ch, 'lossDecl'), ...nodes(ch, 'trialDecl')]) {
      const d = n.name === 'importDecl' ? this.importDecl(n) : n.name === 'lossDecl' ? this.lossDecl(n) : this.trialDecl(n);
      if (d) decls.push(d);
    }
    decls.sort((a, b) => a.span.start - b.span.start);
    const withDocs = decls.map((d) => (d.kind === 'Import' ? d : { ...d, doc: docCommentFor(d.span.start, comments, this.text) }));
    return { kind: 'File', declarations: withDocs, comments, span: { start: 0, end: this.text.length } };
  }

  private importDecl(n: CstNode): A.ImportDecl | undefined {
    const span = cstSpan(n);
    if (!span) return undefined;
    const s = tok(n.children, 'path');
    if (!s) return { kind: 'Import', span };
    const closed = s.tokenType.name === 'StringLiteral';
    const path: A.StringLiteral = { kind: 'String', value: closed ? s.image.slice(1, -1) : s.image.slice(1), span: tokenSpan(s) };
    return { kind: 'Import', span, path };
  }

  private lossDecl(n: CstNode): A.LossDecl | undefined {
    const ch = n.children;
    const span = cstSpan(n);
    if (!span) return undefined;
    const name = identifier(tok(ch, 'name'));
    const params = nodes(ch, 'parameter').map((p) => this.parameter(p)).filter((p): p is A.Parameter => p !== undefined);
    const shorthandTok = tok(ch, 'shorthand');
    if (shorthandTok || ch.shorthand) {
      const valueNode = node(ch, 'shorthandValue');
      const value = valueNode ? this.expression(valueNode) : this.errorAt(shorthandTok ? tokenSpan(shorthandTok) : undefined, span.end);
      const ret: A.ReturnStatement = { kind: 'Return', value, span: value.span };
      return { kind: 'Loss', span, ...(name ? { name } : {}), params, body: [ret], shorthand: true, bodySpan: value.span };
    }
    const body = nodes(ch, 'statement').map((s) => this.statement(s)).filter((s): s is A.Statement => s !== undefined);
    const lb = tok(ch, 'LBrace');
    const rb = tok(ch, 'RBrace');
    const bodySpan = lb ? cover(tokenSpan(lb), rb ? tokenSpan(rb) : undefined, ...body.map((s) => s.span)) : undefined;
    return { kind: 'Loss', span, ...(name ? { name } : {}), params, body, shorthand: false, ...(bodySpan ? { bodySpan } : {}) };
  }

  private parameter(n: CstNode): A.Parameter | undefined {
    const ch = n.children;
    const name = identifier(tok(ch, 'name'));
    const span = cstSpan(n);
    if (!name || !span) return undefined;
    const role = identifier(tok(ch, 'role'));
    const dv = node(ch, 'defaultValue');
    const eq = tok(ch, 'Equals');
    const defaultValue = dv ? this.expression(dv) : eq ? this.errorAt(tokenSpan(eq), span.end) : undefined;
    const r = node(ch, 'rangeSpec');
    const range = r ? this.rangeSpec(r) : undefined;
    return { kind: 'Parameter', span, name, ...(role ? { role } : {}), ...(defaultValue ? { defaultValue } : {}), ...(range ? { range } : {}) };
  }

  private rangeSpec(n: CstNode): A.RangeSpec | undefined {
    const ch = n.children;
    const span = cstSpan(n);
    if (!span) return undefined;
    const lo = node(ch, 'lo');
    const hi = node(ch, 'hi');
    const loE = lo ? this.expression(lo) : this.errorAt(undefined, span.end);
    const hiE = hi ? this.expression(hi) : this.errorAt(loE.span, span.end);
    return { kind: 'Range', span, lo: loE, hi: hiE };
  }

  private statement(n: CstNode): A.Statement | undefined {
    const ch = n.children;
    const span = cstSpan(n);
    if (!span) return undefined;
    const v = node(ch, 'value');
    const keyword = tok(ch, 'Let') ?? tok(ch, 'Learn') ?? tok(ch, 'Return');
    if (!keyword) return undefined;
    const name = identifier(tok(ch, 'name'));
    const value = v ? this.expression(v) : this.errorAt(name?.span ?? tokenSpan(keyword), span.end);
    switch (keyword.tokenType.name) {
      case 'Return':
        return { kind: 'Return', span, value };
      case 'Let':
        return name ? { kind: 'Let', span, name, value } : undefined;
      default:
        return name ? { kind: 'Learn', span, name, init: value } : undefined;
    }
  }

  private trialDecl(n: CstNode): A.TrialDecl | undefined {
    const ch = n.children;
    const span = cstSpan(n);
    if (!span) return undefined;
    const name = identifier(tok(ch, 'name'));
    const fields: A.TrialField[] = [];
    for (const f of nodes(ch, 'trialField')) {
      const fname = identifier(tok(f.children, 'name'));
      const fspan = cstSpan(f);
      if (!fname || !fspan) continue;
      const v = node(f.children, 'value');
      const value = v ? this.expression(v) : this.errorAt(fname.span, fspan.end);
      fields.push({ kind: 'TrialField', span: fspan, name: fname, value });
    }
    const lb = tok(ch, 'LBrace');
    const rb = tok(ch, 'RBrace');
    const bodySpan = lb ? cover(tokenSpan(lb), rb ? tokenSpan(rb) : undefined, ...fields.map((f) => f.span)) : undefined;
    return { kind: 'Trial', span, ...(name ? { name } : {}), fields, ...(bodySpan ? { bodySpan } : {}) };
  }

  expression(n: CstNode): A.Expr {
    const ch = n.children;
    switch (n.name) {
      case 'expression':
        return this.binaryChain(n);
      case 'unary': {
        const op = tok(ch, 'op');
        const operand = node(ch, 'operand');
        if (!op) return operand ? this.expression(operand) : this.errorAt(undefined, cstSpan(n)?.start ?? 0);
        const inner = operand ? this.expression(operand) : this.errorAt(tokenSpan(op), tokenSpan(op).end);
        return { kind: 'Unary', op: op.image as '-' | '+', operand: inner, span: cover(tokenSpan(op), inner.span)! };
      }
      case 'power': {
        const baseNode = node(ch, 'base');
        const base = baseNode ? this.expression(baseNode) : this.errorAt(undefined, cstSpan(n)?.start ?? 0);
        const op = tok(ch, 'op');
        if (!op && !ch.op) return base;
        const expNode = node(ch, 'exponent');
        const opSpan = op ? tokenSpan(op) : { start: base.span.end, end: base.span.end };
        const exponent = expNode ? this.expression(expNode) : this.errorAt(opSpan, opSpan.end);
        return { kind: 'Binary', op: (op?.image ?? '^') as A.BinaryOperator, opSpan, left: base, right: exponent, span: cover(base.span, exponent.span, opSpan)! };
      }
      case 'atom': {
        const num = tok(ch, 'NumberLiteral');
        if (num) return { kind: 'Number', value: Number(num.image), text: num.image, span: tokenSpan(num) };
        const str = tok(ch, 'StringLiteral');
        if (str) return stringLiteral(str);
        const open = tok(ch, 'UnterminatedString');
        if (open) return { kind: 'String', value: open.image.slice(1), span: tokenSpan(open) };
        const inner = node(ch, 'callOrName') ?? node(ch, 'parenthesized') ?? node(ch, 'vector');
        return inner ? this.expression(inner) : this.errorAt(undefined, cstSpan(n)?.start ?? 0);
      }
      case 'callOrName':
        return this.callOrName(n);
      case 'parenthesized': {
        const span = cstSpan(n) ?? { start: 0, end: 0 };
        const inner = node(ch, 'inner');
        const lp = tok(ch, 'LParen');
        return { kind: 'Paren', expr: inner ? this.expression(inner) : this.errorAt(lp ? tokenSpan(lp) : undefined, span.end), span };
      }
      case 'vector': {
        const span = cstSpan(n) ?? { start: 0, end: 0 };
        return { kind: 'Vector', items: nodes(ch, 'item').map((i) => this.expression(i)), span };
      }
      default:
        return this.errorAt(undefined, cstSpan(n)?.start ?? 0);
    }
  }

  /**
   * `operand (op operand)*` to a tree by precedence (comparisons < + - < * /), all left-associative.
   * Iterative (operator-precedence stacks), so a long sum does not recurse.
   */
  private binaryChain(n: CstNode): A.Expr {
    const operands = nodes(n.children, 'operand').map((o) => this.expression(o));
    const ops = (n.children.op ?? []) as IToken[];
    if (operands.length === 0) return this.errorAt(undefined, cstSpan(n)?.start ?? 0);
    const values: A.Expr[] = [operands[0]];
    const pending: { op: A.BinaryOperator; span: Span; prec: number }[] = [];
    const reduce = (): void => {
      const { op, span: opSpan } = pending.pop()!;
      const right = values.pop()!;
      const left = values.pop()!;
      values.push({ kind: 'Binary', op, opSpan, left, right, span: cover(left.span, right.span, opSpan)! });
    };
    for (let i = 0; i < ops.length; i++) {
      const opTok = realToken(ops[i]);
      const op = (opTok?.image ?? ops[i].image) as A.BinaryOperator;
      const prec = PRECEDENCE[op] ?? 1;
      const last = values[values.length - 1];
      const opSpan = opTok ? tokenSpan(opTok) : { start: last.span.end, end: last.span.end };
      while (pending.length && pending[pending.length - 1].prec >= prec) reduce();
      pending.push({ op, span: opSpan, prec });
      values.push(operands[i + 1] ?? this.errorAt(opSpan, opSpan.end));
    }
    while (pending.length) reduce();
    return values[0];
  }

  private callOrName(n: CstNode): A.Expr {
    const ch = n.children;
    const nameTok = tok(ch, 'name');
    const span = cstSpan(n) ?? { start: 0, end: 0 };
    if (!nameTok) return this.errorAt(undefined, span.start);
    const lp = tok(ch, 'LParen');
    if (!lp && !ch.LParen) return { kind: 'Name', name: nameTok.image, span: tokenSpan(nameTok) };
    const args: A.Argument[] = nodes(ch, 'argument').map((a) => {
      const ac = a.children;
      const argName = identifier(tok(ac, 'name'));
      const v = node(ac, 'value');
      const aspan = cstSpan(a) ?? span;
      const value = v ? this.expression(v) : this.errorAt(argName?.span, aspan.end);
      return { kind: 'Argument', span: cover(aspan, value.span)!, value, ...(argName ? { name: argName } : {}) };
    });
    const rp = tok(ch, 'RParen');
    const argsSpan = cover(lp ? tokenSpan(lp) : undefined, rp ? tokenSpan(rp) : undefined, ...args.map((a) => a.span)) ?? { start: span.end, end: span.end };
    return { kind: 'Call', callee: identifier(nameTok)!, args, argsSpan, span: cover(span, argsSpan)! };
  }
}

const PRECEDENCE: Partial<Record<A.BinaryOperator, number>> = {
  '==': 1, '!=': 1, '<': 1, '<=': 1, '>': 1, '>=': 1,
  '+': 2, '-': 2,
  '*': 3, '/': 3,
};

function stringLiteral(t: IToken): A.StringLiteral {
  return { kind: 'String', value: t.image.slice(1, -1), span: tokenSpan(t) };
}

/**
 * The `##` lines directly above a declaration (no blank line or other code between) are its doc comment.
 */
function docCommentFor(declStart: number, comments: readonly A.Comment[], text: string): A.DocComment | undefined {
  // The last comment that ends at or before the declaration (comments are in source order).
  let lo = 0;
  let hi = comments.length - 1;
  let i = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (comments[mid].span.end <= declStart) {
      i = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  const lines: A.Comment[] = [];
  let cursor = declStart;
  for (; i >= 0; i--) {
    const c = comments[i];
    // Only whitespace with at most one line break between this comment and what follows it.
    if (!c.doc || !/^[ \t]*\r?\n?[ \t]*$/.test(text.slice(c.span.end, cursor))) break;
    lines.unshift(c);
    cursor = c.span.start;
  }
  if (lines.length === 0) return undefined;
  const textOut = lines.map((l) => l.text.replace(/^##\s?/, '')).join('\n');
  return { text: textOut, span: { start: lines[0].span.start, end: lines[lines.length - 1].span.end } };
}
