import type { CodeLens, CodeLensParams } from 'vscode-languageserver';
import type * as A from '../../core/syntax/ast.js';
import { unparen } from '../../core/syntax/ast.js';
import { toRange } from '../convert.js';
import { COMMANDS } from '../protocol.js';
import type { LossServices } from '../services.js';

/**
 * Above each trial: ▶ Run trial · Compare · Export report. Above each loss: ▶ Run trial (the trial of this
 * file that uses it, if any) · Compare · Export (PyTorch or LaTeX). The client implements the commands.
 */
export class CodeLensFeature {
  constructor(private readonly services: LossServices) {}

  codeLenses(params: CodeLensParams): CodeLens[] {
    if (!this.services.config.settings.codeLens) return [];
    const doc = this.services.documents.get(params.textDocument.uri);
    if (!doc) return [];
    const { file } = doc.parse;
    const uri = doc.uri;
    const out: CodeLens[] = [];
    const trials = file.declarations.filter((d): d is A.TrialDecl => d.kind === 'Trial' && d.name !== undefined);
    for (const d of file.declarations) {
      if (d.kind === 'Import' || !d.name) continue;
      const range = toRange(doc.index, { start: d.span.start, end: d.span.start });
      const name = d.name.name;
      if (d.kind === 'Trial') {
        out.push(
          { range, command: { title: '▶ Run trial', command: COMMANDS.runTrial, arguments: [uri, name] } },
          { range, command: { title: 'Compare', command: COMMANDS.compare, arguments: [uri, name] } },
          { range, command: { title: 'Export report', command: COMMANDS.exportReport, arguments: [uri, name] } },
        );
      } else {
        const trial = trials.find((t) => trialUses(t, name));
        out.push(
          { range, command: { title: '▶ Run trial', command: COMMANDS.runTrial, arguments: [uri, trial?.name?.name ?? null, name] } },
          { range, command: { title: 'Compare', command: COMMANDS.compare, arguments: [uri, trial?.name?.name ?? null, name] } },
          { range, command: { title: 'Export', command: COMMANDS.exportLoss, arguments: [uri, name] } },
        );
      }
    }
    return out;
  }
}

/** The trial's `loss` field names the loss (`loss = focal_bin` or `loss = focal_bin(gamma=2)`). */
function trialUses(t: A.TrialDecl, loss: string): boolean {
  const f = t.fields.find((x) => x.name.name === 'loss');
  if (!f) return false;
  const v = unparen(f.value);
  return (v.kind === 'Name' && v.name === loss) || (v.kind === 'Call' && v.callee.name === loss);
}
