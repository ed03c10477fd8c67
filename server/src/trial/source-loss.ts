import { analyze } from '../core/analysis/analyze.js';
import { constantValue } from '../core/analysis/constant.js';
import type { Analysis } from '../core/analysis/model.js';
import type { Role } from '../core/builtins/roles.js';
import { lookupFunction } from '../core/builtins/table.js';
import type * as A from '../core/syntax/ast.js';
import { unparen } from '../core/syntax/ast.js';
import { parse } from '../core/syntax/parse.js';
import { nodeSourceHost } from '../core/workspace/node-host.js';
import { compileLoss, type CompiledLoss } from '../numerics/compile.js';
import type { Dataset } from './data/types.js';
import type { CombineFn, CombinerKind, CombinerSpec, LearnableSpec, LossInputSpec, TrialLoss } from './loss.js';
import type { LossRef } from './protocol.js';
import { tf } from './tfjs.js';

// Compiles a loss as written in a trial (`focal(gamma=2)`, `my_loss`, `0.7 * focal + 0.3 * dice`) into a
// TrialLoss with the numerics compiler. Each top-level additive term becomes a wrapper loss appended to the
// document, whose tensor parameters are the term's loss inputs with the roles the data can bind:
//   loss __trial_term_0(__in0: logits, __in1: binary) = 0.7 * focal(z=__in0, y=__in1, gamma=2)
// A `target` input is the model's prediction when it is the first target parameter of its call, the
// data otherwise (regression losses take (prediction, target)).

type SourceRef = Extract<LossRef, { kind: 'source' }>;

interface TermInput extends LossInputSpec { readonly param: string }


/** The role to bind a builtin's tensor parameter to, given the data. */
function pickRole(roles: readonly Role[], data: Dataset): Role {
  const twoClass = (data.task === 'classification' || data.task === 'multitask') && data.numClasses === 2;
  const provided: Role[] = (() => {
    switch (data.task) {
      case 'classification': return twoClass ? ['binary', 'signs', 'labels', 'onehot'] : ['labels', 'onehot'];
      case 'multitask': return twoClass ? ['binary', 'signs', 'labels', 'onehot', 'target'] : ['labels', 'onehot', 'target'];
      case 'multilabel': return ['multilabel', 'binary'];
      case 'segmentation': return ['binary', 'multilabel'];
      case 'regression': return ['target'];
      case 'generative': return ['critic'];
    }
  })();
  const model: Role[] = ['logits', 'probs', 'features', 'logits2', 'logits_fp', 'teacher', 'real', 'target'];
  return roles.find((r) => provided.includes(r)) ?? roles.find((r) => model.includes(r)) ?? roles[0];
}

const COMBINERS: ReadonlySet<string> = new Set<CombinerKind>(['pcgrad', 'mgda', 'gradnorm', 'dwa']);

/**
 * The gradient-level combiner calls a trial loss reaches (through the user losses it calls): their kind,
 * task expressions and constant options. The trial needs them before training to set up the per-task
 * gradients and weights the combiner works with.
 */
function findCombiners(roots: readonly A.Expr[], a: Analysis, rootText: string): CombinerSpec[] {
  const found: CombinerSpec[] = [];
  const visitedLosses = new Set<string>();
  const visit = (e: A.Expr, decl: A.LossDecl | undefined, text: string | undefined) => {
    const v = unparen(e);
    if (v.kind === 'Call' || v.kind === 'Name') {
      const name = v.kind === 'Call' ? v.callee.name : v.name;
      const user = a.losses.get(name);
      if (v.kind === 'Name' && (!user || decl?.params.some((p) => p.name.name === name))) return;
      if (user && !visitedLosses.has(name)) {
        visitedLosses.add(name);
        const declText = user.file ? undefined : a.text;
        for (const st of user.decl.body) {
          if (st.kind === 'Let' || st.kind === 'Return' || st.kind === 'Learn') {
            const value = (st as { value?: A.Expr }).value;
            if (value) visit(value, user.decl, declText);
          }
        }
      } else if (!user && v.kind === 'Call' && COMBINERS.has(name)) {
        const tasks = v.args.filter((x) => !x.name);
        const option = (key: string): number | undefined => {
          const arg = v.args.find((x) => x.name?.name === key);
          if (!arg) return undefined;
          const c = constantValue(arg.value);
          if (c !== undefined) return c;
          const n = unparen(arg.value);
          const p = n.kind === 'Name' ? decl?.params.find((q) => q.name.name === n.name && !q.role) : undefined;
          return p?.defaultValue ? constantValue(p.defaultValue) : undefined;
        };
        const alpha = option('alpha'), T = option('T');
        found.push({
          kind: name as CombinerKind,
          tasks: distinct(tasks.map((t, i) => (text ? text.slice(t.span.start, t.span.end).replace(/\s+/g, ' ') : `task ${i + 1}`))),
          ...(alpha !== undefined ? { alpha } : {}),
          ...(T !== undefined ? { T } : {}),
        });
      }
      if (v.kind === 'Call') for (const arg of v.args) visit(arg.value, decl, text);
      return;
    }
    if (v.kind === 'Binary') { visit(v.left, decl, text); visit(v.right, decl, text); }
    else if (v.kind === 'Unary') visit(v.operand, decl, text);
  };
  for (const r of roots) visit(r, undefined, rootText);
  return found;
}

/** Task names as series keys must differ: a repeated one gets its position (`ce(z, y) #2`). */
function distinct(names: string[]): string[] {
  return names.map((n, i) => (names.indexOf(n) === i ? n : `${n} #${i + 1}`));
}

function splitTerms(e: A.Expr, sign: 1 | -1, out: { expr: A.Expr; sign: 1 | -1 }[]): void {
  const v = unparen(e);
  if (v.kind === 'Binary' && (v.op === '+' || v.op === '-')) {
    splitTerms(v.left, sign, out);
    splitTerms(v.right, v.op === '-' ? (-sign as 1 | -1) : sign, out);
  } else out.push({ expr: e, sign });
}

export function compileTrialLoss(ref: SourceRef, data: Dataset): TrialLoss {
  const label = ref.label ?? ref.expr;
  const probe = parse(`loss __probe() = ${ref.expr}\n`);
  const decl = probe.file.declarations.find((d): d is A.LossDecl => d.kind === 'Loss');
  const ret = decl?.body.find((s): s is A.ReturnStatement => s.kind === 'Return');
  if (probe.diagnostics.some((d) => d.severity === 'error') || !ret?.value) throw new Error(`cannot parse the trial loss '${ref.expr}'`);
  const base = analyze(ref.text, { path: ref.path, workspaceRoot: ref.workspaceRoot, host: nodeSourceHost });
  const offset = 'loss __probe() = '.length;
  const src = (s: { start: number; end: number }) => ref.expr.slice(s.start - offset, s.end - offset);
  const terms: { expr: A.Expr; sign: 1 | -1 }[] = [];
  splitTerms(ret.value, 1, terms);

  let extra = '';
  const compiledTerms: { name: string; inputs: TermInput[] }[] = [];
  terms.forEach((t, k) => {
    const inputs: TermInput[] = [];
    const edits: { start: number; end: number; text: string }[] = [];
    const visit = (e: A.Expr) => {
      const v = unparen(e);
      if (v.kind === 'Name' || v.kind === 'Call') {
        const name = v.kind === 'Name' ? v.name : v.callee.name;
        const user = base.losses.get(name);
        const builtin = user ? undefined : lookupFunction(name);
        const given = new Set(v.kind === 'Call' ? v.args.filter((a) => a.name).map((a) => a.name!.name) : []);
        const positional = v.kind === 'Call' ? v.args.filter((a) => !a.name).length : 0;
        const params: { name: string; roles: readonly Role[] }[] | undefined = user
          ? user.decl.params.filter((p) => p.role).map((p) => ({ name: p.name.name, roles: [p.role!.name as Role] }))
          : builtin && (builtin.category === 'loss' || builtin.category === 'combiner')
            ? builtin.params.filter((p) => p.kind === 'tensor' && p.default === undefined).map((p) => ({ name: p.name, roles: p.roles ?? ['real'] }))
            : undefined;
        if (params) {
          let targetSeen = false;
          const bound: string[] = [];
          params.forEach((p, i) => {
            if (given.has(p.name) || i < positional) return;
            const role = pickRole(p.roles, data);
            // Numbered across all terms: the terms' inputs are bound into one map.
            const arg = `__in${compiledTerms.reduce((n, t) => n + t.inputs.length, 0) + inputs.length}`;
            const isTarget = role === 'target';
            inputs.push({ name: arg, role: role as LossInputSpec['role'], param: p.name, ...(isTarget ? { source: targetSeen ? 'data' as const : 'model' as const } : {}) });
            if (isTarget) targetSeen = true;
            bound.push(`${p.name}=${arg}`);
          });
          if (bound.length) {
            const rest = v.kind === 'Call' ? v.args.map((a) => src(a.span)) : [];
            edits.push({ ...v.span, text: `${name}(${[...rest.filter((_, i) => i < positional), ...bound, ...rest.filter((_, i) => i >= positional)].join(', ')})` });
          }
          return;
        }
      }
      if (v.kind === 'Binary') { visit(v.left); visit(v.right); }
      else if (v.kind === 'Unary') visit(v.operand);
      else if (v.kind === 'Call') v.args.forEach((a) => visit(a.value));
    };
    visit(t.expr);
    let text = src(t.expr.span);
    for (const ed of edits.sort((a, b) => b.start - a.start)) {
      const s = ed.start - t.expr.span.start, e = ed.end - t.expr.span.start;
      text = text.slice(0, s) + ed.text + text.slice(e);
    }
    const name = `__trial_term_${k}`;
    extra += `\nloss ${name}(${inputs.map((i) => `${i.name}: ${i.role}`).join(', ')}) = ${t.sign < 0 ? '-(' : ''}${text}${t.sign < 0 ? ')' : ''}\n`;
    compiledTerms.push({ name, inputs });
  });

  const full = analyze(ref.text + '\n' + extra, { path: ref.path, workspaceRoot: ref.workspaceRoot, host: nodeSourceHost });
  const errors = full.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(`cannot compile the trial loss '${ref.expr}': ${errors[0].message}`);
  const compiled: CompiledLoss[] = compiledTerms.map((t) => compileLoss(full, t.name));
  const allInputs = compiledTerms.flatMap((t) => t.inputs);
  const termNames = terms.length > 1 ? terms.map((t) => src(t.expr.span).replace(/\s+/g, ' ')) : [];
  const learnables: LearnableSpec[] = [];
  // Task expressions are written in the trial's expression (offset by the probe prefix) or in a loss of the document.
  const combiners = findCombiners(terms.map((t) => t.expr), base, ' '.repeat(offset) + ref.expr);
  if (combiners.length > 1) throw new Error(`the trial loss '${ref.expr}' uses ${combiners.length} gradient-level combiners (${combiners.map((c) => c.kind).join(', ')}); a trial supports one per loss`);
  const combiner = combiners[0];
  const forward = (combine: CombineFn | undefined) => combine
    ? (kind: CombinerKind, losses: tf.Tensor[], defaults: number[]) => combine(kind, losses as tf.Scalar[], defaults)
    : undefined;

  return {
    label,
    inputs: allInputs.map(({ name, role, source, param }) => ({ name, role, param, ...(source ? { source } : {}) })),
    learnables,
    termNames,
    ...(combiner ? { combiner } : {}),
    discoverLearnables: (inputs, ctx) => {
      learnables.length = 0;
      compiled.forEach((c, k) => {
        const mine = Object.fromEntries(compiledTerms[k].inputs.map((i) => [i.name, inputs[i.name]]));
        const { specs, values } = c.learnables(mine, { context: ctx, training: true });
        specs.forEach((s) => {
          if (!learnables.some((l) => l.name === s.name)) learnables.push({ name: s.name, shape: s.shape, init: Float32Array.from(values[s.name].dataSync()) });
        });
        tf.dispose(Object.values(values));
      });
      return learnables;
    },
    evaluate: (inputs, learned, ctx, combine) => {
      const combineHook = forward(combine);
      const values = compiled.map((c, k) => {
        const mine = Object.fromEntries(compiledTerms[k].inputs.map((i) => [i.name, inputs[i.name]]));
        return c.evaluate(mine, { learn: learned, context: ctx, training: true, seed: ctx.step, ...(combineHook ? { combine: combineHook } : {}) });
      });
      return { total: (values.length === 1 ? values[0] : tf.addN(values)) as tf.Scalar, terms: terms.length > 1 ? values : [] };
    },
  };
}
