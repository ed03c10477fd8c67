import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { applyOverrides, numberText, trialNames, trialSliders } from '../../src/trial-panel/document-trials.js';

// The trial view's reading of a document: trials, ranged hyperparameters of the losses a trial uses
// (through other losses too), and slider values written back into the text the engine compiles.

const TEXT = `loss inner(z: logits, y: labels, t = 1.5 in [0.5, 4]) = ce(z / t, y)
loss focal_cb(z: logits, y: labels, gamma = 2 in [0, 5], beta = 0.999 in [0, 0.9999], w = 3) =
  focal(z, y, gamma=gamma, alpha=cb_weights(class_counts, beta=beta)) + inner(z, y)
loss unused(z: logits, y: labels, k = 1 in [0, 2]) = ce(z, y)
loss shift(z: logits, y: labels, m = -0.5 in [-1, 1]) = ce(z + m, y)
trial a {
  data = blobs(classes=3)
  loss = focal_cb(gamma=2.5)
  compare = [shift, ce]
}
trial b {
  data = blobs(classes=3)
  loss = 0.5 * focal_cb + 0.5 * ce
}
`;

describe('trial view: document trials', () => {
  it('lists trials and the ranged hyperparameters of the losses each uses, at the values in use', () => {
    assert.deepEqual(trialNames(TEXT), ['a', 'b']);
    assert.deepEqual(trialSliders(TEXT, 'a'), [
      { loss: 'focal_cb', name: 'gamma', min: 0, max: 5, value: 2.5 },
      { loss: 'focal_cb', name: 'beta', min: 0, max: 0.9999, value: 0.999 },
      { loss: 'inner', name: 't', min: 0.5, max: 4, value: 1.5 },
      { loss: 'shift', name: 'm', min: -1, max: 1, value: -0.5 },
    ]);
    assert.deepEqual(trialSliders(TEXT, 'b').map((s) => `${s.loss}.${s.name}=${s.value}`), ['focal_cb.gamma=2', 'focal_cb.beta=0.999', 'inner.t=1.5']);
    assert.deepEqual(trialSliders(TEXT, 'missing'), []);
  });

  it('writes slider values into defaults and into the literal arguments the trial passes', () => {
    const out = applyOverrides(TEXT, 'a', { 'focal_cb.gamma': 3.25, 'inner.t': 2, 'shift.m': 0.25, 'unused.k': 2, 'nope.x': 1 });
    assert.match(out, /gamma = 3\.25 in \[0, 5\]/);
    assert.match(out, /loss = focal_cb\(gamma=3\.25\)/);
    assert.match(out, /t = 2 in \[0\.5, 4\]/);
    assert.match(out, /m = 0\.25 in \[-1, 1\]/);
    assert.match(out, /k = 1 in \[0, 2\]/, 'a loss the trial does not use is left alone');
    assert.equal(out.split('\n').length, TEXT.split('\n').length);
    assert.deepEqual(trialSliders(out, 'a').map((s) => s.value), [3.25, 0.999, 2, 0.25]);
    // Out-of-range values are clamped; an empty override changes nothing.
    assert.match(applyOverrides(TEXT, 'a', { 'focal_cb.gamma': 99 }), /gamma=5\)/);
    assert.equal(applyOverrides(TEXT, 'a', {}), TEXT);
  });

  it('reads the flagship example', () => {
    const text = readFileSync(new URL('../../../examples/flagship.loss', import.meta.url), 'utf8');
    const [trial] = trialNames(text);
    assert.ok(trial);
    const sliders = trialSliders(text, trial);
    assert.ok(sliders.some((s) => s.name === 'gamma'), JSON.stringify(sliders));
    assert.equal(numberText(1e-7), '1e-7');
    assert.equal(numberText(0.0001), '0.0001');
  });
});
