import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ROLES } from '../../src/core/builtins/roles.js';
import { lookupFunction } from '../../src/core/builtins/table.js';
import {
  ACTIVATIONS, constructorKindOfField, DATA_GENERATORS, lookupTrialConstructor, lookupTrialField, METRICS, metricsForTask, MODELS,
  OPTIMIZERS, TRIAL_FIELDS, TRIAL_TASKS, trialConstructors, trialSignatureText, type TrialArg, type TrialFieldInfo,
} from '../../src/core/builtins/trial-vocabulary.js';
import { parse } from '../../src/core/syntax/parse.js';
import type { TrialDecl } from '../../src/core/syntax/ast.js';
import { BLOBS_DEFAULTS } from '../../src/trial/data/blobs.js';
import { IRIS_DEFAULTS } from '../../src/trial/data/iris.js';
import { MOONS_DEFAULTS } from '../../src/trial/data/moons.js';
import { MULTILABEL_DEFAULTS } from '../../src/trial/data/multilabel.js';
import { MULTITASK_DEFAULTS } from '../../src/trial/data/multitask.js';
import { REGRESSION_DEFAULTS } from '../../src/trial/data/regression.js';
import { RING_DEFAULTS } from '../../src/trial/data/ring.js';
import { SEGMENTATION_DEFAULTS } from '../../src/trial/data/segmentation.js';
import { SPIRALS_DEFAULTS } from '../../src/trial/data/spirals.js';
import { GENERATORS } from '../../src/trial/data/index.js';
import { ACTIVATIONS as ENGINE_ACTIVATIONS } from '../../src/trial/models/activations.js';
import { MLP_DEFAULTS } from '../../src/trial/models/mlp.js';
import { OPTIMIZER_DEFAULTS } from '../../src/trial/optim/optimizer.js';

/** Parses `source` as the value of a trial field and returns the parse diagnostics. */
function parseAsFieldValue(source: string): string[] {
  const r = parse(`trial t {\n  f = ${source}\n}\n`);
  const trial = r.file.declarations[0] as TrialDecl;
  assert.equal(trial.fields.length, 1, `"${source}" did not parse as one field value`);
  return r.diagnostics.map((d) => d.message);
}

function inside(v: number, range: readonly [number, number], open: readonly [boolean, boolean] = [false, false]): boolean {
  return (open[0] ? v > range[0] : v >= range[0]) && (open[1] ? v < range[1] : v <= range[1]);
}

/** A numeric default is inside its valid and recommended ranges; an option default is an option. */
function checkDefault(owner: string, p: TrialArg | TrialFieldInfo): void {
  if (p.default === undefined) return;
  assert.deepEqual(parseAsFieldValue(p.default), [], `${owner}.${p.name}: default ${p.default} does not parse`);
  const v = Number(p.default);
  if (p.default !== '' && Number.isFinite(v)) {
    if (p.valid) assert.ok(inside(v, p.valid, 'validOpen' in p ? p.validOpen : undefined), `${owner}.${p.name}: default ${v} outside valid`);
    if (p.recommended) assert.ok(inside(v, p.recommended), `${owner}.${p.name}: default ${v} outside recommended`);
    if (p.accepts.includes('integer') && !p.accepts.includes('number')) assert.ok(Number.isInteger(v), `${owner}.${p.name}: integer default`);
  }
  if (p.accepts.includes('option')) {
    assert.ok(p.options?.length, `${owner}.${p.name}: option without options`);
    assert.ok(p.options!.includes(JSON.parse(p.default) as string), `${owner}.${p.name}: default ${p.default} is not an option`);
  }
  if (p.default === 'null') assert.ok(p.accepts.includes('null'), `${owner}.${p.name}: null default but null not accepted`);
  if (p.recommended && p.valid) {
    assert.ok(inside(p.recommended[0], p.valid, 'validOpen' in p ? p.validOpen : undefined) && inside(p.recommended[1], p.valid, 'validOpen' in p ? p.validOpen : undefined), `${owner}.${p.name}: recommended outside valid`);
  }
}

describe('trial vocabulary: fields', () => {
  it('requires data and loss, and defaults the rest as the brief says', () => {
    assert.deepEqual(TRIAL_FIELDS.filter((f) => f.required).map((f) => f.name), ['data', 'loss']);
    const def = (n: string) => lookupTrialField(n)?.default;
    assert.equal(def('steps'), '300');
    assert.equal(def('batch'), '256');
    assert.equal(def('seeds'), '3');
    assert.equal(def('optimizer'), 'adam(lr=0.01)');
    assert.equal(def('model'), 'mlp(hidden=[32, 32])');
    assert.equal(def('compare'), '[]');
    assert.equal(def('resample'), '"none"');
    for (const f of TRIAL_FIELDS) {
      if (!f.required) assert.ok(f.default !== undefined || f.defaultByTask, `${f.name}: optional field without a default`);
    }
  });

  it('has the fields of the sketch’s example trial and the brief', () => {
    for (const n of ['data', 'model', 'loss', 'compare', 'optimizer', 'steps', 'batch', 'seeds', 'metrics', 'resample', 'teacher', 'eval_every']) {
      assert.ok(lookupTrialField(n), n);
    }
    assert.equal(new Set(TRIAL_FIELDS.map((f) => f.name)).size, TRIAL_FIELDS.length);
  });

  it('has parseable defaults inside their ranges', () => {
    for (const f of TRIAL_FIELDS) {
      assert.ok(f.doc.length > 30 && !f.doc.includes('\n\n'), `${f.name}: doc`);
      checkDefault('trial', f);
      for (const [task, source] of Object.entries(f.defaultByTask ?? {})) {
        assert.deepEqual(parseAsFieldValue(source), [], `${f.name} default for ${task}`);
        // Every metric of a task default applies to that task.
        for (const m of source.replace(/[[\]\s]/g, '').split(',')) assert.ok(lookupTrialConstructor(m, 'metric')?.tasks?.includes(task as never), `${m} for ${task}`);
      }
    }
    assert.deepEqual(Object.keys(lookupTrialField('metrics')!.defaultByTask!), [...TRIAL_TASKS]);
  });

  it('names the constructor kind of each field', () => {
    assert.equal(constructorKindOfField('data'), 'data');
    assert.equal(constructorKindOfField('teacher'), 'model');
    assert.equal(constructorKindOfField('optimizer'), 'optimizer');
    assert.equal(constructorKindOfField('metrics'), 'metric');
    assert.equal(constructorKindOfField('steps'), undefined);
    assert.equal(constructorKindOfField('nope'), undefined);
  });

  it('offers a d_loss default that is a real builtin loss', () => {
    assert.equal(lookupFunction(lookupTrialField('d_loss')!.default!)?.category, 'loss');
  });
});

describe('trial vocabulary: constructors', () => {
  it('lists the brief’s generators, models, optimizers and metrics', () => {
    assert.deepEqual(DATA_GENERATORS.map((c) => c.name), ['blobs', 'moons', 'spirals', 'multilabel', 'regression', 'segmentation', 'multitask', 'ring', 'iris']);
    assert.deepEqual(MODELS.map((c) => c.name), ['linear', 'mlp', 'gan']);
    assert.deepEqual(OPTIMIZERS.map((c) => c.name), ['sgd', 'momentum', 'adam', 'adamw']);
    for (const m of ['accuracy', 'balanced_accuracy', 'macro_f1', 'recall', 'auc', 'ece', 'mse', 'mae', 'dice', 'iou', 'modes_covered', 'hq_fraction', 'student_accuracy', 'teacher_accuracy', 'float_accuracy', 'int8_accuracy', 'tuned_threshold']) {
      assert.ok(lookupTrialConstructor(m, 'metric'), m);
    }
    assert.equal(trialSignatureText(lookupTrialConstructor('mlp')!), 'mlp(hidden=[32, 32], activation="relu", dropout=0, quantize=null, spectral_norm=false, head="linear")');
    assert.equal(trialSignatureText(lookupTrialConstructor('recall', 'metric')!), 'recall(k)');
  });

  it('has well-formed records with parseable defaults inside their ranges', () => {
    for (const kind of ['data', 'model', 'optimizer', 'metric'] as const) {
      for (const c of trialConstructors(kind)) {
        assert.equal(c.kind, kind);
        assert.ok(c.doc.length > 30 && !c.doc.includes('\n\n'), `${c.name}: doc`);
        assert.equal(new Set(c.params.map((p) => p.name)).size, c.params.length, `${c.name}: duplicate params`);
        for (const p of c.params) {
          assert.ok(p.doc.length > 5, `${c.name}.${p.name}: doc`);
          assert.ok(p.accepts.length > 0);
          checkDefault(c.name, p);
        }
        if (kind === 'data') {
          assert.ok(c.task, `${c.name}: task`);
          for (const r of c.targets ?? []) assert.ok(r in ROLES, `${c.name}: role ${r}`);
        }
        if (kind === 'metric') {
          assert.ok(c.tasks?.length, `${c.name}: tasks`);
          assert.equal(typeof c.higherIsBetter, 'boolean');
        }
      }
    }
  });

  it('tells metrics from losses of the same name by kind', () => {
    assert.equal(lookupTrialConstructor('mse', 'metric')?.kind, 'metric');
    assert.equal(lookupFunction('mse')?.category, 'loss');
    assert.equal(lookupTrialConstructor('blobs')?.kind, 'data');
    assert.equal(lookupTrialConstructor('nope'), undefined);
    assert.ok(metricsForTask('generative').every((m) => m.tasks!.includes('generative')));
    assert.ok(metricsForTask('classification').some((m) => m.name === 'balanced_accuracy'));
  });
});

describe('trial vocabulary agrees with the trial engine', () => {
  const defaultsOf = (name: string, kind: 'data' | 'model' | 'optimizer') =>
    Object.fromEntries(lookupTrialConstructor(name, kind)!.params.map((p) => [p.name, p.default === undefined ? undefined : JSON.parse(p.default) as unknown]));

  it('on every data generator’s arguments and defaults', () => {
    const engine: Record<string, object> = {
      blobs: BLOBS_DEFAULTS, moons: MOONS_DEFAULTS, spirals: SPIRALS_DEFAULTS, multilabel: MULTILABEL_DEFAULTS, regression: REGRESSION_DEFAULTS,
      segmentation: SEGMENTATION_DEFAULTS, multitask: MULTITASK_DEFAULTS, ring: RING_DEFAULTS, iris: IRIS_DEFAULTS,
    };
    assert.deepEqual(Object.keys(GENERATORS).sort(), DATA_GENERATORS.map((c) => c.name).sort());
    for (const [name, defaults] of Object.entries(engine)) assert.deepEqual(defaultsOf(name, 'data'), { ...defaults }, name);
  });

  it('on the mlp and the optimizers', () => {
    const { kind: _kind, ...mlp } = MLP_DEFAULTS;
    assert.deepEqual(defaultsOf('mlp', 'model'), mlp);
    assert.deepEqual([...ACTIVATIONS].sort(), Object.keys(ENGINE_ACTIVATIONS).sort());
    for (const o of OPTIMIZERS) {
      const engine = OPTIMIZER_DEFAULTS[o.name as keyof typeof OPTIMIZER_DEFAULTS] as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(defaultsOf(o.name, 'optimizer'))) assert.equal(v, engine[k], `${o.name}.${k}`);
    }
  });
});
