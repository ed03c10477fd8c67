import {
  constructorKindOfField, lookupTrialConstructor, lookupTrialField, metricsForTask, TRIAL_FIELDS, trialConstructors, trialSignatureText,
  type TrialArg, type TrialConstructor, type TrialConstructorKind, type TrialFieldInfo, type TrialValueKind,
} from '../core/builtins/trial-vocabulary.js';
import type { Paper } from '../core/builtins/types.js';
import { intervalText } from './signature-text.js';

// Trial vocabulary for hover and completion: fields, data generators, models, optimizers and metrics,
// all read from the core's vocabulary table (the same one the checker and the trial engine use).

/** One completion entry of the trial vocabulary. */
export interface TrialTerm {
  readonly label: string;
  readonly detail?: string;
  /** Markdown. */
  readonly doc?: string;
  /** Snippet inserted instead of the label. */
  readonly snippet?: string;
  /** Sort group ('0' first). */
  readonly sort?: string;
  /** Ask the client to open completion again after inserting (a field name: its values come next). */
  readonly retrigger?: boolean;
}

/** Field names not written yet in this trial; required ones first. */
export function trialFieldItems(given: readonly string[]): TrialTerm[] {
  return TRIAL_FIELDS.filter((f) => !given.includes(f.name)).map((f) => ({
    label: f.name,
    detail: fieldDetail(f),
    doc: f.doc,
    snippet: `${f.name} = $0`,
    sort: f.required ? '0' : '1',
    retrigger: true,
  }));
}

/**
 * Values for a field: the generators/models/optimizers/metrics that fit it (metrics that suit the
 * trial's data task when it is known), option strings, or the default for numbers.
 */
export function trialValueItems(field: string, dataGenerator?: string): TrialTerm[] {
  const f = lookupTrialField(field);
  if (!f) return [];
  const kind = constructorKindOfField(field);
  if (kind === 'metric') {
    const task = dataGenerator ? lookupTrialConstructor(dataGenerator, 'data')?.task : undefined;
    const fitting = task ? metricsForTask(task) : trialConstructors('metric');
    return fitting.map((c) => constructorTerm(c));
  }
  if (kind) return [...trialConstructors(kind).map((c) => constructorTerm(c)), ...(f.accepts.includes('null') ? [{ label: 'null', detail: 'none' }] : [])];
  if (f.options) return f.options.map((o) => ({ label: `"${o}"`, detail: o === stripQuotes(f.default) ? 'default' : field }));
  if (f.default !== undefined && !f.accepts.includes('loss') && !f.accepts.includes('loss-list')) return [{ label: f.default, detail: 'default', sort: '0' }];
  return [];
}

/** Named arguments of a generator/model/optimizer/metric call in a trial; not-yet-given first. */
export function trialArgumentItems(field: string, callee: string, named: readonly string[]): TrialTerm[] {
  const c = constructorFor(field, callee);
  if (!c) return [];
  return c.params.map((p, i) => {
    const given = named.includes(p.name);
    return {
      label: `${p.name}=`,
      detail: given ? 'already given' : argDetail(p),
      doc: p.doc,
      snippet: `${p.name}=\${1:${(p.default ?? p.name).replace(/[$}\\]/g, (x) => `\\${x}`)}}`,
      sort: (given ? '8' : '0') + String(i).padStart(2, '0'),
    };
  });
}

/** Values for `name=` inside a trial call: nested models (`gan(g=…)`), options, booleans. */
export function trialArgumentValueItems(field: string, callee: string, arg: string): TrialTerm[] {
  const p = constructorFor(field, callee)?.params.find((x) => x.name === arg);
  if (!p) return [];
  const out: TrialTerm[] = [];
  for (const kind of p.accepts) {
    const k = constructorKind(kind);
    if (k) out.push(...trialConstructors(k).map((c) => constructorTerm(c)));
    if (kind === 'bool') out.push({ label: 'true' }, { label: 'false' });
    if (kind === 'null') out.push({ label: 'null', detail: 'none' });
  }
  if (p.options) out.push(...p.options.map((o) => ({ label: `"${o}"`, detail: o === stripQuotes(p.default) ? 'default' : arg })));
  return out;
}

export function describeTrialField(field: string): string | undefined {
  const f = lookupTrialField(field);
  if (!f) return undefined;
  return [
    '```loss\n' + `${f.name} = …` + '\n```',
    `*Trial field* · ${fieldDetail(f)}`,
    f.doc,
    f.defaultByTask ? `Default by task: ${Object.entries(f.defaultByTask).map(([t, v]) => `${t} \`${v}\``).join(', ')}.` : undefined,
  ].filter(Boolean).join('\n\n');
}

export function describeTrialValue(field: string, name: string): string | undefined {
  const c = constructorFor(field, name);
  if (!c) return undefined;
  const params = c.params.map((p) => `- \`${p.name}\`${p.default !== undefined ? ` = ${p.default}` : ''}${p.valid ? ` · valid ${intervalText(p.valid)}` : ''}${p.recommended ? ` · recommended ${intervalText(p.recommended)}` : ''} — ${p.doc}`).join('\n');
  return [
    '```loss\n' + trialSignatureText(c) + '\n```',
    `*Trial ${KIND_TITLES[c.kind]}*${c.task ? ` · task: ${c.task}` : ''}${c.targets?.length ? ` · targets: ${c.targets.map((t) => `\`${t}\``).join(', ')}` : ''}${c.higherIsBetter !== undefined ? ` · ${c.higherIsBetter ? 'higher' : 'lower'} is better` : ''}`,
    c.doc,
    params ? `**Arguments**\n${params}` : undefined,
    c.paper ? paperLine(c.paper) : undefined,
  ].filter(Boolean).join('\n\n');
}

export function describeTrialArgument(field: string, callee: string, arg: string): string | undefined {
  const c = constructorFor(field, callee);
  const p = c?.params.find((x) => x.name === arg);
  if (!c || !p) return undefined;
  return ['```loss\n' + `${c.name}(… ${p.name}=${p.default ?? '…'})` + '\n```', argDetail(p), p.doc].join('\n\n');
}

const KIND_TITLES: Record<TrialConstructorKind, string> = { data: 'data generator', model: 'model', optimizer: 'optimizer', metric: 'metric' };

/** The constructor named in a field's value: by the field's kind first (`mse` in `metrics` is the metric). */
function constructorFor(field: string, name: string): TrialConstructor | undefined {
  const kind = constructorKindOfField(field);
  return (kind ? lookupTrialConstructor(name, kind) : undefined) ?? lookupTrialConstructor(name);
}

function constructorKind(k: TrialValueKind): TrialConstructorKind | undefined {
  switch (k) {
    case 'data': return 'data';
    case 'model': return 'model';
    case 'optimizer': return 'optimizer';
    case 'metric-list': return 'metric';
    default: return undefined;
  }
}

function constructorTerm(c: TrialConstructor): TrialTerm {
  const needsArgs = c.params.some((p) => p.default === undefined);
  return {
    label: c.name,
    detail: trialSignatureText(c),
    doc: c.doc,
    // A bare name takes every default; the parentheses are offered when an argument is required.
    ...(needsArgs ? { snippet: `${c.name}($1)` } : {}),
  };
}

function fieldDetail(f: TrialFieldInfo): string {
  const parts = [f.required ? 'required' : f.default !== undefined ? `default ${f.default}` : 'optional'];
  if (f.valid) parts.push(`valid ${intervalText(f.valid)}`);
  if (f.recommended) parts.push(`recommended ${intervalText(f.recommended)}`);
  if (f.appliesTo) parts.push(`with ${f.appliesTo}`);
  return parts.join(' · ');
}

function argDetail(p: TrialArg): string {
  const parts = [p.accepts.join(' | ')];
  if (p.default !== undefined) parts.push(`default ${p.default}`);
  if (p.valid) parts.push(`valid ${intervalText(p.valid)}`);
  if (p.recommended) parts.push(`recommended ${intervalText(p.recommended)}`);
  return parts.join(' · ');
}

function paperLine(p: Paper): string {
  return `Paper: ${p.authors}, ${p.url ? `[*${p.title}*](${p.url})` : `*${p.title}*`}${p.venue ? `, ${p.venue}` : ''} ${p.year}.`;
}

function stripQuotes(s: string | undefined): string | undefined {
  return s?.replace(/^"|"$/g, '');
}
