import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_EXPRESSION_DEPTH } from '../../src/core/syntax/nesting.js';
import * as I from '../../src/core/analysis/interval.js';
import type { Analysis } from '../../src/core/analysis/model.js';
import type { BuiltinFunction, BuiltinParam } from '../../src/core/builtins/types.js';
import { exprToLatex } from '../../src/core/latex/index.js';
import type { Expr, LossDecl, ReturnStatement } from '../../src/core/syntax/ast.js';
import { parse } from '../../src/core/syntax/parse.js';
import { checkExpr, texOf } from './helpers.js';

// One expectation per construct: the .loss input and the LaTeX it must produce, side by side.
// UPDATE_EXPECT=1 rewrites failing String.raw literals with the actual output (review before committing).

function fixture(name: string, params: readonly BuiltinParam[], tex?: string): BuiltinFunction {
  return {
    name, category: 'loss', family: 'base', params, result: 'scalar', doc: 'test fixture', formula: name,
    ...(tex ? { tex } : {}), range: () => I.ALL,
  };
}
const tensor = (name: string): BuiltinParam => ({ name, kind: 'tensor', doc: '' });
const hyper = (name: string, def: number | null | undefined, tex?: string): BuiltinParam =>
  ({ name, kind: 'hyper', doc: '', ...(def !== undefined ? { default: def } : {}), ...(tex ? { tex } : {}) });

describe('numbers', () => {
  it('drops trailing noise and writes scientific literals as powers of ten', () => {
    checkExpr('2.0', String.raw`2`);
    checkExpr('.5', String.raw`0.5`);
    checkExpr('0.25', String.raw`0.25`);
    checkExpr('1e-4', String.raw`10^{-4}`);
    checkExpr('2.5e-3', String.raw`2.5 \times 10^{-3}`);
    checkExpr('1000000', String.raw`10^{6}`);
    checkExpr('0.999', String.raw`0.999`);
  });
});

describe('names', () => {
  it('Greek names become letters, subscripts become subscripts, words stay upright', () => {
    checkExpr('gamma + alpha + beta + tau + sigma + delta + lambda + Sigma + eps', String.raw`\gamma + \alpha + \beta + \tau + \sigma + \delta + \lambda + \Sigma + \epsilon`, { params: 'gamma = 1, alpha = 1, beta = 1, tau = 1, sigma = 1, delta = 1, lambda = 1, Sigma = 1, eps = 1' });
    checkExpr('p_t + gamma_neg + l1 + w_pos_1', String.raw`p_{t} + \gamma_{\text{neg}} + l_{1} + w_{\text{pos},1}`, { params: 'p_t: real, gamma_neg = 1, l1: real, w_pos_1: real' });
    checkExpr('pt + logits', String.raw`\mathrm{pt} + \mathrm{logits}`, { params: 'pt: probs, logits: logits' });
    checkExpr('per_sample + max_margin + layer1 + _x', String.raw`\mathrm{per\_sample} + \mathrm{max\_margin} + \mathrm{layer}_{1} + \mathrm{\_x}`, { params: 'per_sample: real, max_margin = 1, layer1: real, _x: real' });
  });
  it('context values and constants use the table symbols; a parameter shadows a context value', () => {
    checkExpr('progress + step + num_classes + pi', String.raw`\tau + t + C + \pi`);
    checkExpr('weights + progress', String.raw`\mathrm{weights} + \tau`, { params: 'weights: real' });
  });
});

describe('operators and parentheses', () => {
  it('sums keep only the parentheses that change the meaning', () => {
    checkExpr('x - (x + 1)', String.raw`x - (x + 1)`);
    checkExpr('x + (x - 1)', String.raw`x + x - 1`);
    checkExpr('(x - 1) + x', String.raw`x - 1 + x`);
    checkExpr('x - (-x)', String.raw`x - (-x)`);
    checkExpr('x + -1', String.raw`x + (-1)`);
  });
  it('products juxtapose symbols and use \\cdot where juxtaposition would misread', () => {
    checkExpr('2 * x', String.raw`2 x`);
    checkExpr('x * 2', String.raw`x \cdot 2`);
    checkExpr('2 * 3', String.raw`2 \cdot 3`);
    checkExpr('(x + 1) * (x - 1)', String.raw`(x + 1) (x - 1)`);
    checkExpr('x * -x', String.raw`x (-x)`);
    checkExpr('at * pt', String.raw`\mathrm{at} \cdot \mathrm{pt}`, { params: 'at: real, pt: real' });
    checkExpr('-at * (1 - x)', String.raw`-\mathrm{at} \cdot (1 - x)`, { params: 'x: real, at: real' });
    checkExpr('2 * (1 / x)', String.raw`2 \cdot \frac{1}{x}`);
  });
  it('division is a fraction, inline inside exponents', () => {
    checkExpr('x / (x + 1)', String.raw`\frac{x}{x + 1}`);
    checkExpr('x * 2 / 3', String.raw`\frac{x \cdot 2}{3}`);
    checkExpr('x / 2 * x', String.raw`\frac{x}{2} x`);
    checkExpr('exp(-x / 2)', String.raw`e^{-x/2}`);
    checkExpr('2^((x + 1) / (x * 2))', String.raw`2^{(x + 1)/(x \cdot 2)}`);
  });
  it('powers group their base and exponent correctly', () => {
    checkExpr('-x^2', String.raw`-x^{2}`);
    checkExpr('(-x)^2', String.raw`(-x)^{2}`);
    checkExpr('x^2^3', String.raw`x^{2^{3}}`);
    checkExpr('(x^2)^3', String.raw`(x^{2})^{3}`);
    checkExpr('(x + 1)^2', String.raw`(x + 1)^{2}`);
    checkExpr('x^-1', String.raw`x^{-1}`);
    checkExpr('p_t^gamma', String.raw`p_{t}^{\gamma}`, { params: 'p_t: probs, gamma = 2' });
    checkExpr('1e-4^2', String.raw`(10^{-4})^{2}`);
    checkExpr('(x / 2)^2', String.raw`\left(\frac{x}{2}\right)^{2}`);
    checkExpr('exp(x)^2', String.raw`(e^{x})^{2}`);
    checkExpr('sigmoid(x)^2', String.raw`\sigma(x)^{2}`);
    checkExpr('x ** 2', String.raw`x^{2}`);
  });
  it('signs parenthesise sums but not products', () => {
    checkExpr('-(x + 1)', String.raw`-(x + 1)`);
    checkExpr('-(x * 2)', String.raw`-x \cdot 2`);
    checkExpr('-(-x)', String.raw`-(-x)`);
    checkExpr('+x', String.raw`+x`);
  });
  it('comparisons are indicator functions', () => {
    checkExpr('x > 0', String.raw`\mathbb{1}\left[x > 0\right]`);
    checkExpr('(x >= 1) * x', String.raw`\mathbb{1}\left[x \geq 1\right] x`);
    checkExpr('x == 1', String.raw`\mathbb{1}\left[x = 1\right]`);
    checkExpr('x != 1', String.raw`\mathbb{1}\left[x \neq 1\right]`);
    checkExpr('x <= 1', String.raw`\mathbb{1}\left[x \leq 1\right]`);
    checkExpr('x + 1 < x * 2', String.raw`\mathbb{1}\left[x + 1 < x \cdot 2\right]`);
  });
  it('vectors and strings', () => {
    checkExpr('[1, 2.5, 3]', String.raw`[1, 2.5, 3]`);
    checkExpr('[1 / 2, 3]', String.raw`\left[\frac{1}{2}, 3\right]`);
    checkExpr('opt_fn(x, kind="hinge")', String.raw`\operatorname{opt\_fn}(x;\, \mathrm{kind}=\text{hinge})`);
  });
  it('an unreadable expression is a visible box, not a crash', () => {
    assert.equal(texOf('x + * 2').includes('\\square'), true);
  });
});

describe('calls', () => {
  it('builtins use their call template', () => {
    checkExpr('sigmoid(x)', String.raw`\sigma(x)`);
    checkExpr('log(sigmoid(x))', String.raw`\log(\sigma(x))`);
    checkExpr('sqrt(x + 1)', String.raw`\sqrt{x + 1}`);
  });
  it('template placeholders outside delimiters get parentheses', () => {
    const sq = fixture('sq', [tensor('x')], '{x}^{2}');
    checkExpr('sq(x + 1)', String.raw`(x + 1)^{2}`, { builtins: [sq] });
    checkExpr('sq(x)', String.raw`x^{2}`, { builtins: [sq] });
  });
  it('templates take defaults for omitted arguments, and show arguments they have no place for', () => {
    const fl = fixture('fl', [tensor('z'), tensor('y'), hyper('gamma', 2, '\\gamma'), hyper('alpha', 0.25, '\\alpha')], '\\mathrm{FL}_{{gamma}}\\left({z}, {y}\\right)');
    checkExpr('fl(x, x)', String.raw`\mathrm{FL}_{2}(x, x)`, { builtins: [fl] });
    checkExpr('fl(x, x, gamma=1)', String.raw`\mathrm{FL}_{1}(x, x)`, { builtins: [fl] });
    checkExpr('fl(x, x, alpha=0.25)', String.raw`\mathrm{FL}_{2}(x, x)`, { builtins: [fl] });
    checkExpr('fl(x, x, alpha=0.5)', String.raw`\mathrm{FL}_{2}(x, x;\, \alpha=0.5)`, { builtins: [fl] });
    // No closing parenthesis to put it in: the generic form keeps the argument visible.
    const sqk = fixture('sqk', [tensor('x'), hyper('k', 1)], '{x}^{2}');
    checkExpr('sqk(x, k=3)', String.raw`\operatorname{sqk}(x;\, k=3)`, { builtins: [sqk] });
  });
  it('variadic parameters list every argument', () => {
    const uw = fixture('uw', [{ name: 'l', kind: 'loss', doc: '', variadic: true }], '\\operatorname{UW}\\left({l}\\right)');
    checkExpr('uw(x, x^2, 3)', String.raw`\operatorname{UW}(x, x^{2}, 3)`, { builtins: [uw] });
  });
  it('without a template: \\operatorname with named arguments after a semicolon', () => {
    const plain = fixture('plain_fn', [tensor('z'), hyper('gamma', 2)]);
    checkExpr('plain_fn(x, gamma=2)', String.raw`\operatorname{plain\_fn}(x;\, \gamma=2)`, { builtins: [plain] });
    checkExpr('unknown_fn(x, 1 / x)', String.raw`\operatorname{unknown\_fn}\left(x, \frac{1}{x}\right)`);
  });
  it('user losses are script-L with the loss name', () => {
    checkExpr('0.7 * helper(x, gamma=1) + 0.3 * helper(x)', String.raw`0.7 \mathcal{L}_{\text{helper}}(x;\, \gamma=1) + 0.3 \mathcal{L}_{\text{helper}}(x)`, { extra: 'loss helper(z: real, gamma = 2) = mean(z) * gamma' });
  });
});

describe('reductions', () => {
  it('mean and sum are sums over elements; the axis is a subscript', () => {
    checkExpr('mean(x)', String.raw`\frac{1}{N}\sum_{i} x`);
    checkExpr('mean(x, axis=1)', String.raw`\operatorname{mean}_{\text{axis}=1}(x)`);
    checkExpr('sum(x + 1)', String.raw`\sum_{i} (x + 1)`);
    checkExpr('sum(x, axis=-1)', String.raw`\sum_{\text{axis}=-1} x`);
    checkExpr('sum(x) * 2', String.raw`\left(\sum_{i} x\right) \cdot 2`);
    checkExpr('2 * sum(x)', String.raw`2 \sum_{i} x`);
    checkExpr('-mean(x * log(x))', String.raw`-\frac{1}{N}\sum_{i} x \log(x)`);
    checkExpr('sum(x)^2', String.raw`\left(\sum_{i} x\right)^{2}`);
    checkExpr('mean(-x * x)', String.raw`-\frac{1}{N}\sum_{i} x x`);
    checkExpr('sum(-(x + 1))', String.raw`\sum_{i} (-(x + 1))`);
    checkExpr('2 * mean(-x)', String.raw`2 \left(-\frac{1}{N}\sum_{i} x\right)`);
  });
  it('max and min: one tensor reduces, two are elementwise', () => {
    checkExpr('max(x)', String.raw`\max_{i} x`);
    checkExpr('min(x, axis=0)', String.raw`\min_{\text{axis}=0} x`);
    checkExpr('max(x, 0)', String.raw`\max(x, 0)`);
  });
  it('norm is ‖x‖ with its order', () => {
    checkExpr('norm(x)', String.raw`\left\lVert x \right\rVert_{2}`);
    checkExpr('norm(x, p=1, axis=-1)', String.raw`\left\lVert x \right\rVert_{1,\,\text{axis}=-1}`);
    checkExpr('norm(x)^2', String.raw`\left\lVert x \right\rVert_{2}^{2}`);
  });
});

describe('name resolution through the analysis', () => {
  it('gives the same symbols as the AST fallback for parameters, let, learn and context values', () => {
    const expr = 'mean(x) * progress + helper(x)';
    const options = { extra: 'loss helper(z: real) = mean(z)' };
    assert.equal(texOf(expr, { ...options, analyzed: true }), texOf(expr, options));
    checkExpr(expr, String.raw`\left(\frac{1}{N}\sum_{i} x\right) \tau + \mathcal{L}_{\text{helper}}(x)`, { ...options, analyzed: true });
  });
});

describe('the analysis decides what a name means', () => {
  it('follows references, and ignores an analysis of another document', () => {
    const src = 'loss f(x: real) = x + foo(x)';
    const file = parse(src).file;
    const loss = file.declarations[0] as LossDecl;
    const ret = loss.body[0]!;
    assert.equal(ret.kind, 'Return');
    const value = ret.kind === 'Return' ? ret.value : undefined;
    const binary = value!.kind === 'Binary' ? value : undefined;
    const xRef = binary!.left;
    const call = binary!.right.kind === 'Call' ? binary!.right : undefined;
    const analysis = {
      file,
      references: [
        { span: xRef.span, name: 'x', usage: 'value', definition: { kind: 'context', name: 'x', value: { name: 'x', doc: '', scalar: true, range: I.ALL, tex: 'X_{\\mathrm{ctx}}' } } },
        { span: call!.callee.span, name: 'foo', usage: 'call', definition: { kind: 'loss', name: 'foo', decl: loss } },
      ],
      losses: new Map(),
    } as unknown as Analysis;
    assert.equal(exprToLatex(value!, { analysis, loss, file }), String.raw`X_{\mathrm{ctx}} + \mathcal{L}_{\text{foo}}(x)`);
    // The same spans in a different document's loss must not pick up these references.
    const other = parse(src).file.declarations[0] as LossDecl;
    const otherValue = (other.body[0] as ReturnStatement).value;
    assert.equal(exprToLatex(otherValue, { analysis, loss: other }), String.raw`x + \operatorname{foo}(x)`);
  });
});

describe('size limits', () => {
  it('a sum as long as the parser accepts renders (the chain is walked iteratively)', () => {
    // The parser caps expression depth at MAX_EXPRESSION_DEPTH; longer sums are a located error there.
    const n = MAX_EXPRESSION_DEPTH - 1;
    const tex = texOf(Array(n).fill('x').join(' + '));
    assert.equal(tex, Array(n).fill('x').join(' + '));
    assert.equal(texOf(Array(n).fill('x').join(' * ')).split(' ').length, n);
  });
  it('nesting deeper than the stack gives a message, not an exception', () => {
    let e: Expr = { kind: 'Name', name: 'x', span: { start: 0, end: 1 } };
    for (let i = 0; i < 200_000; i++) e = { kind: 'Unary', op: '-', operand: e, span: { start: 0, end: 1 } };
    assert.equal(exprToLatex(e), String.raw`\text{(too deeply nested to show)}`);
  });
});
