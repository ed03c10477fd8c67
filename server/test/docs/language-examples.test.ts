import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { analyze } from '../../src/core/analysis/analyze.js';
import { DIAGNOSTIC_CODES, isDiagnosticCode } from '../../src/core/diagnostics/codes.js';
import { parse } from '../../src/core/syntax/parse.js';
import { LineIndex } from '../../src/core/text/line-index.js';
import { lossBlocks, type LossBlock } from './loss-blocks.js';

// Every ```loss block of the language reference (and of the walkthrough and README, which show code too)
// is checked by the real analyser: the documentation cannot show a program that does not check, nor
// claim a diagnostic the checker does not give.

const repo = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Documents whose loss blocks are checked; the reference must exist, the others are checked when present.
 * (README.md joins this list once its blocks follow the conventions of loss-blocks.ts: its opening
 * example shows two warnings and would be fenced `loss expect=pow-nan-gradient,log-of-zero`.)
 */
const DOCUMENTS = ['docs/language.md', 'README.md', 'docs/families.md'];

/** Blocks marked `file=NAME` form a small virtual workspace that the other blocks can import from. */
const WORKSPACE = '/docs-workspace';

function checkDocument(doc: string): void {
  const markdown = readFileSync(path.join(repo, doc), 'utf8');
  const blocks = lossBlocks(markdown);
  const virtualFiles = new Map(blocks.filter((b) => b.file).map((b) => [path.join(WORKSPACE, b.file!), b.text]));
  const host = { readFile: (p: string) => virtualFiles.get(p) };
  const where = (b: LossBlock) => `${doc}:${b.line}`;

  const check = (block: LossBlock) => {
    const file = path.join(WORKSPACE, block.file ?? `block-at-line-${block.line}.loss`);
    const a = analyze(block.text, { path: file, workspaceRoot: WORKSPACE, host });
    const lines = new LineIndex(block.text);
    const shown = (ds: typeof a.diagnostics) =>
      ds.map((d) => {
        const p = lines.positionAt(d.span.start);
        return `${p.line + 1}:${p.character + 1} ${d.severity} ${d.code} ${d.message}`;
      }).join('\n');
    return { a, shown };
  };

  for (const block of blocks) {
    if (block.fragment) {
      it(`${where(block)} (fragment) lexes without errors`, () => {
        const lexical = parse(block.text).diagnostics.filter((d) => d.code === 'unknown-character' || d.code === 'unterminated-string');
        assert.deepEqual(lexical, []);
      });
    } else if (block.expect) {
      it(`${where(block)} gives exactly ${block.expect.join(', ')}`, () => {
        for (const code of block.expect!) assert.ok(isDiagnosticCode(code), `${where(block)} names an unknown diagnostic code '${code}'`);
        const { a, shown } = check(block);
        const expected = new Set(block.expect);
        const got = a.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning' || expected.has(d.code));
        assert.deepEqual([...new Set(got.map((d) => d.code))].sort(), [...expected].sort(), `${where(block)}:\n${shown(got)}`);
      });
    } else {
      it(`${where(block)} checks clean`, () => {
        const { a, shown } = check(block);
        const bad = a.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning');
        assert.equal(bad.length, 0, `${where(block)}${block.file ? ` (${block.file})` : ''}:\n${shown(bad)}`);
      });
    }
  }

  it(`${doc} names only diagnostic codes that exist`, () => {
    // Generated tables restate the code itself; the prose around them is what can go stale.
    const prose = markdown.replace(/<!-- BEGIN GENERATED: ([a-z-]+) -->[\s\S]*?<!-- END GENERATED: \1 -->/g, '');
    for (const m of prose.matchAll(/`([a-z][a-z0-9]*(?:-[a-z0-9]+)+)`/g)) {
      const code = m[1];
      if (code in DIAGNOSTIC_CODES) continue;
      // Hyphenated words in backticks that are not codes: file names.
      assert.ok(/\.(loss|md|json|html|ts)$/.test(code), `${doc} mentions \`${code}\`, which is not a diagnostic code`);
    }
  });
}

describe('loss code in the documentation', () => {
  it('docs/language.md has complete programs and diagnostic demonstrations', () => {
    const blocks = lossBlocks(readFileSync(path.join(repo, 'docs/language.md'), 'utf8'));
    assert.ok(blocks.filter((b) => !b.fragment && !b.expect).length >= 20, `only ${blocks.length} blocks found`);
    assert.ok(blocks.filter((b) => b.expect).length >= 5, 'too few blocks demonstrate a diagnostic');
  });

  for (const doc of DOCUMENTS) {
    if (doc !== 'docs/language.md' && !existsSync(path.join(repo, doc))) continue;
    describe(doc, () => checkDocument(doc));
  }
});
