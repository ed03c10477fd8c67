import type { LandscapeMsg, RunSummaryMsg, TrialPlan, TrialResultMsg } from '../../server/src/trial/protocol.js';
import { type ParamValues, type ProgressMsg, type RunSnapshot, type RunStatus } from './protocol.js';
/** The raw points of one (loss, seed) run. */
export interface RunData {
    readonly index: number;
    readonly total: number;
    readonly label: string;
    readonly seed: number;
    readonly series: Map<string, {
        steps: number[];
        values: number[];
    }>;
    summary?: RunSummaryMsg;
}
/** One series of one loss, over seeds: indexed by step. */
export declare class SeriesAggregate {
    readonly label: string;
    readonly series: string;
    sum: Float64Array;
    count: Uint16Array;
    min: Float64Array;
    max: Float64Array;
    /** Highest step with a value, -1 when empty. */
    last: number;
    constructor(label: string, series: string, capacity: number);
    add(step: number, value: number): void;
    mean(step: number): number | null;
    private grow;
}
export declare const seriesKey: (label: string, series: string) => string;
export declare class TrialStore {
    runId: string | undefined;
    plan: TrialPlan | undefined;
    /** The declared loss, then its baselines. */
    labels: string[];
    params: ParamValues;
    status: RunStatus;
    message: string | undefined;
    readonly runs: Map<number, RunData>;
    readonly aggregates: Map<string, SeriesAggregate>;
    landscape: LandscapeMsg | undefined;
    result: TrialResultMsg | undefined;
    /** The latest progress: which run, at which step. */
    current: {
        index: number;
        total: number;
        label: string;
        seed: number;
        step: number;
    } | undefined;
    /** Bumped on every change of data. */
    revision: number;
    /** Bumped when a series appears (charts then rebuild their series lists). */
    shape: number;
    start(runId: string, plan: TrialPlan, params: ParamValues): void;
    private run;
    private aggregate;
    addProgress(msg: ProgressMsg): void;
    /** A run finished: its summary's series are authoritative (progress may have been missed while hidden). */
    runDone(index: number, summary: RunSummaryMsg, total?: number): void;
    /** Recomputes the aggregates of one loss from its runs' raw points. */
    private rebuild;
    setLandscape(l: LandscapeMsg): void;
    finish(status: Exclude<RunStatus, 'idle' | 'running'>, result?: TrialResultMsg, message?: string): void;
    /** The (seed, loss) order of the engine: index = seedIndex × losses + lossIndex. */
    private indexOf;
    expectedRuns(): number;
    /** Fraction of the trial done, 0..1, from completed runs and the current run's step. */
    fractionDone(): number;
    /** Every series name seen, in first-seen order. */
    seriesNames(): string[];
    get(label: string, series: string): SeriesAggregate | undefined;
    /** What the host would send to rebuild this page: kept in the webview state across reloads. */
    snapshot(): RunSnapshot | undefined;
    load(s: RunSnapshot): void;
}
