import type { LossPlan } from '../../src/export/plan.js';

// Inputs for any loss, made from its inputs' roles: N = 4 rows, C = 3 classes, D = 2 features. Scores
// have a class axis when the loss also takes class labels, one-hot or multi-label targets, probabilities,
// or a teacher; otherwise (binary tasks, critics) they are vectors. Values avoid kinks and ties.

const N = 4;
const C = 3;

const SCORES = [[1.2, -0.3, 0.5], [0.1, 2.0, -1.1], [-0.7, 0.4, 0.9], [1.5, -1.2, 0.3]];
const SCORES_B = [[0.9, 0.1, -0.4], [-0.2, 1.1, 0.3], [0.5, -0.6, 1.4], [0.8, 0.2, -1.0]];
const VEC = [0.8, -1.3, 2.1, -0.4];
const VEC_B = [0.3, -1.2, 2.5, 0.7];
const FEATURES = [[0.5, -1.0], [1.5, 0.2], [-0.3, 0.8], [0.9, 1.1]];
const FEATURES_B = [[0.1, -0.4], [1.2, 0.9], [-0.8, 0.3], [0.6, 1.6]];

const CLASS_ROLES = new Set(['labels', 'onehot', 'probs', 'multilabel', 'teacher']);
const SCORE_ROLES = new Set(['logits', 'teacher', 'logits2', 'logits_fp']);
/** Roles of targets: not differentiated in the tests. */
export const TARGET_ROLES = new Set(['labels', 'binary', 'multilabel', 'onehot', 'signs']);

export const CONTEXT: Readonly<Record<string, unknown>> = {
  progress: 0.3,
  step: 5,
  num_classes: C,
  class_counts: [100, 20, 5],
  weights: [[0.5, -1.0], [0.25, 2.0]],
};

export function roleInputs(plan: LossPlan): Record<string, unknown> {
  const roles = plan.inputs.map((p) => p.role?.name ?? 'real');
  const classAxis = roles.some((r) => CLASS_ROLES.has(r));
  const out: Record<string, unknown> = {};
  let seen = 0;
  for (const p of plan.inputs) {
    const role = p.role?.name ?? 'real';
    const alt = seen++ % 2 === 1;
    const shift = (v: number[]) => v.map((x, i) => x + 0.1 * (i + seen));
    switch (role) {
      case 'labels': out[p.name.name] = [0, 1, 2, 0]; break;
      case 'binary': out[p.name.name] = [1, 0, 1, 0]; break;
      case 'signs': out[p.name.name] = [1, -1, 1, -1]; break;
      case 'multilabel': out[p.name.name] = [[1, 0, 1], [0, 1, 1], [0, 0, 1], [1, 1, 0]]; break;
      case 'onehot': out[p.name.name] = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0]]; break;
      case 'probs': out[p.name.name] = [[0.7, 0.2, 0.1], [0.1, 0.6, 0.3], [0.25, 0.25, 0.5], [0.3, 0.3, 0.4]]; break;
      case 'features': out[p.name.name] = (alt ? FEATURES_B : FEATURES).map(shift); break;
      default:
        if (SCORE_ROLES.has(role) && classAxis) out[p.name.name] = (alt ? SCORES_B : SCORES).map(shift);
        else out[p.name.name] = shift(alt ? VEC_B : VEC);
    }
  }
  if (Object.keys(out).length !== plan.inputs.length || N !== 4) throw new Error('internal');
  return out;
}
