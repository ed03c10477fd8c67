import type { RelatedInformation } from '../diagnostics/diagnostic.js';
import { definitionNameSpan } from '../analysis/model.js';
import type { Interval } from '../analysis/interval.js';
import { format } from '../analysis/interval.js';
import { ROLES } from '../builtins/roles.js';
import type * as A from '../syntax/ast.js';
import { childExprs } from '../syntax/ast.js';
import type { LintContext } from './context.js';

// "Where does this range come from?" — the related information of a range-based lint. Starting at the
// offending expression, it follows `let` bindings and collects the few places that introduce the bad
// bound: a builtin call whose own range has it (`sigmoid(z)` ∈ [0, 1]), or an input whose role does
// (`y: binary`), or a hyperparameter whose declared range does.

const MAX_ORIGINS = 3;

export function rangeOrigins(ctx: LintContext, e: A.Expr, bad: (r: Interval) => boolean): RelatedInformation[] {
  const out: RelatedInformation[] = [];
  const seen = new Set<unknown>();
  const add = (r: RelatedInformation): void => {
    if (out.length < MAX_ORIGINS && !out.some((o) => o.span.start === r.span.start)) out.push(r);
  };

  const visit = (x: A.Expr, top: boolean): void => {
    if (out.length >= MAX_ORIGINS || seen.has(x)) return;
    seen.add(x);
    const info = ctx.value(x);
    if (!info || !bad(info.range)) return;
    if (x.kind === 'Name') {
      const d = ctx.definitionOf(x);
      if (!d || seen.has(d)) return;
      seen.add(d);
      if (d.kind === 'let') {
        add({ span: d.stmt.name.span, message: `\`${d.name}\` = ${ctx.quote(d.stmt.value)} ranges over ${format(ctx.value(d.stmt.value)?.range ?? info.range)}` });
        // The binding's message already names its value: `let p = sigmoid(z)` needs no second entry.
        visit(d.stmt.value, true);
      } else if (d.kind === 'param') {
        const span = definitionNameSpan(d);
        if (!span) return;
        if (d.param.role) {
          const role = d.param.role.name;
          const values = role in ROLES ? ROLES[role as keyof typeof ROLES].values : info.range;
          add({ span, message: `\`${d.name}\` is a \`${role}\` input, with values in ${format(values)}` });
        } else {
          add({ span, message: d.param.range ? `\`${d.name}\` may take any value in its declared range ${format(info.range)}` : `\`${d.name}\` ranges over ${format(info.range)}` });
        }
      } else if (d.kind === 'learn') {
        const span = definitionNameSpan(d);
        if (span) add({ span, message: `\`${d.name}\` is learned: training can move it anywhere in ${format(info.range)}` });
      } else if (d.kind === 'context') {
        add({ span: x.span, message: `\`${d.name}\` ranges over ${format(info.range)}` });
      }
      return;
    }
    if (x.kind === 'Call') {
      const callee = ctx.calleeOf(x);
      // A call introduced the bound itself when none of its arguments has it (`sum(p)` inherits it from
      // `p`), or when it maps to a fixed set of values whatever its input (`sigmoid` → probabilities).
      const argsBad = x.args.some((a) => {
        const r = ctx.value(a.value)?.range;
        return r !== undefined && bad(r);
      });
      const ownRange = callee?.kind === 'loss' || (callee?.kind === 'builtin' && callee.builtin.resultRole !== undefined);
      if (callee && (ownRange || !argsBad)) {
        // At the top the diagnostic's own message (or the binding's) already names this call.
        if (!top) add({ span: x.span, message: `\`${ctx.quote(x)}\` ranges over ${format(info.range)}` });
        return;
      }
    }
    for (const c of childExprs(x)) visit(c, false);
  };

  visit(e, true);
  return out;
}
