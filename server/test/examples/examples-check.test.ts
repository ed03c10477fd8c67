import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { analyze } from '../../src/core/analysis/analyze.js';
import { LineIndex } from '../../src/core/text/line-index.js';
import { nodeSourceHost } from '../../src/core/workspace/node-host.js';

// The shipped examples are what a new user opens first: each must check clean (no error, no warning),
// document what it declares, and carry at least one trial that compares against a baseline over ≥ 3 seeds.

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const dir = path.join(repo, 'examples');

/** One file per family of the source article, the base losses, and the flagship `npm start` runs. */
const EXPECTED = [
  'dynamic-weighting.loss', 'multi-task.loss', 'adversarial.loss', 'imbalance.loss', 'regularisation.loss',
  'adaptive-margins.loss', 'distillation.loss', 'quantisation.loss', 'base-losses.loss', 'flagship.loss',
];

const files = readdirSync(dir).filter((f) => f.endsWith('.loss')).sort();

describe('examples/', () => {
  it('has one file per family, the base losses and the flagship', () => {
    for (const f of EXPECTED) assert.ok(files.includes(f), `examples/${f} is missing`);
  });

  for (const f of files) {
    describe(f, () => {
      const abs = path.join(dir, f);
      const text = readFileSync(abs, 'utf8');
      const a = analyze(text, { path: abs, workspaceRoot: repo, host: nodeSourceHost });

      it('checks clean: no errors, no warnings', () => {
        const lines = new LineIndex(text);
        const bad = a.diagnostics
          .filter((d) => d.severity === 'error' || d.severity === 'warning')
          .map((d) => {
            const p = lines.positionAt(d.span.start);
            return `examples/${f}:${p.line + 1}:${p.character + 1} ${d.severity} ${d.code} ${d.message}`;
          });
        assert.deepEqual(bad, []);
      });

      it('gives every loss and trial a ## doc comment (it is what hover shows)', () => {
        const undocumented = a.file.declarations.flatMap((d) => (d.kind !== 'Import' && d.name && !d.doc ? [d.name.name] : []));
        assert.deepEqual(undocumented, []);
      });

      it('has a trial comparing against a baseline over at least 3 seeds', () => {
        const trials = a.file.declarations.filter((d) => d.kind === 'Trial');
        assert.ok(trials.length > 0, 'no trial');
        for (const t of trials) {
          if (t.kind !== 'Trial') continue;
          const field = (n: string) => t.fields.find((x) => x.name.name === n)?.value;
          const compare = field('compare');
          assert.ok(compare && compare.kind === 'Vector' && compare.items.length > 0, `trial ${t.name?.name}: no compare baselines`);
          const seeds = field('seeds');
          assert.ok(seeds && seeds.kind === 'Number' && seeds.value >= 3, `trial ${t.name?.name}: fewer than 3 seeds`);
        }
      });
    });
  }
});
