import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { COMMANDS } from '../../server/src/lsp/protocol.js';
import { exampleEntry, listExamples } from '../src/examples.js';

// "LossLab: Open Example": the quick pick lists every shipped example by family title, in the article's
// order, and the files it opens ship in the .vsix.

const root = new URL('../../', import.meta.url);
const examplesDir = fileURLToPath(new URL('examples/', root));

describe('Open Example', () => {
  it('lists the flagship, the eight families in order, then the base losses', () => {
    const entries = listExamples(examplesDir);
    assert.deepEqual(entries.map((e) => e.file), [
      'flagship.loss', 'dynamic-weighting.loss', 'multi-task.loss', 'adversarial.loss', 'imbalance.loss',
      'regularisation.loss', 'adaptive-margins.loss', 'distillation.loss', 'quantisation.loss', 'base-losses.loss',
    ]);
    const imbalance = entries.find((e) => e.file === 'imbalance.loss')!;
    assert.equal(imbalance.label, '4. Imbalance correction');
    assert.equal(imbalance.description, '分布不平衡修正策略');
    assert.equal(imbalance.detail, 'Trials: long_tail, resampled');
    assert.equal(entries.find((e) => e.file === 'base-losses.loss')!.label, 'Base losses');
    assert.equal(entries[0].label, 'Flagship');
    for (const e of entries) assert.match(e.detail, /^Trials?: \w+/, `${e.file} declares no trial`);
  });

  it('titles a file from its first comment line, whatever it holds', () => {
    assert.deepEqual(exampleEntry('x.loss', '# Family 2 — Multi-task fusion (多任务损失函数融合)\ntrial a {\n}\n'),
      { file: 'x.loss', label: '2. Multi-task fusion', description: '多任务损失函数融合', detail: 'Trial: a', order: 2 });
    assert.deepEqual(exampleEntry('mine.loss', 'loss f(z: logits, y: labels) = ce(z, y)\n'),
      { file: 'mine.loss', label: 'mine.loss', description: '', detail: 'No trial', order: 100 });
    assert.equal(exampleEntry('empty.loss', '').label, 'empty.loss');
    assert.deepEqual(exampleEntry('n.loss', '# Notes: a few losses.\r\n').description, 'a few losses');
  });

  it('is a contributed command, always in the palette, and the examples ship in the package', () => {
    const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
    const cmd = pkg.contributes.commands.find((c: { command: string }) => c.command === COMMANDS.openExample);
    assert.equal(cmd?.title, 'Open Example…');
    assert.equal(cmd.enablement, undefined, 'opening a file needs no trust');
    const hidden = (pkg.contributes.menus.commandPalette ?? []).find((m: { command: string }) => m.command === COMMANDS.openExample);
    assert.equal(hidden, undefined, 'no `when` clause: available before any .loss file is open');
    const ignore = readFileSync(new URL('.vscodeignore', root), 'utf8').split(/\r?\n/);
    assert.ok(ignore.includes('!examples/**'), '.vscodeignore must keep examples/');
  });
});
