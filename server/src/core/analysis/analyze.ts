import * as path from 'node:path';
import { diagnostic, sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import { lint } from '../lints/index.js';
import type * as A from '../syntax/ast.js';
import { parse } from '../syntax/parse.js';
import { isInside, resolveImportPath } from '../workspace/paths.js';
import { Checker } from './checker.js';
import type { Analysis, ImportInfo, LossInfo, SourceHost } from './model.js';
import { checkTrials } from './trial-check.js';

export interface AnalyzeOptions {
  /** Absolute path of the document; imports resolve relative to it. */
  readonly path?: string;
  /** Imports may not leave this folder. Default: the document's folder. */
  readonly workspaceRoot?: string;
  /** Reads imported files (open editor buffers first, then disk, in the language server). */
  readonly host?: SourceHost;
  /** Skip the lints (used for imported files, whose own diagnostics are not shown here). */
  readonly skipLints?: boolean;
  /** Files being analysed up the import chain, for cycle detection. Internal. */
  readonly importChain?: readonly string[];
  /** Analyses of imported files already made during this request, by path. Internal. */
  readonly importCache?: Map<string, Analysis>;
}

/**
 * Parses and checks one `.loss` document: syntax, imports, names, calls, roles, shapes, ranges and lints.
 * Never throws on any input; every problem is a located diagnostic.
 */
export function analyze(text: string, options: AnalyzeOptions = {}): Analysis {
  const parsed = parse(text);
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  const { imports, imported } = resolveImports(parsed.file, options, diagnostics);

  const checker = new Checker({ file: parsed.file, text, imported });
  checker.run();
  diagnostics.push(...checker.diagnostics);

  for (const imp of imports) {
    if (imp.resolvedPath && imp.losses.length > 0 && !imp.losses.some((n) => checker.isGlobalUsed(n))) {
      diagnostics.push(diagnostic('unused-definition', imp.decl.span, `nothing from '${imp.decl.path?.value}' is used`, {
        fixes: [{ title: 'Remove the unused import', edits: [{ span: imp.decl.span, newText: '' }] }],
      }));
    }
  }

  const partial: Analysis = {
    text,
    ...(options.path ? { path: options.path } : {}),
    parse: parsed,
    file: parsed.file,
    diagnostics: [],
    references: checker.references.sort((a, b) => a.span.start - b.span.start),
    definitions: checker.definitions,
    losses: checker.losses,
    imports,
    values: checker.values,
  };
  diagnostics.push(...checkTrials(partial));
  if (!options.skipLints) diagnostics.push(...safeLint(partial));
  return { ...partial, diagnostics: dedupe(sortDiagnostics(diagnostics)) };
}

/** A lint that throws must not take the rest of the analysis down with it. */
function safeLint(a: Analysis): Diagnostic[] {
  try {
    return lint(a);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return [diagnostic('syntax-error', { start: 0, end: 0 }, `internal error in a lint (please report): ${message}`, { severity: 'information' })];
  }
}

/** One message per code and place: recovery and overlapping checks can otherwise say the same thing twice. */
function dedupe(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const key = `${d.code}@${d.span.start}:${d.span.end}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function resolveImports(file: A.SourceFile, options: AnalyzeOptions, out: Diagnostic[]): { imports: ImportInfo[]; imported: Map<string, LossInfo> } {
  const imports: ImportInfo[] = [];
  const imported = new Map<string, LossInfo>();
  const decls = file.declarations.filter((d): d is A.ImportDecl => d.kind === 'Import');
  if (decls.length === 0) return { imports, imported };

  const chain = options.importChain ?? (options.path ? [path.resolve(options.path)] : []);
  const cache = options.importCache ?? new Map<string, Analysis>();
  for (const decl of decls) {
    if (!decl.path) {
      imports.push({ decl, losses: [] });
      continue;
    }
    const where = decl.path.span;
    if (!options.path || !options.host) {
      out.push(diagnostic('import-not-found', where, `cannot import '${decl.path.value}': this document has no location on disk to resolve it from`));
      imports.push({ decl, losses: [] });
      continue;
    }
    const target = resolveImportPath(options.path, decl.path.value);
    const root = options.workspaceRoot ?? path.dirname(options.path);
    if (!isInside(root, target)) {
      out.push(diagnostic('import-outside-workspace', where, `'${decl.path.value}' is outside the workspace (${root}): imports must stay inside it`));
      imports.push({ decl, losses: [] });
      continue;
    }
    if (chain.includes(target)) {
      const cycle = [...chain.slice(chain.indexOf(target)), target].map((p) => path.relative(root, p) || path.basename(p));
      out.push(diagnostic('import-cycle', where, `import cycle: ${cycle.join(' → ')}`));
      imports.push({ decl, resolvedPath: target, losses: [] });
      continue;
    }
    let sub = cache.get(target);
    if (!sub) {
      const text = options.host.readFile(target);
      if (text === undefined) {
        out.push(diagnostic('import-not-found', where, `cannot find '${decl.path.value}' (looked for ${target})`));
        imports.push({ decl, losses: [] });
        continue;
      }
      sub = analyze(text, { path: target, workspaceRoot: root, host: options.host, skipLints: true, importChain: [...chain, target], importCache: cache });
      cache.set(target, sub);
    }
    const cycles = sub.diagnostics.filter((d) => d.code === 'import-cycle');
    for (const c of cycles) out.push(diagnostic('import-cycle', where, `'${decl.path.value}' is part of an ${c.message}`));
    const names: string[] = [];
    for (const d of sub.file.declarations) {
      if (d.kind !== 'Loss' || !d.name) continue;
      const l = sub.losses.get(d.name.name);
      if (!l) continue;
      names.push(l.name);
      if (!imported.has(l.name)) imported.set(l.name, { ...l, file: target });
    }
    const errors = sub.diagnostics.filter((d) => d.severity === 'error').length;
    if (errors > 0 && cycles.length === 0) {
      out.push(diagnostic('import-has-errors', where, `'${decl.path.value}' has ${errors} error${errors === 1 ? '' : 's'}; its losses may not behave as written`));
    }
    imports.push({ decl, resolvedPath: target, losses: names });
  }
  return { imports, imported };
}
