// Every diagnostic LossLab reports, by its stable code. This table is the single source of truth: the
// checker takes severities and tags from it, the language server links each code to its page in
// docs/diagnostics.md (anchor = the code), and a test keeps that page and this table in step.

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export type DiagnosticCategory = 'syntax' | 'names' | 'calls' | 'roles' | 'shapes' | 'ranges' | 'stability' | 'semantics' | 'trials';

export interface DiagnosticCodeInfo {
  readonly severity: Severity;
  readonly category: DiagnosticCategory;
  /** One line: what the code means. The page in docs/diagnostics.md says why, with an example and the fix. */
  readonly title: string;
  readonly tags?: readonly ('unnecessary' | 'deprecated')[];
  /** True when the diagnostic carries a mechanical quick fix. */
  readonly fixable?: boolean;
}

export const DIAGNOSTIC_CODES = {
  // Syntax
  'syntax-error': { severity: 'error', category: 'syntax', title: 'The text does not follow the grammar of .loss.' },
  'unknown-character': { severity: 'error', category: 'syntax', title: 'A character that is not part of the language.' },
  'unterminated-string': { severity: 'error', category: 'syntax', title: 'A string literal is not closed before the end of its line.', fixable: true },
  'too-deeply-nested': { severity: 'error', category: 'syntax', title: 'An expression nests more deeply than the language supports.' },
  'power-operator': { severity: 'error', category: 'syntax', title: '`**` is not an operator in .loss; power is `^`.', fixable: true },

  // Names and declarations
  'unknown-name': { severity: 'error', category: 'names', title: 'A name that is not defined here.', fixable: true },
  'unknown-function': { severity: 'error', category: 'names', title: 'A call to something that is neither a builtin nor a loss in scope.', fixable: true },
  'not-callable': { severity: 'error', category: 'names', title: 'A value is called as if it were a function.' },
  'function-as-value': { severity: 'error', category: 'names', title: 'A function or loss is used as a value without being called.' },
  'duplicate-definition': { severity: 'error', category: 'names', title: 'A name is defined twice in the same scope.' },
  'unused-definition': { severity: 'hint', category: 'names', title: 'A parameter, binding or import that is never used.', tags: ['unnecessary'], fixable: true },
  'shadowed-name': { severity: 'hint', category: 'names', title: 'A definition hides a context value or builtin of the same name.' },
  'import-not-found': { severity: 'error', category: 'names', title: 'An imported file does not exist.' },
  'import-outside-workspace': { severity: 'error', category: 'names', title: 'An import points outside the workspace root.' },
  'import-has-errors': { severity: 'warning', category: 'names', title: 'An imported file has errors of its own.' },
  'import-cycle': { severity: 'error', category: 'names', title: 'Files import each other in a cycle.' },
  'recursive-loss': { severity: 'error', category: 'names', title: 'A loss calls itself, directly or through other losses.' },
  'missing-return': { severity: 'error', category: 'names', title: 'A loss body has no `return`.' },
  'multiple-returns': { severity: 'error', category: 'names', title: 'A loss body has more than one `return`.' },
  'unreachable-statement': { severity: 'warning', category: 'names', title: 'A statement after `return` is never used.', tags: ['unnecessary'], fixable: true },
  'string-not-allowed': { severity: 'error', category: 'names', title: 'A string literal where a number or tensor is expected (strings are for options and import paths).' },
  'learn-outside-body': { severity: 'error', category: 'names', title: '`learn` is only allowed in a loss body.' },

  // Calls
  'too-many-arguments': { severity: 'error', category: 'calls', title: 'A call passes more positional arguments than the function takes.' },
  'missing-argument': { severity: 'error', category: 'calls', title: 'A required argument is not given.' },
  'unknown-argument': { severity: 'error', category: 'calls', title: 'A named argument that the function does not have.', fixable: true },
  'duplicate-argument': { severity: 'error', category: 'calls', title: 'An argument is given twice.' },
  'positional-after-named': { severity: 'error', category: 'calls', title: 'A positional argument follows a named one.' },
  'invalid-option': { severity: 'error', category: 'calls', title: 'A string option that the function does not accept.', fixable: true },
  'expected-string': { severity: 'error', category: 'calls', title: 'An option that must be a string literal is given something else.' },
  'expected-constant': { severity: 'error', category: 'calls', title: 'An argument that must be a constant (hyperparameter, number or axis) is a tensor.' },

  // Roles and shapes
  'unknown-role': { severity: 'error', category: 'roles', title: 'A parameter role that the language does not define.', fixable: true },
  'role-mismatch': { severity: 'error', category: 'roles', title: 'A value of one role is passed where another is expected (probabilities for logits, labels for a regression target, …).' },
  'parameter-kind': { severity: 'error', category: 'roles', title: 'A parameter must be either a tensor input (`name: role`) or a hyperparameter (`name = default`).' },
  'not-scalar': { severity: 'error', category: 'shapes', title: 'A loss does not reduce to a scalar.' },
  'scalar-expected': { severity: 'error', category: 'shapes', title: 'A hyperparameter, range bound or `learn` initial value must be a constant scalar.' },

  // Ranges
  'default-out-of-range': { severity: 'error', category: 'ranges', title: "A hyperparameter's default lies outside its declared range." },
  'invalid-range': { severity: 'error', category: 'ranges', title: 'A range whose lower bound exceeds its upper bound.' },
  'argument-out-of-range': { severity: 'warning', category: 'ranges', title: "A hyperparameter is set outside the builtin's valid or recommended range." },

  // Numerical stability (interval/sign analysis)
  'log-of-zero': { severity: 'warning', category: 'stability', title: 'log of a value that can reach 0 (−∞ value, infinite gradient).', fixable: true },
  'division-by-zero': { severity: 'warning', category: 'stability', title: 'Division by a value that can reach 0.', fixable: true },
  'sqrt-at-zero': { severity: 'warning', category: 'stability', title: 'sqrt of a value that can reach 0 (infinite gradient there).', fixable: true },
  'unstable-log-sigmoid': { severity: 'warning', category: 'stability', title: '`log(sigmoid(z))` underflows; use `log_sigmoid(z)`.', fixable: true },
  'unstable-log-softmax': { severity: 'warning', category: 'stability', title: '`log(softmax(z))` underflows; use `log_softmax(z)`.', fixable: true },
  'unstable-log1m-sigmoid': { severity: 'warning', category: 'stability', title: '`log(1 - sigmoid(z))` underflows; use `log_sigmoid(-z)`.', fixable: true },
  'exp-overflow': { severity: 'warning', category: 'stability', title: 'exp of a value that is unbounded above can overflow to Infinity.' },
  'pow-nan-gradient': { severity: 'warning', category: 'stability', title: '`b^γ` with γ < 1 where b can reach 0 has a NaN/infinite gradient there.' },

  // Semantics of the loss as an objective
  'unbounded-below': { severity: 'warning', category: 'semantics', title: 'The loss can decrease without bound; minimising it diverges.' },
  'weight-collapse': { severity: 'warning', category: 'semantics', title: 'A learnable weight multiplies a loss with no counter-term; training drives it to the trivial solution.', fixable: true },
  'negative-loss-weight': { severity: 'warning', category: 'semantics', title: 'A loss term enters with a negative weight, so minimising the total maximises that term.' },
  'kd-missing-t2': { severity: 'warning', category: 'semantics', title: 'Distillation with temperature T but no T² factor: the soft term fades as T grows.', fixable: true },
  'constant-loss': { severity: 'warning', category: 'semantics', title: 'The loss does not depend on any tensor input or learnable value.' },

  // Trials
  'unknown-trial-field': { severity: 'error', category: 'trials', title: 'A trial field that the trial block does not have.', fixable: true },
  'missing-trial-field': { severity: 'error', category: 'trials', title: 'A trial lacks a required field.' },
  'invalid-trial-value': { severity: 'error', category: 'trials', title: 'A trial field has a value of the wrong kind (an unknown generator, model, optimizer or metric).' },
  'unbound-loss-input': { severity: 'error', category: 'trials', title: "A trial's loss has a tensor input that no model output or data field can supply." },
  'unconstrained-critic': { severity: 'warning', category: 'trials', title: 'A GAN trial trains a critic whose loss is unbounded below (a Wasserstein critic) with neither a gradient penalty nor spectral normalisation.', fixable: true },
  'identical-passes': { severity: 'warning', category: 'trials', title: 'A loss compares two passes of the model that this model makes identical: `logits2` without dropout, `logits_fp` without `quantize`.', fixable: true },
} as const satisfies Record<string, DiagnosticCodeInfo>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

export function isDiagnosticCode(s: string): s is DiagnosticCode {
  return Object.prototype.hasOwnProperty.call(DIAGNOSTIC_CODES, s);
}
