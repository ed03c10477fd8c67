// Learning-rate (and other hyperparameter) schedules as functions of training progress p ∈ [0, 1]
// (step / steps), matching the language's schedule builtins: ramp, cosine, warmup.

export type Schedule = (progress: number) => number;

export const constant = (v: number): Schedule => () => v;

/** Linear from `from` at p = start to `to` at p = end, constant outside. */
export function ramp(from: number, to: number, start = 0, end = 1): Schedule {
  return (p) => {
    if (end <= start) return p < start ? from : to;
    const t = Math.min(1, Math.max(0, (p - start) / (end - start)));
    return from + (to - from) * t;
  };
}

/** Half-cosine from `from` (p = 0) to `to` (p = 1). */
export function cosine(from: number, to: number): Schedule {
  return (p) => to + (from - to) * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, Math.max(0, p))));
}

/** Linear warm-up from 0 to `value` over [0, until], then `value`. */
export function warmup(value: number, until = 0.1): Schedule {
  return (p) => (until <= 0 ? value : value * Math.min(1, Math.max(0, p) / until));
}
