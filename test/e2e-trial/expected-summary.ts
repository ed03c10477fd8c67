// The numbers the trial view must show for a trial: the same plan the extension builds from the file,
// run in-process on the same backend (seeded, so the results are the same). Prints the result's summary
// as JSON. Used by run.mjs:  node --import tsx test/e2e-trial/expected-summary.ts FILE TRIAL
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { initBackend } from '../../server/src/numerics/backend.js';
import { planFromDocument } from '../../server/src/trial/document-plan.js';
import { runTrial } from '../../server/src/trial/trial.js';

const [file, trial] = process.argv.slice(2);
if (!file || !trial) {
  console.error('usage: expected-summary.ts FILE TRIAL');
  process.exit(2);
}
const path = resolve(file);
const backend = await initBackend();
const plan = { ...planFromDocument({ text: readFileSync(path, 'utf8'), path, workspaceRoot: dirname(path), trial }), visuals: true };
const result = await runTrial(plan, backend.name);
process.stdout.write(`${JSON.stringify({ backend: backend.name, summary: result.summary })}\n`);
