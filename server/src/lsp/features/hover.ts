import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver';
import type { Analysis, Definition } from '../../core/analysis/model.js';
import { ROLES, type Role } from '../../core/builtins/roles.js';
import type { BuiltinFunction, BuiltinParam } from '../../core/builtins/types.js';
import { FAMILY_TITLES } from '../../core/builtins/types.js';
import { builtinFormulaLatex } from '../../core/latex/index.js';
import { HOVER_MARKDOWN_LIMIT } from '../../math/index.js';
import type * as A from '../../core/syntax/ast.js';
import { toRange } from '../convert.js';
import { targetAt, type Target } from '../locate.js';
import { lossDefinitionTex } from '../math-bridge.js';
import type { LossServices } from '../services.js';
import { builtinSignature, formatDefault, intervalText, lossSignature, paramText } from '../signature-text.js';
import { describeTrialArgument, describeTrialField, describeTrialValue } from '../trial-terms.js';

/**
 * Hover: what a name is, with its formula drawn as an image (MathJax SVG, in the theme's colour) and a
 * text fallback under it for other clients, screen readers and when drawing fails.
 */
export class HoverFeature {
  constructor(private readonly services: LossServices) {}

  hover(params: HoverParams): Hover | null {
    const doc = this.services.documents.get(params.textDocument.uri);
    const a = this.services.documents.analysis(params.textDocument.uri);
    if (!doc || !a) return null;
    const t = targetAt(a, doc.index.offsetAt(params.position));
    if (!t) return null;
    let value = this.content(a, t);
    if (!value) return null;
    // VS Code truncates hover Markdown beyond 100,000 characters (a cut data URI is a broken image):
    // past that, the images go and their text fallbacks stay.
    if (value.length > HOVER_MARKDOWN_LIMIT) value = value.replace(/!\[[^\]]*\]\(data:[^)]*\)\n*/g, '');
    return { contents: { kind: MarkupKind.Markdown, value }, range: toRange(doc.index, t.span) };
  }

  private content(a: Analysis, t: Target): string | undefined {
    switch (t.kind) {
      case 'definition': return this.definition(a, t.def);
      case 'reference': {
        if (t.ref.usage === 'argument') return this.argument(a, t.ref.name, t.ref.callee, t.ref.definition);
        return t.ref.definition ? this.definition(a, t.ref.definition) : undefined;
      }
      case 'role': return roleMarkdown(t.role);
      case 'trial-field': return describeTrialField(t.field.name.name);
      case 'trial-value': return describeTrialValue(t.field.name.name, t.name) ?? (t.call ? undefined : this.lossByName(a, t.name));
      case 'trial-argument': return describeTrialArgument(t.field.name.name, t.call.callee.name, t.name);
    }
  }

  private definition(a: Analysis, d: Definition): string | undefined {
    switch (d.kind) {
      case 'builtin': return this.builtin(d.builtin);
      case 'loss': return this.loss(a, d.decl, d.file);
      case 'param': return this.param(a, d.param, d.loss);
      case 'let': return joinBlocks(code(`let ${d.name} = ${sourceOf(a, d.stmt.value)}`), this.valueLine(a, d.stmt.value));
      case 'learn': return joinBlocks(code(`learn ${d.name} = ${sourceOf(a, d.stmt.init)}`), 'A learnable scalar, optimised together with the model during a trial; this is its initial value.');
      case 'constant': return joinBlocks(code(`${d.name} = ${d.constant.kind === 'bool' ? d.name : d.constant.value}`), d.constant.doc);
      case 'context': return joinBlocks(code(`${d.name}  # supplied by the trial`), d.value.doc, this.formula(d.value.tex, d.name), d.value.role ? `Role: \`${d.value.role}\`` : undefined);
      case 'trial': return joinBlocks(code(`trial ${d.name}`), d.decl.doc?.text, 'Run it with the ▶ Run trial code lens or `losslab trial FILE --trial NAME`.');
    }
  }

  builtin(b: BuiltinFunction): string {
    const params = b.params.map((p) => `- ${paramLine(p)}`).join('\n');
    const paper = b.paper
      ? `Paper: ${b.paper.authors}, ${b.paper.url ? `[*${b.paper.title}*](${b.paper.url})` : `*${b.paper.title}*`}${b.paper.venue ? `, ${b.paper.venue}` : ''} ${b.paper.year}.`
      : undefined;
    return joinBlocks(
      code(builtinSignature(b)),
      `*${FAMILY_TITLES[b.family]}* · builtin ${b.category}`,
      b.doc,
      this.formula(builtinFormulaLatex(b).tex, b.name, b.formula),
      params ? `**Parameters**\n${params}` : undefined,
      paper,
    );
  }

  private loss(a: Analysis, decl: A.LossDecl, file: string | undefined): string {
    const text = file ? this.services.documents.read(file) ?? a.text : a.text;
    const tex = lossDefinitionTex(file ? undefined : a, decl);
    const formula = tex ? this.formula(tex, decl.name?.name ?? 'loss') : decl.shorthand ? undefined : code(text.slice(decl.bodySpan?.start ?? decl.span.start, decl.bodySpan?.end ?? decl.span.end));
    const params = decl.params.map((p) => `- ${userParamLine(p, text)}`).join('\n');
    return joinBlocks(
      code(lossSignature(decl, text)),
      file ? `*from ${file.split(/[\\/]/).pop()}*` : undefined,
      decl.doc?.text,
      formula,
      params ? `**Parameters**\n${params}` : undefined,
    );
  }

  private lossByName(a: Analysis, name: string): string | undefined {
    const l = a.losses.get(name);
    return l ? this.loss(a, l.decl, l.file) : undefined;
  }

  private param(a: Analysis, p: A.Parameter, loss: A.LossDecl): string {
    const head = code(paramText(p, a.text));
    const owner = `Parameter of \`${loss.name?.name ?? '?'}\`.`;
    if (p.role) return joinBlocks(head, `${owner} A tensor input with role \`${p.role.name}\`.`, roleDoc(p.role.name));
    const range = p.range ? ` Declared range \`${sourceOf(a, p.range)}\` (drives lints, sliders and sweeps).` : '';
    return joinBlocks(head, `${owner} A hyperparameter, known before training.${range}`);
  }

  /** A named argument `gamma=` of a call. */
  private argument(a: Analysis, name: string, callee: Definition | undefined, def: Definition | undefined): string | undefined {
    if (callee?.kind === 'builtin') {
      const p = callee.builtin.params.find((x) => x.name === name);
      return p ? joinBlocks(code(`${callee.name}(… ${name}=…)`), paramLine(p)) : undefined;
    }
    if (def?.kind === 'param') return this.param(a, def.param, def.loss);
    return undefined;
  }

  private valueLine(a: Analysis, e: A.Expr): string | undefined {
    const v = a.values.get(e);
    if (!v) return undefined;
    const parts: string[] = [];
    if (v.scalar !== undefined) parts.push(v.scalar ? 'scalar' : 'tensor');
    if (v.role) parts.push(`role \`${v.role}\``);
    if (Number.isFinite(v.range.lo) || Number.isFinite(v.range.hi)) parts.push(`values in ${intervalText([v.range.lo, v.range.hi])}`);
    if (v.learns.size) parts.push(`depends on learned ${[...v.learns].map((x) => `\`${x}\``).join(', ')}`);
    return parts.length ? parts.join(' · ') : undefined;
  }

  /** The formula as an image plus its text form; the text alone when it cannot be drawn. */
  private formula(tex: string, name: string, textTex = tex): string {
    const text = this.services.math.text(textTex);
    const image = this.services.math.image(tex, `${name}: ${text}`, this.services.config.themeKind);
    const fallback = text.includes('\n') ? `*Formula:*\n\n\`\`\`text\n${text}\n\`\`\`` : `*Formula:* \`${text.replace(/`/g, "'")}\``;
    return image ? `${image}\n\n${fallback}` : fallback;
  }
}

function paramLine(p: BuiltinParam): string {
  const bits: string[] = [`\`${p.name}\``];
  if (p.kind === 'tensor') bits.push(p.roles?.length ? `(${rolesText(p.roles)})` : '(tensor)');
  else if (p.kind === 'loss') bits.push('(a loss term)');
  else if (p.kind === 'option' && p.options) bits.push(`(one of ${p.options.map((o) => `"${o}"`).join(', ')})`);
  if (p.default !== undefined) bits.push(`= ${formatDefault(p.default)}`);
  if (p.valid) bits.push(`· valid ${intervalText(p.valid)}`);
  if (p.recommended) bits.push(`· recommended ${intervalText(p.recommended)}`);
  return `${bits.join(' ')} — ${p.doc}`;
}

/** `logits` or `probs`; long lists shortened: `logits`, `teacher`, `critic` or 7 more roles. */
function rolesText(roles: readonly string[]): string {
  const q = roles.map((r) => `\`${r}\``);
  return q.length <= 4 ? q.join(' or ') : `${q.slice(0, 3).join(', ')} or ${q.length - 3} more roles`;
}

function userParamLine(p: A.Parameter, text: string): string {
  if (p.role) return `\`${p.name.name}\` (\`${p.role.name}\`)`;
  return `\`${paramText(p, text)}\``;
}

function roleDoc(role: string): string | undefined {
  return role in ROLES ? ROLES[role as Role].doc : undefined;
}

function roleMarkdown(role: string): string {
  return joinBlocks(code(`: ${role}`), roleDoc(role) ?? `\`${role}\` is not a role of .loss.`);
}

function sourceOf(a: Analysis, n: { span: { start: number; end: number } }): string {
  return a.text.slice(n.span.start, n.span.end);
}

function code(s: string): string {
  return '```loss\n' + s + '\n```';
}

function joinBlocks(...parts: (string | undefined)[]): string {
  return parts.filter((p): p is string => !!p && p.trim() !== '').join('\n\n');
}
