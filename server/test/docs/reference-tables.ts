import { DECLARABLE_ROLES, ROLES } from '../../src/core/builtins/roles.js';
import { allFunctions, CONSTANTS, CONTEXT_VALUES } from '../../src/core/builtins/table.js';
import { FAMILY_TITLES, type BuiltinFunction, type BuiltinParam, type Family } from '../../src/core/builtins/types.js';
import { DATA_GENERATORS, METRICS, MODELS, OPTIMIZERS, TRIAL_FIELDS, type TrialArg, type TrialConstructor } from '../../src/core/builtins/trial-vocabulary.js';
import { DIAGNOSTIC_CODES } from '../../src/core/diagnostics/codes.js';
import { format } from '../../src/core/analysis/interval.js';

// The tables of docs/language.md that restate a table of the code. They are generated from that code, so
// the reference cannot drift from the implementation: a test compares them with the document and can
// rewrite them (LOSSLAB_UPDATE_DOCS=1).

/** Escapes text for a Markdown table cell. */
function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function num(x: number): string {
  if (x === Infinity) return '∞';
  if (x === -Infinity) return '−∞';
  return String(Number(x.toPrecision(6)));
}

/** The first sentence of a doc paragraph (up to the first '. ' that is not inside backticks or parentheses). */
export function firstSentence(doc: string): string {
  let depth = 0;
  let code = false;
  for (let i = 0; i < doc.length; i++) {
    const c = doc[i];
    if (c === '`') code = !code;
    else if (!code && c === '(') depth++;
    else if (!code && c === ')') depth = Math.max(0, depth - 1);
    else if (!code && depth === 0 && c === '.' && (doc[i + 1] === ' ' || i === doc.length - 1) && !/\b(e\.g|i\.e|et al|vs|cf)$/.test(doc.slice(Math.max(0, i - 5), i))) {
      return doc.slice(0, i + 1);
    }
  }
  return doc;
}

function paramText(p: BuiltinParam): string {
  if (p.variadic) return `${p.name}1, ${p.name}2, …`;
  // Up to three roles are listed; a longer list (any score: logits, teacher, critic, …) shows its first.
  if (p.default === undefined) return p.kind === 'tensor' && p.roles?.length ? `${p.name}: ${p.roles.length > 3 ? `${p.roles[0]}|…` : p.roles.join('|')}` : p.name;
  if (p.default === null) return `${p.name}=…`;
  if (typeof p.default === 'string') return `${p.name}="${p.default}"`;
  return `${p.name}=${typeof p.default === 'boolean' ? String(p.default) : num(p.default)}`;
}

export function signatureText(b: BuiltinFunction): string {
  return `${b.name}(${b.params.map(paramText).join(', ')})`;
}

/** The options of option parameters and the recommended ranges of hyperparameters, when the record has them. */
function rangesText(b: BuiltinFunction): string {
  const options = b.params.filter((p) => p.kind === 'option' && p.options).map((p) => `${p.name} ∈ {${p.options!.map((o) => `"${o}"`).join(', ')}}`);
  const ranges = b.params.filter((p) => p.kind === 'hyper' && p.recommended).map((p) => `${p.name} ∈ [${num(p.recommended![0])}, ${num(p.recommended![1])}]`);
  return [options.length ? `Options: ${options.join('; ')}.` : '', ranges.length ? `Recommended: ${ranges.join('; ')}.` : ''].filter(Boolean).join(' ');
}

export function rolesTable(): string {
  const rows = DECLARABLE_ROLES.map((r) => {
    const info = ROLES[r];
    return `| \`${r}\` | ${cell(info.doc)} | ${format(info.values)} |`;
  });
  return ['| Role | Meaning | Values |', '|---|---|---|', ...rows].join('\n');
}

export function contextTable(): string {
  const rows = [...CONTEXT_VALUES.values()].map((c) => `| \`${c.name}\` | ${c.scalar ? 'scalar' : 'vector'} | ${cell(c.doc)} |`);
  const consts = [...CONSTANTS.values()].map((c) => `| \`${c.name}\` | constant | ${cell(c.doc)} |`);
  return ['| Name | Kind | Meaning |', '|---|---|---|', ...rows, ...consts].join('\n');
}

/** What a builtin is, in a sentence; two when the first is only its name ("Focal loss."). */
export function summary(doc: string): string {
  const first = firstSentence(doc);
  if (first.length >= 40 || first.length === doc.length) return first;
  return `${first} ${firstSentence(doc.slice(first.length).trimStart())}`;
}

function builtinRows(fs: readonly BuiltinFunction[]): string[] {
  return fs.map((b) => {
    const ranges = rangesText(b);
    return `| \`${cell(signatureText(b))}\` | ${cell(summary(b.doc))}${ranges ? ` ${cell(ranges)}` : ''} |`;
  });
}

export function schedulesTable(): string {
  const fs = allFunctions().filter((b) => b.family === 'schedule');
  return ['| Schedule | What it is |', '|---|---|', ...builtinRows(fs)].join('\n');
}

/** GitHub's heading anchor, as docs/builtins.md's generator computes it. */
function anchor(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9_ -]/g, '').replace(/ /g, '-');
}

/** Builtins grouped by family, in the order of the source article, then the language's own groups. */
export function builtinsIndex(): string {
  const out: string[] = [];
  for (const family of Object.keys(FAMILY_TITLES) as Family[]) {
    const fs = allFunctions().filter((b) => b.family === family);
    if (fs.length === 0) continue;
    const title = FAMILY_TITLES[family];
    out.push(`#### ${title}`, '', `Full entries: [docs/builtins.md](builtins.md#${anchor(title)}).`, '', '| Builtin | What it is |', '|---|---|', ...builtinRows(fs), '');
  }
  return out.join('\n').trimEnd();
}

function trialArgText(p: TrialArg): string {
  if (p.positional) return p.default === undefined ? p.name : `${p.name}=${p.default}`;
  return p.default === undefined ? p.name : `${p.name}=${p.default}`;
}

function constructorSignature(c: TrialConstructor): string {
  if (c.params.length === 0) return c.name;
  return `${c.name}(${c.params.map(trialArgText).join(', ')})`;
}

function constructorRows(cs: readonly TrialConstructor[], extra: (c: TrialConstructor) => string = () => ''): string[] {
  return cs.map((c) => `| \`${cell(constructorSignature(c))}\` | ${extra(c)}${cell(summary(c.doc))} |`);
}

/** Fields, data generators, models, optimizers and metrics of `trial` blocks. */
export function trialsTables(): string {
  const fields = TRIAL_FIELDS.map((f) => {
    const def = f.required ? '*required*' : f.default !== undefined ? `\`${cell(f.default)}\`` : f.defaultByTask ? 'by task (below)' : '';
    const applies = f.appliesTo ? ` Only with ${f.appliesTo === 'gan' ? 'a `gan` model' : `\`${f.appliesTo}\``}.` : '';
    return `| \`${f.name}\` | ${def} | ${cell(summary(f.doc))}${applies} |`;
  });
  const metricsField = TRIAL_FIELDS.find((f) => f.name === 'metrics');
  const byTask = metricsField?.defaultByTask
    ? Object.entries(metricsField.defaultByTask).map(([task, v]) => `${task} \`${v}\``).join(', ')
    : '';
  return [
    'Full entries, with every argument\'s valid and recommended range: [docs/builtins.md](builtins.md#trial-vocabulary).',
    '',
    '#### Fields',
    '',
    '| Field | Default | What it sets |',
    '|---|---|---|',
    ...fields,
    '',
    byTask ? `Default \`metrics\` by the data's task: ${byTask}.` : '',
    '',
    '#### Data generators',
    '',
    '| Generator (defaults) | What it is |',
    '|---|---|',
    ...constructorRows(DATA_GENERATORS, (c) => (c.task ? `*${c.task}* — ` : '')),
    '',
    '#### Models',
    '',
    '| Model (defaults) | What it is |',
    '|---|---|',
    ...constructorRows(MODELS),
    '',
    '#### Optimizers',
    '',
    '| Optimizer (defaults) | What it is |',
    '|---|---|',
    ...constructorRows(OPTIMIZERS),
    '',
    '#### Metrics',
    '',
    '| Metric | Tasks | What it measures |',
    '|---|---|---|',
    ...METRICS.map((m) => `| \`${cell(constructorSignature(m))}\` | ${(m.tasks ?? []).join(', ')} | ${cell(summary(m.doc))}${m.higherIsBetter === false ? ' Lower is better.' : ''} |`),
  ].join('\n');
}

export function diagnosticsTable(): string {
  const rows = Object.entries(DIAGNOSTIC_CODES).map(([code, info]) => {
    const fix = 'fixable' in info && info.fixable ? 'yes' : '';
    return `| [\`${code}\`](diagnostics.md#${code}) | ${info.severity} | ${info.category} | ${cell(info.title)} | ${fix} |`;
  });
  return ['| Code | Severity | Category | Meaning | Quick fix |', '|---|---|---|---|---|', ...rows].join('\n');
}

/** Every generated section of docs/language.md, by the name in its markers. */
export const GENERATED_SECTIONS: Readonly<Record<string, () => string>> = {
  roles: rolesTable,
  context: contextTable,
  schedules: schedulesTable,
  builtins: builtinsIndex,
  trials: trialsTables,
  diagnostics: diagnosticsTable,
};

const BLOCK = /(<!-- BEGIN GENERATED: ([a-z-]+) -->\n)([\s\S]*?)(<!-- END GENERATED: \2 -->)/g;

/** The document with every generated section replaced by its current content. */
export function regenerate(markdown: string, sections: Readonly<Record<string, () => string>> = GENERATED_SECTIONS): string {
  return markdown.replace(BLOCK, (_all, begin: string, name: string, _old: string, end: string) => {
    const make = sections[name];
    if (!make) throw new Error(`docs/language.md has a generated section '${name}' that nothing generates`);
    return `${begin}${make()}\n${end}`;
  });
}

export function generatedSectionNames(markdown: string): string[] {
  return [...markdown.matchAll(BLOCK)].map((m) => m[2]);
}
