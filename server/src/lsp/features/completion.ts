import { readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import {
  CompletionItemKind, InsertTextFormat, MarkupKind,
  type CompletionItem, type CompletionList, type CompletionParams,
} from 'vscode-languageserver';
import type { Analysis } from '../../core/analysis/model.js';
import { builtinSignature as coreBuiltinSignature, lossSignature as coreLossSignature, type Signature, type SignatureParam } from '../../core/analysis/signature.js';
import { DECLARABLE_ROLES, ROLES } from '../../core/builtins/roles.js';
import { allFunctions, CONSTANTS, CONTEXT_VALUES, lookupFunction } from '../../core/builtins/table.js';
import { FAMILY_TITLES, type BuiltinFunction } from '../../core/builtins/types.js';
import type * as A from '../../core/syntax/ast.js';
import { isInside } from '../../core/workspace/paths.js';
import { cursorContext, type CallContext, type CursorContext } from '../cursor-context.js';
import type { LossDocument } from '../documents.js';
import type { LossServices } from '../services.js';
import { builtinSignature, formatDefault, lossSignature, paramText } from '../signature-text.js';
import { expandTemplate as plainText, TEMPLATES } from '../templates.js';
import { lookupTrialField } from '../../core/builtins/trial-vocabulary.js';
import { trialArgumentItems, trialArgumentValueItems, trialFieldItems, trialValueItems, type TrialTerm } from '../trial-terms.js';

// Completion that knows where it is (see cursor-context.ts): keywords and templates at the top level,
// statements in a loss body, names in expressions (locals defined above, context values, builtins, user
// losses — functions with their required arguments as a snippet), named arguments of the call being
// written (the ones not given yet first), roles after `:`, string options, import paths, and in trials
// the fields and the generators/models/optimizers/metrics that fit each field.

/** Sort groups: lower first. */
const SORT = { argumentNew: '0', local: '1', loss: '2', builtin: '3', context: '4', argumentGiven: '8', keyword: '5', template: '6' } as const;

export class CompletionFeature {
  constructor(private readonly services: LossServices) {}

  complete(params: CompletionParams): CompletionList {
    const doc = this.services.documents.get(params.textDocument.uri);
    if (!doc) return { isIncomplete: false, items: [] };
    const offset = doc.index.offsetAt(params.position);
    const ctx = cursorContext(doc.text, doc.parse.tokens, doc.parse.file.comments, offset);
    const items = this.items(doc, ctx, offset);
    const range = doc.index.rangeOf({ start: ctx.word.start, end: Math.max(ctx.word.end, offset) });
    const { snippetSupport, completionEditRangeDefault } = this.services.config;
    for (const item of items) {
      const text = item.insertText ?? item.label;
      if (item.insertTextFormat === InsertTextFormat.Snippet && !snippetSupport) {
        item.insertText = plainText(text);
        item.insertTextFormat = InsertTextFormat.PlainText;
      }
      // Every item replaces the same range (the word at the cursor). Said once for the list when the
      // client allows: on a large file the list has hundreds of items, and the ranges were a third of it.
      if (completionEditRangeDefault) {
        if (item.insertText !== undefined && item.insertText !== item.label) item.textEditText = item.insertText;
      } else item.textEdit = { range, newText: item.insertText ?? item.label };
      delete item.insertText;
    }
    return completionEditRangeDefault ? { isIncomplete: false, itemDefaults: { editRange: range }, items } : { isIncomplete: false, items };
  }

  /** Adds the rendered formula to a builtin's documentation when the client asks for the details. */
  resolve(item: CompletionItem): CompletionItem {
    const data = item.data as { builtin?: string } | undefined;
    const b = data?.builtin ? lookupFunction(data.builtin) : undefined;
    if (!b) return item;
    const text = this.services.math.text(b.formula);
    const image = this.services.math.image(b.formula, `${b.name}: ${text}`, this.services.config.themeKind);
    item.documentation = { kind: MarkupKind.Markdown, value: [b.doc, image, `*Formula:* \`${text}\``].filter(Boolean).join('\n\n') };
    return item;
  }

  private items(doc: LossDocument, ctx: CursorContext, offset: number): CompletionItem[] {
    const p = ctx.place;
    switch (p.kind) {
      case 'comment':
      case 'none':
      case 'param-name':
        return [];
      case 'top-level':
        return [...topLevelKeywords(), ...templateItems()];
      case 'statement':
        return statementKeywords();
      case 'role':
        return DECLARABLE_ROLES.map((r) => ({ label: r, kind: CompletionItemKind.TypeParameter, detail: 'role', documentation: ROLES[r].doc }));
      case 'import-path':
        return this.importPaths(doc, p.typed);
      case 'string':
        return p.call ? this.optionValues(doc, p.call) : [];
      case 'expression': {
        const a = this.services.documents.analysis(doc.uri);
        const call = p.call;
        const out: CompletionItem[] = [];
        if (call && a) {
          if (call.valueFor) out.push(...this.optionValuesQuoted(a, call));
          else if (call.atArgumentStart) out.push(...this.namedArguments(a, call));
        }
        out.push(...this.expressionItems(doc, a, p.loss, offset));
        return out;
      }
      case 'trial-field':
        return trialFieldItems(p.given).map((t) => termItem(t, CompletionItemKind.Property));
      case 'trial-value': {
        const a = this.services.documents.analysis(doc.uri);
        const call = p.call;
        if (call?.valueFor) return trialArgumentValueItems(p.field, call.callee, call.valueFor).map((t) => termItem(t, CompletionItemKind.Value));
        if (call?.atArgumentStart) {
          const args = trialArgumentItems(p.field, call.callee, call.named);
          if (args.length) return args.map((t) => termItem(t, CompletionItemKind.Field));
        }
        const kind = lookupTrialField(p.field)?.accepts ?? [];
        if (kind.includes('loss') || kind.includes('loss-list')) return a ? this.lossItems(a, false) : [];
        return trialValueItems(p.field, dataGeneratorOf(doc.parse.file, p.trial)).map((t) => termItem(t, CompletionItemKind.Function));
      }
    }
  }

  private expressionItems(doc: LossDocument, a: Analysis | undefined, lossName: string | undefined, offset: number): CompletionItem[] {
    const out: CompletionItem[] = [];
    const loss = findLoss(doc.parse.file, lossName, offset);
    if (loss) out.push(...localItems(doc.text, loss, offset));
    for (const c of CONTEXT_VALUES.values()) out.push({ label: c.name, kind: CompletionItemKind.Constant, detail: 'context value (from the trial)', documentation: c.doc, sortText: SORT.context + c.name });
    for (const c of CONSTANTS.values()) out.push({ label: c.name, kind: c.kind === 'bool' ? CompletionItemKind.Keyword : CompletionItemKind.Constant, detail: 'constant', documentation: c.doc, sortText: SORT.context + c.name });
    for (const b of allFunctions()) out.push(builtinItem(b));
    if (a) out.push(...this.lossItems(a, true));
    return out;
  }

  private lossItems(a: Analysis, withArguments: boolean): CompletionItem[] {
    const out: CompletionItem[] = [];
    for (const [name, info] of a.losses) {
      const text = info.file ? this.services.documents.read(info.file) ?? '' : a.text;
      const required = info.decl.params.filter((p) => p.role);
      out.push({
        label: name,
        kind: CompletionItemKind.Function,
        detail: lossSignature(info.decl, text),
        documentation: info.decl.doc?.text ? { kind: MarkupKind.Markdown, value: info.decl.doc.text } : undefined,
        sortText: SORT.loss + name,
        ...(withArguments ? callSnippet(name, required.map((p) => p.name.name)) : {}),
      });
    }
    if (!withArguments) {
      // In a trial, builtin losses can be used by name too (their inputs are bound by role).
      for (const b of allFunctions()) if (b.category === 'loss') out.push({ ...builtinItem(b), insertText: b.name, insertTextFormat: InsertTextFormat.PlainText });
    }
    return out;
  }

  private namedArguments(a: Analysis, call: CallContext): CompletionItem[] {
    const sig = signatureOf(a, call.callee);
    if (!sig) return [];
    const givenByPosition = new Set<string>();
    let k = 0;
    for (const p of sig.params) {
      if (k >= call.positionalBefore || p.variadic) break;
      givenByPosition.add(p.name);
      k++;
    }
    return sig.params
      .filter((p) => !p.variadic)
      .map((p): CompletionItem => {
        const given = call.named.includes(p.name) || givenByPosition.has(p.name);
        return {
          label: `${p.name}=`,
          kind: CompletionItemKind.Field,
          detail: given ? 'already given' : argumentDetail(p),
          ...(p.doc ? { documentation: p.doc } : {}),
          sortText: (given ? SORT.argumentGiven : SORT.argumentNew) + String(sig.params.indexOf(p)).padStart(2, '0'),
          filterText: p.name,
          insertText: `${p.name}=\${1:${escapeSnippet(p.default !== undefined && p.default !== null ? formatDefault(p.default) : p.name)}}`,
          insertTextFormat: InsertTextFormat.Snippet,
        };
      });
  }

  /** `kind=|` on an option parameter: its strings, quoted. */
  private optionValuesQuoted(a: Analysis, call: CallContext): CompletionItem[] {
    const p = signatureOf(a, call.callee)?.params.find((x) => x.name === call.valueFor);
    if (p?.options) return p.options.map((o) => ({ label: `"${o}"`, kind: CompletionItemKind.EnumMember, detail: `${call.callee}(${p.name}=…)`, sortText: SORT.argumentNew + o }));
    if (p?.kind === 'bool') return ['true', 'false'].map((o) => ({ label: o, kind: CompletionItemKind.Keyword, sortText: SORT.argumentNew + o }));
    return [];
  }

  /** Inside `kind="|"`: the option strings of that parameter. */
  private optionValues(doc: LossDocument, call: CallContext): CompletionItem[] {
    const a = this.services.documents.analysis(doc.uri);
    const sig = a && signatureOf(a, call.callee);
    if (!sig) return [];
    const p = call.valueFor ? sig.params.find((x) => x.name === call.valueFor) : sig.params[Math.min(call.argIndex, sig.params.length - 1)];
    return (p?.options ?? []).map((o) => ({ label: o, kind: CompletionItemKind.EnumMember, detail: `${call.callee}(${p!.name}=…)` }));
  }

  private importPaths(doc: LossDocument, typed: string): CompletionItem[] {
    if (!doc.path) return [];
    const root = this.services.documents.workspaceRootOf(doc.path) ?? dirname(doc.path);
    const base = dirname(doc.path);
    const typedDir = typed.includes('/') ? typed.slice(0, typed.lastIndexOf('/') + 1) : '';
    const dir = resolve(base, typedDir);
    if (!isInside(root, dir)) return [];
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return [];
    }
    const out: CompletionItem[] = [];
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const full = join(dir, e.name);
      if (e.isDirectory()) out.push({ label: `${typedDir}${e.name}/`, kind: CompletionItemKind.Folder, command: { title: 'suggest', command: 'editor.action.triggerSuggest' } });
      else if (e.name.endsWith('.loss') && full !== doc.path) out.push({ label: `${typedDir}${e.name}`, kind: CompletionItemKind.File, detail: relative(root, full) });
    }
    return out;
  }
}

function findLoss(file: A.SourceFile, name: string | undefined, offset: number): A.LossDecl | undefined {
  const losses = file.declarations.filter((d): d is A.LossDecl => d.kind === 'Loss');
  return losses.find((d) => offset >= d.span.start && offset <= d.span.end + 1) ?? (name ? losses.find((d) => d.name?.name === name) : undefined);
}

/** Parameters, and the `let`/`learn` names defined above the cursor. */
function localItems(text: string, loss: A.LossDecl, offset: number): CompletionItem[] {
  const out: CompletionItem[] = [];
  for (const p of loss.params) {
    out.push({ label: p.name.name, kind: p.role ? CompletionItemKind.Variable : CompletionItemKind.Constant, detail: paramText(p, text), sortText: SORT.local + p.name.name });
  }
  for (const s of loss.body) {
    if (s.kind === 'Return' || s.span.end > offset) continue;
    out.push({ label: s.name.name, kind: s.kind === 'Learn' ? CompletionItemKind.Field : CompletionItemKind.Variable, detail: `${s.kind === 'Learn' ? 'learn' : 'let'} ${s.name.name} = ${text.slice(s.kind === 'Learn' ? s.init.span.start : s.value.span.start, s.kind === 'Learn' ? s.init.span.end : s.value.span.end)}`, sortText: SORT.local + s.name.name });
  }
  return out;
}

function builtinItem(b: BuiltinFunction): CompletionItem {
  const required = b.params.filter((p) => p.default === undefined).flatMap((p) => (p.variadic ? Array.from({ length: Math.max(1, p.minCount ?? 1) }, (_, i) => `${p.name}${i + 1}`) : [p.name]));
  return {
    label: b.name,
    kind: CompletionItemKind.Function,
    detail: builtinSignature(b),
    labelDetails: { description: FAMILY_TITLES[b.family] },
    documentation: { kind: MarkupKind.Markdown, value: b.doc },
    sortText: SORT.builtin + b.name,
    data: { builtin: b.name },
    ...callSnippet(b.name, required),
  };
}

function callSnippet(name: string, args: readonly string[]): Pick<CompletionItem, 'insertText' | 'insertTextFormat' | 'command'> {
  const placeholders = args.map((a, i) => `\${${i + 1}:${escapeSnippet(a)}}`).join(', ');
  return {
    insertText: args.length ? `${name}(${placeholders})` : `${name}($1)`,
    insertTextFormat: InsertTextFormat.Snippet,
    command: { title: 'Signature help', command: 'editor.action.triggerParameterHints' },
  };
}

function signatureOf(a: Analysis, callee: string): Signature | undefined {
  const b = lookupFunction(callee);
  if (b) return coreBuiltinSignature(b);
  const l = a.losses.get(callee);
  return l ? coreLossSignature(l.decl) : undefined;
}

function argumentDetail(p: SignatureParam): string {
  if (p.kind === 'tensor') return p.roles?.length ? `tensor: ${p.roles.join('|')}` : 'tensor';
  if (p.options) return p.options.map((o) => `"${o}"`).join(' | ');
  return p.default === undefined ? `${p.kind}, required` : `${p.kind} = ${formatDefault(p.default)}`;
}

// Keywords insert just the word: the scaffolds live in snippets/loss.code-snippets (VS Code) and in the
// family templates below (every client), so they are not offered twice.
function keyword(label: string, doc: string): CompletionItem {
  return { label, kind: CompletionItemKind.Keyword, documentation: doc, sortText: SORT.keyword + label };
}

function topLevelKeywords(): CompletionItem[] {
  return [
    keyword('loss', 'Declare a loss: tensor inputs with roles, hyperparameters with defaults, then a body ending in `return` (or `= expression`).'),
    keyword('trial', 'Declare a trial: a quick training run of a loss on generated data.'),
    keyword('import', 'Import the losses of another .loss file of the workspace.'),
  ];
}

function statementKeywords(): CompletionItem[] {
  return [
    keyword('let', 'Bind a name to an expression.'),
    keyword('learn', 'A learnable scalar, optimised together with the model.'),
    keyword('return', 'The value of the loss (exactly one per body).'),
  ];
}

function templateItems(): CompletionItem[] {
  return TEMPLATES.map((t) => ({
    label: t.label,
    kind: CompletionItemKind.Snippet,
    detail: t.family ? FAMILY_TITLES[t.family] : 'template',
    documentation: { kind: MarkupKind.Markdown, value: `${t.description}\n\n\`\`\`loss\n${plainText(t.body)}\n\`\`\`` },
    insertText: t.body,
    insertTextFormat: InsertTextFormat.Snippet,
    sortText: SORT.template + t.label,
  }));
}

function termItem(t: TrialTerm, kind: CompletionItemKind): CompletionItem {
  return {
    label: t.label,
    kind,
    ...(t.detail ? { detail: t.detail } : {}),
    ...(t.doc ? { documentation: { kind: MarkupKind.Markdown, value: t.doc } } : {}),
    ...(t.snippet ? { insertText: t.snippet, insertTextFormat: InsertTextFormat.Snippet } : {}),
    ...(t.retrigger ? { command: { title: 'Suggest', command: 'editor.action.triggerSuggest' } } : {}),
    sortText: (t.sort ?? '1') + t.label,
  };
}

/** The generator named by a trial's `data` field (`blobs` in `data = blobs(classes=3)`). */
function dataGeneratorOf(file: A.SourceFile, trial: string | undefined): string | undefined {
  const t = file.declarations.find((d): d is A.TrialDecl => d.kind === 'Trial' && d.name?.name === trial);
  const v = t?.fields.find((f) => f.name.name === 'data')?.value;
  return v?.kind === 'Call' ? v.callee.name : v?.kind === 'Name' ? v.name : undefined;
}

function escapeSnippet(s: string): string {
  return s.replace(/[$}\\]/g, (c) => `\\${c}`);
}
