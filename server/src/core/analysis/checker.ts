import { ROLES, DECLARABLE_ROLES, isDeclarableRole, type Role } from '../builtins/roles.js';
import { allFunctions, CONSTANTS, CONTEXT_VALUES, lookupFunction } from '../builtins/table.js';
import type { BuiltinFunction } from '../builtins/types.js';
import { diagnostic, type Diagnostic, type Fix } from '../diagnostics/diagnostic.js';
import type * as A from '../syntax/ast.js';
import { forEachDeclarationExpr, unparen, walkExpr } from '../syntax/ast.js';
import type { Span } from '../text/span.js';
import { constantValue, foldBinary } from './constant.js';
import { convexCombinationRange } from './convex.js';
import * as I from './interval.js';
import type { Definition, LossInfo, Reference, ValueInfo } from './model.js';
import { mismatchAdvice, roleAccepted } from './role-compat.js';
import { bindArguments, builtinSignature, lossSignature, type Signature, type SignatureParam } from './signature.js';
import { closest } from './suggest.js';

// Name resolution, argument binding, role and shape checking for one document. Every expression gets a
// ValueInfo (scalar?, role, range, constant?, learn dependencies, is-a-loss) that the lints build on.
//
// Each loss and trial is checked as a unit whose results (messages, name uses, local definitions, the
// loss's signature facts) are kept apart, with the global names it looked up. After an edit the checker
// is given the previous units: one whose declaration was not re-parsed, and none of whose global names
// changed meaning (its callees included, transitively), is taken over as it was instead of checked again.

const NO_LEARNS: ReadonlySet<string> = new Set();

const UNKNOWN: ValueInfo = { scalar: undefined, range: I.ALL, constant: false, learns: NO_LEARNS, isLoss: false };

function info(partial: Partial<ValueInfo> & Pick<ValueInfo, 'range'>): ValueInfo {
  return { scalar: undefined, constant: false, learns: NO_LEARNS, isLoss: false, ...partial };
}

function unionSets(...sets: ReadonlySet<string>[]): ReadonlySet<string> {
  if (sets.length === 2) {
    if (sets[1].size === 0) return sets[0];
    if (sets[0].size === 0) return sets[1];
  }
  const nonEmpty = sets.filter((s) => s.size > 0);
  if (nonEmpty.length === 0) return NO_LEARNS;
  if (nonEmpty.length === 1) return nonEmpty[0];
  return new Set(nonEmpty.flatMap((s) => [...s]));
}

function scalarOf(parts: readonly (boolean | undefined)[]): boolean | undefined {
  if (parts.some((p) => p === false)) return false;
  if (parts.every((p) => p === true)) return true;
  return undefined;
}

/** What a name means inside one loss body (or at top level when `loss` is undefined). */
interface LocalScope {
  readonly loss?: A.LossDecl;
  readonly names: Map<string, Definition>;
  /** ValueInfo of each local definition (params, lets, learns). */
  readonly infos: Map<string, ValueInfo>;
  /** Names of local definitions used at least once. */
  readonly used: Set<string>;
}

/** Per-call context: inside a trial block, tensor inputs of a loss call are bound by role, so may be omitted. */
interface CallContext {
  readonly inTrial: boolean;
}

export interface CheckerInput {
  readonly file: A.SourceFile;
  readonly text: string;
  readonly imported: ReadonlyMap<string, LossInfo>;
  /** The check of the document before an edit, to take unchanged units over from. */
  readonly previous?: PreviousCheck;
}

/** What checking one loss or trial produced. */
export interface CheckedUnit {
  readonly decl: A.LossDecl | A.TrialDecl;
  readonly diagnostics: Diagnostic[];
  /** Name uses inside the declaration, in source order. */
  readonly references: Reference[];
  /** Parameters, `let` and `learn` bindings, in the order they were declared. */
  readonly definitions: Definition[];
  /** Names looked up beyond the declaration (losses, builtins, constants, context values), found or not. */
  readonly globalsUsed: Set<string>;
  /** A message suggested the file's loss names, so it depends on which exist. */
  suggestsGlobals: boolean;
  /** For a loss checked under its name: what callers see of it. */
  result?: ValueInfo;
  info?: LossInfo;
}

/** The results of the check before an edit. Its value map is taken over and updated in place. */
export interface PreviousCheck {
  readonly units: ReadonlyMap<A.Declaration, CheckedUnit>;
  readonly globals: ReadonlyMap<string, Definition>;
  readonly declarationDefinitions: ReadonlyMap<A.Declaration, Definition>;
  readonly values: Map<A.Expr, ValueInfo>;
  /** Declarations that are gone (re-parsed or deleted): their expressions' values are dropped. */
  readonly removed: readonly A.Declaration[];
}

export class Checker {
  /** Messages about the file as a whole (duplicate and shadowing loss names); the units hold the rest. */
  readonly diagnostics: Diagnostic[] = [];
  /** Every name use, in source order (filled by `run`). */
  readonly references: Reference[] = [];
  /** Losses and trials in source order, then each unit's local definitions. */
  readonly definitions: Definition[] = [];
  readonly values: Map<A.Expr, ValueInfo>;
  readonly losses = new Map<string, LossInfo>();
  /** Every loss and trial of the file with what checking it produced. */
  readonly units = new Map<A.Declaration, CheckedUnit>();
  /** Units taken over from the previous check unchanged. */
  readonly reused = new Set<A.Declaration>();
  readonly globals = new Map<string, Definition>();
  readonly declarationDefinitions = new Map<A.Declaration, Definition>();

  private readonly lossDecls = new Map<string, A.LossDecl>();
  private readonly lossState = new Map<string, 'checking' | 'done'>();
  private readonly lossResult = new Map<string, ValueInfo>();
  /** Units of the previous check that may be taken over. */
  private readonly clean = new Map<A.Declaration, CheckedUnit>();
  /** The unit being checked (units nest when a loss is checked on its first call). */
  private unit: CheckedUnit | undefined;

  constructor(private readonly input: CheckerInput) {
    this.values = input.previous?.values ?? new Map();
  }

  run(): void {
    const { file, imported } = this.input;
    const previous = this.input.previous;
    for (const [name, l] of imported) {
      const before = previous?.globals.get(name);
      const same = before?.kind === 'loss' && before.decl === l.decl && before.file === l.file;
      this.globals.set(name, same ? before : { kind: 'loss', name, decl: l.decl, ...(l.file ? { file: l.file } : {}) });
      this.losses.set(name, l);
    }
    // Declarations first, so losses may be used before they are written.
    const seen = new Map<string, A.Identifier>();
    for (const d of file.declarations) {
      if (d.kind === 'Import' || !d.name) continue;
      const name = d.name.name;
      const prev = seen.get(name);
      if (prev) {
        this.report('duplicate-definition', d.name.span, `'${name}' is already defined in this file`, {
          related: [{ message: `first definition of '${name}'`, span: prev.span }],
        });
        continue;
      }
      seen.set(name, d.name);
      const before = previous?.declarationDefinitions.get(d);
      const def: Definition = before?.name === name ? before : d.kind === 'Loss' ? { kind: 'loss', name, decl: d } : { kind: 'trial', name, decl: d };
      this.declarationDefinitions.set(d, def);
      this.definitions.push(def);
      if (d.kind === 'Loss') {
        if (imported.has(name)) {
          this.report('shadowed-name', d.name.span, `the loss '${name}' hides the imported loss of the same name`);
        } else if (lookupFunction(name)) {
          this.report('shadowed-name', d.name.span, `the loss '${name}' hides the builtin '${name}' in this file`);
        }
        this.globals.set(name, def);
        this.lossDecls.set(name, d);
      }
    }
    if (previous) this.findCleanUnits(previous);
    for (const d of file.declarations) {
      if (d.kind === 'Loss' && d.name && this.lossDecls.get(d.name.name) === d) this.checkLoss(d);
      else if (d.kind === 'Loss') this.inUnit(d, () => void (d.name ? undefined : this.checkLossBody(d))); // a duplicate is not checked
    }
    for (const d of file.declarations) if (d.kind === 'Trial') this.inUnit(d, () => this.checkTrial(d));
    // In source order (units were checked callees first).
    this.losses.clear();
    for (const [name, l] of imported) this.losses.set(name, l);
    for (const d of file.declarations) {
      const u = this.units.get(d);
      if (!u) continue;
      for (const r of u.references) this.references.push(r);
      for (const x of u.definitions) this.definitions.push(x);
      if (u.info) this.losses.set(u.info.name, u.info);
    }
  }

  /** All messages of the check, the file's and every unit's. */
  allDiagnostics(): Diagnostic[] {
    const out = [...this.diagnostics];
    for (const u of this.units.values()) for (const d of u.diagnostics) out.push(d);
    return out;
  }

  /** Whether any unit used the global name (for unused-import hints). */
  isGlobalUsed(name: string): boolean {
    if (!this.globals.has(name)) return false;
    for (const u of this.units.values()) if (u.globalsUsed.has(name)) return true;
    return false;
  }

  /**
   * The previous units that still hold: not re-parsed, and no global name they used (nor their own name)
   * means something else now. A unit that is checked again may change what its callers see, so its
   * loss name counts as changed too, until nothing more changes.
   */
  private findCleanUnits(previous: PreviousCheck): void {
    const changed = new Set<string>();
    for (const [n, d] of previous.globals) if (this.globals.get(n)?.kind !== d.kind || globalTarget(this.globals.get(n)) !== globalTarget(d)) changed.add(n);
    for (const [n, d] of this.globals) if (!previous.globals.has(n) || globalTarget(previous.globals.get(n)) !== globalTarget(d)) changed.add(n);
    const namesChanged = previous.globals.size !== this.globals.size || [...this.globals.keys()].some((n) => !previous.globals.has(n));
    for (const d of this.input.file.declarations) {
      const u = previous.units.get(d);
      if (u && !(u.suggestsGlobals && namesChanged)) this.clean.set(d, u);
    }
    for (let again = true; again; ) {
      again = false;
      for (const [d, u] of this.clean) {
        const own = u.decl.name?.name;
        if ((own !== undefined && changed.has(own)) || usesAny(u.globalsUsed, changed)) {
          this.clean.delete(d);
          if (u.decl.kind === 'Loss' && own !== undefined) changed.add(own);
          again = true;
        }
      }
    }
    // Values computed for expressions that are gone or about to be computed again.
    for (const d of previous.removed) forEachDeclarationExpr(d, (e) => this.values.delete(e));
    for (const d of this.input.file.declarations) if (previous.units.has(d) && !this.clean.has(d)) forEachDeclarationExpr(d, (e) => this.values.delete(e));
  }

  /** Runs `check` with its messages, name uses and definitions going to the unit of `decl` (or takes the unit over). */
  private inUnit(decl: A.LossDecl | A.TrialDecl, check: () => void): CheckedUnit {
    const kept = this.clean.get(decl);
    if (kept) {
      this.units.set(decl, kept);
      this.reused.add(decl);
      return kept;
    }
    const unit: CheckedUnit = { decl, diagnostics: [], references: [], definitions: [], globalsUsed: new Set(), suggestsGlobals: false };
    const outer = this.unit;
    this.unit = unit;
    try {
      check();
    } finally {
      this.unit = outer;
    }
    unit.references.sort((a, b) => a.span.start - b.span.start);
    this.units.set(decl, unit);
    return unit;
  }

  private reference(r: Reference): void {
    this.unit?.references.push(r);
  }

  // ---------------------------------------------------------------------------------------------
  // Losses

  private checkLoss(decl: A.LossDecl): ValueInfo {
    const name = decl.name!.name;
    const state = this.lossState.get(name);
    if (state === 'done') return this.lossResult.get(name)!;
    if (state === 'checking') return UNKNOWN; // recursion: reported at the call site
    this.lossState.set(name, 'checking');
    let result: ValueInfo = UNKNOWN;
    const unit = this.inUnit(decl, () => {
      result = this.checkLossBody(decl);
    });
    if (this.reused.has(decl)) result = unit.result ?? UNKNOWN;
    else unit.result = result;
    this.lossState.set(name, 'done');
    this.lossResult.set(name, result);
    if (unit.info) this.losses.set(name, unit.info);
    return result;
  }

  private checkLossBody(decl: A.LossDecl): ValueInfo {
    const scope: LocalScope = { loss: decl, names: new Map(), infos: new Map(), used: new Set() };
    const calls = new Set<string>();
    this.currentCalls.push(calls);
    try {
      for (const p of decl.params) this.declareParameter(scope, p);
      let ret: A.ReturnStatement | undefined;
      for (const s of decl.body) {
        if (ret) {
          if (s.kind === 'Return') {
            this.report('multiple-returns', s.span, 'a loss has exactly one return', { related: [{ message: 'the first return', span: ret.span }] });
          } else {
            this.report('unreachable-statement', s.span, `this '${s.kind === 'Let' ? 'let' : 'learn'}' comes after the loss has returned`, {
              fixes: [{ title: 'Remove the unreachable statement', edits: [{ span: lineSpan(this.input.text, s.span), newText: '' }] }],
            });
          }
          this.inferExpr(s.kind === 'Learn' ? s.init : s.value, scope, { inTrial: false });
          continue;
        }
        if (s.kind === 'Return') {
          ret = s;
          continue;
        }
        const value = s.kind === 'Let' ? s.value : s.init;
        const vi = this.inferExpr(value, scope, { inTrial: false });
        const n = s.name.name;
        if (scope.names.has(n)) {
          const prev = scope.names.get(n)!;
          this.report('duplicate-definition', s.name.span, `'${n}' is already defined in this loss`, { related: relatedOf(prev) });
          continue;
        }
        this.warnShadowing(s.name);
        if (s.kind === 'Let') {
          const def: Definition = { kind: 'let', name: n, stmt: s, loss: decl };
          scope.names.set(n, def);
          scope.infos.set(n, vi);
          this.unit?.definitions.push(def);
        } else {
          if (!vi.constant || vi.scalar === false) {
            this.report('scalar-expected', value.span, `the initial value of learn '${n}' must be a constant number`);
          }
          const def: Definition = { kind: 'learn', name: n, stmt: s, loss: decl };
          scope.names.set(n, def);
          scope.infos.set(n, info({ scalar: true, range: I.ALL, constant: false, learns: new Set([n]) }));
          this.unit?.definitions.push(def);
        }
      }
      let result: ValueInfo = UNKNOWN;
      if (!ret) {
        // An unfinished declaration may have lost its return to the syntax error: that is reported already.
        if (!decl.incomplete) {
          const at = decl.bodySpan ? { start: decl.bodySpan.end - 1, end: decl.bodySpan.end } : decl.name?.span ?? decl.span;
          this.report('missing-return', at, `the loss '${decl.name?.name ?? '?'}' has no return: end its body with 'return <expression>'`);
        }
      } else {
        result = this.inferExpr(ret.value, scope, { inTrial: false });
        if (result.scalar === false) {
          this.report('not-scalar', ret.value.span, `the loss '${decl.name?.name ?? '?'}' must reduce to a scalar, but this is a tensor: wrap it in a reduction such as mean(…) or sum(…)`, {
            fixes: [{ title: 'Wrap in mean(…)', edits: [{ span: { start: ret.value.span.start, end: ret.value.span.start }, newText: 'mean(' }, { span: { start: ret.value.span.end, end: ret.value.span.end }, newText: ')' }] }],
          });
        }
      }
      // What the parser could not read may well use them: say nothing about unused names then.
      if (!decl.incomplete) this.reportUnusedLocals(decl, scope);
      if (decl.name && this.unit) {
        const name = decl.name.name;
        this.unit.info = {
          decl,
          name,
          inputs: decl.params.filter((p) => p.role),
          hyperparameters: decl.params.filter((p) => !p.role),
          learns: decl.body.filter((s): s is A.LearnStatement => s.kind === 'Learn'),
          ...(ret ? { returnExpr: ret.value } : {}),
          calls,
          scalar: result.scalar,
        };
      }
      return { ...result, isLoss: true, learns: NO_LEARNS };
    } finally {
      this.currentCalls.pop();
    }
  }

  private readonly currentCalls: Set<string>[] = [];

  private declareParameter(scope: LocalScope, p: A.Parameter): void {
    const n = p.name.name;
    const loss = scope.loss!;
    if (scope.names.has(n)) {
      this.report('duplicate-definition', p.name.span, `the parameter '${n}' is declared twice`, { related: relatedOf(scope.names.get(n)!) });
      return;
    }
    const def: Definition = { kind: 'param', name: n, param: p, loss };
    scope.names.set(n, def);
    this.unit?.definitions.push(def);
    this.warnShadowing(p.name);

    if (p.role && p.defaultValue) {
      this.report('parameter-kind', p.span, `'${n}' is declared both as a tensor input (': ${p.role.name}') and as a hyperparameter ('= …'): choose one`);
    }
    if (!p.role && !p.defaultValue) {
      this.report('parameter-kind', p.name.span, `'${n}' needs a role (a tensor input, e.g. '${n}: logits') or a default (a hyperparameter, e.g. '${n} = 1.0')`);
      scope.infos.set(n, UNKNOWN);
      return;
    }
    if (p.role) {
      const role = p.role.name;
      if (!isDeclarableRole(role)) {
        const near = closest(role, DECLARABLE_ROLES);
        this.report('unknown-role', p.role.span, `unknown role '${role}'${near.length ? `: did you mean '${near[0]}'?` : ''} (roles: ${DECLARABLE_ROLES.join(', ')})`, {
          fixes: near.map((r, i) => ({ title: `Change to '${r}'`, edits: [{ span: p.role!.span, newText: r }], preferred: i === 0 && near.length === 1 })),
        });
        scope.infos.set(n, info({ scalar: false, range: I.ALL }));
        return;
      }
      scope.infos.set(n, info({ scalar: false, role, range: ROLES[role].values }));
      return;
    }
    // A hyperparameter: a constant default, optionally inside a declared range.
    const dv = p.defaultValue!;
    const d = this.inferExpr(dv, { names: new Map(), infos: new Map(), used: new Set() }, { inTrial: false });
    if (dv.kind !== 'ErrorExpr' && (!d.constant || d.scalar === false) && dv.kind !== 'Vector') {
      this.report('scalar-expected', dv.span, `the default of '${n}' must be a constant (a number, or a vector of numbers for per-class values)`);
    }
    let range: I.Interval = d.range;
    if (p.range) {
      const lo = constantValue(p.range.lo);
      const hi = constantValue(p.range.hi);
      for (const [b, v] of [[p.range.lo, lo], [p.range.hi, hi]] as const) {
        if (v === undefined && b.kind !== 'ErrorExpr') this.report('scalar-expected', b.span, 'a range bound must be a constant number');
      }
      if (lo !== undefined && hi !== undefined) {
        if (lo > hi) {
          this.report('invalid-range', p.range.span, `the range [${lo}, ${hi}] is empty: its lower bound exceeds its upper bound`, {
            fixes: [{ title: 'Swap the bounds', edits: [{ span: p.range.lo.span, newText: sourceOf(this.input.text, p.range.hi) }, { span: p.range.hi.span, newText: sourceOf(this.input.text, p.range.lo) }] }],
          });
        } else {
          range = I.interval(lo, hi);
          const values = dv.kind === 'Vector' ? dv.items.map(constantValue) : [constantValue(dv)];
          const outside = values.filter((v): v is number => v !== undefined && (v < lo || v > hi));
          if (outside.length) {
            this.report('default-out-of-range', dv.span, `the default ${outside[0]} of '${n}' lies outside its range [${lo}, ${hi}]`, {
              related: [{ message: 'the declared range', span: p.range.span }],
            });
          }
        }
      }
    }
    const value = constantValue(dv);
    scope.infos.set(n, info({ scalar: dv.kind === 'Vector' ? false : true, range, constant: true, ...(value !== undefined && !p.range ? { value } : {}) }));
  }

  private warnShadowing(name: A.Identifier): void {
    const ctx = CONTEXT_VALUES.get(name.name);
    if (ctx) {
      this.report('shadowed-name', name.span, `'${name.name}' hides the context value of the same name (${ctx.doc.split('.')[0].toLowerCase()}) inside this loss`);
      return;
    }
    if (lookupFunction(name.name) || CONSTANTS.has(name.name)) {
      this.report('shadowed-name', name.span, `'${name.name}' hides the builtin of the same name inside this loss`);
    }
  }

  private reportUnusedLocals(decl: A.LossDecl, scope: LocalScope): void {
    for (const [n, def] of scope.names) {
      if (scope.used.has(n)) continue;
      if (def.kind === 'param') {
        // Tensor inputs are bound by role in trials: an unused one is still part of the interface.
        const what = def.param.role ? 'input' : 'hyperparameter';
        this.report('unused-definition', def.param.name.span, `the ${what} '${n}' of '${decl.name?.name ?? '?'}' is never used`);
      } else if (def.kind === 'let') {
        this.report('unused-definition', def.stmt.name.span, `'${n}' is never used`, {
          fixes: [{ title: `Remove the unused binding '${n}'`, edits: [{ span: lineSpan(this.input.text, def.stmt.span), newText: '' }] }],
        });
      } else if (def.kind === 'learn') {
        this.report('unused-definition', def.stmt.name.span, `the learnable value '${n}' is never used, so it never receives a gradient`, {
          fixes: [{ title: `Remove the unused learnable value '${n}'`, edits: [{ span: lineSpan(this.input.text, def.stmt.span), newText: '' }] }],
        });
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Trials

  private checkTrial(decl: A.TrialDecl): void {
    const scope: LocalScope = { names: new Map(), infos: new Map(), used: new Set() };
    for (const f of decl.fields) {
      if (f.name.name === 'loss' || f.name.name === 'compare') {
        const items = f.value.kind === 'Vector' ? f.value.items : [f.value];
        for (const item of items) this.checkTrialLoss(item, scope);
      }
      // The other fields (data, model, optimizer, metrics, …) are checked against the trial vocabulary
      // by trial-check.ts; names there are generators/models/metrics, not values of this scope. Some
      // name losses too (a GAN's discriminator loss), whose inputs trial-check binds: note them all as
      // used, so that the trial is checked again when such a loss changes.
      else forEachNameIn(f.value, (n) => this.unit?.globalsUsed.add(n));
    }
  }

  /**
   * A trial names a loss (`bce`), calls it with hyperparameters (`focal(gamma=2)`; inputs are bound by
   * role), or weighs several (`0.7 * focal + 0.3 * dice`).
   */
  private checkTrialLoss(e: A.Expr, scope: LocalScope): void {
    const u = unparen(e);
    if (u.kind === 'Binary' && ['+', '-', '*', '/'].includes(u.op)) {
      this.checkTrialLoss(u.left, scope);
      this.checkTrialLoss(u.right, scope);
      return;
    }
    if (u.kind === 'Unary') {
      this.checkTrialLoss(u.operand, scope);
      return;
    }
    if (u.kind === 'Number') return;
    if (u.kind === 'Name') {
      const def = this.lookupGlobal(u.name);
      this.reference({ span: u.span, name: u.name, usage: 'call', ...(def ? { definition: def } : {}) });
      if (!def) {
        this.reportUnknownCallee(u.name, u.span);
        return;
      }
      if (def.kind !== 'loss' && !(def.kind === 'builtin' && isLossBuiltin(def.builtin))) {
        this.report('invalid-trial-value', u.span, `'${u.name}' is not a loss`);
      }
      this.values.set(u, info({ scalar: true, range: I.ALL, isLoss: true }));
      return;
    }
    if (u.kind === 'Call') {
      this.inferExpr(u, scope, { inTrial: true });
      return;
    }
    this.inferExpr(u, scope, { inTrial: true });
  }

  // ---------------------------------------------------------------------------------------------
  // Expressions

  private lookupGlobal(name: string): Definition | undefined {
    this.unit?.globalsUsed.add(name);
    const g = this.globals.get(name);
    if (g) return g;
    const b = lookupFunction(name);
    if (b) return { kind: 'builtin', name, builtin: b };
    const c = CONSTANTS.get(name);
    if (c) return { kind: 'constant', name, constant: c };
    const ctx = CONTEXT_VALUES.get(name);
    if (ctx) return { kind: 'context', name, value: ctx };
    return undefined;
  }

  private lookup(name: string, scope: LocalScope): Definition | undefined {
    const local = scope.names.get(name);
    if (local) {
      scope.used.add(name);
      return local;
    }
    return this.lookupGlobal(name);
  }

  inferExpr(e: A.Expr, scope: LocalScope, ctx: CallContext): ValueInfo {
    const v = this.inferUncached(e, scope, ctx);
    this.values.set(e, v);
    return v;
  }

  private inferUncached(e: A.Expr, scope: LocalScope, ctx: CallContext): ValueInfo {
    switch (e.kind) {
      case 'Number':
        return info({ scalar: true, range: I.point(e.value), constant: true, value: e.value });
      case 'String':
        this.report('string-not-allowed', e.span, 'a string is only allowed as an option argument (kind="hinge") or an import path');
        return UNKNOWN;
      case 'ErrorExpr':
        return UNKNOWN;
      case 'Paren':
        return this.inferExpr(e.expr, scope, ctx);
      case 'Vector': {
        const items = e.items.map((i) => this.inferExpr(i, scope, ctx));
        const range = items.reduce<I.Interval | undefined>((acc, i) => (acc ? I.union(acc, i.range) : i.range), undefined) ?? I.ALL;
        return info({ scalar: false, range, constant: items.every((i) => i.constant), learns: unionSets(...items.map((i) => i.learns)) });
      }
      case 'Name':
        return this.inferName(e, scope);
      case 'Unary': {
        const o = this.inferExpr(e.operand, scope, ctx);
        if (e.op === '+') return o;
        return { ...o, range: I.neg(o.range), ...(o.value !== undefined ? { value: -o.value } : {}), role: undefined };
      }
      case 'Binary':
        return this.inferBinary(e, scope, ctx);
      case 'Call':
        return this.inferCall(e, scope, ctx);
    }
  }

  private inferName(e: A.NameRef, scope: LocalScope): ValueInfo {
    const def = this.lookup(e.name, scope);
    this.reference({ span: e.span, name: e.name, usage: 'value', ...(def ? { definition: def } : {}) });
    if (!def) {
      const candidates = [...scope.names.keys(), ...CONTEXT_VALUES.keys(), ...CONSTANTS.keys()];
      const near = closest(e.name, candidates);
      this.report('unknown-name', e.span, `unknown name '${e.name}'${near.length ? `: did you mean '${near[0]}'?` : ''}`, {
        fixes: near.map((n, i) => ({ title: `Change to '${n}'`, edits: [{ span: e.span, newText: n }], preferred: i === 0 && near.length === 1 })),
      });
      return UNKNOWN;
    }
    switch (def.kind) {
      case 'param':
      case 'let':
      case 'learn':
        return scope.infos.get(e.name) ?? UNKNOWN;
      case 'constant':
        return info({ scalar: true, range: I.point(def.constant.value), constant: true, value: def.constant.value });
      case 'context':
        return info({ scalar: def.value.scalar, range: def.value.range, constant: true, ...(def.value.role ? { role: def.value.role } : {}) });
      case 'builtin':
      case 'loss':
        this.report('function-as-value', e.span, `'${e.name}' is a ${def.kind === 'loss' ? 'loss' : 'function'}: call it with arguments, e.g. ${e.name}(…)`);
        return UNKNOWN;
      case 'trial':
        this.report('function-as-value', e.span, `'${e.name}' is a trial, not a value`);
        return UNKNOWN;
    }
  }

  private inferBinary(e: A.Binary, scope: LocalScope, ctx: CallContext): ValueInfo {
    const l = this.inferExpr(e.left, scope, ctx);
    const r = this.inferExpr(e.right, scope, ctx);
    // Hot path (every operator of every expression): one object, no spreads or temporary arrays.
    const scalar = l.scalar === false || r.scalar === false ? false : l.scalar === true && r.scalar === true ? true : undefined;
    let value: number | undefined;
    if (l.value !== undefined && r.value !== undefined) {
      const v = foldBinary(e.op, l.value, r.value);
      if (Number.isFinite(v)) value = v;
    }
    let range: I.Interval;
    let isLoss = l.isLoss || r.isLoss;
    let role: Role | undefined;
    switch (e.op) {
      case '+':
        range = convexCombinationRange(e, (x) => this.values.get(x)?.range) ?? I.add(l.range, r.range);
        break;
      case '-':
        range = I.sub(l.range, r.range);
        break;
      case '*':
        range = I.mul(l.range, r.range);
        break;
      case '/':
        range = I.div(l.range, r.range);
        isLoss = l.isLoss;
        break;
      case '^':
      case '**':
        range = I.pow(l.range, r.range);
        isLoss = false;
        break;
      default:
        range = I.UNIT;
        role = 'mask';
        isLoss = false;
    }
    const out: { -readonly [K in keyof ValueInfo]: ValueInfo[K] } = { scalar, range, constant: l.constant && r.constant, learns: unionSets(l.learns, r.learns), isLoss };
    if (value !== undefined) out.value = value;
    if (role) out.role = role;
    return out;
  }

  private inferCall(e: A.Call, scope: LocalScope, ctx: CallContext): ValueInfo {
    const name = e.callee.name;
    const def = this.lookup(name, scope);
    this.reference({ span: e.callee.span, name, usage: 'call', ...(def ? { definition: def } : {}) });
    if (!def) {
      this.reportUnknownCallee(name, e.callee.span);
      for (const a of e.args) this.inferExpr(a.value, scope, ctx);
      return UNKNOWN;
    }
    if (def.kind === 'builtin') return this.inferBuiltinCall(e, def.builtin, def, scope, ctx);
    if (def.kind === 'loss') return this.inferLossCall(e, def, scope, ctx);
    this.report('not-callable', e.callee.span, `'${name}' is a ${describeDefinition(def)}, not a function`);
    for (const a of e.args) this.inferExpr(a.value, scope, ctx);
    return UNKNOWN;
  }

  private reportUnknownCallee(name: string, span: Span): void {
    if (this.unit) this.unit.suggestsGlobals = true;
    const candidates = [...this.globals.keys(), ...allFunctions().map((b) => b.name)];
    const near = closest(name, candidates);
    this.report('unknown-function', span, `unknown function or loss '${name}'${near.length ? `: did you mean '${near[0]}'?` : ''}`, {
      fixes: near.map((n, i) => ({ title: `Change to '${n}'`, edits: [{ span, newText: n }], preferred: i === 0 && near.length === 1 })),
    });
  }

  private inferLossCall(e: A.Call, def: Extract<Definition, { kind: 'loss' }>, scope: LocalScope, ctx: CallContext): ValueInfo {
    const name = def.name;
    this.currentCalls[this.currentCalls.length - 1]?.add(name);
    const local = this.lossDecls.get(name) === def.decl && !def.file;
    if (local) {
      if (this.lossState.get(name) === 'checking') {
        this.report('recursive-loss', e.callee.span, `'${name}' calls itself${scope.loss?.name?.name === name ? '' : ` (through '${scope.loss?.name?.name ?? '?'}')`}: losses cannot be recursive`);
      } else {
        this.checkLoss(def.decl);
      }
    }
    const sig = lossSignature(def.decl);
    this.bindAndCheck(e, sig, def, scope, ctx);
    const known = this.losses.get(name);
    const result = local ? this.lossResult.get(name) : undefined;
    return info({ scalar: known?.scalar ?? true, range: result?.range ?? I.ALL, isLoss: true, learns: NO_LEARNS });
  }

  private inferBuiltinCall(e: A.Call, b: BuiltinFunction, def: Definition, scope: LocalScope, ctx: CallContext): ValueInfo {
    const sig = builtinSignature(b);
    const args = this.bindAndCheck(e, sig, def, scope, ctx);
    const argInfo = (n: string): ValueInfo | undefined => args.get(n);
    const tensorArgs = sig.params.filter((p) => p.kind === 'tensor' || p.kind === 'loss').map((p) => argInfo(p.name)).filter((v): v is ValueInfo => v !== undefined);

    // min/max with two tensors are elementwise; with one, reductions.
    const pairwise = (b.name === 'min' || b.name === 'max') && sig.params.length > 1 && argInfo(sig.params[1].name) !== undefined && sig.params[1].kind === 'tensor';
    let scalar: boolean | undefined;
    switch (pairwise ? 'elementwise' : b.result) {
      case 'scalar':
        scalar = true;
        break;
      case 'elementwise':
        scalar = scalarOf(tensorArgs.map((a) => a.scalar));
        break;
      case 'reduction':
        scalar = args.has('axis') && !isNullArg(e, 'axis') ? (tensorArgs[0]?.scalar === true ? true : false) : true;
        break;
      case 'tensor':
        scalar = tensorArgs[0]?.scalar === true ? true : false;
        break;
    }
    const ranges: Record<string, I.Interval> = {};
    const options: Record<string, string | boolean> = {};
    for (const p of sig.params) {
      const a = argInfo(p.name);
      if (a) ranges[p.name] = a.range;
      else if (typeof p.default === 'number') ranges[p.name] = I.point(p.default);
      else if (p.kind === 'tensor' && p.roles?.length) ranges[p.name] = ROLES[p.roles[0]].values;
    }
    for (const arg of e.args) {
      const p = arg.name ? sig.params.find((x) => x.name === arg.name!.name) : undefined;
      const v = unparen(arg.value);
      if (p?.kind === 'option' && v.kind === 'String') options[p.name] = v.value;
      if (p?.kind === 'bool' && v.kind === 'Name' && (v.name === 'true' || v.name === 'false')) options[p.name] = v.name === 'true';
    }
    for (const p of sig.params) {
      if (options[p.name] === undefined && (p.kind === 'option' || p.kind === 'bool') && (typeof p.default === 'string' || typeof p.default === 'boolean')) options[p.name] = p.default;
    }
    let range: I.Interval;
    try {
      range = b.range(ranges, options);
      if (Number.isNaN(range.lo) || Number.isNaN(range.hi)) range = I.ALL;
    } catch {
      range = I.ALL;
    }
    const all = [...args.values()];
    const constant = all.every((a) => a.constant) && b.category !== 'loss' && b.category !== 'combiner';
    return info({
      scalar,
      range,
      constant,
      learns: unionSets(...all.map((a) => a.learns)),
      isLoss: isLossBuiltin(b),
      ...(b.resultRole ? { role: b.resultRole } : {}),
    });
  }

  /**
   * Binds arguments to the callee's parameters, reports binding problems, infers each argument and checks
   * it against its parameter's kind and roles. Returns the argument infos by parameter name (variadic
   * parameters: the last one).
   */
  private bindAndCheck(e: A.Call, sig: Signature, callee: Definition, scope: LocalScope, ctx: CallContext): Map<string, ValueInfo> {
    const binding = bindArguments(sig, e.args);
    const byArg = new Map<A.Argument, SignatureParam>(binding.bound.map((b) => [b.arg, b.param]));
    const out = new Map<string, ValueInfo>();
    for (const a of e.args) {
      if (a.name) {
        const p = byArg.get(a);
        const paramDef = p && callee.kind === 'loss' ? callee.decl.params.find((q) => q.name.name === p.name) : undefined;
        this.reference({
          span: a.name.span,
          name: a.name.name,
          usage: 'argument',
          callee,
          ...(paramDef && callee.kind === 'loss' ? { definition: { kind: 'param', name: paramDef.name.name, param: paramDef, loss: callee.decl } as Definition } : {}),
        });
      }
      const param = byArg.get(a);
      const v = param ? this.checkArgument(a, param, sig, scope, ctx) : this.inferExpr(a.value, scope, ctx);
      if (param) {
        // A variadic parameter stands for all its arguments: the hull of their ranges, any tensor among them.
        const prev = param.variadic ? out.get(param.name) : undefined;
        out.set(param.name, prev ? mergeInfo(prev, v) : v);
      }
    }
    const variadic = sig.params.find((p) => p.variadic);
    const minCount = variadic?.minCount;
    if (variadic && minCount !== undefined) {
      const count = binding.bound.filter((b) => b.param === variadic).length;
      if (count < minCount && !(ctx.inTrial && count === 0)) {
        this.report('missing-argument', e.argsSpan, `'${sig.name}' combines at least ${minCount} losses; it is given ${count}`);
      }
    }
    for (const pr of binding.problems) {
      const a = pr.arg!;
      switch (pr.code) {
        case 'unknown-argument': {
          const names = sig.params.map((p) => p.name);
          const near = closest(a.name!.name, names);
          this.report('unknown-argument', a.name!.span, `'${sig.name}' has no parameter '${a.name!.name}'${near.length ? `: did you mean '${near[0]}'?` : ''} (parameters: ${names.join(', ') || 'none'})`, {
            fixes: near.map((n, i) => ({ title: `Change to '${n}'`, edits: [{ span: a.name!.span, newText: n }], preferred: i === 0 && near.length === 1 })),
          });
          break;
        }
        case 'duplicate-argument':
          this.report('duplicate-argument', a.span, `'${pr.param!.name}' is given more than once`);
          break;
        case 'positional-after-named':
          this.report('positional-after-named', a.span, 'a positional argument cannot follow named ones: name it, or move it before them');
          break;
        case 'too-many-arguments':
          this.report('too-many-arguments', a.span, `'${sig.name}' takes ${countPositional(sig)} positional argument${countPositional(sig) === 1 ? '' : 's'}; this one is extra`);
          break;
      }
    }
    // A misplaced positional argument would also count as "missing": say the root cause once.
    const misplaced = binding.problems.some((p) => p.code === 'positional-after-named');
    const missing = misplaced ? [] : binding.missing.filter((p) => !(ctx.inTrial && (p.kind === 'tensor' || p.kind === 'loss')));
    if (missing.length) {
      this.report('missing-argument', e.argsSpan, `'${sig.name}' needs ${missing.map((p) => `'${p.name}'${p.kind === 'tensor' && p.roles?.length ? ` (${p.roles.join(' or ')})` : ''}`).join(', ')}`);
    }
    return out;
  }

  private checkArgument(a: A.Argument, p: SignatureParam, sig: Signature, scope: LocalScope, ctx: CallContext): ValueInfo {
    const value = unparen(a.value);
    switch (p.kind) {
      case 'option': {
        if (value.kind !== 'String') {
          this.inferExpr(a.value, scope, ctx);
          this.report('expected-string', a.value.span, `'${p.name}' takes one of ${p.options?.map((o) => `"${o}"`).join(', ') ?? 'a string'}`);
          return UNKNOWN;
        }
        const v = info({ scalar: true, range: I.ALL, constant: true });
        this.values.set(value, v);
        if (p.options && !p.options.includes(value.value)) {
          const near = closest(value.value, p.options);
          this.report('invalid-option', value.span, `'${sig.name}' does not accept ${p.name}="${value.value}": use one of ${p.options.map((o) => `"${o}"`).join(', ')}`, {
            fixes: (near.length ? near : p.options).slice(0, 3).map((o, i) => ({ title: `Change to "${o}"`, edits: [{ span: value.span, newText: `"${o}"` }], preferred: i === 0 && near.length === 1 })),
          });
        }
        return v;
      }
      case 'wrt': {
        if (value.kind !== 'Name') {
          this.inferExpr(a.value, scope, ctx);
          this.report('expected-constant', a.value.span, `'${p.name}' must name a tensor input or learn value of this loss`);
          return UNKNOWN;
        }
        const v = this.inferExpr(a.value, scope, ctx);
        const def = scope.names.get(value.name);
        if (def && !(def.kind === 'learn' || (def.kind === 'param' && def.param.role))) {
          this.report('expected-constant', value.span, `'${value.name}' is not a tensor input or learn value: grad differentiates with respect to one of those`);
        }
        return v;
      }
      default:
        break;
    }
    const v = this.inferExpr(a.value, scope, ctx);
    switch (p.kind) {
      case 'tensor':
        if (v.role && p.roles?.length && !roleAccepted(v.role, p.roles)) {
          this.report('role-mismatch', a.value.span, `'${sig.name}' expects ${p.roles.join(' or ')} for '${p.name}', but this is ${describeRole(v.role)}: ${mismatchAdvice(v.role, p.roles)}`, {
            ...this.mismatchFix(a.value, v.role, p.roles),
          });
        }
        break;
      case 'loss':
        if (v.scalar === false) this.report('not-scalar', a.value.span, `'${sig.name}' combines scalar losses, but '${p.name}' is given a tensor: reduce it first (mean(…))`);
        break;
      case 'hyper':
        if (!v.constant && v.learns.size === 0 && a.value.kind !== 'ErrorExpr') {
          this.report('expected-constant', a.value.span, `'${p.name}' is a hyperparameter: it must not depend on the tensor inputs`);
        } else if (v.scalar === false && !p.vector) {
          this.report('scalar-expected', a.value.span, `'${p.name}' takes a single number, not a vector`);
        }
        break;
      case 'axis':
        if (v.value === undefined || !Number.isInteger(v.value)) this.report('expected-constant', a.value.span, `'${p.name}' must be a whole number (an axis; negative counts from the last)`);
        break;
      case 'bool':
        if (!(value.kind === 'Name' && (value.name === 'true' || value.name === 'false')) && !(v.value === 0 || v.value === 1)) {
          this.report('expected-constant', a.value.span, `'${p.name}' takes true or false`);
        }
        break;
      default:
        break;
    }
    return v;
  }

  /** `focal(sigmoid(z), y)`: the fix drops the sigmoid. */
  private mismatchFix(arg: A.Expr, actual: Role, expected: readonly Role[]): { fixes?: Fix[] } {
    const u = unparen(arg);
    if (actual === 'probs' && expected.includes('logits') && u.kind === 'Call' && (u.callee.name === 'sigmoid' || u.callee.name === 'softmax') && u.args.length >= 1) {
      const inner = u.args[0].value;
      return { fixes: [{ title: `Pass the logits instead of ${u.callee.name}(…)`, edits: [{ span: arg.span, newText: sourceOf(this.input.text, inner) }], preferred: true }] };
    }
    return {};
  }

  private report(code: Parameters<typeof diagnostic>[0], span: Span, message: string, options: Parameters<typeof diagnostic>[3] = {}): void {
    (this.unit?.diagnostics ?? this.diagnostics).push(diagnostic(code, span, message, options));
  }
}

function mergeInfo(a: ValueInfo, b: ValueInfo): ValueInfo {
  return {
    scalar: scalarOf([a.scalar, b.scalar]),
    range: I.union(a.range, b.range),
    constant: a.constant && b.constant,
    learns: unionSets(a.learns, b.learns),
    isLoss: a.isLoss || b.isLoss,
  };
}

function isLossBuiltin(b: BuiltinFunction): boolean {
  return b.category === 'loss' || b.category === 'combiner';
}

function isNullArg(e: A.Call, name: string): boolean {
  const a = e.args.find((x) => x.name?.name === name);
  return a !== undefined && a.value.kind === 'Name' && a.value.name === 'null';
}

function countPositional(sig: Signature): number {
  return sig.params.length;
}

function describeDefinition(d: Definition): string {
  switch (d.kind) {
    case 'param': return d.param.role ? `tensor input (${d.param.role.name})` : 'hyperparameter';
    case 'let': return 'value bound with let';
    case 'learn': return 'learnable value';
    case 'context': return 'context value';
    case 'constant': return 'constant';
    case 'trial': return 'trial';
    default: return d.kind;
  }
}

function describeRole(r: Role): string {
  const article = /^[aeiou]/.test(r) ? 'an' : 'a';
  return `${article} '${r}' value`;
}

function relatedOf(d: Definition): { message: string; span: Span }[] {
  const span = d.kind === 'param' ? d.param.name.span : d.kind === 'let' || d.kind === 'learn' ? d.stmt.name.span : undefined;
  return span ? [{ message: `the first definition of '${d.name}'`, span }] : [];
}

function sourceOf(text: string, e: A.Expr | A.Node): string {
  return text.slice(e.span.start, e.span.end);
}

/** The span of whole lines covering `s` (with the trailing newline), for removal fixes. */
function lineSpan(text: string, s: Span): Span {
  let start = s.start;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  let end = s.end;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  if (text[end] === '\r') end++;
  if (text[end] === '\n') end++;
  return { start, end };
}

/** What a global name stands for, compared across edits. */
function globalTarget(d: Definition | undefined): unknown {
  if (!d) return undefined;
  return d.kind === 'loss' || d.kind === 'trial' ? d.decl : d;
}


/** The names an expression mentions, as values or callees. */
function forEachNameIn(e: A.Expr, visit: (name: string) => void): void {
  walkExpr(e, (x) => {
    if (x.kind === 'Name') visit(x.name);
    else if (x.kind === 'Call') visit(x.callee.name);
  });
}

function usesAny(used: ReadonlySet<string>, changed: ReadonlySet<string>): boolean {
  if (changed.size === 0) return false;
  for (const n of used) if (changed.has(n)) return true;
  return false;
}
