import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allFunctions } from '../../src/core/builtins/table.js';
import { builtinFormulaLatex } from '../../src/core/latex/index.js';
import { latexToUnicodeText } from '../../src/math/index.js';
import { expectInline } from '../latex/expect-inline.js';

// TeX in, readable text out, side by side.

describe('latexToUnicodeText', () => {
  it('Greek letters, scripts, fractions, big operators', () => {
    expectInline(latexToUnicodeText(String.raw`\mathcal{L}_{\text{focal\_bin}}(z, y) = -\frac{1}{N}\sum_{i} \alpha_{t} \left(1 - p_{t}\right)^{\gamma} \log p_{t}`), String.raw`ℒ_focal_bin(z, y) = −(1/N) Σᵢ αₜ (1 − pₜ)ᵞ log pₜ`);
    expectInline(latexToUnicodeText(String.raw`\sigma(x) = \frac{1}{1 + e^{-x}}`), String.raw`σ(x) = 1/(1 + e⁻ˣ)`);
    expectInline(latexToUnicodeText(String.raw`x^{2} + x^{-1} + 10^{-4} + e^{x/2}`), String.raw`x² + x⁻¹ + 10⁻⁴ + e^(x/2)`);
  });
  it('indicators, norms, operator names, accents, roots', () => {
    expectInline(latexToUnicodeText(String.raw`\mathbb{1}\left[x > 0\right] \left\lVert w \right\rVert_{2}^{2}`), String.raw`𝟙[x > 0] ‖w‖₂²`);
    expectInline(latexToUnicodeText(String.raw`\operatorname{softplus}\left(x\right) + p\log q + \sqrt{x + 1} + \hat{y} + \tilde{q}_{4}`), String.raw`softplus(x) + p log q + √(x + 1) + ŷ + q̃₄`);
    expectInline(latexToUnicodeText(String.raw`\sum_{\text{axis}=-1} x \cdot y \leq \infty`), String.raw`Σ_(axis=−1) x · y ≤ ∞`);
  });
  it('aligned blocks become lines', () => {
    expectInline(latexToUnicodeText(String.raw`\begin{aligned}\mathcal{L} &= a + b \\ \text{where}\quad a &= \sigma\left(z\right)\end{aligned}`), String.raw`ℒ = a + b
where a = σ(z)`);
  });
  it('never throws and never returns the empty string for non-empty math', () => {
    for (const b of allFunctions()) {
      const text = latexToUnicodeText(builtinFormulaLatex(b).tex);
      assert.ok(text.length > 0, b.name);
      assert.ok(!text.includes('\\'), `${b.name}: ${text}`);
    }
    for (const junk of ['\\', '{', '}}}', '^', '_{', '\\frac', '\\left(', '\\begin{', '%x', '\\sqrt[3', '\\unicode{zz}']) {
      assert.equal(typeof latexToUnicodeText(junk), 'string');
    }
  });
});
