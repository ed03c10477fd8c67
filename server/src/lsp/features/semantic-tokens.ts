import { SemanticTokensBuilder, type SemanticTokens, type SemanticTokensLegend, type SemanticTokensParams } from 'vscode-languageserver';
import { definitionNameSpan, type Analysis, type Definition } from '../../core/analysis/model.js';
import { constructorKindOfField, lookupTrialConstructor } from '../../core/builtins/trial-vocabulary.js';
import * as A from '../../core/syntax/ast.js';
import type { Span } from '../../core/text/span.js';
import type { LossDocument } from '../documents.js';
import type { LossServices } from '../services.js';

// Semantic highlighting of names, layered over the TextMate grammar (which already colours keywords,
// numbers, strings, comments and builtin names before the server starts): what a name *is* — a
// parameter, a hyperparameter, a `learn` value, a user loss, a builtin, a role, a trial field.

const TYPES = ['function', 'parameter', 'variable', 'property', 'type', 'namespace'] as const;
const MODIFIERS = ['declaration', 'readonly', 'defaultLibrary', 'modification', 'documentation'] as const;
type TokenType = (typeof TYPES)[number];
type Modifier = (typeof MODIFIERS)[number];

export const SEMANTIC_TOKENS_LEGEND: SemanticTokensLegend = { tokenTypes: [...TYPES], tokenModifiers: [...MODIFIERS] };

interface Tok {
  readonly span: Span;
  readonly type: TokenType;
  readonly mods: readonly Modifier[];
}

export class SemanticTokensFeature {
  constructor(private readonly services: LossServices) {}

  full(params: SemanticTokensParams): SemanticTokens {
    const doc = this.services.documents.get(params.textDocument.uri);
    const a = this.services.documents.analysis(params.textDocument.uri);
    if (!doc || !a) return { data: [] };
    return encode(doc, collect(a));
  }
}

function classify(d: Definition, declaration: boolean): { type: TokenType; mods: Modifier[] } {
  const decl: Modifier[] = declaration ? ['declaration'] : [];
  switch (d.kind) {
    case 'builtin': return { type: 'function', mods: ['defaultLibrary'] };
    case 'loss': return { type: 'function', mods: decl };
    case 'param': return { type: 'parameter', mods: d.param.role ? decl : [...decl, 'readonly'] };
    case 'let': return { type: 'variable', mods: [...decl, 'readonly'] };
    case 'learn': return { type: 'variable', mods: [...decl, 'modification'] };
    case 'constant':
    case 'context': return { type: 'variable', mods: ['readonly', 'defaultLibrary'] };
    case 'trial': return { type: 'namespace', mods: decl };
  }
}

function collect(a: Analysis): Tok[] {
  const out: Tok[] = [];
  for (const d of a.definitions) {
    const span = definitionNameSpan(d);
    if (span) out.push({ span, ...classify(d, true) });
  }
  for (const r of a.references) {
    if (r.usage === 'argument') out.push({ span: r.span, type: 'parameter', mods: [] });
    else if (r.definition) out.push({ span: r.span, ...classify(r.definition, false) });
  }
  for (const decl of a.file.declarations) {
    if (decl.kind === 'Loss') {
      for (const p of decl.params) if (p.role) out.push({ span: p.role.span, type: 'type', mods: [] });
    } else if (decl.kind === 'Trial') {
      for (const f of decl.fields) {
        out.push({ span: f.name.span, type: 'property', mods: [] });
        trialVocabularyTokens(f, out);
      }
    }
  }
  // Sorted, one token per place (a definition's name may also be listed as a reference).
  out.sort((x, y) => x.span.start - y.span.start || y.span.end - x.span.end);
  return out.filter((t, i) => i === 0 || t.span.start >= out[i - 1].span.end);
}

/** Generators, models, optimizers and metrics of the trial vocabulary, and their named arguments. */
function trialVocabularyTokens(f: A.TrialField, out: Tok[]): void {
  const kind = constructorKindOfField(f.name.name);
  A.walkExpr(f.value, (e) => {
    const name = e.kind === 'Call' ? e.callee : e.kind === 'Name' ? e : undefined;
    if (!name) return;
    const known = (kind && lookupTrialConstructor(e.kind === 'Call' ? e.callee.name : (e as A.NameRef).name, kind)) || (e.kind === 'Call' && lookupTrialConstructor(e.callee.name));
    if (!known) return;
    out.push({ span: name.span, type: 'function', mods: ['defaultLibrary'] });
    if (e.kind === 'Call') for (const a of e.args) if (a.name) out.push({ span: a.name.span, type: 'parameter', mods: [] });
  });
}

function encode(doc: LossDocument, toks: readonly Tok[]): SemanticTokens {
  const b = new SemanticTokensBuilder();
  for (const t of toks) {
    const start = doc.index.positionAt(t.span.start);
    const end = doc.index.positionAt(t.span.end);
    if (end.line !== start.line || t.span.end <= t.span.start) continue;
    const mods = t.mods.reduce((m, x) => m | (1 << MODIFIERS.indexOf(x)), 0);
    b.push(start.line, start.character, t.span.end - t.span.start, TYPES.indexOf(t.type), mods);
  }
  return b.build();
}
