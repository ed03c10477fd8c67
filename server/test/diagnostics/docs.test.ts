import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyze } from '../../src/core/analysis/analyze.js';
import { DIAGNOSTIC_CODES, type DiagnosticCode } from '../../src/core/diagnostics/codes.js';
import { NOT_YET_EMITTED, REPO_ROOT } from './fixture-files.js';

// docs/diagnostics.md has one `## <code>` section per code of the table (the language server links
// to docs/diagnostics.md#<code>), states the code's severity, and its example really produces the code.

const DOC = path.join(REPO_ROOT, 'docs/diagnostics.md');
const text = readFileSync(DOC, 'utf8');

interface Section {
  readonly code: string;
  readonly body: string;
}

function sections(): Section[] {
  const parts = text.split(/^## /m).slice(1);
  return parts.map((p) => {
    const nl = p.indexOf('\n');
    return { code: p.slice(0, nl).trim(), body: p.slice(nl + 1).split(/^# /m)[0] };
  });
}

/** Examples that need other files (imports) are shown with fixtures instead. */
const NEEDS_FILES = new Set<DiagnosticCode>(['import-not-found', 'import-outside-workspace', 'import-has-errors', 'import-cycle']);

describe('docs/diagnostics.md', () => {
  const all = sections();
  const codes = Object.keys(DIAGNOSTIC_CODES) as DiagnosticCode[];

  it('has a section for every code, and every section is a code', () => {
    const headings = all.map((s) => s.code);
    assert.deepEqual(codes.filter((c) => !headings.includes(c)), [], 'codes without a section');
    assert.deepEqual(headings.filter((h) => !(h in DIAGNOSTIC_CODES)), [], 'sections that are not codes');
    assert.equal(new Set(headings).size, headings.length, 'a code has two sections');
  });

  for (const s of all) {
    if (!(s.code in DIAGNOSTIC_CODES)) continue;
    const code = s.code as DiagnosticCode;
    it(`${code}: states its severity, has an example and a fix`, () => {
      const severity = DIAGNOSTIC_CODES[code].severity;
      assert.match(s.body, new RegExp(`^\\*\\*${severity}\\*\\*`, 'm'), `the section should start with **${severity}**`);
      assert.match(s.body, /```loss\n[\s\S]*?```/, 'an example in a ```loss block');
      assert.match(s.body, /\*\*Fix:\*\*/, 'a **Fix:** paragraph');
    });
    if (NEEDS_FILES.has(code) || NOT_YET_EMITTED.has(code)) continue;
    it(`${code}: the example produces it`, () => {
      const example = /```loss\n([\s\S]*?)```/.exec(s.body)![1];
      const got = analyze(example).diagnostics.map((d) => d.code);
      assert.ok(got.includes(code), `the example gives ${JSON.stringify(got)}`);
    });
  }
});
