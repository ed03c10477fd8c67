import type { BuiltinFunction, BuiltinParam } from '../builtins/types.js';
import type * as A from '../syntax/ast.js';
import { isDeclarableRole } from '../builtins/roles.js';
import { constantValue } from './constant.js';

// One view of "what can be passed to this callee", for builtins and user losses alike, so that argument
// binding, completion and signature help share the same rules.

export interface SignatureParam {
  readonly name: string;
  readonly kind: BuiltinParam['kind'];
  readonly roles?: BuiltinParam['roles'];
  /** Absent: required. */
  readonly default?: BuiltinParam['default'];
  readonly options?: readonly string[];
  readonly variadic?: boolean;
  /** For a variadic parameter: the fewest arguments it takes. */
  readonly minCount?: number;
  readonly vector?: boolean;
  readonly doc?: string;
}

export interface Signature {
  readonly name: string;
  readonly params: readonly SignatureParam[];
}

export function builtinSignature(b: BuiltinFunction): Signature {
  return { name: b.name, params: b.params };
}

/** A user loss: `name: role` parameters are tensor inputs, `name = default` ones hyperparameters. */
export function lossSignature(decl: A.LossDecl): Signature {
  return {
    name: decl.name?.name ?? '?',
    params: decl.params.map((p): SignatureParam => {
      if (p.role) {
        const role = p.role.name;
        return { name: p.name.name, kind: 'tensor', ...(isDeclarableRole(role) ? { roles: [role] } : {}) };
      }
      const v = p.defaultValue ? constantValue(p.defaultValue) : undefined;
      return { name: p.name.name, kind: 'hyper', default: v ?? null, vector: p.defaultValue?.kind === 'Vector' };
    }),
  };
}

export interface BoundArgument {
  readonly param: SignatureParam;
  readonly arg: A.Argument;
}

export interface BindingProblem {
  readonly code: 'too-many-arguments' | 'unknown-argument' | 'duplicate-argument' | 'positional-after-named' | 'missing-argument';
  readonly arg?: A.Argument;
  readonly param?: SignatureParam;
}

export interface Binding {
  readonly bound: readonly BoundArgument[];
  readonly problems: readonly BindingProblem[];
  /** Parameters with no argument and no default. */
  readonly missing: readonly SignatureParam[];
}

/** Binds a call's arguments to parameters: positional in order (a variadic last parameter takes the rest), then by name. */
export function bindArguments(sig: Signature, args: readonly A.Argument[]): Binding {
  const bound: BoundArgument[] = [];
  const problems: BindingProblem[] = [];
  const given = new Set<string>();
  let position = 0;
  let sawNamed = false;
  for (const arg of args) {
    if (arg.name) {
      sawNamed = true;
      const param = sig.params.find((p) => p.name === arg.name!.name);
      if (!param) {
        problems.push({ code: 'unknown-argument', arg });
        continue;
      }
      if (given.has(param.name) && !param.variadic) {
        problems.push({ code: 'duplicate-argument', arg, param });
        continue;
      }
      given.add(param.name);
      bound.push({ param, arg });
      continue;
    }
    if (sawNamed) {
      problems.push({ code: 'positional-after-named', arg });
      continue;
    }
    const param = sig.params[Math.min(position, sig.params.length - 1)];
    if (!param || (position >= sig.params.length && !param.variadic)) {
      problems.push({ code: 'too-many-arguments', arg });
      position++;
      continue;
    }
    if (!param.variadic) position++;
    given.add(param.name);
    bound.push({ param, arg });
  }
  const missing = sig.params.filter((p) => p.default === undefined && !given.has(p.name));
  return { bound, problems, missing };
}
