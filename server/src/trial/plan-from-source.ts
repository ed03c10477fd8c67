import type { Analysis } from '../core/analysis/model.js';
import { constantValue } from '../core/analysis/constant.js';
import { lookupFunction } from '../core/builtins/table.js';
import { lookupTrialConstructor, lookupTrialField, MODELS, type TrialArg } from '../core/builtins/trial-vocabulary.js';
import type * as A from '../core/syntax/ast.js';
import { unparen } from '../core/syntax/ast.js';
import { parse } from '../core/syntax/parse.js';
import type { Span } from '../core/text/span.js';
import type { GanSpecJson, LossRef, ModelSpecJson, OptimizerSpecJson, ScheduleSpec, TrialModelJson, TrialPlan } from './protocol.js';

// A checked `trial` block of a `.loss` document, turned into the engine's plan (protocol.ts). Every field
// the block leaves out takes its default from the trial vocabulary (core/builtins/trial-vocabulary.ts), the
// single source of the defaults, read as source text and converted exactly like a written value. Losses
// stay source expressions (`focal(gamma=2)`), compiled in the worker; their label is the text as written.
// Used by `losslab trial` and the extension's trial panel alike.

/** A problem with the trial block that keeps it from running, at a place in the document. */
export class PlanError extends Error {
  override name = 'PlanError';
  constructor(message: string, readonly span: Span) {
    super(message);
  }
}

export interface PlanOptions {
  /** Override the number of seeds (seeds 0…n−1). */
  readonly seeds?: number;
  readonly steps?: number;
  /** For the trial view and reports: the loss landscape and decision boundary. */
  readonly visuals?: boolean;
  readonly maxWallMs?: number;
  /** Hyperparameter overrides of user losses by `loss.param` (the trial panel's sliders). */
  readonly params?: Readonly<Record<string, number>>;
}

/** The trials a document declares, in source order. */
export function trialsOf(a: Analysis): A.TrialDecl[] {
  return a.file.declarations.filter((d): d is A.TrialDecl => d.kind === 'Trial' && d.name !== undefined);
}

/** Finds a trial by name (or the only/first one), with a located error when there is none. */
export function findTrial(a: Analysis, name?: string): A.TrialDecl {
  const trials = trialsOf(a);
  if (name === undefined) {
    if (!trials.length) throw new PlanError(`the file declares no trial (add one: trial name { data = blobs(classes=2)  loss = … })`, { start: 0, end: 0 });
    return trials[0];
  }
  const t = trials.find((d) => d.name!.name === name);
  if (!t) {
    throw new PlanError(`no trial named '${name}'${trials.length ? ` (this file has: ${trials.map((d) => d.name!.name).join(', ')})` : ' (this file declares no trial)'}`, trials[0]?.name?.span ?? { start: 0, end: 0 });
  }
  return t;
}

type Plain = number | string | boolean | null | readonly number[];

/** The default of a field or argument, as an expression parsed from the vocabulary's source text. */
function defaultExpr(text: string): A.Expr {
  const r = parse(`loss __default() = ${text}\n`);
  const decl = r.file.declarations.find((d): d is A.LossDecl => d.kind === 'Loss');
  const ret = decl?.body.find((s): s is A.ReturnStatement => s.kind === 'Return');
  if (!ret?.value) throw new Error(`unparseable vocabulary default '${text}'`);
  return ret.value;
}

function plain(e: A.Expr, what: string): Plain {
  const v = unparen(e);
  const n = constantValue(v);
  if (n !== undefined && v.kind !== 'Name') return n;
  switch (v.kind) {
    case 'String': return v.value;
    case 'Name':
      if (v.name === 'true') return true;
      if (v.name === 'false') return false;
      if (v.name === 'null') return null;
      if (n !== undefined) return n;
      break;
    case 'Vector': {
      const items = v.items.map((i) => constantValue(i));
      if (items.every((x): x is number => x !== undefined)) return items;
      break;
    }
  }
  throw new PlanError(`${what} must be a number, a list of numbers, a string, true/false or null`, e.span);
}

function num(e: A.Expr, what: string): number {
  const v = plain(e, what);
  if (typeof v !== 'number') throw new PlanError(`${what} must be a number`, e.span);
  return v;
}

function int(e: A.Expr, what: string): number {
  const v = num(e, what);
  if (!Number.isInteger(v)) throw new PlanError(`${what} must be a whole number, not ${v}`, e.span);
  return v;
}

/** A constructor call's arguments by parameter name (positional ones mapped in order), defaults filled in. */
function args(e: A.Expr, params: readonly TrialArg[], what: string): Map<string, A.Expr> {
  const v = unparen(e);
  const out = new Map<string, A.Expr>();
  if (v.kind === 'Call') {
    let position = 0;
    for (const a of v.args) {
      const p = a.name ? params.find((x) => x.name === a.name!.name) : params[position++];
      if (!p) throw new PlanError(a.name ? `'${what}' has no parameter '${a.name.name}'` : `'${what}' takes ${params.length} positional arguments`, a.span);
      out.set(p.name, a.value);
    }
  }
  for (const p of params) if (!out.has(p.name) && p.default !== undefined) out.set(p.name, defaultExpr(p.default));
  return out;
}

function callee(e: A.Expr): { name: string; span: Span } | undefined {
  const v = unparen(e);
  if (v.kind === 'Name') return { name: v.name, span: v.span };
  if (v.kind === 'Call') return { name: v.callee.name, span: v.callee.span };
  return undefined;
}

function modelSpec(e: A.Expr): TrialModelJson {
  const c = callee(e);
  const m = c && lookupTrialConstructor(c.name, 'model');
  if (!c || !m) throw new PlanError(`a model is one of ${MODELS.map((x) => x.name).join(', ')}`, e.span);
  const a = args(e, m.params, c.name);
  if (m.name === 'gan') {
    const g = modelSpec(a.get('g')!), d = modelSpec(a.get('d')!);
    if (g.kind === 'gan' || d.kind === 'gan') throw new PlanError('the generator and discriminator of a gan are mlp or linear models', e.span);
    const gan: GanSpecJson = { kind: 'gan', g, d, latent: int(a.get('latent')!, 'latent') };
    return gan;
  }
  const quantize = plain(a.get('quantize')!, 'quantize');
  const spec: ModelSpecJson = {
    kind: m.name as 'mlp' | 'linear',
    ...(m.name === 'mlp' ? { hidden: plain(a.get('hidden')!, 'hidden') as number[] } : {}),
    ...(a.has('activation') ? { activation: plain(a.get('activation')!, 'activation') as string } : {}),
    ...(a.has('dropout') ? { dropout: num(a.get('dropout')!, 'dropout') } : {}),
    quantize: typeof quantize === 'number' ? quantize : null,
    spectral_norm: plain(a.get('spectral_norm')!, 'spectral_norm') === true,
  };
  if (spec.hidden && !Array.isArray(spec.hidden)) throw new PlanError('hidden is a list of layer widths, e.g. [32, 32]', a.get('hidden')!.span);
  return spec;
}

/** An optimizer's learning rate: a number, a schedule of progress, or a product of them. */
function schedule(e: A.Expr): ScheduleSpec {
  const v = unparen(e);
  const n = constantValue(v);
  if (n !== undefined) return n;
  if (v.kind === 'Binary' && v.op === '*') return { kind: 'product', factors: [schedule(v.left), schedule(v.right)] };
  if (v.kind === 'Call') {
    const f = lookupFunction(v.callee.name);
    if (f?.category === 'schedule') {
      const vals = new Map<string, number>();
      let position = 0;
      for (const a of v.args) {
        const p = a.name ? f.params.find((x) => x.name === a.name!.name) : f.params[position++];
        if (!p) throw new PlanError(`'${f.name}' has no such parameter`, a.span);
        vals.set(p.name, num(a.value, `${f.name}(${p.name}=…)`));
      }
      for (const p of f.params) if (!vals.has(p.name) && typeof p.default === 'number') vals.set(p.name, p.default);
      const need = (k: string) => {
        const x = vals.get(k);
        if (x === undefined) throw new PlanError(`'${f.name}' needs '${k}'`, v.span);
        return x;
      };
      switch (f.name) {
        case 'ramp': return { kind: 'ramp', from: need('from'), to: need('to'), start: need('start'), end: need('end') };
        case 'cosine': return { kind: 'cosine', from: need('from'), to: need('to') };
        case 'warmup': return { kind: 'warmup', value: need('value'), until: need('until') };
      }
    }
  }
  throw new PlanError('a learning rate is a number or a schedule of progress (cosine(0.01, 0.0001), warmup(0.01), ramp(…), or a product of them)', e.span);
}

function optimizerSpec(e: A.Expr): OptimizerSpecJson {
  const c = callee(e);
  const o = c && lookupTrialConstructor(c.name, 'optimizer');
  if (!c || !o) throw new PlanError('an optimizer is one of sgd, momentum, adam, adamw', e.span);
  const a = args(e, o.params, c.name);
  const out: Record<string, unknown> = { kind: o.name };
  for (const [k, v] of a) out[k] = k === 'lr' ? schedule(v) : plain(v, `${o.name}(${k}=…)`);
  return out as unknown as OptimizerSpecJson;
}

function dataSpec(src: string, e: A.Expr): TrialPlan['data'] {
  const c = callee(e);
  const g = c && lookupTrialConstructor(c.name, 'data');
  if (!c || !g) throw new PlanError('the data is a generator call, e.g. blobs(classes=2)', e.span);
  const given = new Map<string, A.Expr>();
  const v = unparen(e);
  if (v.kind === 'Call') {
    let position = 0;
    for (const a of v.args) {
      const p = a.name ? g.params.find((x) => x.name === a.name!.name) : g.params[position++];
      if (!p) throw new PlanError(`'${g.name}' has no such parameter`, a.span);
      given.set(p.name, a.value);
    }
  }
  // Only the arguments written: each generator holds its own defaults, which follow the vocabulary.
  const out: Record<string, number | string | boolean | readonly number[]> = {};
  for (const [k, x] of given) {
    const p = plain(x, `${g.name}(${k}=…)`);
    if (p !== null) out[k] = p;
  }
  return { generator: g.name, args: out, label: text(src, e) };
}

/** An expression of the document as written (whitespace runs folded): run labels. */
function text(src: string, e: { readonly span: Span }): string {
  return src.slice(e.span.start, e.span.end).replace(/\s+/g, ' ').trim();
}

function lossRef(e: A.Expr, a: Analysis, workspaceRoot: string | undefined, params: Readonly<Record<string, number>> | undefined): LossRef {
  const expr = withOverrides(e, a, params);
  return {
    kind: 'source', text: a.text, expr, label: text(a.text, e),
    ...(a.path ? { path: a.path } : {}),
    ...(workspaceRoot ? { workspaceRoot } : {}),
  };
}

/** The loss expression with slider overrides of a named user loss's hyperparameters added as arguments. */
function withOverrides(e: A.Expr, a: Analysis, params: Readonly<Record<string, number>> | undefined): string {
  const written = text(a.text, e);
  if (!params) return written;
  const v = unparen(e);
  const c = callee(v);
  if (!c || (v.kind !== 'Name' && v.kind !== 'Call')) return written;
  const info = a.losses.get(c.name);
  if (!info) return written;
  const given = new Set(v.kind === 'Call' ? v.args.filter((x) => x.name).map((x) => x.name!.name) : []);
  const extra = info.hyperparameters.filter((p) => !given.has(p.name.name) && `${c.name}.${p.name.name}` in params)
    .map((p) => `${p.name.name}=${params[`${c.name}.${p.name.name}`]}`);
  if (!extra.length) return written;
  if (v.kind === 'Name') return `${c.name}(${extra.join(', ')})`;
  return `${c.name}(${[...v.args.map((x) => text(a.text, x)), ...extra].join(', ')})`;
}

function metricsList(e: A.Expr): TrialPlan['metrics'] {
  const v = unparen(e);
  const items = v.kind === 'Vector' ? v.items : [v];
  return items.map((i) => {
    const m = unparen(i);
    if (m.kind === 'Name') return { name: m.name };
    if (m.kind === 'Call') {
      if (m.args.length > 1) throw new PlanError(`the metric '${m.callee.name}' takes one argument`, m.span);
      return m.args.length ? { name: m.callee.name, arg: int(m.args[0].value, `${m.callee.name}(…)`) } : { name: m.callee.name };
    }
    throw new PlanError('each metric is a name (accuracy) or a call (recall(1))', i.span);
  });
}

/** The discriminator loss that goes with a generator loss: gan_d of the same kind for gan_g(kind=…), else gan_d. */
function defaultDiscriminatorLoss(loss: A.Expr): string {
  const v = unparen(loss);
  if (v.kind === 'Call' && v.callee.name === 'gan_g') {
    const kind = v.args.find((x) => x.name?.name === 'kind');
    const k = kind ? unparen(kind.value) : undefined;
    if (k?.kind === 'String') return `gan_d(kind="${k.value}")`;
  }
  return 'gan_d';
}

/**
 * The plan of one trial of an analysed document. Throws PlanError (with the span of the offending value)
 * for anything it cannot run; the caller has already refused documents with errors.
 */
export function planFromTrial(a: Analysis, trial: A.TrialDecl, workspaceRoot: string | undefined, options: PlanOptions = {}): TrialPlan {
  const fields = new Map(trial.fields.map((f) => [f.name.name, f.value]));
  const field = (name: string): A.Expr | undefined => {
    const given = fields.get(name);
    if (given) return given;
    const info = lookupTrialField(name);
    return info?.default !== undefined ? defaultExpr(info.default) : undefined;
  };
  const dataExpr = fields.get('data');
  const lossExpr = fields.get('loss');
  if (!dataExpr) throw new PlanError(`the trial '${trial.name?.name}' needs a 'data' field`, trial.name?.span ?? trial.span);
  if (!lossExpr) throw new PlanError(`the trial '${trial.name?.name}' needs a 'loss' field`, trial.name?.span ?? trial.span);

  const data = dataSpec(a.text, dataExpr);
  const model = modelSpec(field('model')!);
  const compareExpr = field('compare')!;
  const compareItems = unparen(compareExpr).kind === 'Vector' ? (unparen(compareExpr) as A.VectorLiteral).items : [compareExpr];
  const task = lookupTrialConstructor(data.generator, 'data')?.task ?? 'classification';
  const metricsExpr = fields.get('metrics') ?? defaultExpr(lookupTrialField('metrics')!.defaultByTask![task]);

  let seeds: number[];
  if (options.seeds !== undefined) {
    seeds = Array.from({ length: options.seeds }, (_, i) => i);
  } else {
    const s = plain(field('seeds')!, 'seeds');
    if (typeof s === 'number') {
      if (!Number.isInteger(s) || s < 1) throw new PlanError('seeds is a positive whole number or a list of seeds', field('seeds')!.span);
      seeds = Array.from({ length: s }, (_, i) => i);
    } else if (Array.isArray(s)) seeds = [...s];
    else throw new PlanError('seeds is a positive whole number or a list of seeds', field('seeds')!.span);
  }

  const teacherExpr = field('teacher');
  const teacher = teacherExpr && !(unparen(teacherExpr).kind === 'Name' && (unparen(teacherExpr) as A.NameRef).name === 'null') ? modelSpec(teacherExpr) : undefined;
  if (teacher?.kind === 'gan') throw new PlanError('a teacher is an mlp or linear model', teacherExpr!.span);
  const resample = plain(field('resample')!, 'resample');
  const isGan = model.kind === 'gan';

  const plan: TrialPlan = {
    trial: trial.name!.name,
    data,
    model,
    ...(teacher ? { teacher: { model: teacher as ModelSpecJson, steps: int(field('teacher_steps')!, 'teacher_steps') } } : {}),
    loss: lossRef(lossExpr, a, workspaceRoot, options.params),
    compare: compareItems.map((c) => lossRef(c, a, workspaceRoot, options.params)),
    ...(isGan ? {
      dLoss: fields.get('d_loss')
        ? lossRef(fields.get('d_loss')!, a, workspaceRoot, options.params)
        : { kind: 'source' as const, text: a.text, expr: defaultDiscriminatorLoss(lossExpr), ...(a.path ? { path: a.path } : {}), ...(workspaceRoot ? { workspaceRoot } : {}) },
      dSteps: int(field('d_steps')!, 'd_steps'),
    } : {}),
    optimizer: optimizerSpec(field('optimizer')!),
    steps: options.steps ?? int(field('steps')!, 'steps'),
    batch: int(field('batch')!, 'batch'),
    ...(typeof resample === 'string' && resample !== 'none' ? { resampling: resample as 'balanced' | 'sqrt' } : {}),
    seeds,
    metrics: metricsList(metricsExpr),
    recordEvery: int(field('eval_every')!, 'eval_every'),
    ...(options.visuals ? { visuals: true } : {}),
    ...(options.maxWallMs !== undefined ? { maxWallMs: options.maxWallMs } : {}),
  };
  if (!(plan.steps >= 1)) throw new PlanError(`steps must be at least 1, got ${plan.steps}`, fields.get('steps')?.span ?? trial.span);
  return plan;
}
