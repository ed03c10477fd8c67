import type { Kernel } from './kernel.js';
import { MATH_KERNELS } from './math.js';
import { REDUCTION_KERNELS } from './reductions.js';
import { SCHEDULE_KERNELS } from './schedules.js';
import { TENSOR_KERNELS } from './tensors.js';
import { ADAPTIVE_MARGIN_KERNELS } from './losses/adaptive-margin.js';
import { ADVERSARIAL_KERNELS } from './losses/adversarial.js';
import { BASE_KERNELS } from './losses/base.js';
import { DISTILLATION_KERNELS } from './losses/distillation.js';
import { DYNAMIC_WEIGHTING_KERNELS } from './losses/dynamic-weighting.js';
import { IMBALANCE_KERNELS } from './losses/imbalance.js';
import { MULTI_TASK_KERNELS } from './losses/multi-task.js';
import { QUANTISATION_KERNELS } from './losses/quantisation.js';
import { REGULARISATION_KERNELS } from './losses/regularisation.js';

// Every builtin function's numerical implementation, by name (`grad` is compiled, not a kernel).

const ALL: readonly Kernel[] = [
  ...MATH_KERNELS, ...REDUCTION_KERNELS, ...TENSOR_KERNELS, ...SCHEDULE_KERNELS,
  ...DYNAMIC_WEIGHTING_KERNELS, ...MULTI_TASK_KERNELS, ...ADVERSARIAL_KERNELS, ...IMBALANCE_KERNELS,
  ...REGULARISATION_KERNELS, ...ADAPTIVE_MARGIN_KERNELS, ...DISTILLATION_KERNELS, ...QUANTISATION_KERNELS,
  ...BASE_KERNELS,
];

export const KERNELS: ReadonlyMap<string, Kernel> = new Map(ALL.map((k) => [k.name, k]));

export function kernelFor(name: string): Kernel | undefined {
  return KERNELS.get(name);
}
