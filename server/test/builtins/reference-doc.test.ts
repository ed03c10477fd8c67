import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { formatPaper, formatRange, renderBuiltinReference } from '../../src/core/builtins/reference-markdown.js';
import { allFunctions, signatureText } from '../../src/core/builtins/table.js';
import { TRIAL_FIELDS } from '../../src/core/builtins/trial-vocabulary.js';

// docs/builtins.md is generated from the table; it must never drift from it.

const PAGE = fileURLToPath(new URL('../../../docs/builtins.md', import.meta.url));

describe('docs/builtins.md', () => {
  it('is exactly the generated reference (regenerate with `node scripts/gen-builtins-doc.mjs`)', () => {
    const committed = readFileSync(PAGE, 'utf8');
    const generated = renderBuiltinReference();
    if (committed !== generated) {
      const a = committed.split('\n');
      const b = generated.split('\n');
      const i = a.findIndex((line, k) => line !== b[k]);
      assert.fail(`docs/builtins.md is stale from line ${i + 1}:\n  committed: ${a[i]}\n  generated: ${b[i]}\nRun: node scripts/gen-builtins-doc.mjs`);
    }
  });

  it('documents every builtin with its signature, and every trial field', () => {
    const page = renderBuiltinReference();
    for (const b of allFunctions()) assert.ok(page.includes(`### \`${signatureText(b)}\``), b.name);
    for (const f of TRIAL_FIELDS) assert.ok(page.includes(`| \`${f.name}\` |`), f.name);
  });

  it('formats ranges with open infinite ends and papers with their links', () => {
    assert.equal(formatRange([0, Infinity]), '[0, ∞)');
    assert.equal(formatRange([0, 1], [true, false]), '(0, 1]');
    assert.equal(formatRange([-Infinity, -1]), '(−∞, −1]');
    assert.equal(formatPaper({ authors: 'A. B.', title: 'T', year: 2020, venue: 'V', url: 'https://x.y' }), 'A. B. (2020). *[T](https://x.y)*. V.');
  });
});
