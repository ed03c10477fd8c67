import type { LandscapeMsg, RunSummaryMsg, TrialPlan, TrialResultMsg, WorkerToHost } from '../../server/src/trial/protocol.js';
export declare const PANEL_PROTOCOL_VERSION = 1;
/** The WebviewPanel view type (also named in package.json's `onWebviewPanel:` activation event). */
export declare const TRIAL_PANEL_VIEW_TYPE = "losslab.trialPanel";
/** A batch of progress points of one run, as the worker sent it. */
export type ProgressMsg = Extract<WorkerToHost, {
    type: 'progress';
}>;
/** A hyperparameter of a loss used by the trial that declares a range (`gamma = 2 in [0, 5]`). */
export interface SliderSpec {
    /** The loss declaring it. */
    readonly loss: string;
    readonly name: string;
    readonly min: number;
    readonly max: number;
    /** The value the document gives (its default, or the literal the trial passes). */
    readonly value: number;
}
/** `loss.param` → value: the slider positions a run uses. */
export type ParamValues = Readonly<Record<string, number>>;
export declare function paramKey(loss: string, name: string): string;
export type RunStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'error';
/** Everything the host knows of the current run: sent whole when the webview (re)loads. */
export interface RunSnapshot {
    readonly runId: string;
    readonly plan: TrialPlan;
    readonly params: ParamValues;
    readonly status: RunStatus;
    readonly message?: string;
    /** Each (loss, seed) run that has started: its points so far and, when finished, its summary. */
    readonly runs: readonly {
        readonly index: number;
        readonly total: number;
        readonly label: string;
        readonly seed: number;
        readonly series: Readonly<Record<string, readonly (readonly [number, number])[]>>;
        readonly summary?: RunSummaryMsg;
    }[];
    readonly landscape?: LandscapeMsg;
    readonly result?: TrialResultMsg;
}
export interface PanelDocument {
    readonly uri: string;
    /** The file's name, for titles and export file names. */
    readonly fileName: string;
    /** Trials the document declares, in source order. */
    readonly trials: readonly string[];
}
export type HostToPanel = {
    readonly type: 'init';
    readonly v: typeof PANEL_PROTOCOL_VERSION;
    readonly document: PanelDocument;
    /** The trial the panel shows. */
    readonly trial: string | undefined;
    readonly sliders: readonly SliderSpec[];
    /** Trials run only in trusted workspaces; the controls say so otherwise. */
    readonly trusted: boolean;
    /** Problems that keep the trial from running (errors in the document, no trial), shown in the panel. */
    readonly problem?: string;
    readonly snapshot?: RunSnapshot;
} | {
    readonly type: 'trial-started';
    readonly runId: string;
    readonly plan: TrialPlan;
    readonly params: ParamValues;
} | {
    readonly type: 'progress';
    readonly runId: string;
    readonly batches: readonly ProgressMsg[];
} | {
    readonly type: 'run-done';
    readonly runId: string;
    readonly index: number;
    readonly run: RunSummaryMsg;
} | {
    readonly type: 'landscape';
    readonly runId: string;
    readonly landscape: LandscapeMsg;
} | {
    readonly type: 'trial-finished';
    readonly runId: string;
    readonly status: Exclude<RunStatus, 'idle' | 'running'>;
    readonly result?: TrialResultMsg;
    readonly message?: string;
}
/** The host asks the page to act (a command or the status bar's Stop). */
 | {
    readonly type: 'command';
    readonly command: 'run' | 'stop';
} | {
    readonly type: 'exported';
    readonly format: ExportFormat;
    readonly path: string;
};
export type ExportFormat = 'png' | 'csv' | 'json';
export type PanelToHost = {
    readonly type: 'ready';
    readonly v: typeof PANEL_PROTOCOL_VERSION;
} | {
    readonly type: 'run';
    readonly trial: string;
    readonly params: ParamValues;
} | {
    readonly type: 'stop';
} | {
    readonly type: 'select-trial';
    readonly trial: string;
} | {
    readonly type: 'export';
    readonly format: ExportFormat;
    /** Suggested file name. */
    readonly fileName: string;
    /** PNG: base64; CSV and JSON: the text. */
    readonly data: string;
};
/** The label a loss reference runs under (the engine's rule: the label, else the text as written). */
export declare function lossLabel(ref: TrialPlan['loss']): string;
/** The declared loss first, then the baselines: the order colours are given in. */
export declare function planLabels(plan: TrialPlan): string[];
/** What the page keeps with `setState` (and the serializer hands back after a reload). */
export interface PanelState {
    readonly v: typeof PANEL_PROTOCOL_VERSION;
    readonly document?: PanelDocument;
    readonly trial?: string;
    readonly ui: {
        readonly smoothing: number;
        readonly log: boolean;
    };
    readonly sliders?: readonly SliderSpec[];
    readonly values?: ParamValues;
    /** The last trial's data, so the page shows it again at once after a reload. */
    readonly snapshot?: RunSnapshot;
}
