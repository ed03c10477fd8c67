import type { Role } from './roles.js';
import type { BuiltinParam } from './types.js';

// Short constructors for parameter records, so the per-family tables read like signatures.

export function tensor(name: string, roles: readonly Role[] | undefined, doc: string, tex = name): BuiltinParam {
  return roles ? { name, kind: 'tensor', roles, doc, tex } : { name, kind: 'tensor', doc, tex };
}

export interface HyperOptions {
  readonly valid?: readonly [number, number];
  readonly validOpen?: readonly [boolean, boolean];
  readonly recommended?: readonly [number, number];
  readonly tex?: string;
  readonly vector?: boolean;
  readonly integer?: boolean;
}

/** A hyperparameter; `def` undefined makes it required, `null` optional with no value. */
export function hyper(name: string, def: number | null | undefined, doc: string, o: HyperOptions = {}): BuiltinParam {
  return {
    name,
    kind: 'hyper',
    doc,
    tex: o.tex ?? name,
    ...(def !== undefined ? { default: def } : {}),
    ...(o.valid ? { valid: o.valid } : {}),
    ...(o.validOpen ? { validOpen: o.validOpen } : {}),
    ...(o.recommended ? { recommended: o.recommended } : {}),
    ...(o.vector ? { vector: true } : {}),
    ...(o.integer ? { integer: true } : {}),
  };
}

export function axis(name: string, def: number | null, doc: string): BuiltinParam {
  return { name, kind: 'axis', default: def, doc };
}

export function bool(name: string, def: boolean, doc: string): BuiltinParam {
  return { name, kind: 'bool', default: def, doc };
}

export function option(name: string, options: readonly string[], def: string, doc: string): BuiltinParam {
  return { name, kind: 'option', options, default: def, doc };
}

/** The task losses of a multi-task combiner: `l1, l2, …`. */
export function taskLosses(doc = 'The task losses L₁, L₂, … (scalars), at least two.'): BuiltinParam {
  return { name: 'l', kind: 'loss', variadic: true, minCount: 2, doc, tex: 'L' };
}

/** The usual `keepdims=false` of reductions. */
export const KEEPDIMS = bool('keepdims', false, 'Keep the reduced axis with size 1 (for broadcasting back against the input).');
