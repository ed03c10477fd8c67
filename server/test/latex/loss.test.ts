import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../src/core/analysis/analyze.js';
import { exprToLatex, lossToLatex, sumTermsToLatex } from '../../src/core/latex/index.js';
import type { LossDecl, ReturnStatement } from '../../src/core/syntax/ast.js';
import { parse } from '../../src/core/syntax/parse.js';
import { checkFragment, checkLoss } from './helpers.js';

const FOCAL_BIN = `
## Sigmoid focal loss (Lin et al., 2017).
loss focal_bin(z: logits, y: binary, gamma = 2.0 in [0, 5], alpha = 0.25 in [0, 1]) {
  let p  = sigmoid(z)
  let p_t = y * p + (1 - y) * (1 - p)
  let a_t = y * alpha + (1 - y) * (1 - alpha)
  return mean(-a_t * (1 - p_t)^gamma * log(p_t))
}
`;

describe('lossToLatex', () => {
  it('main line, one where-line per let, hyperparameters with defaults and ranges last', () => {
    checkLoss(FOCAL_BIN, String.raw`\mathcal{L}_{\text{focal\_bin}}(z, y) = -\frac{1}{N}\sum_{i} a_{t} (1 - p_{t})^{\gamma} \log(p_{t})
where p = \sigma(z)
where p_{t} = y p + (1 - y) (1 - p)
where a_{t} = y \alpha + (1 - y) (1 - \alpha)
where \gamma = 2\ (0 \leq \gamma \leq 5),\quad \alpha = 0.25\ (0 \leq \alpha \leq 1)`);
  });
  it('learn values are marked as learned with their initial value', () => {
    checkLoss(`
loss weighted(z: logits, y: labels) {
  learn s = 0
  return exp(-s) * ce(z, y) + s
}`, String.raw`\mathcal{L}_{\text{weighted}}(z, y) = e^{-s} \mathrm{CE}(z, y) + s
where s \quad\text{(learned, init } 0\text{)}`);
  });
  it('the shorthand form and calls to other losses', () => {
    checkLoss(`
loss combo(z: logits, y: binary) = 0.7 * focal(z, y, gamma=2) + 0.3 * dice(sigmoid(z), y)
`, String.raw`\mathcal{L}_{\text{combo}}(z, y) = 0.7 \mathrm{FL}_{2}(z, y) + 0.3 \mathrm{Dice}(\sigma(z), y)`);
  });
  it('a broken loss still renders what it has', () => {
    const r = lossToLatex(analyze('loss (z: logits) {\n let a = \n}').file.declarations[0] as LossDecl);
    assert.match(r.formula, /^\\mathcal\{L\}\(z\) = \\square$/);
  });
  it('uses the analysis for inputs and hyperparameters when given one', () => {
    const a = analyze(FOCAL_BIN);
    const decl = a.file.declarations.find((d): d is LossDecl => d.kind === 'Loss')!;
    const withAnalysis = lossToLatex(decl, { analysis: a });
    const astOnly = lossToLatex(decl, { file: a.file });
    assert.deepEqual(withAnalysis, astOnly);
  });
});

describe('lossLatexDocumentFragment', () => {
  it('an align* block with the doc comment, aligned on the relations', () => {
    checkFragment(FOCAL_BIN, String.raw`% focal_bin
% Sigmoid focal loss (Lin et al., 2017).
\begin{align*}
\mathcal{L}_{\text{focal\_bin}}(z, y) &= -\frac{1}{N}\sum_{i} a_{t} (1 - p_{t})^{\gamma} \log(p_{t}) \\
\text{where}\quad p &= \sigma(z) \\
p_{t} &= y p + (1 - y) (1 - p) \\
a_{t} &= y \alpha + (1 - y) (1 - \alpha) \\
&\text{with } \gamma = 2\ (0 \leq \gamma \leq 5),\quad \alpha = 0.25\ (0 \leq \alpha \leq 1)
\end{align*}`);
  });
  it('a long sum continues on indented lines', () => {
    checkFragment(`
loss many(z: logits, y: labels, r: target, t: target) = ce(z, y) + 0.5 * mse(r, t) + 0.1 * mean(abs(r - t)) - 0.01 * mean(softmax(z) * log_softmax(z)) + 0.001 * l2(weights)
`, String.raw`\begin{aligned}
\mathcal{L}_{\text{many}}(z, y, r, t) &= \mathrm{CE}(z, y) + 0.5 \mathrm{MSE}(r, t) + 0.1 \cdot \frac{1}{N}\sum_{i} \left|r - t\right| \\
&\quad - 0.01 \cdot \frac{1}{N}\sum_{i} \operatorname{softmax}(z) \log\operatorname{softmax}(z) + 0.001 \left\lVert w \right\rVert_{2}^{2}
\end{aligned}`, 'aligned');
  });
  it('the terms of a sum, joined, are the whole expression', () => {
    const src = 'loss s(x: real) = x - (x + 1) + -x - mean(-x) + (x > 0)';
    const decl = parse(src).file.declarations[0] as LossDecl;
    const ret = decl.body[0] as ReturnStatement;
    const terms = sumTermsToLatex(ret.value, { loss: decl });
    assert.equal(terms.length, 5);
    assert.equal(terms.join(' '), exprToLatex(ret.value, { loss: decl }));
  });
  it('an aligned block (for math mode) has no comments', () => {
    checkFragment('loss sq(x: real, t: target) = mean((x - t)^2)', String.raw`\begin{aligned}
\mathcal{L}_{\text{sq}}(x, t) &= \frac{1}{N}\sum_{i} (x - t)^{2}
\end{aligned}`, 'aligned');
  });
});
