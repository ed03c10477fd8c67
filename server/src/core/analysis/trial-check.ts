import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Analysis } from './model.js';

// Checks of `trial` blocks beyond the loss references (which the checker resolves): required fields and
// duplicates. Field values are checked against the trial vocabulary table.

export function checkTrials(a: Analysis): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const d of a.file.declarations) {
    if (d.kind !== 'Trial') continue;
    const seen = new Map<string, number>();
    for (const f of d.fields) {
      const n = f.name.name;
      if (seen.has(n)) out.push(diagnostic('duplicate-definition', f.name.span, `the field '${n}' is set twice in this trial`, { related: [{ message: 'first set here', span: { start: seen.get(n)!, end: seen.get(n)! + n.length } }] }));
      else seen.set(n, f.name.span.start);
    }
    if (!seen.has('loss')) {
      out.push(diagnostic('missing-trial-field', d.name?.span ?? d.span, `the trial '${d.name?.name ?? '?'}' needs a 'loss' field (loss = your_loss(…))`));
    }
  }
  return out;
}
