import type { Analysis } from '../analysis/model.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { argumentRangeLints } from './arguments.js';
import { LintContext } from './context.js';
import { semanticLints } from './semantics.js';
import { stabilityLints } from './stability.js';

// The lint passes, run by `analyze()` after name resolution and the range analysis, over the losses
// and trials declared in the analysed document (imported files are linted where they are opened).
// Each family lives in its own file; codes, severities and titles come from diagnostics/codes.ts.

export function lint(analysis: Analysis): Diagnostic[] {
  const ctx = new LintContext(analysis);
  const out: Diagnostic[] = [];
  const syntaxErrors = analysis.parse.diagnostics.map((d) => d.span);
  for (const decl of analysis.file.declarations) {
    if (decl.kind === 'Loss') {
      const info = decl.name ? analysis.losses.get(decl.name.name) : undefined;
      stabilityLints(ctx, decl, out);
      // Error recovery may have dropped part of a broken declaration: judging what is left as an
      // objective would only add noise to the syntax error.
      const broken = syntaxErrors.some((s) => s.start >= decl.span.start && s.start <= decl.span.end);
      if (!broken) semanticLints(ctx, decl, info?.decl === decl ? info : undefined, out);
      for (const s of decl.body) argumentRangeLints(ctx, s.kind === 'Learn' ? s.init : s.value, out);
    } else if (decl.kind === 'Trial') {
      for (const f of decl.fields) argumentRangeLints(ctx, f.value, out);
    }
  }
  return out;
}
