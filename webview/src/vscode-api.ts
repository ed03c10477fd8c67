import type { PanelState, PanelToHost } from './protocol.js';

// The webview's handle on VS Code: acquired once (a second call throws), kept private to this module.

interface VsCodeApi {
  postMessage(msg: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api: VsCodeApi = acquireVsCodeApi();

export function post(msg: PanelToHost): void {
  api.postMessage(msg);
}

export function loadState(): PanelState | undefined {
  const s = api.getState() as PanelState | undefined;
  return s && typeof s === 'object' && s.v === 1 ? s : undefined;
}

export function saveState(s: PanelState): void {
  api.setState(s);
}
