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
      if (l === undefined || r === undefined) return undefined;
      switch (e.op) {
        case '+': return l + r;
        case '-': return l - r;
        case '*': return l * r;
        case '/': return l / r;
        case '^':
        case '**': return l ** r;
        case '==': return Number(l === r);
        case '!=': return Number(l !== r);
        case '<': return Number(l < r);
        case '<=': return Number(l <= r);
        case '>': return Number(l > r);
        case '>=': return Number(l >= r);
      }
      return undefined;
    }
    default:
      return undefined;
  }
}
