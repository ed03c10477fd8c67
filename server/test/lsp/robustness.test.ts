import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CodeActionsFeature } from '../../src/lsp/features/code-actions.js';
import { CodeLensFeature } from '../../src/lsp/features/code-lens.js';
import { CompletionFeature } from '../../src/lsp/features/completion.js';
import { DefinitionFeature } from '../../src/lsp/features/definition.js';
import { DiagnosticsFeature } from '../../src/lsp/features/diagnostics.js';
import { DocumentSymbolsFeature } from '../../src/lsp/features/document-symbols.js';
import { FoldingFeature } from '../../src/lsp/features/folding.js';
import { FormattingFeature } from '../../src/lsp/features/formatting.js';
import { HoverFeature } from '../../src/lsp/features/hover.js';
import { InlayHintsFeature } from '../../src/lsp/features/inlay-hints.js';
import { ReferencesFeature } from '../../src/lsp/features/references.js';
import { RenameFeature } from '../../src/lsp/features/rename.js';
import { SemanticTokensFeature } from '../../src/lsp/features/semantic-tokens.js';
import { SignatureHelpFeature } from '../../src/lsp/features/signature-help.js';
import { ResponseError } from 'vscode-languageserver';
import { Harness, NO_IMAGES } from './harness.js';

// Half-written code is what an editor sees most: every feature is called at many positions of every
// example file cut off at many points (as if typed up to there), and on mangled variants. Nothing may
// throw (a ResponseError meant for the user is fine), and results must stay inside the document.

/** A deterministic pseudo-random sequence (mulberry32). */
function rng(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const dir = new URL('../../../examples/', import.meta.url);
const examples = readdirSync(dir).filter((f) => f.endsWith('.loss')).map((f) => readFileSync(new URL(f, dir), 'utf8'));

function variants(text: string, random: () => number): string[] {
  const out: string[] = [];
  for (let i = 0; i < 3; i++) out.push(text.slice(0, Math.floor(random() * text.length))); // typed up to here
  const at = Math.floor(random() * text.length);
  out.push(text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 20))); // a deleted run
  out.push(text.slice(0, at) + ['(', ')', '{', '}', '"', '=', ',', ':', '**', 'in ['][Math.floor(random() * 10)] + text.slice(at)); // a stray token
  return out;
}

describe('robustness on half-written code', () => {
  it('every feature answers at every sampled position of cut and mangled examples, without throwing', () => {
    assert.ok(examples.length > 0);
    const random = rng(42);
    const h = new Harness({ math: NO_IMAGES });
    const s = h.services;
    const features = {
      diagnostics: new DiagnosticsFeature(s), hover: new HoverFeature(s), completion: new CompletionFeature(s), signature: new SignatureHelpFeature(s),
      symbols: new DocumentSymbolsFeature(s), folding: new FoldingFeature(s), formatting: new FormattingFeature(s), tokens: new SemanticTokensFeature(s),
      actions: new CodeActionsFeature(s), hints: new InlayHintsFeature(s), lenses: new CodeLensFeature(s), definition: new DefinitionFeature(s),
      references: new ReferencesFeature(s), rename: new RenameFeature(s),
    };
    let calls = 0;
    for (const [n, example] of examples.entries()) {
      for (const [k, text] of variants(example, random).entries()) {
        const doc = h.open(`v${n}-${k}.loss`, text.replace(/<\|/g, '< |'));
        const textDocument = { uri: doc.uri };
        const end = doc.index.positionAt(doc.text.length);
        const whole = { start: { line: 0, character: 0 }, end };
        const where = `example ${n}, variant ${k}`;
        const inDoc = (p: { line: number; character: number }): boolean => p.line < doc.index.lineCount && p.line >= 0 && p.character >= 0;
        for (const d of features.diagnostics.compute(doc.uri)) assert.ok(inDoc(d.range.start) && inDoc(d.range.end), where);
        features.symbols.symbols({ textDocument });
        features.folding.folding({ textDocument });
        features.formatting.format({ textDocument, options: { tabSize: 2, insertSpaces: true } });
        features.tokens.full({ textDocument });
        features.actions.codeActions({ textDocument, range: whole, context: { diagnostics: [] } });
        features.hints.inlayHints({ textDocument, range: whole });
        features.lenses.codeLenses({ textDocument });
        for (let i = 0; i < 12; i++) {
          const position = doc.index.positionAt(i === 0 ? doc.text.length : Math.floor(random() * (doc.text.length + 1)));
          const p = { textDocument, position };
          try {
            features.hover.hover(p);
            const list = features.completion.complete(p);
            for (const item of list.items) assert.ok(item.textEdit && 'range' in item.textEdit && inDoc(item.textEdit.range.start), `${where}: ${item.label}`);
            features.signature.signatureHelp(p);
            features.definition.definition(p);
            features.references.references({ ...p, context: { includeDeclaration: true } });
            features.references.highlights(p);
            features.rename.prepareRename(p);
          } catch (err) {
            if (!(err instanceof ResponseError)) throw new Error(`${where} at ${JSON.stringify(position)}: ${err instanceof Error ? err.stack : String(err)}`);
          }
          calls++;
        }
      }
    }
    assert.ok(calls >= examples.length * 5 * 12);
  });
});
