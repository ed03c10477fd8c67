#!/usr/bin/env node
// The `losslab` command line (normative contract in docs/language.md § Command line).
// Each command lives in its own module; this file only dispatches.
import { runCheck } from './check.js';

const USAGE = `usage: losslab <command> [options]

commands:
  check FILE…                     diagnostics as file:line:col severity code message (--json for JSON)
  eval FILE --loss NAME --inputs INPUTS.json [--params JSON] [--context JSON] [--learn JSON] [--grad NAME]…
  trial FILE [--trial NAME] [--seeds N] [--steps N] [--json] [--out report.html]
  export FILE --loss NAME --to pytorch|latex|tfjs
`;

type Command = (args: string[]) => Promise<number>;

const COMMANDS: Record<string, () => Promise<Command>> = {
  check: async () => runCheck,
  eval: async () => (await import('./eval.js')).runEval,
  export: async () => (await import('./export.js')).runExport,
  trial: async () => (await import('./trial.js')).runTrialCommand,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE);
    return name ? 0 : 2;
  }
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(`losslab: unknown command '${name}'\n\n${USAGE}`);
    return 2;
  }
  return (await load())(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`losslab: internal error: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exitCode = 3;
  },
);
