import type { Analysis } from '../analysis/model.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type * as A from '../syntax/ast.js';
import { argumentRangeLints } from './arguments.js';
import { criticLints } from './critic.js';
import { LintContext } from './context.js';

export { LintContext };
import { semanticLints } from './semantics.js';
import { stabilityLints } from './stability.js';

// The lint passes, run by `analyze()` after name resolution and the range analysis, over the losses
// and trials declared in the analysed document (imported files are linted where they are opened).
// Each family lives in its own file; codes, severities and titles come from diagnostics/codes.ts.

export function lint(analysis: Analysis): Diagnostic[] {
  const ctx = new LintContext(analysis);
  const out: Diagnostic[] = [];
  for (const decl of analysis.file.declarations) lintDeclaration(ctx, decl, out);
  return out;
}

/** The lints of one loss or trial (what `lint` runs for each; incremental analysis runs it for the changed ones). */
export function lintDeclaration(ctx: LintContext, decl: A.Declaration, out: Diagnostic[]): void {
  const analysis = ctx.analysis;
  if (decl.kind === 'Loss') {
    const info = decl.name ? analysis.losses.get(decl.name.name) : undefined;
    stabilityLints(ctx, decl, out);
    // Error recovery may have dropped part of a broken declaration: judging what is left as an
    // objective would only add noise to the syntax error.
    const broken = analysis.parse.diagnostics.some((d) => d.span.start >= decl.span.start && d.span.start <= decl.span.end);
    if (!broken) semanticLints(ctx, decl, info?.decl === decl ? info : undefined, out);
    for (const s of decl.body) argumentRangeLints(ctx, s.kind === 'Learn' ? s.init : s.value, out);
  } else if (decl.kind === 'Trial') {
    for (const f of decl.fields) argumentRangeLints(ctx, f.value, out);
    criticLints(ctx, decl, out);
  }
}
