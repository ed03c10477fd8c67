import * as I from '../analysis/interval.js';
import { hyper } from './params.js';
import { arg } from './range-helpers.js';
import type { BuiltinFunction } from './types.js';

// Schedules: ordinary functions of the context value `progress` (0 at the first step of a trial, 1 at
// the last). They are constants as far as gradients go, so they can stand wherever a hyperparameter
// can: `focal(z, y, gamma=ramp(0, 2))`, or an optimizer's `lr` in a trial.

export const SCHEDULE_BUILTINS: readonly BuiltinFunction[] = [
  {
    name: 'ramp', category: 'schedule', family: 'schedule', result: 'scalar',
    params: [
      hyper('from', undefined, 'The value up to `start`.', { tex: 'v_{0}'}),
      hyper('to', undefined, 'The value from `end` on.', { tex: 'v_{1}' }),
      hyper('start', 0, 'Progress at which the ramp starts.', { valid: [0, 1], recommended: [0, 1], tex: 's' }),
      hyper('end', 1, 'Progress at which the ramp ends (≥ start).', { valid: [0, 1], recommended: [0, 1], tex: 'e' }),
    ],
    doc: 'A linear ramp in training progress: `from` until progress reaches `start`, then linear to `to` at `end`, then `to`. With `start = end` it is a step at that point. Outside a trial (`losslab eval`) progress is taken from `--context`, 0 by default.',
    formula: 'v_{0} + (v_{1} - v_{0})\\,\\operatorname{clamp}\\!\\left(\\frac{\\tau - s}{e - s}, 0, 1\\right)',
    tex: '\\operatorname{ramp}_{{from}\\to{to}}(\\tau)',
    range: (args) => I.union(arg(args, 'from'), arg(args, 'to')),
  },
  {
    name: 'cosine', category: 'schedule', family: 'schedule', result: 'scalar',
    params: [
      hyper('from', undefined, 'The value at progress 0.', { tex: 'v_{0}' }),
      hyper('to', undefined, 'The value at progress 1.', { tex: 'v_{1}' }),
    ],
    doc: 'Cosine annealing over the whole trial: `to + (from − to)·(1 + cos(π·progress))/2`, so `from` at the first step, `to` at the last, flat at both ends (Loshchilov & Hutter’s SGDR curve without restarts).',
    formula: 'v_{1} + \\frac{v_{0} - v_{1}}{2}\\left(1 + \\cos \\pi\\tau\\right)',
    tex: '\\operatorname{cos}_{{from}\\to{to}}(\\tau)',
    range: (args) => I.union(arg(args, 'from'), arg(args, 'to')),
  },
  {
    name: 'warmup', category: 'schedule', family: 'schedule', result: 'scalar',
    params: [
      hyper('value', undefined, 'The value after the warm-up.', { tex: 'v' }),
      hyper('until', 0.1, 'Progress at which the warm-up ends (0: no warm-up).', { valid: [0, 1], recommended: [0, 0.3], tex: 'u' }),
    ],
    doc: 'Linear warm-up from 0: `value · min(1, progress / until)`, so 0 at the first step and `value` from progress `until` on (`until = 0`: `value` throughout). Multiply schedules to combine them: `warmup(1, until=0.05) * cosine(0.01, 0.0001)`.',
    formula: 'v \\cdot \\min\\!\\left(1, \\frac{\\tau}{u}\\right)',
    tex: '\\operatorname{warmup}_{{value}}(\\tau)',
    range: (args) => I.union(I.point(0), arg(args, 'value')),
  },
];
