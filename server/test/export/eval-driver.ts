import { runEval } from '../../src/cli/eval.js';

// Runs `losslab eval` (the command's own entry point, as `npm run -s losslab -- eval` does) for a list
// of argument vectors in one process, so TensorFlow.js starts once. Reads a JSON list of argument
// lists on stdin; prints a JSON list of {status, stdout, stderr}.

async function main(): Promise<void> {
  let input = '';
  for await (const chunk of process.stdin) input += chunk;
  const runs = JSON.parse(input) as string[][];
  const results: { status: number; stdout: string; stderr: string }[] = [];
  const write = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };
  for (const args of runs) {
    let stdout = '';
    let stderr = '';
    process.stdout.write = ((s: string | Uint8Array) => ((stdout += String(s)), true)) as typeof process.stdout.write;
    process.stderr.write = ((s: string | Uint8Array) => ((stderr += String(s)), true)) as typeof process.stderr.write;
    let status: number;
    try {
      status = await runEval(args);
    } catch (e) {
      status = 3;
      stderr += e instanceof Error ? e.stack ?? e.message : String(e);
    } finally {
      process.stdout.write = write.out;
      process.stderr.write = write.err;
    }
    results.push({ status, stdout, stderr });
  }
  process.stdout.write(JSON.stringify(results));
}

void main();
