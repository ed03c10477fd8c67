import type { Dataset } from './data/types.js';
import type { TrialLoss } from './loss.js';
import { compileTrialLoss } from './source-loss.js';
import { isActivation } from './models/activations.js';
import { LINEAR_DEFAULTS, MLP_DEFAULTS, type MlpSpec } from './models/mlp.js';
import { optimizerSpec, type OptimizerSpec } from './optim/optimizer.js';
import { constant, cosine, ramp, warmup, type Schedule } from './optim/schedule.js';
import type { LossRef, ModelSpecJson, OptimizerSpecJson, ScheduleSpec } from './protocol.js';
import { REFERENCE_LOSSES } from './reference-losses.js';

// Turns the JSON trial plan (protocol.ts) into the engine's objects, with a clear message for every bad
// value. Losses written in a `.loss` document are compiled by source-loss.ts (the numerics compiler).

export type SourceLossCompiler = (ref: Extract<LossRef, { kind: 'source' }>, data: Dataset) => TrialLoss;

let sourceCompiler: SourceLossCompiler = compileTrialLoss;

/** Replaces the compiler of `.loss` source losses (tests); undefined restores the numerics compiler. */
export function setSourceLossCompiler(c: SourceLossCompiler | undefined): void {
  sourceCompiler = c ?? compileTrialLoss;
}

/** The engine's object for a loss reference; `.loss` sources are compiled for this data's task. */
export function resolveLoss(ref: LossRef, data: Dataset): TrialLoss {
  if (ref.kind === 'reference') {
    const make = REFERENCE_LOSSES[ref.name];
    if (!make) throw new Error(`unknown reference loss '${ref.name}' (known: ${Object.keys(REFERENCE_LOSSES).join(', ')})`);
    return make(ref.label ?? ref.name);
  }
  return sourceCompiler(ref, data);
}

export function resolveModel(m: ModelSpecJson): MlpSpec {
  if (m.kind !== 'mlp' && m.kind !== 'linear') throw new Error(`unknown model '${(m as { kind: string }).kind}' (known: linear, mlp)`);
  const base = m.kind === 'linear' ? LINEAR_DEFAULTS : MLP_DEFAULTS;
  const activation = m.activation ?? base.activation;
  if (!isActivation(activation)) throw new Error(`unknown activation '${activation}'`);
  return {
    kind: m.kind,
    hidden: m.kind === 'linear' ? [] : [...(m.hidden ?? base.hidden)],
    activation,
    dropout: m.dropout ?? base.dropout,
    quantize: m.quantize ?? null,
    spectral_norm: m.spectral_norm ?? false,
    head: m.head ?? 'linear',
  };
}

export function resolveSchedule(s: ScheduleSpec): Schedule {
  if (typeof s === 'number') {
    if (!Number.isFinite(s)) throw new Error(`schedule value must be finite, got ${s}`);
    return constant(s);
  }
  switch (s.kind) {
    case 'ramp': return ramp(s.from, s.to, s.start ?? 0, s.end ?? 1);
    case 'cosine': return cosine(s.from, s.to);
    case 'warmup': return warmup(s.value, s.until ?? 0.1);
    case 'product': {
      const fs = s.factors.map(resolveSchedule);
      return (p) => fs.reduce((acc, f) => acc * f(p), 1);
    }
    default: throw new Error(`unknown schedule '${(s as { kind: string }).kind}' (known: ramp, cosine, warmup)`);
  }
}

export function resolveOptimizer(o: OptimizerSpecJson): OptimizerSpec {
  const { kind, lr, ...rest } = o;
  const over: Partial<OptimizerSpec> = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  return optimizerSpec(kind, lr === undefined ? over : { ...over, lr: typeof lr === 'number' ? lr : resolveSchedule(lr) });
}

/** Default recording interval: about 30 points per series. */
export function defaultRecordEvery(steps: number): number {
  return Math.max(1, Math.round(steps / 30));
}
