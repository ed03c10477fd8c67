import {
  lookupTrialConstructor,
  lookupTrialField,
  TRIAL_FIELDS,
  trialConstructors,
  type TrialArg,
  type TrialConstructorKind,
  type TrialTask,
  type TrialValueKind,
} from '../builtins/trial-vocabulary.js';
import { lookupFunction } from '../builtins/table.js';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type * as A from '../syntax/ast.js';
import { calleeName, namedArgument, unparen } from '../syntax/ast.js';
import { addArgument } from '../syntax/argument-edit.js';
import type { Role } from '../builtins/roles.js';
import { constantValue } from './constant.js';
import type { Analysis } from './model.js';
import { closest } from './suggest.js';

// Checks `trial` blocks against the trial vocabulary table: known fields, required fields, values of the
// right kind (generators, models, optimizers, metrics and their arguments), and that every tensor input of
// the trial's loss can be bound by role to a model output or a data target. Loss references themselves
// (`loss = focal(gamma=2)`, `compare = [bce]`) are resolved by the checker.

export function checkTrials(a: Analysis): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const d of a.file.declarations) if (d.kind === 'Trial') checkTrial(d, a, out);
  return out;
}

/** The vocabulary checks of one trial block (incremental analysis runs them for the changed trials only). */
export function checkTrial(d: A.TrialDecl, a: Analysis, out: Diagnostic[]): void {
  const seen = new Map<string, A.TrialField>();
  for (const f of d.fields) {
    const n = f.name.name;
    const first = seen.get(n);
    if (first) {
      out.push(diagnostic('duplicate-definition', f.name.span, `the field '${n}' is set twice in this trial`, { related: [{ message: 'first set here', span: first.name.span }] }));
      continue;
    }
    seen.set(n, f);
    const info = lookupTrialField(n);
    if (!info) {
      const near = closest(n, TRIAL_FIELDS.map((x) => x.name));
      out.push(diagnostic('unknown-trial-field', f.name.span, `a trial has no field '${n}'${near.length ? `: did you mean '${near[0]}'?` : ''} (fields: ${TRIAL_FIELDS.map((x) => x.name).join(', ')})`, {
        fixes: near.map((x, i) => ({ title: `Change to '${x}'`, edits: [{ span: f.name.span, newText: x }], preferred: i === 0 && near.length === 1 })),
      }));
      continue;
    }
    checkValue(f.value, info.accepts, `'${n}'`, out, info);
  }
  for (const f of TRIAL_FIELDS) {
    if (f.required && !seen.has(f.name)) {
      const example = f.name === 'data' ? 'data = blobs(classes=2)' : f.name === 'loss' ? 'loss = your_loss(…)' : `${f.name} = …`;
      out.push(diagnostic('missing-trial-field', d.name?.span ?? d.span, `the trial '${d.name?.name ?? '?'}' needs a '${f.name}' field (${example})`));
    }
  }
  checkMetricTasks(seen, out);
  checkCosineHead(seen, out);
  checkBinding(d, seen, a, out);
}

/** The task of a trial's data (`blobs(…)` → classification); undefined when the data is not known. */
function dataTask(data: A.Expr): TrialTask | undefined {
  const name = calleeName(data);
  return name ? lookupTrialConstructor(name, 'data')?.task : undefined;
}

/** A cosine head turns class logits into cosines: data without classes has none to turn (the trial would stop). */
function checkCosineHead(fields: ReadonlyMap<string, A.TrialField>, out: Diagnostic[]): void {
  const model = fields.get('model')?.value;
  const data = fields.get('data')?.value;
  const m = model ? unparen(model) : undefined;
  const d = data ? unparen(data) : undefined;
  if (m?.kind !== 'Call' || !d) return;
  const head = m.args.find((x) => x.name?.name === 'head');
  const v = head ? unparen(head.value) : undefined;
  if (!head || !v || !((v.kind === 'String' && v.value === 'cosine') || (v.kind === 'Name' && v.name === 'cosine'))) return;
  if (dataTask(d) !== 'regression') return; // gan models are checked as models; the others have class logits
  out.push(diagnostic('invalid-trial-value', head.span, 'head="cosine" makes the class logits cosine similarities, but regression data has no classes', {
    related: [{ message: 'the data of this trial', span: data!.span }],
    fixes: [{ title: 'Remove head="cosine"', edits: [{ span: head.span, newText: 'head="linear"' }] }],
  }));
}

/** Metrics measure one kind of task: `accuracy` of a regression cannot be computed (the trial would stop). */
function checkMetricTasks(fields: ReadonlyMap<string, A.TrialField>, out: Diagnostic[]): void {
  const data = fields.get('data')?.value;
  const metrics = fields.get('metrics')?.value;
  if (!data || !metrics) return;
  const task = dataTask(unparen(data));
  if (!task) return;
  const fits = trialConstructors('metric').filter((m) => m.tasks?.includes(task));
  const fitting = fits.map((m) => m.name);
  // Offered as fixes: those that need no argument.
  const replacements = fits.filter((m) => !m.params.some((p) => p.default === undefined)).map((m) => m.name);
  for (const item of metrics.kind === 'Vector' ? metrics.items : [metrics]) {
    const v = unparen(item);
    const callee = v.kind === 'Name' ? v : v.kind === 'Call' ? v.callee : undefined;
    const m = callee ? lookupTrialConstructor(callee.name, 'metric') : undefined;
    if (!callee || !m?.tasks || m.tasks.includes(task)) continue;
    out.push(diagnostic('invalid-trial-value', callee.span, `the metric '${callee.name}' does not apply to ${task} data (these do: ${fitting.join(', ')})`, {
      related: [{ message: 'the data of this trial', span: data.span }],
      fixes: replacements.slice(0, 3).map((x) => ({ title: `Change to '${x}'`, edits: [{ span: v.span, newText: x }] })),
    }));
  }
}

const KIND_WORDS: Partial<Record<TrialValueKind, string>> = {
  data: 'a data generator (blobs, moons, …)',
  model: 'a model (linear, mlp, gan)',
  optimizer: 'an optimizer (sgd, momentum, adam, adamw)',
  'metric-list': 'a list of metrics',
  integer: 'a whole number',
  number: 'a number',
  schedule: 'a number or a schedule of progress',
  bool: 'true or false',
  option: 'a string option',
  'integer-list': 'a list of whole numbers',
  'number-list': 'a list of numbers',
  null: 'null',
};

const CONSTRUCTOR_KIND: Partial<Record<TrialValueKind, TrialConstructorKind>> = { data: 'data', model: 'model', optimizer: 'optimizer' };

interface Limits {
  readonly valid?: readonly [number, number];
  readonly validOpen?: readonly [boolean, boolean];
  readonly recommended?: readonly [number, number];
  readonly options?: readonly string[];
}

/** Checks a field or argument value against the kinds it accepts; reports at most one problem per value. */
function checkValue(e: A.Expr, accepts: readonly TrialValueKind[], what: string, out: Diagnostic[], limits: Limits): void {
  const v = unparen(e);
  if (v.kind === 'ErrorExpr') return;
  // Losses are resolved by the checker.
  if (accepts.includes('loss') || accepts.includes('loss-list')) return;
  if (accepts.includes('null') && v.kind === 'Name' && v.name === 'null') return;

  for (const k of accepts) {
    const ck = CONSTRUCTOR_KIND[k];
    if (ck && (v.kind === 'Name' || v.kind === 'Call')) {
      const name = v.kind === 'Name' ? v.name : v.callee.name;
      const c = lookupTrialConstructor(name, ck);
      if (c) {
        if (v.kind === 'Call') checkArguments(v, c.name, c.params, out);
        else {
          const required = c.params.filter((p) => p.default === undefined && !p.positional);
          if (required.length) out.push(diagnostic('invalid-trial-value', v.span, `'${name}' needs ${required.map((p) => `'${p.name}'`).join(', ')}`));
        }
        return;
      }
    }
  }
  if (accepts.includes('metric-list')) {
    const items = v.kind === 'Vector' ? v.items : [v];
    for (const item of items) checkMetric(unparen(item), out);
    return;
  }
  const num = constantValue(v);
  if (num !== undefined && (accepts.includes('integer') || accepts.includes('number') || accepts.includes('schedule'))) {
    if (accepts.includes('integer') && !accepts.includes('number') && !Number.isInteger(num)) {
      out.push(diagnostic('invalid-trial-value', v.span, `${what} takes a whole number, not ${num}`));
      return;
    }
    checkLimits(num, v.span, what, limits, out);
    return;
  }
  if (accepts.includes('schedule') && (v.kind === 'Call' || v.kind === 'Binary' || v.kind === 'Name')) {
    const callee = v.kind === 'Call' ? lookupFunction(v.callee.name) : undefined;
    if (v.kind !== 'Call' || callee?.category === 'schedule') return;
  }
  if (accepts.includes('bool') && v.kind === 'Name' && (v.name === 'true' || v.name === 'false')) return;
  if (accepts.includes('option') && v.kind === 'String') {
    if (limits.options && !limits.options.includes(v.value)) {
      const near = closest(v.value, limits.options);
      out.push(diagnostic('invalid-option', v.span, `${what} does not accept "${v.value}": use one of ${limits.options.map((o) => `"${o}"`).join(', ')}`, {
        fixes: (near.length ? near : limits.options).slice(0, 3).map((o) => ({ title: `Change to "${o}"`, edits: [{ span: v.span, newText: `"${o}"` }] })),
      }));
    }
    return;
  }
  if ((accepts.includes('integer-list') || accepts.includes('number-list')) && v.kind === 'Vector') {
    for (const item of v.items) {
      const x = constantValue(item);
      if (x === undefined || (accepts.includes('integer-list') && !accepts.includes('number-list') && !Number.isInteger(x))) {
        out.push(diagnostic('invalid-trial-value', item.span, `${what} takes a list of ${accepts.includes('integer-list') ? 'whole numbers' : 'numbers'}`));
        return;
      }
      checkLimits(x, item.span, what, limits, out);
    }
    return;
  }
  // Nothing matched: say what was expected, and suggest a near name of the right kind.
  const wanted = accepts.map((k) => KIND_WORDS[k]).filter(Boolean).join(' or ');
  const ck = accepts.map((k) => CONSTRUCTOR_KIND[k]).find((x) => x !== undefined);
  const name = calleeName(v);
  const near = ck && name ? closest(name, trialConstructors(ck).map((c) => c.name)) : [];
  const nameSpan = v.kind === 'Call' ? v.callee.span : v.span;
  out.push(diagnostic('invalid-trial-value', v.span, `${what} takes ${wanted || 'another kind of value'}${name ? `; '${name}' is not one` : ''}${near.length ? `: did you mean '${near[0]}'?` : ''}`, {
    fixes: near.map((x) => ({ title: `Change to '${x}'`, edits: [{ span: nameSpan, newText: x }] })),
  }));
}

function checkLimits(x: number, span: A.Expr['span'], what: string, limits: Limits, out: Diagnostic[]): void {
  const [lo, hi] = limits.valid ?? [-Infinity, Infinity];
  const [openLo, openHi] = limits.validOpen ?? [false, false];
  if (x < lo || x > hi || (openLo && x === lo) || (openHi && x === hi)) {
    out.push(diagnostic('invalid-trial-value', span, `${what} must be in ${openLo ? '(' : '['}${lo}, ${hi}${openHi ? ')' : ']'}, not ${x}`));
    return;
  }
  if (limits.recommended && (x < limits.recommended[0] || x > limits.recommended[1])) {
    out.push(diagnostic('argument-out-of-range', span, `${what} = ${x} is outside the recommended range [${limits.recommended[0]}, ${limits.recommended[1]}]`));
  }
}

function checkArguments(call: A.Call, name: string, params: readonly TrialArg[], out: Diagnostic[]): void {
  const given = new Set<string>();
  let position = 0;
  for (const arg of call.args) {
    let p: TrialArg | undefined;
    if (arg.name) {
      p = params.find((x) => x.name === arg.name!.name);
      if (!p) {
        const near = closest(arg.name.name, params.map((x) => x.name));
        out.push(diagnostic('unknown-argument', arg.name.span, `'${name}' has no parameter '${arg.name.name}'${near.length ? `: did you mean '${near[0]}'?` : ''} (parameters: ${params.map((x) => x.name).join(', ') || 'none'})`, {
          fixes: near.map((x) => ({ title: `Change to '${x}'`, edits: [{ span: arg.name!.span, newText: x }] })),
        }));
        continue;
      }
    } else {
      p = params[position++];
      if (!p) {
        out.push(diagnostic('too-many-arguments', arg.span, `'${name}' takes ${params.length} positional argument${params.length === 1 ? '' : 's'}; name the arguments (name=value)`));
        continue;
      }
    }
    if (given.has(p.name)) {
      out.push(diagnostic('duplicate-argument', arg.span, `'${p.name}' is given more than once`));
      continue;
    }
    given.add(p.name);
    checkValue(arg.value, p.accepts, `'${name}(${p.name}=…)'`, out, p);
  }
  const missing = params.filter((p) => p.default === undefined && !given.has(p.name));
  if (missing.length) out.push(diagnostic('missing-argument', call.argsSpan, `'${name}' needs ${missing.map((p) => `'${p.name}'`).join(', ')}`));
}

function checkMetric(v: A.Expr, out: Diagnostic[]): void {
  if (v.kind !== 'Name' && v.kind !== 'Call') {
    out.push(diagnostic('invalid-trial-value', v.span, "each metric is a name (accuracy) or a call (recall(1))"));
    return;
  }
  const name = v.kind === 'Name' ? v.name : v.callee.name;
  const m = lookupTrialConstructor(name, 'metric');
  if (!m) {
    const near = closest(name, trialConstructors('metric').map((c) => c.name));
    const span = v.kind === 'Call' ? v.callee.span : v.span;
    out.push(diagnostic('invalid-trial-value', span, `unknown metric '${name}'${near.length ? `: did you mean '${near[0]}'?` : ''}`, {
      fixes: near.map((x) => ({ title: `Change to '${x}'`, edits: [{ span, newText: x }] })),
    }));
    return;
  }
  if (v.kind === 'Call') checkArguments(v, name, m.params, out);
  else {
    const required = m.params.filter((p) => p.default === undefined);
    if (required.length) out.push(diagnostic('missing-argument', v.span, `the metric '${name}' needs ${required.map((p) => `'${p.name}'`).join(', ')}: write ${name}(…)`));
  }
}

// ---- binding loss inputs by role -----------------------------------------------------------------

/** Roles a model makes available to the loss, given the trial's model and teacher fields. */
function modelRoles(fields: ReadonlyMap<string, A.TrialField>): Role[] {
  const roles: Role[] = ['logits', 'features', 'logits2', 'logits_fp', 'probs'];
  const model = fields.get('model')?.value;
  const m = model ? unparen(model) : undefined;
  const modelName = m ? calleeName(m) : 'mlp';
  if (modelName === 'gan') roles.push('critic', 'real', 'target');
  const t = fields.get('teacher')?.value;
  if (t && !(t.kind === 'Name' && t.name === 'null')) roles.push('teacher');
  return roles;
}

function dataRoles(fields: ReadonlyMap<string, A.TrialField>): Role[] | undefined {
  const data = fields.get('data')?.value;
  if (!data) return undefined;
  const name = calleeName(unparen(data));
  const c = name ? lookupTrialConstructor(name, 'data') : undefined;
  return c?.targets ? [...c.targets] : undefined;
}

/** The tensor inputs (by role) a loss reference in a trial needs bound. */
function inputsOf(e: A.Expr, a: Analysis): { role: readonly Role[]; name: string; loss: string }[] {
  const v = unparen(e);
  if (v.kind === 'Binary') return [...inputsOf(v.left, a), ...inputsOf(v.right, a)];
  if (v.kind === 'Unary') return inputsOf(v.operand, a);
  const name = calleeName(v);
  if (!name) return [];
  const given = new Set(v.kind === 'Call' ? v.args.filter((x) => x.name).map((x) => x.name!.name) : []);
  const positional = v.kind === 'Call' ? v.args.filter((x) => !x.name).length : 0;
  const user = a.losses.get(name);
  if (user) {
    return user.decl.params
      .filter((p, i) => p.role && !given.has(p.name.name) && i >= positional)
      .map((p) => ({ role: [p.role!.name as Role], name: p.name.name, loss: name }));
  }
  const b = lookupFunction(name);
  if (b && (b.category === 'loss' || b.category === 'combiner')) {
    return b.params
      .filter((p, i) => p.kind === 'tensor' && p.default === undefined && !given.has(p.name) && i >= positional && p.roles?.length)
      .map((p) => ({ role: p.roles!, name: p.name, loss: name }));
  }
  return [];
}

/** Binding is by role, stricter than argument passing: a teacher input needs a teacher model. */
const BINDING_ALIASES: Partial<Record<Role, readonly Role[]>> = { binary: ['multilabel', 'mask'], multilabel: ['binary'], real: ['target', 'features'], target: ['real'] };

function bindable(r: Role, available: readonly Role[]): boolean {
  return available.includes(r) || (BINDING_ALIASES[r]?.some((x) => available.includes(x)) ?? false);
}

function checkBinding(d: A.TrialDecl, fields: ReadonlyMap<string, A.TrialField>, a: Analysis, out: Diagnostic[]): void {
  const targets = dataRoles(fields);
  if (!targets) return; // unknown data: nothing to say about binding
  const available = [...modelRoles(fields), ...targets, 'counts' as Role, 'weights' as Role];
  const lossFields = ['loss', 'compare', 'd_loss'].map((n) => fields.get(n)).filter((f): f is A.TrialField => f !== undefined);
  for (const f of lossFields) {
    const items = f.value.kind === 'Vector' ? f.value.items : [f.value];
    for (const item of items) {
      for (const input of inputsOf(item, a)) {
        if (input.role.some((r) => bindable(r, available))) continue;
        out.push(diagnostic('unbound-loss-input', item.span, `'${input.loss}' needs '${input.name}' (${input.role.join(' or ')}), which neither the model nor this data provides (data targets: ${targets.join(', ')})`, {
          related: [{ message: 'the data of this trial', span: fields.get('data')!.value.span }],
        }));
      }
      checkSecondPasses(item, fields, a, out);
    }
  }
  void d;
}

/**
 * `logits2` is a second pass with new dropout masks and `logits_fp` the full-precision pass of a
 * quantised model. On a model without dropout (or without `quantize`) the pass equals the first, so a
 * term comparing the two (R-Drop's KL, a mixed-precision CE) is constant: the loss silently loses it.
 */
function checkSecondPasses(item: A.Expr, fields: ReadonlyMap<string, A.TrialField>, a: Analysis, out: Diagnostic[]): void {
  const modelField = fields.get('model');
  const m = modelField ? unparen(modelField.value) : undefined;
  const modelName = m ? calleeName(m) : 'mlp';
  if (modelName !== 'mlp' && modelName !== 'linear') return; // gan models, or a model already reported
  const arg = (name: string): A.Expr | undefined => (m?.kind === 'Call' ? namedArgument(m, name) : undefined);
  const dropoutArg = arg('dropout');
  const dropout = dropoutArg ? constantValue(dropoutArg) ?? 1 : 0; // a value we cannot read: assume it is set
  const quantize = arg('quantize');
  const quantised = quantize !== undefined && !(quantize.kind === 'Name' && quantize.name === 'null');
  const seen = new Set<Role>();
  for (const input of inputsOf(item, a)) {
    if (input.role.length !== 1) continue; // a builtin that takes any scores binds `logits`
    const role = input.role[0];
    if (seen.has(role)) continue;
    const inert = role === 'logits2' ? dropout === 0 : role === 'logits_fp' ? !quantised : false;
    if (!inert) continue;
    seen.add(role);
    const setting = role === 'logits2' ? 'dropout=0.1' : 'quantize=8';
    const why = role === 'logits2'
      ? modelName === 'linear'
        ? 'a linear model has no dropout'
        : 'this model has no dropout'
      : 'this model is not quantised (no quantize=…)';
    const what = role === 'logits2' ? 'a second pass with new dropout masks' : 'the full-precision pass';
    const lost = role === 'logits2' ? 'whatever the loss compares with it is lost (a KL between the passes is 0)' : 'the loss only repeats its terms on the same logits';
    const edit = m && (modelName === 'mlp' || role === 'logits_fp') ? addArgument(m, setting, a.text) : undefined;
    const fix = edit ? { title: `Set ${setting} on the model`, edits: [edit] } : undefined;
    out.push(diagnostic('identical-passes', item.span, `'${input.loss}' reads '${input.name}' (${role}), ${what}, but ${why}: that pass equals the first, so ${lost}`, {
      ...(modelField ? { related: [{ message: 'the model of this trial', span: modelField.value.span }] } : {}),
      ...(fix ? { fixes: [fix] } : {}),
    }));
  }
}
