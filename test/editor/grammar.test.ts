import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { before, describe, it } from 'node:test';
import type * as Onig from 'vscode-oniguruma';
import type * as TextMate from 'vscode-textmate';
import { GRAMMAR_PATH, grammarText } from '../../scripts/grammar.js';

// The TextMate grammar: in sync with the language core, and tokenising `.loss` the way VS Code will (the
// same vscode-textmate + Oniguruma engine VS Code uses).

// Both packages are UMD bundles: load them as CommonJS.
const require = createRequire(import.meta.url);
const oniguruma = require('vscode-oniguruma') as typeof Onig;
const textmate = require('vscode-textmate') as typeof TextMate;
let grammar: TextMate.IGrammar;

before(async () => {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer;
  await oniguruma.loadWASM(wasm);
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p) => new oniguruma.OnigScanner(p), createOnigString: (s) => new oniguruma.OnigString(s) }),
    loadGrammar: async () => textmate.parseRawGrammar(readFileSync(GRAMMAR_PATH, 'utf8'), GRAMMAR_PATH),
  });
  grammar = (await registry.loadGrammar('source.loss'))!;
});

/** `text:innermost-scope` for every token of the lines (whitespace-only tokens dropped). */
function scopes(src: string): string[] {
  let state = textmate.INITIAL;
  const out: string[] = [];
  for (const line of src.split('\n')) {
    const r = grammar.tokenizeLine(line, state);
    for (const t of r.tokens) {
      const text = line.slice(t.startIndex, t.endIndex);
      if (text.trim()) out.push(`${text.trim()}:${t.scopes[t.scopes.length - 1]}`);
    }
    state = r.ruleStack;
  }
  return out;
}

describe('TextMate grammar', () => {
  it('is in sync with the builtin table, roles and keywords (regenerate with `npx tsx scripts/grammar.ts`)', () => {
    assert.equal(readFileSync(GRAMMAR_PATH, 'utf8'), grammarText());
  });

  it('colours a declaration: doc comment, keyword, name, roles, hyperparameter range', () => {
    const s = scopes('## Doc.\nloss focal_bin(z: logits, y: nope, gamma = 2.0 in [0, 5]) {');
    for (const x of [
      '## Doc.:comment.line.documentation.loss',
      'loss:storage.type.loss.loss',
      'focal_bin:entity.name.function.loss',
      'z:variable.parameter.loss',
      'logits:support.type.role.loss',
      'nope:invalid.illegal.role.loss',
      'gamma:variable.parameter.loss',
      '2.0:constant.numeric.loss',
      'in:keyword.operator.word.in.loss',
    ]) assert.ok(s.includes(x), `${x} not in ${s.join(' ')}`);
  });

  it('colours a body: let/learn/return, builtins vs user calls, context values, operators, strings', () => {
    const s = scopes('  let p = sigmoid(z) * progress\n  learn s = 0\n  return mean(helper(p)) ** 2 + gan_g(p, kind="ns") # note');
    for (const x of [
      'let:storage.type.let.loss',
      'p:variable.other.definition.loss',
      'sigmoid:support.function.builtin.loss',
      'progress:variable.language.context.loss',
      'learn:storage.type.learn.loss',
      'return:keyword.control.return.loss',
      'mean:support.function.builtin.loss',
      'helper:entity.name.function.call.loss',
      '**:invalid.illegal.operator.power.loss',
      '"ns":string.quoted.double.loss',
      '# note:comment.line.number-sign.loss',
    ]) assert.ok(s.includes(x), `${x} not in ${s.join(' ')}`);
  });

  it('colours trials and imports', () => {
    const s = scopes('import "common.loss"\ntrial t {\n  loss = focal(gamma=2)\n}');
    for (const x of ['import:keyword.control.import.loss', '"common.loss":string.quoted.double.loss', 'trial:storage.type.trial.loss', 't:entity.name.type.trial.loss', 'focal:support.function.builtin.loss']) {
      assert.ok(s.includes(x), `${x} not in ${s.join(' ')}`);
    }
  });
});
