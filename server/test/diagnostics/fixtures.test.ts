import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { DIAGNOSTIC_CODES, isDiagnosticCode, type DiagnosticCode } from '../../src/core/diagnostics/codes.js';
import { checkLines, FIXTURES, lossFiles, NOT_YET_EMITTED } from './fixture-files.js';

// Fixtures per diagnostic code (Prisma style): server/test/fixtures/<code>/<case>.loss, with the
// diagnostics `losslab check` prints for it in <case>.expected beside it. server/test/fixtures/clean/
// holds programs that must check without a single diagnostic (one per method of the eight families).
//
// UPDATE_FIXTURES=1 rewrites the .expected files from the current output: review the diff before
// committing, it is the specification.

const UPDATE = process.env.UPDATE_FIXTURES === '1';
const CLEAN = 'clean';

const folders = readdirSync(FIXTURES).filter((f) => statSync(path.join(FIXTURES, f)).isDirectory()).sort();
const produced = new Set<DiagnosticCode>();

describe('fixture folders', () => {
  it('are named after diagnostic codes (or clean)', () => {
    assert.deepEqual(folders.filter((f) => f !== CLEAN && !isDiagnosticCode(f)), []);
  });
});

for (const folder of folders) {
  describe(`fixtures/${folder}`, () => {
    for (const file of lossFiles(path.join(FIXTURES, folder))) {
      const rel = path.relative(FIXTURES, file);
      it(rel, () => {
        const text = readFileSync(file, 'utf8');
        const { codes, lines } = checkLines(file, text);
        for (const c of codes) produced.add(c);
        if (folder === CLEAN) {
          assert.deepEqual(lines, [], `${rel} must check clean`);
          return;
        }
        const expectedFile = file.replace(/\.loss$/, '.expected');
        const actual = lines.length ? `${lines.join('\n')}\n` : '';
        if (UPDATE) writeFileSync(expectedFile, actual);
        assert.ok(existsSync(expectedFile), `${rel}: no .expected file (run with UPDATE_FIXTURES=1, then review it)`);
        assert.equal(actual, readFileSync(expectedFile, 'utf8'), `${rel}: diagnostics differ from ${path.basename(expectedFile)}`);
        // A fixture in a code's folder demonstrates that code (files it imports may live beside it).
        if (!path.basename(file).startsWith('_')) assert.ok(codes.includes(folder as DiagnosticCode), `${rel} does not produce ${folder}`);
      });
    }
  });
}

describe('fixture coverage', () => {
  it('every code that the checker emits has a fixture folder showing it', () => {
    const missing = (Object.keys(DIAGNOSTIC_CODES) as DiagnosticCode[]).filter((c) => !NOT_YET_EMITTED.has(c) && !folders.includes(c));
    assert.deepEqual(missing, []);
  });
  it('codes listed as not yet emitted are really not produced by any fixture', () => {
    assert.deepEqual([...NOT_YET_EMITTED].filter((c) => produced.has(c)), []);
  });
  it('three independent syntax errors give exactly three diagnostics', () => {
    const file = path.join(FIXTURES, 'syntax-error/three-independent.loss');
    const { codes } = checkLines(file, readFileSync(file, 'utf8'));
    assert.deepEqual(codes, ['syntax-error', 'syntax-error', 'syntax-error']);
  });
});
