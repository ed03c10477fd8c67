import * as tf from '@tensorflow/tfjs-core';
import type * as A from '../core/syntax/ast.js';
import { EvalError } from './errors.js';
import { Evaluator, type EvalState, type LearnOrigin, type LossProgram } from './evaluator.js';
import type { T, Value } from './kernels/kernel.js';
import { TensorList } from './kernels/kernel.js';
import { dependOn } from './ops.js';
import './tfjs.js';

export type { ContextValues, Combiner, EvalState, LearnOrigin, LossProgram } from './evaluator.js';

// Compiles a checked loss into a TensorFlow.js function of its tensor inputs, plus value-and-gradient
// helpers. Used by `losslab eval`, the trial engine and the landscape view alike: it knows nothing of
// the command line, and the helpers leave no tensor behind.

/** A hyperparameter override: a number, or a vector for per-class hyperparameters. */
export type ParamValue = number | readonly number[];

export interface CompileOptions {
  /** Overrides of the loss's hyperparameters, by name (`{gamma: 1}`). */
  readonly params?: Readonly<Record<string, ParamValue>>;
}

export interface InputSpec {
  readonly name: string;
  /** The declared role (`logits`, `binary`, …). */
  readonly role: string;
  readonly param: A.Parameter;
}

export interface HyperSpec {
  readonly name: string;
  readonly param: A.Parameter;
  /** The value given in the options, when it overrides the default. */
  readonly override?: ParamValue;
}

export interface LearnableSpec {
  /** Qualified name: `s` (this loss), `helper.s` (a called loss), `s1` (a builtin's state). */
  readonly name: string;
  readonly origin: LearnOrigin;
  readonly shape: readonly number[];
}

export interface ValueAndGrads {
  readonly value: tf.Scalar;
  /** Gradients by input or learn-value name, each with the shape of what it differentiates. */
  readonly grads: Readonly<Record<string, T>>;
}

export class CompiledLoss {
  readonly inputs: readonly InputSpec[];
  readonly hyperparameters: readonly HyperSpec[];

  constructor(
    readonly name: string,
    private readonly program: LossProgram,
    private readonly decl: A.LossDecl,
    private readonly overrides: Readonly<Record<string, ParamValue>>,
  ) {
    this.inputs = decl.params.filter((p) => p.role).map((p) => ({ name: p.name.name, role: p.role!.name, param: p }));
    this.hyperparameters = decl.params
      .filter((p) => !p.role)
      .map((p) => (p.name.name in overrides ? { name: p.name.name, param: p, override: overrides[p.name.name]! } : { name: p.name.name, param: p }));
  }

  /**
   * The loss on these inputs: a scalar tensor, differentiable by tf.grad / tf.variableGrads with respect
   * to the inputs and to the tensors given in `state.learn`. Leaves its intermediates to the caller's
   * tf.tidy (or gradient function).
   */
  evaluate(inputs: Readonly<Record<string, T>>, state: EvalState = {}): tf.Scalar {
    this.checkInputs(inputs);
    const params = new Map<string, Value>();
    for (const i of this.inputs) params.set(i.name, inputs[i.name]!);
    for (const h of this.hyperparameters) {
      if (h.override !== undefined) params.set(h.name, typeof h.override === 'number' ? tf.scalar(h.override) : tf.tensor1d([...h.override]));
    }
    const ev = new Evaluator(this.program, state);
    const missingDefaults = this.hyperparameters.filter((h) => h.override === undefined && !h.param.defaultValue);
    if (missingDefaults.length) {
      throw new EvalError(`hyperparameter '${missingDefaults[0]!.name}' has no default: give it a value`, missingDefaults[0]!.param.span);
    }
    const v = ev.evalLoss(this.name, withDefaults(params, this.hyperparameters, ev, this.name), '');
    if (typeof v === 'string' || v instanceof TensorList) throw new EvalError(`loss '${this.name}' does not compute a number`, this.decl.span);
    if (v.rank !== 0) {
      throw new EvalError(`loss '${this.name}' does not reduce to a scalar: its value has shape [${v.shape.join(', ')}] (wrap it in mean() or sum())`, this.decl.name?.span ?? this.decl.span);
    }
    return v as tf.Scalar;
  }

  /**
   * Every learnable value the loss uses (its own `learn` statements, called losses' ones, builtin state),
   * with its initial value (or the one supplied in `state.learn`). The tensors are new: dispose them.
   */
  learnables(inputs: Readonly<Record<string, T>>, state: EvalState = {}): { specs: LearnableSpec[]; values: Record<string, T> } {
    const specs: LearnableSpec[] = [];
    const values: Record<string, T> = {};
    tf.tidy(() => {
      this.evaluate(inputs, {
        ...state,
        onLearnable: (name, value, origin) => {
          if (name in values) return;
          specs.push({ name, origin, shape: value.shape });
          values[name] = tf.keep(tf.clone(value));
        },
      });
    });
    return { specs, values };
  }

  /**
   * The value and the gradients with respect to the named inputs and learn values. Learn values not in
   * `state.learn` start from their initial values. The returned tensors are new: dispose them.
   */
  valueAndGrads(inputs: Readonly<Record<string, T>>, wrt: readonly string[], state: EvalState = {}): ValueAndGrads {
    const unknown = wrt.filter((n) => !this.inputs.some((i) => i.name === n));
    let learn: Record<string, T> = { ...(state.learn ?? {}) };
    const created: T[] = [];
    if (unknown.length) {
      const { specs, values } = this.learnables(inputs, state);
      created.push(...Object.values(values));
      for (const n of unknown) {
        if (!specs.some((s) => s.name === n)) {
          tf.dispose(created);
          throw new EvalError(`cannot differentiate with respect to '${n}': it is neither a tensor input nor a learn value of '${this.name}'${this.inputs.length ? ` (inputs: ${this.inputs.map((i) => i.name).join(', ')})` : ''}`);
        }
      }
      learn = { ...values, ...learn };
    }
    try {
      return tf.tidy(() => {
        const xs = wrt.map((n) => inputs[n] ?? learn[n]!);
        const f = (...vs: T[]): tf.Scalar => {
          const ins = { ...inputs };
          const ls = { ...learn };
          wrt.forEach((n, k) => {
            if (this.inputs.some((i) => i.name === n)) ins[n] = vs[k]!;
            else ls[n] = vs[k]!;
          });
          return dependOn(this.evaluate(ins, { ...state, learn: ls }), vs) as tf.Scalar;
        };
        if (xs.length === 0) return { value: f(), grads: {} };
        const { value, grads } = tf.valueAndGrads(f)(xs);
        return { value, grads: Object.fromEntries(wrt.map((n, k) => [n, grads[k]!])) };
      });
    } finally {
      tf.dispose(created);
    }
  }

  private checkInputs(inputs: Readonly<Record<string, T>>): void {
    const missing = this.inputs.filter((i) => !(i.name in inputs));
    if (missing.length) {
      throw new EvalError(`missing input${missing.length > 1 ? 's' : ''} ${missing.map((i) => `'${i.name}' (${i.role})`).join(', ')} of loss '${this.name}'`, missing[0]!.param.span);
    }
    const extra = Object.keys(inputs).filter((n) => !this.inputs.some((i) => i.name === n));
    if (extra.length) {
      throw new EvalError(`'${this.name}' has no tensor input${extra.length > 1 ? 's' : ''} ${extra.map((n) => `'${n}'`).join(', ')}${this.inputs.length ? ` (its inputs: ${this.inputs.map((i) => i.name).join(', ')})` : ''}`);
    }
  }
}

/** Adds the default of every hyperparameter not overridden, evaluated like any expression of the loss. */
function withDefaults(params: Map<string, Value>, hypers: readonly HyperSpec[], ev: Evaluator, loss: string): Map<string, Value> {
  const missing = hypers.filter((h) => !params.has(h.name));
  if (missing.length === 0) return params;
  // Defaults are constant expressions (numbers, vectors, schedules of progress), evaluated with the
  // same rules as the body.
  const out = new Map(params);
  for (const h of missing) {
    const v = ev.evalDefault(loss, h.param.defaultValue!);
    out.set(h.name, v);
  }
  return out;
}

/**
 * Compiles the loss `name` of a checked program (an `Analysis`, or anything with its `losses`).
 * Throws EvalError for an unknown loss or an override of a parameter the loss does not have.
 */
export function compileLoss(program: LossProgram, name: string, options: CompileOptions = {}): CompiledLoss {
  const info = program.losses.get(name);
  if (!info) {
    const known = [...program.losses.keys()];
    throw new EvalError(`no loss named '${name}'${known.length ? ` (this file has: ${known.join(', ')})` : ' (this file declares no loss)'}`);
  }
  const overrides = options.params ?? {};
  for (const key of Object.keys(overrides)) {
    const p = info.decl.params.find((q) => q.name.name === key);
    if (!p) throw new EvalError(`loss '${name}' has no parameter '${key}'${info.decl.params.length ? ` (its parameters: ${info.decl.params.map((q) => q.name.name).join(', ')})` : ''}`);
    if (p.role) throw new EvalError(`'${key}' is a tensor input of '${name}' (${p.role.name}), not a hyperparameter: give it with the inputs`);
    const v = overrides[key]!;
    const ok = typeof v === 'number' ? Number.isFinite(v) : Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number' && Number.isFinite(x));
    if (!ok) throw new EvalError(`the value of '${key}' must be a finite number or a non-empty vector of numbers`);
  }
  return new CompiledLoss(name, program, info.decl, overrides);
}
