import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze } from '../../src/core/analysis/analyze.js';
import { nodeSourceHost } from '../../src/core/workspace/node-host.js';
import { planExport } from '../../src/export/plan.js';
import type { ExportCase } from './builtin-cases.js';
import { CONTEXT, roleInputs, TARGET_ROLES } from './role-inputs.js';

// One export case per loss declared in examples/*.loss (whatever files are there when the tests run),
// with inputs made from the roles and every context value the loss reads.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const EXAMPLES_DIR = path.join(ROOT, 'examples');

/** Inputs whose shape the roles alone do not tell (N×2 regression targets, one column per task). */
const INPUT_OVERRIDES: Readonly<Record<string, Record<string, unknown>>> = {
  per_task_uncertainty: { r: [[0.3, -1.2], [2.5, 0.7], [0.1, 0.9], [-0.4, 1.6]], t: [[0.1, -0.2], [1.0, 2.2], [0.4, 0.3], [-0.9, 1.1]] },
};

export function exampleCases(): ExportCase[] {
  let files: string[] = [];
  try {
    files = readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.loss')).sort();
  } catch {
    return [];
  }
  const cases: ExportCase[] = [];
  for (const f of files) {
    const file = path.join(EXAMPLES_DIR, f);
    const source = readFileSync(file, 'utf8');
    const analysis = analyze(source, { path: file, workspaceRoot: EXAMPLES_DIR, host: nodeSourceHost });
    for (const d of analysis.file.declarations) {
      if (d.kind !== 'Loss' || !d.name) continue;
      const plan = planExport(analysis, d.name.name, nodeSourceHost).root;
      const context = Object.fromEntries(plan.context.map((c) => [c, CONTEXT[c]]));
      cases.push({
        name: `${f}: ${d.name.name}`,
        source,
        file,
        loss: d.name.name,
        inputs: { ...roleInputs(plan), ...INPUT_OVERRIDES[d.name.name] },
        grads: plan.inputs.filter((p) => !TARGET_ROLES.has(p.role?.name ?? '')).map((p) => p.name.name),
        ref: '',
        // As `losslab eval` evaluates: outside a training step (quant_noise is fakequant there).
        evalMode: true,
        ...(plan.context.length ? { context } : {}),
      });
    }
  }
  return cases;
}
