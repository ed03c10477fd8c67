// Trial vocabulary for hovers and completion: fields, data generators, models, optimizers and metrics.
// Read from the core's trial vocabulary table (server/src/core/builtins/trial-vocabulary.ts).

/** One completion/hover entry of the trial vocabulary. */
export interface TrialTerm {
  readonly label: string;
  readonly detail?: string;
  /** Markdown. */
  readonly doc?: string;
  /** Snippet inserted instead of the label. */
  readonly snippet?: string;
  /** Sort group ('0' first). */
  readonly sort?: string;
}

export function trialFieldItems(_given: readonly string[]): TrialTerm[] {
  return [];
}

export function trialValueItems(_field: string): TrialTerm[] {
  return [];
}

export function trialArgumentItems(_field: string, _callee: string, _named: readonly string[]): TrialTerm[] {
  return [];
}

export function describeTrialField(_field: string): string | undefined {
  return undefined;
}

export function describeTrialValue(_field: string, _name: string): string | undefined {
  return undefined;
}

export function describeTrialArgument(_field: string, _callee: string, _arg: string): string | undefined {
  return undefined;
}
