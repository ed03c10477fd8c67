import { constantValue } from '../core/analysis/constant.js';
import { lookupTrialConstructor, lookupTrialField, MODEL_HEADS } from '../core/builtins/trial-vocabulary.js';
import type * as A from '../core/syntax/ast.js';
import { unparen } from '../core/syntax/ast.js';
import { parse } from '../core/syntax/parse.js';
import type { LossRef, ModelSpecJson, OptimizerSpecJson, ScheduleSpec, TrialModelJson, TrialPlan } from './protocol.js';

// A `trial { … }` block of a `.loss` document as the engine's plan: generator and arguments, model,
// optimizer (with schedules), steps, batch, seeds, metrics, resampling, teacher, GAN settings, and the
// loss and baselines as source references (the worker compiles them from the same text, so imports and
// user losses resolve there). Fields left out keep the vocabulary's defaults. The checker has validated
// the block (trial-check.ts); what it could not have (a value of an unexpected shape) is a located error.

export interface DocumentPlanInput {
  readonly text: string;
  /** Absolute path of the document (imports resolve relative to it). */
  readonly path?: string;
  readonly workspaceRoot?: string;
  readonly trial: string;
  /** Overrides of the trial's `steps` and number of seeds (editor settings, CLI flags). */
  readonly steps?: number | null;
  readonly seeds?: number | null;
}

export class TrialPlanError extends Error {
  override name = 'TrialPlanError';
  constructor(message: string, readonly span?: A.Node['span']) {
    super(message);
  }
}

export function planFromDocument(input: DocumentPlanInput): TrialPlan {
  const { file } = parse(input.text);
  const decl = file.declarations.find((d): d is A.TrialDecl => d.kind === 'Trial' && d.name?.name === input.trial);
  if (!decl) {
    const names = file.declarations.flatMap((d) => (d.kind === 'Trial' && d.name ? [d.name.name] : []));
    throw new TrialPlanError(`no trial '${input.trial}' in this file${names.length ? ` (trials: ${names.join(', ')})` : ''}`);
  }
  const fields = new Map(decl.fields.map((f) => [f.name.name, f.value]));
  const field = (name: string): A.Expr | undefined => fields.get(name);
  const defaultExpr = (name: string): A.Expr => {
    const text = lookupTrialField(name)?.default;
    if (text === undefined) throw new TrialPlanError(`the trial '${input.trial}' needs a '${name}' field`, decl.name?.span);
    return parseValue(text);
  };
  const valueOf = (name: string): A.Expr => field(name) ?? defaultExpr(name);
  const src = (e: A.Expr): LossRef => ({
    kind: 'source', text: input.text, expr: input.text.slice(e.span.start, e.span.end).trim(),
    ...(input.path ? { path: input.path } : {}), ...(input.workspaceRoot ? { workspaceRoot: input.workspaceRoot } : {}),
  });

  const dataExpr = field('data');
  if (!dataExpr) throw new TrialPlanError(`the trial '${input.trial}' needs a 'data' field (data = blobs(classes=2))`, decl.name?.span);
  const lossExpr = field('loss');
  if (!lossExpr) throw new TrialPlanError(`the trial '${input.trial}' needs a 'loss' field`, decl.name?.span);
  const data = callOf(dataExpr, 'data');
  const compare = unparen(valueOf('compare'));
  if (compare.kind !== 'Vector') throw new TrialPlanError('compare must be a list of losses: [bce, ce]', compare.span);

  const steps = input.steps ?? integer(valueOf('steps'), 'steps');
  const seedsValue = unparen(valueOf('seeds'));
  const seeds = input.seeds ? range(input.seeds)
    : seedsValue.kind === 'Vector' ? seedsValue.items.map((x) => integer(x, 'seeds')) : range(integer(seedsValue, 'seeds'));
  const metricsExpr = field('metrics');
  const teacherExpr = field('teacher');
  const model = modelOf(valueOf('model'));
  const resample = field('resample');
  const evalEvery = field('eval_every');

  return {
    trial: input.trial,
    data: { generator: data.name, args: args(data.call, 'data'), label: input.text.slice(dataExpr.span.start, dataExpr.span.end).trim() },
    model,
    ...(teacherExpr && !isNull(teacherExpr) ? {
      teacher: {
        model: mlpOf(teacherExpr),
        ...(field('teacher_steps') ? { steps: integer(field('teacher_steps')!, 'teacher_steps') } : {}),
      },
    } : {}),
    loss: src(lossExpr),
    compare: compare.items.map(src),
    ...(model.kind === 'gan' ? {
      dLoss: field('d_loss') ? src(field('d_loss')!) : {
        kind: 'source' as const, text: input.text, expr: defaultDiscriminatorLoss(lossExpr),
        ...(input.path ? { path: input.path } : {}), ...(input.workspaceRoot ? { workspaceRoot: input.workspaceRoot } : {}),
      },
      dSteps: integer(valueOf('d_steps'), 'd_steps'),
    } : {}),
    optimizer: optimizerOf(valueOf('optimizer')),
    steps,
    ...(field('batch') ? { batch: integer(field('batch')!, 'batch') } : { batch: integer(defaultExpr('batch'), 'batch') }),
    ...(resample ? { resampling: option(resample, 'resample', ['none', 'balanced', 'sqrt']) as TrialPlan['resampling'] } : {}),
    seeds,
    metrics: metricsOf(metricsExpr ?? defaultMetrics(data.name, dataExpr)),
    recordEvery: integer(evalEvery ?? defaultExpr('eval_every'), 'eval_every'),
  };
}

/**
 * A GAN trial without `d_loss`: the vocabulary's default, `gan_d`, of the same kind as a `gan_g(kind=…)`
 * generator loss (`loss = gan_g(kind="hinge")` trains against `gan_d(kind="hinge")`).
 */
function defaultDiscriminatorLoss(loss: A.Expr): string {
  const base = lookupTrialField('d_loss')?.default ?? 'gan_d';
  const u = unparen(loss);
  const kind = u.kind === 'Call' && u.callee.name === 'gan_g' ? u.args.find((a) => a.name?.name === 'kind') : undefined;
  const k = kind ? unparen(kind.value) : undefined;
  return k?.kind === 'String' ? `${base}(kind="${k.value}")` : base;
}

/** The vocabulary's metrics for the generator's task. */
function defaultMetrics(generator: string, at: A.Expr): A.Expr {
  const task = lookupTrialConstructor(generator, 'data')?.task;
  const text = task ? lookupTrialField('metrics')?.defaultByTask?.[task] : undefined;
  if (!text) throw new TrialPlanError(`unknown data generator '${generator}'`, at.span);
  return parseValue(text);
}

function parseValue(text: string): A.Expr {
  const { file } = parse(`trial __default {\n  v = ${text}\n}\n`);
  const d = file.declarations[0];
  if (d?.kind !== 'Trial' || !d.fields[0]) throw new Error(`cannot read the vocabulary default '${text}'`);
  return d.fields[0].value;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function isNull(e: A.Expr): boolean {
  const u = unparen(e);
  return u.kind === 'Name' && u.name === 'null';
}

/** `blobs(classes=3)` or a bare `blobs`. */
function callOf(e: A.Expr, what: string): { name: string; call?: A.Call } {
  const u = unparen(e);
  if (u.kind === 'Call') return { name: u.callee.name, call: u };
  if (u.kind === 'Name') return { name: u.name };
  throw new TrialPlanError(`${what} must be a name or a call, as in blobs(classes=3)`, u.span);
}

type ArgValue = number | string | boolean | readonly number[];

/** Named arguments as plain values: numbers, strings, true/false, number lists (`null` leaves one out). */
function args(call: A.Call | undefined, what: string): Record<string, ArgValue> {
  const out: Record<string, ArgValue> = {};
  for (const a of call?.args ?? []) {
    if (!a.name) throw new TrialPlanError(`the arguments of ${what} are named: ${call!.callee.name}(name=value)`, a.span);
    if (a.name.name === 'quantize') continue; // mlpOf reads it: null means float
    const v = plainValue(a.value, `${call!.callee.name}'s ${a.name.name}`);
    if (v !== null) out[a.name.name] = v;
  }
  return out;
}

function plainValue(e: A.Expr, what: string): ArgValue | null {
  const u = unparen(e);
  if (isNull(u)) return null;
  if (u.kind === 'String') return u.value;
  if (u.kind === 'Name' && (u.name === 'true' || u.name === 'false')) return u.name === 'true';
  if (u.kind === 'Vector') return u.items.map((x) => num(x, what));
  return num(u, what);
}

function num(e: A.Expr, what: string): number {
  const v = constantValue(e);
  if (v === undefined || !Number.isFinite(v)) throw new TrialPlanError(`${what} must be a number`, e.span);
  return v;
}

function integer(e: A.Expr, what: string): number {
  const v = num(e, what);
  if (!Number.isInteger(v)) throw new TrialPlanError(`${what} must be a whole number, got ${v}`, e.span);
  return v;
}

function option(e: A.Expr, what: string, options: readonly string[]): string {
  const u = unparen(e);
  const v = u.kind === 'String' ? u.value : u.kind === 'Name' ? u.name : undefined;
  if (v === undefined || !options.includes(v)) throw new TrialPlanError(`${what} must be one of ${options.map((o) => `"${o}"`).join(', ')}`, u.span);
  return v;
}

function mlpOf(e: A.Expr): ModelSpecJson {
  const { name, call } = callOf(e, 'a model');
  if (name !== 'mlp' && name !== 'linear') throw new TrialPlanError(`a model here is mlp(…) or linear, not ${name}`, e.span);
  const a = args(call, name);
  const m: { -readonly [K in keyof ModelSpecJson]: ModelSpecJson[K] } = { kind: name };
  if (a.hidden !== undefined) m.hidden = a.hidden as number[];
  if (typeof a.activation === 'string') m.activation = a.activation;
  if (typeof a.dropout === 'number') m.dropout = a.dropout;
  if (typeof a.spectral_norm === 'boolean') m.spectral_norm = a.spectral_norm;
  const head = call?.args.find((x) => x.name?.name === 'head');
  if (head) m.head = option(head.value, 'head', MODEL_HEADS) as 'linear' | 'cosine';
  const q = call?.args.find((x) => x.name?.name === 'quantize');
  if (q) m.quantize = isNull(q.value) ? null : num(q.value, 'quantize');
  return m;
}

function modelOf(e: A.Expr): TrialModelJson {
  const { name, call } = callOf(e, 'the model');
  if (name !== 'gan') return mlpOf(e);
  const gan = lookupTrialConstructor('gan', 'model')!;
  // Arguments left out take the vocabulary's defaults (g, d: mlp(hidden=[64, 64]); latent 2).
  const get = (k: string) => call?.args.find((x) => x.name?.name === k)?.value ?? parseValue(gan.params.find((p) => p.name === k)!.default!);
  return { kind: 'gan', g: mlpOf(get('g')), d: mlpOf(get('d')), latent: integer(get('latent'), 'latent') } as TrialModelJson;
}

function optimizerOf(e: A.Expr): OptimizerSpecJson {
  const { name, call } = callOf(e, 'the optimizer');
  if (name !== 'sgd' && name !== 'momentum' && name !== 'adam' && name !== 'adamw') throw new TrialPlanError(`unknown optimizer '${name}' (sgd, momentum, adam, adamw)`, e.span);
  const out: Record<string, unknown> = { kind: name };
  for (const a of call?.args ?? []) {
    if (!a.name) throw new TrialPlanError(`the arguments of ${name} are named: ${name}(lr=0.01)`, a.span);
    const k = a.name.name;
    if (k === 'lr') out.lr = scheduleOf(a.value);
    else if (k === 'nesterov') out.nesterov = plainValue(a.value, 'nesterov') === true;
    else out[k] = num(a.value, `${name}'s ${k}`);
  }
  return out as unknown as OptimizerSpecJson;
}

/** A number, ramp/cosine/warmup of numbers, or a product of those. */
function scheduleOf(e: A.Expr): ScheduleSpec {
  const u = unparen(e);
  const c = constantValue(u);
  if (c !== undefined) return c;
  if (u.kind === 'Binary' && u.op === '*') return { kind: 'product', factors: [scheduleOf(u.left), scheduleOf(u.right)] };
  if (u.kind === 'Call') {
    const params: Record<string, readonly string[]> = { ramp: ['from', 'to', 'start', 'end'], cosine: ['from', 'to'], warmup: ['value', 'until'] };
    const names = params[u.callee.name];
    if (names) {
      const v: Record<string, number> = {};
      u.args.forEach((a, i) => {
        const k = a.name?.name ?? names[i];
        if (!k) throw new TrialPlanError(`${u.callee.name} takes ${names.join(', ')}`, a.span);
        v[k] = num(a.value, `${u.callee.name}'s ${k}`);
      });
      return { kind: u.callee.name, ...v } as ScheduleSpec;
    }
  }
  throw new TrialPlanError('a learning rate is a number or a schedule: ramp(…), cosine(…), warmup(…) or their product', u.span);
}

function metricsOf(e: A.Expr): { name: string; arg?: number }[] {
  const u = unparen(e);
  if (u.kind !== 'Vector') throw new TrialPlanError('metrics must be a list: [accuracy, recall(1)]', u.span);
  return u.items.map((m) => {
    const { name, call } = callOf(m, 'a metric');
    const first = call?.args[0];
    return first ? { name, arg: num(first.value, `${name}'s argument`) } : { name };
  });
}
