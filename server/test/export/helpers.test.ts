import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { allFunctions } from '../../src/core/builtins/table.js';
import { pythonName } from '../../src/export/names.js';
import { PY_RULES } from '../../src/export/pytorch/builtins.js';
import { helperClosure, PYTHON_HELPERS } from '../../src/export/pytorch/helpers.js';

// The PyTorch exporter's tables against the builtin table: every builtin has an emission rule, and every
// helper called with the table's keyword arguments declares exactly those parameters, in order.

/** The parameter names of `def NAME(...)` in a helper's source, up to a bare `*`. */
function pythonParams(code: string, name: string): { params: string[]; keywordOnly: string[] } {
  const m = code.match(new RegExp(`def ${name}\\(([^)]*)\\)`));
  assert.ok(m, `no def ${name}(...)`);
  const names = m![1]!.split(',').map((s) => s.trim().split(/[:=]/)[0]!.trim()).filter(Boolean);
  const star = names.indexOf('*');
  return star < 0 ? { params: names, keywordOnly: [] } : { params: names.slice(0, star), keywordOnly: names.slice(star + 1) };
}

describe('PyTorch export tables', () => {
  test('every builtin has an emission rule', () => {
    const missing = allFunctions().map((b) => b.name).filter((n) => !PY_RULES[n]);
    assert.deepEqual(missing, []);
  });

  test('helpers called with the table’s arguments declare the table’s parameters in order', () => {
    let checked = 0;
    for (const b of allFunctions()) {
      const helper = PYTHON_HELPERS[`_${b.name}`];
      if (!helper || !helper.code.startsWith('def ')) continue;
      const { params } = pythonParams(helper.code, `_${b.name}`);
      // Schedules take the context value `progress` first.
      if (b.category === 'schedule') assert.equal(params.shift(), 'progress', `_${b.name}`);
      assert.deepEqual(params, b.params.map((p) => pythonName(p.name)), `_${b.name}`);
      checked++;
    }
    assert.ok(checked >= 40, `only ${checked} helpers checked`);
  });

  test('helper dependencies exist and come first', () => {
    for (const name of Object.keys(PYTHON_HELPERS)) {
      const order = helperClosure([name]);
      assert.equal(order[order.length - 1], name);
      for (const d of PYTHON_HELPERS[name]!.deps) assert.ok(order.indexOf(d) < order.indexOf(name), `${d} before ${name}`);
    }
  });

  test('helpers use no module beyond torch, math and typing', () => {
    for (const [name, h] of Object.entries(PYTHON_HELPERS)) {
      assert.doesNotMatch(h.code, /^\s*(import|from)\s/m, name);
    }
  });
});
