import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../src/core/analysis/analyze.js';
import { FAMILY_TITLES } from '../../src/core/builtins/types.js';
import { expandTemplate, TEMPLATES } from '../../src/lsp/templates.js';

describe('completion templates', () => {
  it('one per family of the source article', () => {
    const families = new Set(TEMPLATES.map((t) => t.family).filter(Boolean));
    for (const f of ['dynamic-weighting', 'multi-task', 'adversarial', 'imbalance', 'regularisation', 'adaptive-margin', 'distillation', 'quantisation'] as const) {
      assert.ok(families.has(f), `no template for ${FAMILY_TITLES[f]}`);
    }
  });

  for (const t of TEMPLATES) {
    it(`"${t.label}" expands to a file with no errors or warnings`, () => {
      const text = expandTemplate(t.body);
      const problems = analyze(text).diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning');
      assert.deepEqual(problems.map((d) => `${d.code}: ${d.message} @ ${JSON.stringify(text.slice(d.span.start, d.span.end))}`), [], text);
    });
  }
});
