import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CodeLensFeature } from '../../src/lsp/features/code-lens.js';
import { COMMANDS } from '../../src/lsp/protocol.js';
import { Harness } from './harness.js';

describe('code lenses', () => {
  it('above each trial and loss: run, compare, export — with the arguments the client needs', () => {
    const h = new Harness();
    const doc = h.open('a.loss', 'loss f(z: logits) = mean(z)\nloss g(z: logits) = mean(z)\ntrial t {\n  loss = f(gamma=1)\n}\n');
    const lenses = new CodeLensFeature(h.services).codeLenses({ textDocument: { uri: doc.uri } });
    const show = lenses.map((l) => `${l.range.start.line} ${l.command!.title} ${l.command!.command} ${JSON.stringify(l.command!.arguments!.slice(1))}`);
    assert.deepEqual(show, [
      `0 ▶ Run trial ${COMMANDS.runTrial} ["t","f"]`,
      `0 Compare ${COMMANDS.compare} ["t","f"]`,
      `0 Export ${COMMANDS.exportLoss} ["f"]`,
      `1 ▶ Run trial ${COMMANDS.runTrial} [null,"g"]`,
      `1 Compare ${COMMANDS.compare} [null,"g"]`,
      `1 Export ${COMMANDS.exportLoss} ["g"]`,
      `2 ▶ Run trial ${COMMANDS.runTrial} ["t"]`,
      `2 Compare ${COMMANDS.compare} ["t"]`,
      `2 Export report ${COMMANDS.exportReport} ["t"]`,
    ]);
    assert.ok(lenses.every((l) => l.command!.arguments![0] === doc.uri));
  });

  it('can be switched off', () => {
    const h = new Harness();
    h.services.config.settings = { ...h.services.config.settings, codeLens: false };
    const doc = h.open('a.loss', 'loss f(z: logits) = mean(z)');
    assert.deepEqual(new CodeLensFeature(h.services).codeLenses({ textDocument: { uri: doc.uri } }), []);
  });
});
