#!/usr/bin/env node
// `npm start`: the main job on built-in defaults. It checks every example, then runs the flagship
// example's trial headless, prints its summary and writes report.html. Steps whose parts are not built
// yet say so instead of pretending.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const launcher = join(root, 'scripts/losslab.mjs');

function losslab(args) {
  console.log(`$ losslab ${args.join(' ')}`);
  const r = spawnSync(process.execPath, [launcher, ...args], { cwd: root, stdio: 'inherit' });
  return r.status ?? 1;
}

const examples = existsSync(join(root, 'examples'))
  ? readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.loss')).sort().map((f) => join('examples', f))
  : [];
if (examples.length === 0) {
  console.error('no examples/*.loss to check');
  process.exit(1);
}
const checked = losslab(['check', ...examples]);
console.log(checked === 0 ? `\n${examples.length} examples check clean.\n` : `\nthe examples have errors (exit ${checked}).\n`);
if (checked !== 0) process.exit(checked);

const flagship = join('examples', 'flagship.loss');
if (!existsSync(join(root, 'server/src/trial/cli.ts')) && !existsSync(join(root, 'server/src/cli/trial.ts'))) {
  console.log('The trial engine is not built yet: `losslab trial` is not available, so no report.html is written.');
  process.exit(0);
}
process.exit(losslab(['trial', flagship, '--out', 'report.html']));
