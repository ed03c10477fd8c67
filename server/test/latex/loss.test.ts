import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../src/core/analysis/analyze.js';
import { lossToLatex } from '../../src/core/latex/index.js';
import type { LossDecl } from '../../src/core/syntax/ast.js';
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
    checkLoss(FOCAL_BIN, String.raw`\mathcal{L}_{\text{focal\_bin}}(z, y) = -\frac{1}{N}\sum_{i} a_{t} (1 - p_{t})^{\gamma} \log\left(p_{t}\right)
where p = \sigma\left(z\right)
where p_{t} = y p + (1 - y) (1 - p)
where a_{t} = y \alpha + (1 - y) (1 - \alpha)
where \gamma = 2\ (0 \leq \gamma \leq 5),\quad \alpha = 0.25\ (0 \leq \alpha \leq 1)`);
  });
  it('learn values are marked as learned with their initial value', () => {
    checkLoss(`
loss weighted(z: logits, y: labels) {
  learn s = 0
  return exp(-s) * ce(z, y) + s
}`, String.raw`\mathcal{L}_{\text{weighted}}(z, y) = e^{-s} \mathrm{CE}\left(z, y\right) + s
where s \quad\text{(learned, init } 0\text{)}`);
  });
  it('the shorthand form and calls to other losses', () => {
    checkLoss(`
loss combo(z: logits, y: binary) = 0.7 * focal(z, y, gamma=2) + 0.3 * dice(sigmoid(z), y)
`, String.raw`\mathcal{L}_{\text{combo}}(z, y) = 0.7 \mathrm{FL}_{2}\left(z, y\right) + 0.3 \mathrm{Dice}\left(\sigma\left(z\right), y\right)`);
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
\mathcal{L}_{\text{focal\_bin}}(z, y) &= -\frac{1}{N}\sum_{i} a_{t} (1 - p_{t})^{\gamma} \log\left(p_{t}\right) \\
\text{where}\quad p &= \sigma\left(z\right) \\
p_{t} &= y p + (1 - y) (1 - p) \\
a_{t} &= y \alpha + (1 - y) (1 - \alpha) \\
&\text{with } \gamma = 2\ (0 \leq \gamma \leq 5),\quad \alpha = 0.25\ (0 \leq \alpha \leq 1)
\end{align*}`);
  });
  it('an aligned block (for math mode) has no comments', () => {
    checkFragment('loss sq(x: real, t: target) = mean((x - t)^2)', String.raw`\begin{aligned}
\mathcal{L}_{\text{sq}}(x, t) &= \frac{1}{N}\sum_{i} (x - t)^{2}
\end{aligned}`, 'aligned');
  });
});
