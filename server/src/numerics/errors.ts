import type { Span } from '../core/text/span.js';

/**
 * A problem found while compiling or evaluating a loss: a missing or ill-shaped input, an unknown
 * parameter, an argument a builtin cannot use. `span` locates it in `file` (absent: the document itself).
 */
export class EvalError extends Error {
  constructor(
    message: string,
    readonly span?: Span,
    readonly file?: string,
  ) {
    super(message);
  }
}
