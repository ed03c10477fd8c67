import { ROLES, type Role } from '../builtins/roles.js';

// Which inferred roles may be passed where a builtin or loss expects others. The checker only reports a
// mismatch when the argument's role is known and fits none of the expected ones: values computed by
// arithmetic have no role and are always accepted.

/** Roles interchangeable with an expected role beyond equality. */
const ALSO_ACCEPTED: Partial<Record<Role, readonly Role[]>> = {
  // Any unnormalised score can stand where logits are expected.
  logits: ['teacher', 'critic', 'logits2', 'logits_fp'],
  teacher: ['logits', 'logits2', 'logits_fp'],
  logits2: ['logits', 'logits_fp'],
  logits_fp: ['logits', 'logits2'],
  critic: ['logits'],
  // 0/1 targets of one kind are 0/1 targets of another.
  binary: ['multilabel', 'mask'],
  multilabel: ['binary', 'mask'],
  // Soft targets: a probability row is a valid one-hot-like target, and vice versa.
  onehot: ['probs'],
  probs: ['onehot'],
  target: ['real', 'probs', 'features', 'distance', 'binary', 'signs'],
  real: ['target', 'features', 'probs', 'logprobs', 'distance', 'mask', 'binary', 'signs', 'onehot', 'multilabel', 'weights', 'counts'],
  features: ['real', 'target', 'logits', 'probs'],
  distance: ['real', 'target'],
  signs: ['binary'],
  weights: ['real', 'features'],
};

export function roleAccepted(actual: Role, expected: readonly Role[]): boolean {
  // `real` declares "any real tensor": the user opted out of role checking for that input.
  if (actual === 'real') return true;
  return expected.some((e) => e === actual || (ALSO_ACCEPTED[e]?.includes(actual) ?? false));
}

/** A sentence that says why the mismatch matters, for the common mistakes; generic otherwise. */
export function mismatchAdvice(actual: Role, expected: readonly Role[]): string {
  const wants = (r: Role): boolean => expected.includes(r);
  if (actual === 'probs' && (wants('logits') || wants('teacher')))
    return 'it applies the sigmoid/softmax itself, so pass the logits (passing probabilities squashes them twice)';
  if (actual === 'logits' && wants('probs')) return 'it expects probabilities: pass sigmoid(z) or softmax(z)';
  if (actual === 'labels' && (wants('target') || wants('real')))
    return 'class indices are not regression targets: use a classification loss such as ce, or pass real-valued targets';
  if (actual === 'labels' && (wants('binary') || wants('onehot') || wants('multilabel')))
    return 'class indices are not 0/1 targets: convert them with onehot(y, C), or use a loss that takes labels';
  if ((actual === 'binary' || actual === 'onehot' || actual === 'multilabel') && wants('labels'))
    return 'it expects class indices: declare the input as labels, or use the sigmoid form of the loss';
  if (ROLES[actual].isTarget && (wants('logits') || wants('probs')))
    return 'a target is passed where the model output belongs: check the argument order';
  if (ROLES[actual].isScore && expected.some((e) => ROLES[e].isTarget))
    return 'a model output is passed where the target belongs: check the argument order';
  return `it expects ${expected.join(' or ')}`;
}
