import * as vscode from 'vscode';

// The `losslab.*` settings the client itself reads (the server reads its own through LSP). Names and
// defaults match `contributes.configuration` in package.json; a test keeps the two in step.

export type TrialBackend = 'auto' | 'wasm' | 'cpu' | 'tensorflow';

export interface ClientSettings {
  /** Which TensorFlow.js backend trials use; `auto` prefers tfjs-node, then wasm. */
  readonly backend: TrialBackend;
  /** Overrides the trial's `steps` (null: the value written in the file). */
  readonly steps: number | null;
  /** Overrides the trial's `seeds` (null: the value written in the file). */
  readonly seeds: number | null;
}

export function readSettings(scope?: vscode.ConfigurationScope): ClientSettings {
  const c = vscode.workspace.getConfiguration('losslab', scope);
  const backend = c.get<string>('trial.backend', 'auto');
  const positive = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : null);
  return {
    backend: backend === 'wasm' || backend === 'cpu' || backend === 'tensorflow' ? backend : 'auto',
    steps: positive(c.get('trial.steps')),
    seeds: positive(c.get('trial.seeds')),
  };
}
