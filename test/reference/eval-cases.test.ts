import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { flat, loadFamilyCases, mismatches, type FamilyCase } from '../../server/test/numerics/reference-cases.js';

// The independent cases of the eight families (cases/*.json, from hand-written float64 PyTorch in
// gen_reference.py), each run as `npm run -s losslab -- eval FILE --loss NAME --inputs … --grad …` in a
// subprocess: every value and gradient within rtol 1e-4 / atol 1e-5 (rtol 1e-3 at logits of ±30).

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const casesDir = path.join(root, 'test/reference/cases');
const tmp = mkdtempSync(path.join(tmpdir(), 'losslab-eval-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs at most `limit` subprocesses at a time (the machine has two cores). */
function pool(limit: number) {
  let active = 0;
  const queue: (() => void)[] = [];
  return async <R>(job: () => Promise<R>): Promise<R> => {
    if (active >= limit) await new Promise<void>((resolve) => queue.push(resolve));
    active++;
    try {
      return await job();
    } finally {
      active--;
      queue.shift()?.();
    }
  };
}
const limited = pool(3);

async function evalCase(c: FamilyCase): Promise<{ value: number | null; grad: Record<string, unknown> }> {
  const inputs = path.join(tmp, `${c.name}.json`);
  writeFileSync(inputs, JSON.stringify(c.inputs));
  const args = ['run', '-s', 'losslab', '--', 'eval', path.join(casesDir, c.file), '--loss', c.loss, '--inputs', inputs];
  if (c.params) args.push('--params', JSON.stringify(c.params));
  if (c.context) args.push('--context', JSON.stringify(c.context));
  if (c.learn) args.push('--learn', JSON.stringify(c.learn));
  for (const g of c.grad) args.push('--grad', g);
  const { stdout } = await limited(() => run('npm', args, { cwd: root, maxBuffer: 1 << 24 }).catch((e: { stderr?: string; message: string }) => {
    throw new Error(`losslab eval failed for ${c.name}: ${e.stderr || e.message}`);
  }));
  return JSON.parse(stdout) as { value: number | null; grad: Record<string, unknown> };
}

const families = loadFamilyCases();

test('the cases cover the eight families and the base losses', () => {
  assert.deepEqual(
    families.map((f) => f.family),
    ['adaptive-margin', 'adversarial', 'base', 'distillation', 'dynamic-weighting', 'imbalance', 'multi-task', 'quantisation', 'regularisation'],
  );
});

for (const { family, cases } of families) {
  describe(`losslab eval: ${family}`, { concurrency: true }, () => {
    for (const c of cases) {
      test(c.name, async () => {
        const out = await evalCase(c);
        assert.deepEqual(Object.keys(out).sort(), ['grad', 'value']);
        const problems = mismatches('value', [out.value], [c.expected.value], c.rtol, c.atol);
        assert.deepEqual(Object.keys(out.grad).sort(), [...c.grad].sort());
        for (const g of c.grad) problems.push(...mismatches(`∂/∂${g}`, flat(out.grad[g] as never), flat(c.expected.grad[g]!), c.rtol, c.atol));
        assert.deepEqual(problems, [], problems.join('\n'));
      });
    }
  });
}
