import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { firstSentence, generatedSectionNames, GENERATED_SECTIONS, regenerate } from './reference-tables.js';

// The tables of docs/language.md that restate code (roles, context values, builtins, trial vocabulary,
// diagnostic codes) must equal what the code says today. LOSSLAB_UPDATE_DOCS=1 rewrites them.

const docPath = fileURLToPath(new URL('../../../docs/language.md', import.meta.url));

describe('docs/language.md generated tables', () => {
  it('has every generated section, once', () => {
    const names = generatedSectionNames(readFileSync(docPath, 'utf8'));
    assert.deepEqual([...names].sort(), Object.keys(GENERATED_SECTIONS).sort());
  });

  it('matches the tables of the code', () => {
    const text = readFileSync(docPath, 'utf8');
    const fresh = regenerate(text);
    if (process.env.LOSSLAB_UPDATE_DOCS === '1' && fresh !== text) writeFileSync(docPath, fresh);
    else assert.equal(text, fresh, 'docs/language.md is out of date: run LOSSLAB_UPDATE_DOCS=1 node --import tsx --test server/test/docs/reference-tables.test.ts');
  });

  it('cuts a doc paragraph at its first sentence, not inside code or an abbreviation', () => {
    assert.equal(firstSentence('Focal loss. With binary y it is …'), 'Focal loss.');
    assert.equal(firstSentence('Weights (e.g. `cb_weights(c)`. here) per class. More.'), 'Weights (e.g. `cb_weights(c)`. here) per class.');
    assert.equal(firstSentence('As in Lin et al. 2017, the focal factor. Then.'), 'As in Lin et al. 2017, the focal factor.');
  });
});
