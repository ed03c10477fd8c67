// Identifiers in generated code: `.loss` names are kept as written unless the target language reserves
// them (a hyperparameter called `lambda`, an input called `self`), in which case a trailing `_` is added.

const PYTHON_KEYWORDS = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del',
  'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal',
  'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield', 'match', 'case',
]);

/** Names the generated Python module itself uses at the top level or inside a method. */
const PYTHON_TAKEN = new Set(['self', 'torch', 'nn', 'F', 'math', 'typing', 'Optional', 'Sequence', 'Union', 'Iterable', 'List', 'Any', 'super', 'float', 'int', 'bool', 'list', 'tuple', 'len', 'range', 'isinstance', 'print']);

/**
 * Attributes of `torch.nn.Module` that a hyperparameter or learn value stored as `self.NAME` must not
 * overwrite (assigning `self.eval = 2.0` would break `module.eval()`).
 */
export const NN_MODULE_ATTRIBUTES = new Set([
  'T_destination', 'add_module', 'apply', 'bfloat16', 'buffers', 'call_super_init', 'children', 'cpu', 'cuda',
  'double', 'dump_patches', 'eval', 'extra_repr', 'float', 'forward', 'get_buffer', 'get_extra_state',
  'get_parameter', 'get_submodule', 'half', 'ipu', 'load_state_dict', 'modules', 'named_buffers',
  'named_children', 'named_modules', 'named_parameters', 'parameters', 'register_backward_hook',
  'register_buffer', 'register_forward_hook', 'register_forward_pre_hook', 'register_full_backward_hook',
  'register_full_backward_pre_hook', 'register_load_state_dict_post_hook', 'register_module',
  'register_parameter', 'register_state_dict_pre_hook', 'requires_grad_', 'set_extra_state', 'share_memory',
  'state_dict', 'to', 'to_empty', 'train', 'training', 'type', 'xpu', 'zero_grad', 'task_losses',
]);

/**
 * A Python identifier for a `.loss` name. Helper functions are `_NAME` (no trailing underscore), so a user
 * name that starts with `_` gets a trailing one and can never collide with them.
 */
export function pythonName(name: string): string {
  return PYTHON_KEYWORDS.has(name) || PYTHON_TAKEN.has(name) || name.startsWith('_') ? `${name}_` : name;
}

/** The attribute under which a module stores a hyperparameter, learn value or sub-loss. */
export function pythonAttribute(name: string): string {
  const n = pythonName(name);
  return NN_MODULE_ATTRIBUTES.has(n) ? `${n}_` : n;
}

/** `focal_bin` → `FocalBin`, `myLoss` → `MyLoss` (the class of an exported loss). */
export function pascalCase(name: string): string {
  const parts = name.split('_').filter((p) => p.length > 0);
  const joined = parts.map((p) => p[0].toUpperCase() + p.slice(1)).join('');
  return joined.length === 0 ? 'Loss' : /^[0-9]/.test(joined) ? `Loss${joined}` : joined;
}

const TS_RESERVED = new Set([
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum',
  'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null',
  'return', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'as',
  'implements', 'interface', 'let', 'package', 'private', 'protected', 'public', 'static', 'yield', 'await',
  'tf', 'Math', 'Number', 'Array', 'Object', 'inputs', 'hyper', 'context', 'learned', 'undefined', 'NaN', 'Infinity',
]);

/** A TypeScript identifier for a `.loss` name (helpers are `_NAME`, as in Python). */
export function tsName(name: string): string {
  return TS_RESERVED.has(name) || name.startsWith('_') ? `${name}_` : name;
}
