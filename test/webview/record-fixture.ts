// Records a real trial, as the panel host sends it to the page, into fixtures/trial-run.json: the
// webview tests replay it. Run again when the protocol or the engine's series change:
//   node --import tsx test/webview/record-fixture.ts
// The trial runs in the real worker process (from source), through the panel host's TrialSession.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TrialRunner } from '../../server/src/trial/runner.js';
import type { TrialPlan } from '../../server/src/trial/protocol.js';
import { TrialSession } from '../../client/src/trial-panel/trial-session.js';
import { PANEL_PROTOCOL_VERSION, type HostToPanel } from '../../webview/src/protocol.js';

export const FIXTURE_TEXT = `## Focal loss with class-balanced alpha.
loss focal_cb(z: logits, y: labels, gamma = 2 in [0, 5], beta = 0.999 in [0, 0.9999]) =
  focal(z, y, gamma=gamma, alpha=cb_weights(class_counts, beta=beta))

## Class-balanced cross-entropy.
loss ce_cb(z: logits, y: labels, beta = 0.999 in [0, 0.9999]) = ce(z, y, weight=cb_weights(class_counts, beta=beta))

## Cross-entropy with a learned temperature.
loss tempered(z: logits, y: labels) {
  learn log_t = 0
  return ce(z * exp(-log_t), y)
}

trial fixture {
  data      = blobs(classes=3, n=300, imbalance=0.1, noise=0.6)
  model     = mlp(hidden=[16, 16])
  loss      = 0.7 * focal_cb + 0.3 * tempered
  compare   = [ce_cb, ce]
  optimizer = adam(lr=0.02)
  steps     = 120
  seeds     = 2
  metrics   = [balanced_accuracy, accuracy, ece]
}
`;

const src = (expr: string) => ({ kind: 'source' as const, text: FIXTURE_TEXT, expr });
export const FIXTURE_PLAN: TrialPlan = {
  trial: 'fixture',
  data: { generator: 'blobs', args: { classes: 3, n: 300, imbalance: 0.1, noise: 0.6 } },
  model: { kind: 'mlp', hidden: [16, 16] },
  loss: src('0.7 * focal_cb + 0.3 * tempered'),
  compare: [src('ce_cb'), src('ce')],
  optimizer: { kind: 'adam', lr: 0.02 },
  steps: 120,
  seeds: [0, 1],
  metrics: [{ name: 'balanced_accuracy' }, { name: 'accuracy' }, { name: 'ece' }],
  visuals: true,
};

async function main(): Promise<void> {
  const messages: HostToPanel[] = [{
    type: 'init', v: PANEL_PROTOCOL_VERSION,
    document: { uri: 'file:///workspace/fixture.loss', fileName: 'fixture.loss', trials: ['fixture'] },
    trial: 'fixture',
    sliders: [
      { loss: 'focal_cb', name: 'gamma', min: 0, max: 5, value: 2 },
      { loss: 'focal_cb', name: 'beta', min: 0, max: 0.9999, value: 0.999 },
      { loss: 'ce_cb', name: 'beta', min: 0, max: 0.9999, value: 0.999 },
    ],
    trusted: true,
  }];
  const runner = new TrialRunner();
  const session = new TrialSession(runner, (m) => messages.push(structuredClone(m)));
  const status = await session.start(FIXTURE_PLAN, { 'focal_cb.gamma': 2 }).finished;
  runner.dispose();
  if (status !== 'done') throw new Error(`the trial ended ${status}`);
  const out = fileURLToPath(new URL('fixtures/trial-run.json', import.meta.url));
  writeFileSync(out, `${JSON.stringify({ recorded: 'test/webview/record-fixture.ts', plan: FIXTURE_PLAN.trial, messages })}\n`);
  const counts = messages.reduce<Record<string, number>>((a, m) => ({ ...a, [m.type]: (a[m.type] ?? 0) + 1 }), {});
  console.log(`recorded ${messages.length} messages ${JSON.stringify(counts)} to ${out}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
