import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HoverFeature } from '../../src/lsp/features/hover.js';
import { THEME_COLORS } from '../../src/math/theme.js';
import { Harness, NO_IMAGES, type OpenedDocument } from './harness.js';

function hoverText(h: Harness, doc: OpenedDocument, cursor = 0): string {
  const r = new HoverFeature(h.services).hover({ textDocument: { uri: doc.uri }, position: doc.cursors[cursor] });
  assert.ok(r, 'expected a hover');
  return (r.contents as { value: string }).value;
}

const IMAGE = /!\[[^\]]*\]\(data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+\)/;

describe('hover', () => {
  it('on a builtin: signature, doc, formula image and its text fallback, parameters', () => {
    const h = new Harness();
    const doc = h.open('a.loss', 'loss f(z: logits) = mean(sig<|>moid(z))');
    const md = hoverText(h, doc);
    assert.match(md, /```loss\nsigmoid\(x/);
    assert.match(md, /Logistic function/);
    assert.match(md, IMAGE);
    assert.match(md, /\*Formula:\* `σ\(x\) = 1\/\(1 \+ e⁻ˣ\)`/);
    assert.match(md, /\*\*Parameters\*\*\n- `x`/);
    assert.ok(md.length < 100_000, 'hover Markdown stays under VS Code’s 100k limit');
  });

  it('on a builtin loss: paper, defaults and recommended ranges', () => {
    const h = new Harness();
    const doc = h.open('a.loss', 'loss f(z: logits, y: binary) = foc<|>al(z, y)');
    const md = hoverText(h, doc);
    assert.match(md, /```loss\nfocal\(/);
    assert.match(md, /Paper: .*Lin/);
    assert.match(md, /`gamma` = 2/);
    assert.match(md, /recommended \[/);
    assert.match(md, IMAGE);
  });

  it('on a user loss: its doc comment and the formula of its whole definition, rendered', () => {
    const h = new Harness();
    const doc = h.open('a.loss', '## Scaled log loss.\nloss f(z: logits, gamma = 2 in [0, 5]) {\n  let p = sigmoid(z)\n  return mean(-log(p)) * gamma\n}\nloss g(z: logits) = <|>f(z)\n');
    const md = hoverText(h, doc);
    assert.match(md, /```loss\nloss f\(z: logits, gamma = 2 in \[0, 5\]\)\n```/);
    assert.match(md, /Scaled log loss\./);
    assert.match(md, IMAGE);
    // The text fallback carries the whole definition: main line, the `let` line and the hyperparameter.
    const fallback = md.slice(md.indexOf('*Formula:*'));
    assert.match(fallback, /ℒ_f\(z\) = /);
    assert.match(fallback, /where p = σ\(z\)/);
    assert.match(fallback, /γ = 2 \(0 ≤ γ ≤ 5\)/);
  });

  it('on a parameter: its role, or its default and range', () => {
    const h = new Harness();
    const doc = h.open('a.loss', 'loss f(z: logits, gamma = 2 in [0, 5]) = mean(<|>z) * gam<|>ma');
    assert.match(hoverText(h, doc, 0), /tensor input with role `logits`[\s\S]*Unnormalised scores/);
    assert.match(hoverText(h, doc, 1), /```loss\ngamma = 2 in \[0, 5\]\n```[\s\S]*hyperparameter[\s\S]*`in \[0, 5\]`/);
  });

  it('on a role after `:`', () => {
    const h = new Harness();
    const doc = h.open('a.loss', 'loss f(z: pro<|>bs) = mean(z)');
    assert.match(hoverText(h, doc), /Probabilities in \[0, 1\]/);
  });

  it('on a let binding: what the checker knows of its value', () => {
    const h = new Harness();
    const doc = h.open('a.loss', 'loss f(z: logits) {\n  let p = sigmoid(z)\n  return mean(<|>p)\n}');
    assert.match(hoverText(h, doc), /let p = sigmoid\(z\)[\s\S]*role `probs`[\s\S]*\[0, 1\]/);
  });

  it('on a context value', () => {
    const h = new Harness();
    const doc = h.open('a.loss', 'loss f(z: logits) = mean(z) * prog<|>ress');
    assert.match(hoverText(h, doc), /Training progress/);
  });

  it('on a loss imported from another file', () => {
    const h = new Harness();
    h.write('lib.loss', '## From the library.\nloss base(z: logits) = mean(z)\n');
    const doc = h.open('main.loss', 'import "lib.loss"\nloss top(z: logits) = ba<|>se(z)\n');
    const md = hoverText(h, doc);
    assert.match(md, /loss base\(z: logits\)/);
    assert.match(md, /from lib\.loss/);
    assert.match(md, /From the library\./);
  });

  it('draws the formula in the colour of the theme kind the client reported', () => {
    const h = new Harness();
    const doc = h.open('a.loss', 'loss f(z: logits) = mean(ex<|>p(z))');
    const svgOf = (md: string): string => Buffer.from(md.match(/base64,([A-Za-z0-9+/=]+)/)![1], 'base64').toString('utf8');
    h.services.config.themeKind = 'light';
    const light = svgOf(hoverText(h, doc));
    h.services.config.themeKind = 'dark';
    const dark = svgOf(hoverText(h, doc));
    assert.ok(light.includes(THEME_COLORS.light), 'light theme colour');
    assert.ok(dark.includes(THEME_COLORS.dark), 'dark theme colour');
  });

  it('stays under VS Code’s 100,000-character limit: past it the image goes and the text stays', () => {
    const h = new Harness();
    const doc = h.open('a.loss', `## ${'very long documentation '.repeat(4200)}\nloss f(z: logits) = mean(z)\nloss g(z: logits) = <|>f(z)`);
    const md = hoverText(h, doc);
    assert.doesNotMatch(md, /data:image/);
    assert.match(md, /\*Formula:\*/);
  });

  it('falls back to text when the formula cannot be drawn', () => {
    const h = new Harness({ math: NO_IMAGES });
    const doc = h.open('a.loss', 'loss f(z: logits) = mean(ex<|>p(z))');
    const md = hoverText(h, doc);
    assert.doesNotMatch(md, /data:image/);
    assert.match(md, /\*Formula:\* `e\^\{x\}`/, 'the renderer’s own text form (here: the TeX) is shown');
  });

  it('gives nothing on whitespace, numbers and keywords', () => {
    const h = new Harness();
    const doc = h.open('a.loss', 'lo<|>ss f(z: logits) = mean(z) *   <|>  2<|>');
    for (let i = 0; i < 3; i++) assert.equal(new HoverFeature(h.services).hover({ textDocument: { uri: doc.uri }, position: doc.cursors[i] }), null);
  });
});
