// The data a trial trains and validates on. Arrays are plain typed arrays (row-major) so generators and
// metrics stay pure and testable without tfjs; the run loop uploads them once per run.

/** What the data asks of the model and which metrics make sense. */
export type TaskKind = 'classification' | 'multilabel' | 'regression' | 'segmentation' | 'multitask' | 'generative';

export interface Split {
  /** Number of samples. */
  readonly n: number;
  /** Inputs, n × inputDim, row-major. For `generative` data these are the real samples. */
  readonly x: Float32Array;
  /** Class indices (classification, multitask, and the mode of each ring sample), length n. */
  readonly labels?: Int32Array;
  /** Labels before label noise was applied (training split only, when label noise is on). */
  readonly cleanLabels?: Int32Array;
  /** 0/1 targets, n × labelDim: the labels of `multilabel` data, the masks of `segmentation` data. */
  readonly multilabel?: Float32Array;
  /** Real-valued targets, n × targetDim (regression, multitask). */
  readonly target?: Float32Array;
}

export interface Dataset {
  /** The generator call as written, e.g. `blobs(classes=3, imbalance=0.01)`. */
  readonly name: string;
  readonly task: TaskKind;
  readonly inputDim: number;
  /** Classes of `labels` (0 when the data has no class labels). */
  readonly numClasses: number;
  /** Columns of `multilabel` (labels, or mask pixels). */
  readonly labelDim: number;
  /** Columns of `target`. */
  readonly targetDim: number;
  /** Training-split count per class (after label noise): the `class_counts` a loss sees. */
  readonly classCounts: readonly number[];
  readonly train: Split;
  /** Held-out split, made the same way but balanced across classes and free of label noise and outliers. */
  readonly val: Split;
  /** Segmentation masks are images of this height × width. */
  readonly imageShape?: readonly [number, number];
  /** Ring data: the mode centres (modes × 2) and the spread of each mode. */
  readonly modes?: { readonly centres: Float32Array; readonly std: number };
  /** Input feature names when they mean something (a real dataset). */
  readonly featureNames?: readonly string[];
  readonly classNames?: readonly string[];
}

/** Thrown for invalid generator arguments; the message names the argument. */
export class DataError extends Error {
  override name = 'DataError';
}
