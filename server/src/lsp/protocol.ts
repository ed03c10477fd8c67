// The few things LossLab's client and server say to each other beyond standard LSP. Imported by both
// sides (this file has no runtime dependency), so names and shapes have one definition.

/** The colour family of the editor theme; hover formulas are drawn in its foreground colour. */
export { isThemeKind, type ThemeKind } from '../math/theme.js';
import type { ThemeKind } from '../math/theme.js';

/** `initialize` → `initializationOptions`. */
export interface LossInitializationOptions {
  readonly themeKind?: ThemeKind;
  /** Base URL of the diagnostics reference; `#<code>` is appended. Default: docs/diagnostics.md next to the server bundle, as a file URI. */
  readonly diagnosticsDocsBase?: string;
}

/** Client → server when the colour theme changes, so new hovers match it. */
export const THEME_CHANGED_NOTIFICATION = 'losslab/themeChanged';
export interface ThemeChangedParams {
  readonly kind: ThemeKind;
}

/** Settings under `losslab.*` the server reads (the client contributes them in package.json). */
export interface ServerSettings {
  /** Show inlay hints for the defaults of omitted hyperparameters. */
  readonly inlayHints: boolean;
  /** Show ▶ Run trial / Compare / Export above trials and losses. */
  readonly codeLens: boolean;
}

export const DEFAULT_SERVER_SETTINGS: ServerSettings = { inlayHints: true, codeLens: true };

/** Commands the code lenses invoke; the client implements them. Arguments: see each. */
export const COMMANDS = {
  /**
   * (uri, trialName | null, lossName?) — run a trial of the file in a terminal (`losslab trial`). From a
   * loss's lens, trialName is the trial that uses the loss, or null when none does.
   */
  runTrial: 'losslab.runTrial',
  /** (uri, trialName | null, lossName?) — run a trial headless and show each loss's metrics side by side. */
  compare: 'losslab.compare',
  /** (uri, trialName) — run a trial and save its HTML report (`losslab trial --out`). */
  exportReport: 'losslab.exportReport',
  /** (uri, lossName) — export a loss to PyTorch or LaTeX (`losslab export`) into a new editor. */
  exportLoss: 'losslab.exportLoss',
  restartServer: 'losslab.restartServer',
  showOutput: 'losslab.showOutput',
  /** () — pick one of the shipped examples (examples/*.loss) by family and open it. */
  openExample: 'losslab.openExample',
} as const;
