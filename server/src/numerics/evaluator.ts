import * as tf from '@tensorflow/tfjs-core';
import { ROLES, type Role } from '../core/builtins/roles.js';
import { CONSTANTS, CONTEXT_VALUES, lookupFunction } from '../core/builtins/table.js';
import { bindArguments, builtinSignature, lossSignature, type Signature, type SignatureParam } from '../core/analysis/signature.js';
import * as A from '../core/syntax/ast.js';
import { EvalError } from './errors.js';
import { complementLogOf, logOf, withLogs } from './log-twins.js';
import { kernelFor } from './kernels/index.js';
import { KernelError, TensorList, type CombinerKind, type Kernel, type KernelArgs, type KernelRuntime, type T, type Value } from './kernels/kernel.js';
import * as O from './ops.js';

// Evaluates the checked AST of a loss with TensorFlow.js. Everything it computes is differentiable
// by tf.grad (to any order: `grad(f, x)` inside a loss is a nested tf.grad), and nothing is cached
// across evaluations, so it can run under tf.grad, tf.variableGrads and tf.tidy.

/** What the compiler knows of the document: its losses (and imported ones), and the checker's roles. */
export interface LossProgram {
  readonly losses: ReadonlyMap<string, { readonly decl: A.LossDecl; readonly file?: string }>;
  readonly values?: ReadonlyMap<A.Expr, { readonly role?: Role }>;
}

/** Context values a trial (or `--context`) supplies. */
export interface ContextValues {
  readonly progress?: number;
  readonly step?: number;
  readonly num_classes?: number;
  readonly class_counts?: T | readonly number[];
  readonly weights?: T | readonly T[];
}

/** Combines the task losses of `gradnorm`/`dwa`/`pcgrad`/`mgda`; `defaults` are the pre-training weights. */
export type Combiner = (kind: CombinerKind, losses: T[], defaults: number[], callIndex: number) => T;

/** Per-evaluation state. */
export interface EvalState {
  /** `learn` values and builtin-owned learnable state, by qualified name (`s`, `helper.s`, `s1`). */
  readonly learn?: Readonly<Record<string, T>>;
  readonly context?: ContextValues;
  /** Seed of the random draws (`quant_noise`); each draw of one evaluation derives its own from it. */
  readonly seed?: number;
  /** A training step of a trial: random perturbations (`quant_noise`) are on. Default false. */
  readonly training?: boolean;
  readonly combine?: Combiner;
  /** Called for every learnable used, with the value it had (its init when none was supplied). */
  readonly onLearnable?: (name: string, value: T, origin: LearnOrigin) => void;
}

export interface LearnOrigin {
  /** The loss whose `learn` statement (or builtin call) owns it. */
  readonly loss: string;
  /** The builtin owning it (`uncertainty`, `center`), absent for a `learn` statement. */
  readonly builtin?: string;
}

interface Frame {
  readonly decl: A.LossDecl;
  readonly file: string | undefined;
  /** Prefix of the learn names of this loss (`` for the compiled loss, `helper.` for a called one). */
  readonly prefix: string;
  /** Tensor inputs and hyperparameters of this call. */
  readonly params: ReadonlyMap<string, Value>;
  readonly lets: ReadonlyMap<string, A.LetStatement>;
  readonly learns: ReadonlyMap<string, A.LearnStatement>;
  /** Overrides from `grad(f, x)`: x rebound to the variable being differentiated. */
  readonly rebound: ReadonlyMap<string, T>;
  readonly cache: Map<string, Value>;
  readonly evaluating: Set<string>;
}

export class Evaluator {
  private seedCounter = 0;
  private readonly builtinCallCounts = new Map<string, number>();
  private combinerCalls = 0;

  constructor(
    private readonly program: LossProgram,
    private readonly state: EvalState,
  ) {}

  /** Evaluates a loss on bound arguments (tensor inputs and hyperparameters, by parameter name). */
  evalLoss(name: string, params: ReadonlyMap<string, Value>, prefix: string): Value {
    const info = this.program.losses.get(name);
    if (!info) throw new EvalError(`unknown loss '${name}'`);
    const decl = info.decl;
    const lets = new Map<string, A.LetStatement>();
    const learns = new Map<string, A.LearnStatement>();
    let ret: A.ReturnStatement | undefined;
    for (const s of decl.body) {
      if (s.kind === 'Let') lets.set(s.name.name, s);
      else if (s.kind === 'Learn') learns.set(s.name.name, s);
      else ret ??= s;
    }
    if (!ret) throw new EvalError(`loss '${name}' has no return statement`, decl.name?.span ?? decl.span, info.file);
    const frame: Frame = { decl, file: info.file, prefix, params, lets, learns, rebound: new Map(), cache: new Map(), evaluating: new Set() };
    return this.eval(ret.value, frame);
  }

  /** Evaluates a parameter default of a loss (a constant expression: no inputs, lets or learns). */
  evalDefault(name: string, e: A.Expr): Value {
    const info = this.program.losses.get(name);
    if (!info) throw new EvalError(`unknown loss '${name}'`);
    return this.eval(e, this.emptyFrame(info.decl, info.file));
  }

  private emptyFrame(decl: A.LossDecl, file: string | undefined): Frame {
    return { decl, file, prefix: '', params: new Map(), lets: new Map(), learns: new Map(), rebound: new Map(), cache: new Map(), evaluating: new Set() };
  }

  // ------------------------------------------------------------------------------------------------

  private fail(message: string, e: { span: A.Expr['span'] }, f: Frame): never {
    throw new EvalError(message, e.span, f.file);
  }

  private eval(e: A.Expr, f: Frame): Value {
    switch (e.kind) {
      case 'Number':
        return tf.scalar(e.value);
      case 'String':
        return e.value;
      case 'Paren':
        return this.eval(e.expr, f);
      case 'Vector':
        return this.vector(e, f);
      case 'Name':
        return this.name(e, f);
      case 'Unary': {
        const v = this.eval(e.operand, f);
        if (e.op === '+') return v;
        return this.mapNumeric(v, e, f, (x) => tf.neg(x));
      }
      case 'Binary':
        return this.binary(e, f);
      case 'Call':
        return this.call(e, f);
      case 'ErrorExpr':
        return this.fail('this expression could not be read (fix the syntax error first)', e, f);
    }
  }

  private vector(e: A.VectorLiteral, f: Frame): T {
    if (e.items.length === 0) return this.fail('an empty vector has no values', e, f);
    const items = e.items.map((i) => this.tensorOf(this.eval(i, f), i, f));
    const shape = items[0]!.shape;
    if (items.some((x) => x.shape.length !== shape.length || x.shape.some((d, k) => d !== shape[k]))) {
      return this.fail('the items of a vector literal must all have the same shape', e, f);
    }
    return tf.stack(items);
  }

  private name(e: A.NameRef, f: Frame): Value {
    const n = e.name;
    const rebound = f.rebound.get(n);
    if (rebound) return rebound;
    if (f.params.has(n)) return f.params.get(n)!;
    if (f.learns.has(n)) return this.learnValue(n, f);
    if (f.lets.has(n)) return this.letValue(n, f);
    const c = CONSTANTS.get(n);
    if (c) return tf.scalar(c.value);
    if (CONTEXT_VALUES.has(n)) return this.contextValue(n, e, f);
    return this.fail(`unknown name '${n}'`, e, f);
  }

  private letValue(n: string, f: Frame): Value {
    const cached = f.cache.get(n);
    if (cached !== undefined) return cached;
    const stmt = f.lets.get(n)!;
    if (f.evaluating.has(n)) return this.fail(`'${n}' is defined in terms of itself`, stmt.name, f);
    f.evaluating.add(n);
    try {
      const v = this.eval(stmt.value, f);
      f.cache.set(n, v);
      return v;
    } finally {
      f.evaluating.delete(n);
    }
  }

  private learnValue(n: string, f: Frame): T {
    const key = f.prefix + n;
    const cached = f.cache.get(`learn:${n}`);
    if (cached !== undefined) return cached as T;
    const given = this.state.learn?.[key];
    let v: T;
    if (given) {
      v = given;
    } else {
      const stmt = f.learns.get(n)!;
      v = this.tensorOf(this.eval(stmt.init, f), stmt.init, f);
      if (v.rank !== 0) return this.fail(`learn '${n}' must start from a number, not a tensor of shape [${v.shape.join(', ')}]`, stmt.init, f);
    }
    this.state.onLearnable?.(key, v, { loss: f.decl.name?.name ?? '?' });
    f.cache.set(`learn:${n}`, v);
    return v;
  }

  private contextValue(n: string, e: A.NameRef, f: Frame): Value {
    const ctx = this.state.context ?? {};
    switch (n) {
      case 'progress':
        return tf.scalar(ctx.progress ?? 0);
      case 'step':
        return tf.scalar(ctx.step ?? 0);
      case 'num_classes':
        if (ctx.num_classes === undefined) return this.fail(`'num_classes' is not known here: give it as a context value (--context '{"num_classes": C}')`, e, f);
        return tf.scalar(ctx.num_classes);
      case 'class_counts': {
        const c = ctx.class_counts;
        if (c === undefined) return this.fail(`'class_counts' is not known here: give it as a context value (--context '{"class_counts": [n0, n1, …]}')`, e, f);
        return c instanceof tf.Tensor ? c : tf.tensor1d([...c]);
      }
      case 'weights': {
        const w = ctx.weights;
        if (w === undefined) return this.fail(`'weights' is not known here: give the weights as a context value (--context '{"weights": [...]}')`, e, f);
        return w instanceof tf.Tensor ? w : new TensorList([...w]);
      }
      default:
        return this.fail(`unknown context value '${n}'`, e, f);
    }
  }

  private tensorOf(v: Value, e: A.Expr, f: Frame): T {
    if (typeof v === 'string') return this.fail(`a string ("${v}") is not a number`, e, f);
    if (v instanceof TensorList) return this.fail(`'weights' is a list of tensors of different shapes: reduce it (sum, l1, l2) before using it here`, e, f);
    return v;
  }

  /** Applies a numeric operation to a tensor or to each tensor of a weight list. */
  private mapNumeric(v: Value, e: A.Expr, f: Frame, op: (x: T) => T): Value {
    if (v instanceof TensorList) return new TensorList(v.items.map(op));
    return this.guard(e, f, () => op(this.tensorOf(v, e, f)));
  }

  private binary(e: A.Binary, f: Frame): Value {
    const l = this.eval(e.left, f);
    const r = this.eval(e.right, f);
    const op = binaryOp(e.op);
    if (l instanceof TensorList || r instanceof TensorList) {
      if (l instanceof TensorList && r instanceof TensorList) return this.fail(`cannot combine two weight lists elementwise`, e, f);
      const other = this.tensorOf(l instanceof TensorList ? r : l, l instanceof TensorList ? e.right : e.left, f);
      if (other.rank !== 0) return this.fail(`'weights' (a list of tensors) can only be combined with a scalar`, e, f);
      const list = (l instanceof TensorList ? l : r) as TensorList;
      return new TensorList(list.items.map((w) => (l instanceof TensorList ? op(w, other) : op(other, w))));
    }
    const a = this.tensorOf(l, e.left, f);
    const b = this.tensorOf(r, e.right, f);
    if (!O.broadcastShapes(a.shape, b.shape)) {
      return this.fail(`shapes [${a.shape.join(', ')}] and [${b.shape.join(', ')}] do not broadcast together for '${e.op}'`, e, f);
    }
    return this.guard(e, f, () => complementTwins(e, b, op(a, b)));
  }

  /** Runs tfjs code for an expression, turning its errors into located ones. */
  private guard<R>(e: { span: A.Expr['span'] }, f: Frame, run: () => R): R {
    try {
      return run();
    } catch (err) {
      if (err instanceof EvalError) throw err;
      const msg = err instanceof Error ? err.message : String(err);
      throw new EvalError(msg, e.span, f.file);
    }
  }

  // ------------------------------------------------------------------------------------------------
  // Calls

  private call(e: A.Call, f: Frame): Value {
    const name = e.callee.name;
    if (f.params.has(name) || f.lets.has(name) || f.learns.has(name)) {
      return this.fail(`'${name}' is a value, not a function`, e.callee, f);
    }
    if (this.program.losses.has(name)) return this.callLoss(e, name, f);
    if (name === 'grad') return this.grad(e, f);
    const kernel = kernelFor(name);
    if (!kernel) return this.fail(`unknown function or loss '${name}'`, e.callee, f);
    return this.callBuiltin(e, kernel, f);
  }

  private bind(e: A.Call, sig: Signature, f: Frame): Map<string, { param: SignatureParam; args: A.Argument[] }> {
    const b = bindArguments(sig, e.args);
    const problem = b.problems[0];
    if (problem) {
      const where = problem.arg ?? e;
      const what = problem.arg?.name ? `'${problem.arg.name.name}'` : 'this argument';
      const text: Record<typeof problem.code, string> = {
        'too-many-arguments': `too many arguments for '${sig.name}'`,
        'unknown-argument': `'${sig.name}' has no parameter ${what}`,
        'duplicate-argument': `${what} is given twice`,
        'positional-after-named': 'a positional argument cannot follow a named one',
        'missing-argument': `missing argument for '${sig.name}'`,
      };
      this.fail(text[problem.code], where, f);
    }
    if (b.missing.length) this.fail(`'${sig.name}' needs ${b.missing.map((p) => `'${p.name}'`).join(', ')}`, e, f);
    const out = new Map<string, { param: SignatureParam; args: A.Argument[] }>();
    for (const { param, arg } of b.bound) {
      const slot = out.get(param.name);
      if (slot) slot.args.push(arg);
      else out.set(param.name, { param, args: [arg] });
    }
    return out;
  }

  private callLoss(e: A.Call, name: string, f: Frame): Value {
    const decl = this.program.losses.get(name)!.decl;
    const bound = this.bind(e, lossSignature(decl), f);
    const params = new Map<string, Value>();
    const calleeFile = this.program.losses.get(name)!.file;
    for (const p of decl.params) {
      const slot = bound.get(p.name.name);
      if (slot) {
        params.set(p.name.name, this.eval(slot.args[0]!.value, f));
      } else if (p.defaultValue) {
        params.set(p.name.name, this.eval(p.defaultValue, this.emptyFrame(decl, calleeFile)));
      } else {
        this.fail(`'${name}' needs '${p.name.name}'`, e, f);
      }
    }
    return this.evalLoss(name, params, `${name}.`);
  }

  /** `grad(f, x)`: ∂f/∂x at the current values, itself differentiable (a nested tf.grad). */
  private grad(e: A.Call, f: Frame): T {
    const record = lookupFunction('grad');
    const sig: Signature = record ? builtinSignature(record) : { name: 'grad', params: [{ name: 'f', kind: 'tensor' }, { name: 'x', kind: 'wrt' }] };
    const bound = this.bind(e, sig, f);
    const fExpr = bound.get(sig.params[0]!.name)!.args[0]!.value;
    const xArg = A.unparen(bound.get(sig.params[1]!.name)!.args[0]!.value);
    if (xArg.kind !== 'Name') return this.fail('grad: the second argument must name a tensor input or a learn value of this loss', xArg, f);
    const x = xArg.name;
    const isInput = f.decl.params.some((p) => p.name.name === x && p.role);
    if (!isInput && !f.learns.has(x)) return this.fail(`grad: '${x}' is not a tensor input or learn value of this loss`, xArg, f);
    const at = this.tensorOf(this.name(xArg, f), xArg, f);
    const g = tf.grad((xv: T) => {
      const inner: Frame = { ...f, rebound: new Map([...f.rebound, [x, xv]]), cache: new Map(), evaluating: new Set() };
      const y = this.tensorOf(this.eval(fExpr, inner), fExpr, f);
      if (y.rank !== 0) this.fail(`grad: the function to differentiate must be a scalar, got shape [${y.shape.join(', ')}] (reduce it with sum or mean)`, fExpr, f);
      return O.dependOn(y, [xv]) as tf.Scalar;
    });
    return this.guard(e, f, () => g(at));
  }

  private callBuiltin(e: A.Call, kernel: Kernel, f: Frame): Value {
    const record = lookupFunction(kernel.name);
    if (!record) return this.fail(`the builtin '${kernel.name}' has no record in the builtin table`, e.callee, f);
    const sig = builtinSignature(record);
    const bound = this.bind(e, sig, f);
    const values = new Map<string, Value[]>();
    const exprs = new Map<string, A.Expr>();
    for (const p of sig.params) {
      const slot = bound.get(p.name);
      if (slot) {
        values.set(p.name, slot.args.map((a) => this.eval(a.value, f)));
        exprs.set(p.name, slot.args[0]!.value);
      } else if (p.default !== undefined && p.default !== null) {
        const d = p.default;
        values.set(p.name, [typeof d === 'string' ? d : tf.scalar(typeof d === 'boolean' ? Number(d) : d)]);
      }
    }
    const args = this.kernelArgs(kernel.name, values, exprs, e, f);
    const runtime = this.runtime(kernel.name, f);
    try {
      return kernel.run(args, runtime);
    } catch (err) {
      if (err instanceof EvalError) throw err;
      const msg = err instanceof KernelError ? err.message : `${kernel.name}: ${err instanceof Error ? err.message : String(err)}`;
      throw new EvalError(msg, e.span, f.file);
    }
  }

  private kernelArgs(fn: string, values: Map<string, Value[]>, exprs: Map<string, A.Expr>, call: A.Call, f: Frame): KernelArgs {
    const one = (n: string): Value | undefined => values.get(n)?.[0];
    const where = (n: string) => exprs.get(n) ?? call;
    const tensor = (n: string): T => {
      const v = one(n);
      if (v === undefined) throw new KernelError(`${fn}: '${n}' is required`);
      return this.tensorOf(v, where(n), f);
    };
    const num = (n: string): number => {
      const t = tensor(n);
      if (t.size !== 1) throw new KernelError(`${fn}: '${n}' must be a single number, got shape [${t.shape.join(', ')}]`);
      return t.dataSync()[0]!;
    };
    return {
      tensor,
      optTensor: (n) => (one(n) === undefined ? undefined : tensor(n)),
      tensorOrList: (n) => {
        const v = one(n);
        if (v instanceof TensorList) return v;
        return tensor(n);
      },
      number: num,
      optNumber: (n) => (one(n) === undefined ? undefined : num(n)),
      string: (n) => {
        const v = one(n);
        if (typeof v !== 'string') throw new KernelError(`${fn}: '${n}' must be a string option`);
        return v;
      },
      bool: (n) => one(n) !== undefined && num(n) !== 0,
      list: (n) => (values.get(n) ?? []).map((v) => this.tensorOf(v, where(n), f)),
      role: (n) => {
        const x = exprs.get(n);
        return x ? this.roleOf(x, f) : undefined;
      },
    };
  }

  private runtime(builtin: string, f: Frame): KernelRuntime {
    const countKey = `${f.prefix}${builtin}`;
    const index = (this.builtinCallCounts.get(countKey) ?? 0) + 1;
    this.builtinCallCounts.set(countKey, index);
    const owner = index === 1 ? f.prefix : `${f.prefix}${builtin}${index}.`;
    return {
      context: (n) => {
        const c = this.state.context as Record<string, number | T | undefined> | undefined;
        return c?.[n];
      },
      learnable: (n, init) => {
        const key = owner + n;
        const cacheKey = `learn:${key}`;
        const cached = f.cache.get(cacheKey);
        if (cached !== undefined) return cached as T;
        const v = this.state.learn?.[key] ?? init();
        this.state.onLearnable?.(key, v, { loss: f.decl.name?.name ?? '?', builtin });
        f.cache.set(cacheKey, v);
        return v;
      },
      seed: () => (this.state.seed ?? 0) * 7919 + this.seedCounter++,
      training: () => this.state.training === true,
      combine: (kind, losses, defaults) => {
        const i = this.combinerCalls++;
        if (this.state.combine) return this.state.combine(kind, losses, defaults, i);
        return tf.addN(losses.map((l, k) => tf.mul(l, defaults[k]!)));
      },
    };
  }

  /** The role of an argument: the checker's when it knows it, else what the expression says itself. */
  roleOf(e: A.Expr, f: Frame): Role | undefined {
    const known = this.program.values?.get(e)?.role;
    if (known) return known;
    const u = A.unparen(e);
    switch (u.kind) {
      case 'Name': {
        const p = f.decl.params.find((q) => q.name.name === u.name);
        if (p?.role && p.role.name in ROLES) return p.role.name as Role;
        const l = f.lets.get(u.name);
        if (l) return this.roleOf(l.value, f);
        if (!p && !f.learns.has(u.name)) return CONTEXT_VALUES.get(u.name)?.role;
        return undefined;
      }
      case 'Call':
        if (this.program.losses.has(u.callee.name)) return undefined;
        return lookupFunction(u.callee.name)?.resultRole;
      case 'Binary':
        return ['==', '!=', '<', '<=', '>', '>='].includes(u.op) ? 'mask' : undefined;
      default:
        return undefined;
    }
  }
}

/** `1 - p` for a probability p that knows log p and log(1 − p): the result knows them too, swapped. */
function complementTwins(e: A.Binary, b: T, result: T): T {
  const left = A.unparen(e.left);
  if (e.op !== '-' || left.kind !== 'Number' || left.value !== 1) return result;
  const logp = logOf(b);
  const log1mp = complementLogOf(b);
  return logp && log1mp ? withLogs(result, log1mp, logp) : result;
}

function binaryOp(op: A.BinaryOperator): (a: T, b: T) => T {
  switch (op) {
    case '+': return (a, b) => tf.add(a, b);
    case '-': return (a, b) => tf.sub(a, b);
    case '*': return (a, b) => tf.mul(a, b);
    case '/': return (a, b) => tf.div(a, b);
    case '^':
    case '**': return (a, b) => O.pow(a, b);
    default: return (a, b) => O.compare(op, a, b);
  }
}
