import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from '../../src/core/syntax/parse.js';
import type { Expr, LossDecl } from '../../src/core/syntax/ast.js';

/** Renders an expression fully parenthesised, to pin down precedence and associativity. */
function show(e: Expr): string {
  switch (e.kind) {
    case 'Number': return e.text;
    case 'String': return JSON.stringify(e.value);
    case 'Name': return e.name;
    case 'Vector': return `[${e.items.map(show).join(', ')}]`;
    case 'Call': return `${e.callee.name}(${e.args.map((a) => (a.name ? `${a.name.name}=` : '') + show(a.value)).join(', ')})`;
    case 'Binary': return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case 'Unary': return `(${e.op}${show(e.operand)})`;
    case 'Paren': return show(e.expr);
    case 'ErrorExpr': return '<error>';
  }
}

function exprOf(src: string): string {
  const r = parse(`loss f(x: real) = ${src}`);
  assert.deepEqual(r.diagnostics.map((d) => d.message), []);
  const loss = r.file.declarations[0] as LossDecl;
  const ret = loss.body[0];
  assert.ok(ret.kind === 'Return');
  return show(ret.value);
}

describe('expressions', () => {
  it('power is right-associative and binds tighter than unary minus', () => {
    assert.equal(exprOf('-x^2'), '(-(x ^ 2))');
    assert.equal(exprOf('x^2^3'), '(x ^ (2 ^ 3))');
    assert.equal(exprOf('x^-2'), '(x ^ (-2))');
  });
  it('usual precedence for + - * / and comparisons', () => {
    assert.equal(exprOf('1 - x * 2 / 3 + 4'), '((1 - ((x * 2) / 3)) + 4)');
    assert.equal(exprOf('x + 1 > 2 * x'), '((x + 1) > (2 * x))');
  });
  it('numbers in every normative form', () => {
    assert.equal(exprOf('2 + 0.25 + 1e-4 + .5'), '(((2 + 0.25) + 1e-4) + .5)');
  });
  it('calls with positional and named arguments, vectors and strings', () => {
    assert.equal(exprOf('gan_g(x, kind="hinge") + clamp(x, lo=0) + sum([1, 2.5, 3])'), '((gan_g(x, kind="hinge") + clamp(x, lo=0)) + sum([1, 2.5, 3]))');
  });
});

describe('declarations', () => {
  it('reads the normative example with doc comments, ranges, let and return', () => {
    const src = [
      'import "common.loss"',
      '',
      '## Sigmoid focal loss (Lin et al., 2017).',
      'loss focal_bin(z: logits, y: binary, gamma = 2.0 in [0, 5], alpha = 0.25 in [0, 1]) {',
      '  let p  = sigmoid(z)',
      '  learn s = 0',
      '  return mean(-(1 - p)^gamma * log(p))',
      '}',
      'trial t {',
      '  loss = focal_bin(gamma=2)',
      '  compare = [bce]',
      '}',
    ].join('\n');
    const r = parse(src);
    assert.deepEqual(r.diagnostics, []);
    const [imp, loss, trial] = r.file.declarations;
    assert.equal(imp.kind, 'Import');
    assert.equal(imp.kind === 'Import' && imp.path?.value, 'common.loss');
    assert.equal(loss.kind, 'Loss');
    if (loss.kind !== 'Loss') return;
    assert.equal(loss.doc?.text, 'Sigmoid focal loss (Lin et al., 2017).');
    assert.deepEqual(loss.params.map((p) => [p.name.name, p.role?.name, p.range ? 'range' : '']), [
      ['z', 'logits', ''], ['y', 'binary', ''], ['gamma', undefined, 'range'], ['alpha', undefined, 'range'],
    ]);
    assert.deepEqual(loss.body.map((s) => s.kind), ['Let', 'Learn', 'Return']);
    assert.equal(src.slice(loss.span.start, loss.span.end).split('\n').length, 5);
    assert.equal(trial.kind === 'Trial' && trial.fields.map((f) => f.name.name).join(), 'loss,compare');
  });
});

describe('error recovery', () => {
  it('reports three independent syntax errors exactly once each and keeps every declaration', () => {
    const src = [
      'loss a(z: logits) = mean(z +)',
      'loss b(z: logits) {',
      '  let q = (z',
      '  return mean(q)',
      '}',
      'trial t { data = blobs( }',
      'loss d(z: logits) = mean(z)',
    ].join('\n');
    const r = parse(src);
    assert.deepEqual(
      r.diagnostics.map((d) => `${d.code} ${src.slice(d.span.start, d.span.end)}`),
      ['syntax-error )', 'syntax-error ', 'syntax-error }'],
    );
    // The missing ')' is reported where it is missing (after `(z`), not at the next line's `return`.
    assert.equal(r.diagnostics[1].span.start, src.indexOf('(z\n') + 2);
    assert.match(r.diagnostics[1].message, /expected '\)', found 'return'/);
    assert.deepEqual(r.file.declarations.map((d) => (d.kind === 'Import' ? 'import' : d.name?.name)), ['a', 'b', 't', 'd']);
  });
  it('reports ** with a fix to ^ and an unterminated string with a fix', () => {
    const src = 'loss c(z: logits) = mean(z ** 2)\nimport "x.loss\n';
    const r = parse(src);
    assert.deepEqual(r.diagnostics.map((d) => d.code).sort(), ['power-operator', 'unterminated-string']);
    const pow = r.diagnostics.find((d) => d.code === 'power-operator')!;
    assert.equal(pow.fixes?.[0].edits[0].newText, '^');
  });
  it('never throws on arbitrary input', () => {
    for (const s of ['', '(', ')))', 'loss', 'loss (', 'trial {', '"', '## only a doc', 'loss f(x: logits) = ', '\u0000\uFFFF', 'loss f(,,,) {{{ }']) {
      const r = parse(s);
      assert.ok(Array.isArray(r.diagnostics));
    }
  });
});

describe('nesting limits', () => {
  const cases: Record<string, string> = {
    brackets: `loss f(z: logits) = mean(${'('.repeat(2000)}z${')'.repeat(2000)})`,
    calls: `loss f(z: logits) = ${'mean('.repeat(2000)}z${')'.repeat(2000)}`,
    'unclosed calls': `loss f(z: logits) = ${'mean('.repeat(2000)}z`,
    signs: `loss f(z: logits) = mean(${'-'.repeat(5000)}z)`,
    'power tower': `loss f(z: logits) = mean(${'z^'.repeat(5000)}z)`,
    'long sum': `loss f(z: logits) = ${Array(20000).fill('mean(z)').join(' + ')}`,
    vectors: `loss f(z: logits) = mean(z) + sum(${'['.repeat(3000)}1${']'.repeat(3000)})`,
  };
  for (const [name, src] of Object.entries(cases)) {
    it(`${name}: one located error, no exception, and the rest of the file still parses`, () => {
      const r = parse(`${src}\nloss after(z: logits) = mean(z)\n`);
      const deep = r.diagnostics.filter((d) => d.code === 'too-deeply-nested');
      assert.ok(deep.length >= 1, `expected too-deeply-nested, got ${r.diagnostics.map((d) => d.code).join(', ')}`);
      assert.ok(deep[0].span.start > 0 && deep[0].span.end <= src.length);
      assert.ok(r.file.declarations.some((d) => d.kind === 'Loss' && d.name?.name === 'after'));
    });
  }
});
