import { CONSTANTS } from '../builtins/table.js';
import type * as A from '../syntax/ast.js';

/**
 * Folds an expression made only of numbers, constants (pi, true, false) and arithmetic to its value;
 * undefined for anything else (names, calls, vectors).
 */
export function constantValue(e: A.Expr): number | undefined {
  switch (e.kind) {
    case 'Number':
      return e.value;
    case 'Paren':
      return constantValue(e.expr);
    case 'Name':
      return CONSTANTS.get(e.name)?.value;
    case 'Unary': {
      const v = constantValue(e.operand);
      return v === undefined ? undefined : e.op === '-' ? -v : v;
    }
    case 'Binary': {
      const l = constantValue(e.left);
      const r = constantValue(e.right);
      return l === undefined || r === undefined ? undefined : foldBinary(e.op, l, r);
    }
    default:
      return undefined;
  }
}

/** The value of `a op b` for known operands: comparisons give 1 or 0. */
export function foldBinary(op: A.BinaryOperator, a: number, b: number): number {
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return a / b;
    case '^':
    case '**': return a ** b;
    case '==': return Number(a === b);
    case '!=': return Number(a !== b);
    case '<': return Number(a < b);
    case '<=': return Number(a <= b);
    case '>': return Number(a > b);
    case '>=': return Number(a >= b);
  }
}
