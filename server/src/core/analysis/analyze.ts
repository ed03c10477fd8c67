import * as path from 'node:path';
import { diagnostic, sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import { lintDeclaration, LintContext } from '../lints/index.js';
import type * as A from '../syntax/ast.js';
import { parse, type ParseResult } from '../syntax/parse.js';
import { reparse } from '../syntax/reparse.js';
import { textChange } from '../text/text-change.js';
import { isInside, resolveImportPath } from '../workspace/paths.js';
import { Checker, type PreviousCheck } from './checker.js';
import type { Analysis, ImportInfo, LossInfo, Reference, SourceHost } from './model.js';
import { checkTrial } from './trial-check.js';

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
  const importDiagnostics: Diagnostic[] = [];
  const { imports, imported } = resolveImports(parsed.file, options, importDiagnostics);
  return check(text, parsed, { imports, imported, importDiagnostics }, options, undefined);
}

/**
 * The analysis of `text`, an edited version of the text `previous` was made from, with the same options
 * and with the files it imports unchanged (the caller knows: the language server tracks their versions).
 * Re-parses only the declarations around the edit and re-checks only those and the ones whose names
 * they change; the result equals `analyze(text, options)`. `previous` is used up: its unchanged nodes
 * are moved into the new analysis, so it must not be read afterwards.
 */
export function reanalyze(previous: Analysis, text: string, options: AnalyzeOptions = {}): Analysis {
  const state = incremental.get(previous);
  if (text === previous.text && state && !state.spent) return previous;
  const change = textChange(previous.text, text);
  const r = state && !state.spent && !options.skipLints && change ? reparse(previous.parse, previous.text, text, change) : undefined;
  if (!state || !r) return analyze(text, options);
  state.spent = true;
  // What is kept from the old analysis and lies after the edit moves with the text (the shifter moves
  // only places at or after the edit's old end, each once).
  const moveAfterEdit = (ds: readonly Diagnostic[]): void => {
    for (const d of ds) r.shifter.diagnostic(d);
  };
  moveAfterEdit(state.imports.importDiagnostics);
  for (const u of state.checked.units.values()) moveAfterEdit(u.diagnostics);
  for (const ds of state.late.values()) moveAfterEdit(ds);
  return check(text, r.parse, state.imports, options, { state, removed: r.removed });
}

/** How many losses and trials were checked for an analysis, and how many were taken over unchanged (for tests and the bench). */
export function analysisWork(a: Analysis): { readonly checked: number; readonly reused: number } | undefined {
  return incremental.get(a)?.work;
}

/** Import resolution, kept between edits (imports are never re-parsed locally). */
interface ResolvedImports {
  readonly imports: ImportInfo[];
  readonly imported: Map<string, LossInfo>;
  readonly importDiagnostics: Diagnostic[];
}

/** What `reanalyze` needs of an analysis besides the analysis itself. */
interface IncrementalState {
  readonly imports: ResolvedImports;
  readonly checked: PreviousCheckState;
  /** Trial-vocabulary and lint messages of each loss and trial. */
  readonly late: Map<A.Declaration, Diagnostic[]>;
  /** Set once `reanalyze` took the analysis over. */
  spent: boolean;
  /** Losses and trials checked for this analysis, and those taken over from the previous one. */
  readonly work: { readonly checked: number; readonly reused: number };
}

type PreviousCheckState = Omit<PreviousCheck, 'removed'>;

const incremental = new WeakMap<Analysis, IncrementalState>();

function check(
  text: string,
  parsed: ParseResult,
  resolved: ResolvedImports,
  options: AnalyzeOptions,
  previous: { state: IncrementalState; removed: readonly A.Declaration[] } | undefined,
): Analysis {
  const { imports, imported } = resolved;
  const checker = new Checker({
    file: parsed.file,
    text,
    imported,
    ...(previous ? { previous: { ...previous.state.checked, removed: previous.removed } } : {}),
  });
  checker.run();
  const diagnostics: Diagnostic[] = [...parsed.diagnostics, ...resolved.importDiagnostics, ...checker.allDiagnostics()];

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
    references: checker.references,
    definitions: checker.definitions,
    losses: checker.losses,
    imports,
    values: checker.values,
  };
  // Trial-vocabulary checks and lints, per declaration; those of units taken over unchanged are kept.
  const late = new Map<A.Declaration, Diagnostic[]>();
  let ctx: LintContext | undefined;
  const lintContext = (): LintContext => {
    if (!previous) return new LintContext(partial);
    const scope: { span: A.Declaration['span']; references: readonly Reference[] }[] = [];
    for (const [d, u] of checker.units) if (!checker.reused.has(d)) scope.push({ span: d.span, references: u.references });
    return new LintContext(partial, scope);
  };
  for (const d of parsed.file.declarations) {
    if (d.kind === 'Import') continue;
    let ds = checker.reused.has(d) ? previous?.state.late.get(d) : undefined;
    if (!ds) {
      ds = [];
      if (d.kind === 'Trial') checkTrial(d, partial, ds);
      if (!options.skipLints) safeLint(() => lintDeclaration((ctx ??= lintContext()), d, ds!), ds);
    }
    late.set(d, ds);
    for (const x of ds) diagnostics.push(x);
  }
  const analysis: Analysis = { ...partial, diagnostics: dedupe(sortDiagnostics(diagnostics)) };
  incremental.set(analysis, {
    imports: resolved,
    checked: { units: checker.units, globals: checker.globals, declarationDefinitions: checker.declarationDefinitions, values: checker.values },
    late,
    spent: false,
    work: { checked: checker.units.size - checker.reused.size, reused: checker.reused.size },
  });
  return analysis;
}

/** A lint that throws must not take the rest of the analysis down with it. */
function safeLint(run: () => void, out: Diagnostic[]): void {
  try {
    run();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    out.push(diagnostic('syntax-error', { start: 0, end: 0 }, `internal error in a lint (please report): ${message}`, { severity: 'information' }));
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
