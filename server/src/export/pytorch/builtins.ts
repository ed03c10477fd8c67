import type { Role } from '../../core/builtins/roles.js';

// How each builtin is written in Python: an inline torch expression, a call to a helper from
// ./helpers.ts, or a per-call-site submodule for builtins with learnable or running state. Every
// builtin in the table must have a rule here (server/test/export/helpers.test.ts checks it).

/** One emitted Python expression. `tensor`: certainly a torch.Tensor (else it may be a Python number). */
export interface PyValue {
  readonly code: string;
  readonly prec: number;
  readonly tensor: boolean;
}

export const PREC = { compare: 1, additive: 2, multiplicative: 3, unary: 4, power: 5, atom: 6 } as const;

export const atom = (code: string, tensor: boolean): PyValue => ({ code, prec: PREC.atom, tensor });

/** What a rule can ask about the call it writes. */
export interface PyCall {
  /** The argument of a parameter, or its default from the builtin table (`None` for a null default). */
  arg(name: string): PyValue;
  /** All arguments of a variadic parameter. */
  args(name: string): PyValue[];
  given(name: string): boolean;
  /** The argument as a tensor (numbers wrapped with `_t`). */
  tensorArg(name: string): string;
  /** The role of an argument, when the checker or a declaration knows it. */
  role(name: string): Role | undefined;
  /** A known constant value of an argument (or its default). */
  constant(name: string): number | string | boolean | null | undefined;
  /** Marks a helper as used. */
  use(helper: string): void;
  /**
   * Registers a submodule for this call site (`_Uncertainty(2)`), returns the expression to call it by
   * (`self.uncertainty`).
   */
  submodule(baseName: string, constructor: string, helper: string): string;
  /** The Python name of the context value, marking it used (`progress`). */
  context(name: string): string;
  /** `keyword=value` for every non-tensor parameter, in table order (defaults filled in). */
  keywordArgs(): string[];
  /** The tensor (and loss) arguments, positionally, in table order. */
  positional(): string[];
}

export type PyRule = (c: PyCall) => PyValue;

const call = (helper: string, tensor = true): PyRule => (c) => {
  c.use(helper);
  const positional = c.positional();
  return atom(`${helper}(${[...positional, ...c.keywordArgs()].join(', ')})`, tensor);
};

/** An elementwise torch function of x. */
const elementwise = (fn: string): PyRule => (c) => atom(`${fn}(${c.tensorArg('x')})`, true);

const reduction = (fn: string, whole: string): PyRule => (c) => {
  const x = c.arg('x');
  const axis = c.constant('axis');
  const keep = c.constant('keepdims') === true;
  if (axis === null || axis === undefined) {
    if (keep) {
      c.use('_reduce');
      return atom(`_reduce(${fn}, ${x.code}, None, True)`, true);
    }
    return atom(`${whole}(${c.tensorArg('x')})`, true);
  }
  return atom(`${fn}(${c.tensorArg('x')}, dim=${axis}${keep ? ', keepdim=True' : ''})`, true);
};

const extremum = (name: 'max' | 'min'): PyRule => (c) => {
  if (c.given('b')) return atom(`torch.${name === 'max' ? 'maximum' : 'minimum'}(${c.tensorArg('a')}, ${c.tensorArg('b')})`, true);
  const axis = c.constant('axis');
  const keep = c.constant('keepdims') === true;
  if (axis === null || axis === undefined) {
    if (keep) {
      c.use('_reduce');
      return atom(`_reduce(torch.a${name}, ${c.arg('a').code}, None, True)`, true);
    }
    return atom(`torch.${name}(${c.tensorArg('a')})`, true);
  }
  return atom(`torch.a${name}(${c.tensorArg('a')}, dim=${axis}${keep ? ', keepdim=True' : ''})`, true);
};

/** Helper call with a keyword-only flag the exporter derives from a role. */
const withFlag = (helper: string, flag: string, value: (c: PyCall) => boolean): PyRule => (c) => {
  c.use(helper);
  return atom(`${helper}(${[...c.positional(), ...c.keywordArgs(), `${flag}=${value(c) ? 'True' : 'False'}`].join(', ')})`, true);
};

/** Overlap losses reduce per class when y carries a class axis (onehot, multilabel). */
const perClass = (c: PyCall): boolean => {
  const r = c.role('y');
  return r === 'onehot' || r === 'multilabel';
};

const schedule = (helper: string): PyRule => (c) => {
  c.use(helper);
  return atom(`${helper}(${[c.context('progress'), ...c.keywordArgs()].join(', ')})`, false);
};

export const PY_RULES: Readonly<Record<string, PyRule>> = {
  // Elementwise math
  log: elementwise('torch.log'),
  exp: elementwise('torch.exp'),
  sqrt: elementwise('torch.sqrt'),
  abs: elementwise('torch.abs'),
  sign: elementwise('torch.sign'),
  square: elementwise('torch.square'),
  sigmoid: elementwise('torch.sigmoid'),
  log_sigmoid: elementwise('F.logsigmoid'),
  softplus: elementwise('F.softplus'),
  relu: elementwise('torch.relu'),
  tanh: elementwise('torch.tanh'),
  cos: elementwise('torch.cos'),
  sin: elementwise('torch.sin'),
  acos: elementwise('torch.acos'),
  round: elementwise('torch.round'),
  floor: elementwise('torch.floor'),
  clamp: (c) => {
    const bounds = [c.given('lo') ? `min=${c.arg('lo').code}` : '', c.given('hi') ? `max=${c.arg('hi').code}` : ''].filter(Boolean);
    return atom(bounds.length ? `torch.clamp(${c.tensorArg('x')}, ${bounds.join(', ')})` : c.tensorArg('x'), true);
  },
  where: (c) => {
    c.use('_where');
    return atom(`_where(${c.arg('cond').code}, ${c.arg('a').code}, ${c.arg('b').code})`, true);
  },
  stopgrad: (c) => {
    const x = c.arg('x');
    return x.tensor ? atom(`${x.prec === PREC.atom ? x.code : `(${x.code})`}.detach()`, true) : x;
  },

  // Reductions
  sum: reduction('torch.sum', 'torch.sum'),
  mean: reduction('torch.mean', 'torch.mean'),
  max: extremum('max'),
  min: extremum('min'),
  norm: (c) => {
    c.use('_norm');
    return atom(`_norm(${c.arg('x').code}, ${c.keywordArgs().join(', ')})`, true);
  },
  logsumexp: (c) => {
    const axis = c.constant('axis');
    const keep = c.constant('keepdims') === true;
    if (axis === null || axis === undefined) {
      c.use('_reduce');
      return atom(`_reduce(torch.logsumexp, ${c.arg('x').code}, None, ${keep ? 'True' : 'False'})`, true);
    }
    return atom(`torch.logsumexp(${c.tensorArg('x')}, dim=${axis}${keep ? ', keepdim=True' : ''})`, true);
  },

  // Tensors
  softmax: (c) => atom(`torch.softmax(${c.tensorArg('z')}, dim=${c.constant('axis') ?? -1})`, true),
  log_softmax: (c) => atom(`torch.log_softmax(${c.tensorArg('z')}, dim=${c.constant('axis') ?? -1})`, true),
  onehot: (c) => {
    c.use('_onehot');
    return atom(`_onehot(${c.arg('y').code}, ${c.arg('C').code})`, true);
  },
  gather: (c) => {
    c.use('_gather');
    return atom(`_gather(${c.arg('z').code}, ${c.arg('y').code})`, true);
  },
  matmul: (c) => atom(`torch.matmul(${c.tensorArg('a')}, ${c.tensorArg('b')})`, true),
  transpose: (c) => {
    const x = c.arg('x');
    return atom(`(${c.tensorArg('x')} if ${x.code}.dim() < 2 else torch.transpose(${c.tensorArg('x')}, ${c.constant('a') ?? -2}, ${c.constant('b') ?? -1}))`, true);
  },
  concat: (c) => atom(`torch.cat([${c.tensorArg('a')}, ${c.tensorArg('b')}], dim=${c.constant('axis') ?? -1})`, true),

  // Autodiff
  grad: (c) => {
    c.use('_grad');
    return atom(`_grad(${c.arg('f').code}, ${c.arg('x').code})`, true);
  },

  // Schedules
  ramp: schedule('_ramp'),
  cosine: schedule('_cosine'),
  warmup: schedule('_warmup'),

  // 1. Dynamic weighting
  focal: call('_focal'),
  dice: withFlag('_dice', 'per_class', perClass),
  tversky: withFlag('_tversky', 'per_class', perClass),
  focal_tversky: withFlag('_focal_tversky', 'per_class', perClass),
  gradnorm: (c) => {
    const terms = c.args('l').map((v) => v.code);
    const self = c.submodule('gradnorm', `GradNorm(${terms.length}, alpha=${c.arg('alpha').code})`, 'GradNorm');
    return atom(`${self}([${terms.join(', ')}])`, true);
  },

  // 2. Multi-task
  uncertainty: (c) => {
    const terms = c.args('l').map((v) => v.code);
    const self = c.submodule('uncertainty', `_Uncertainty(${terms.length})`, '_Uncertainty');
    return atom(`${self}([${terms.join(', ')}])`, true);
  },
  dwa: (c) => {
    const terms = c.args('l').map((v) => v.code);
    const self = c.submodule('dwa', `_DWA(${terms.length})`, '_DWA');
    return atom(`${self}([${terms.join(', ')}], ${c.arg('T').code})`, true);
  },
  // The value of pcgrad is the plain sum; mgda's is sum a_k L_k with the latest weights (1/K before any
  // step). Their gradient-level update is the module's step() (see module.ts).
  pcgrad: (c) => atom(`sum([${c.args('l').map((v) => v.code).join(', ')}])`, true),
  mgda: (c) => {
    const terms = c.args('l').map((v) => v.code);
    return atom(`sum(w * L for w, L in zip(self.task_weights, [${terms.join(', ')}]))`, true);
  },

  // 3. Adversarial
  gan_g: call('_gan_g'),
  gan_d: call('_gan_d'),
  ragan_g: call('_ragan_g'),
  ragan_d: call('_ragan_d'),
  rsgan_d: call('_rsgan_d'),
  rsgan_g: call('_rsgan_g'),

  // 4. Imbalance
  ce: call('_ce'),
  nll: call('_nll'),
  cb_weights: call('_cb_weights'),
  inv_freq: call('_inv_freq'),
  center: (c) => {
    const self = c.submodule('center', '_Center()', '_Center');
    return atom(`${self}(${c.positional().join(', ')})`, true);
  },

  // 5. Regularisation
  l1: call('_l1'),
  l2: call('_l2'),

  // 6. Adaptive margins
  hinge: withFlag('_hinge', 'signs', (c) => c.role('y') === 'signs'),
  squared_hinge: withFlag('_squared_hinge', 'signs', (c) => c.role('y') === 'signs'),
  asl: call('_asl'),
  ldam: call('_ldam'),

  // 7. Distillation
  kl: call('_kl'),
  js: call('_js'),
  kd: call('_kd'),
  hint: call('_hint'),
  rkd_distance: call('_rkd_distance'),
  rkd_angle: call('_rkd_angle'),

  // 8. Quantisation
  fakequant: call('_fakequant'),
  // Noise while the module trains; fakequant in eval() mode, as LossLab outside training steps.
  quant_noise: (c) => {
    c.use('_quant_noise');
    return atom(`_quant_noise(${[...c.positional(), ...c.keywordArgs(), 'training=self.training'].join(', ')})`, true);
  },

  // Base losses
  bce: call('_bce'),
  mse: call('_mse'),
  mae: call('_mae'),
  huber: call('_huber'),
  smooth_l1: call('_smooth_l1'),
  log_cosh: call('_log_cosh'),
  quantile: call('_quantile'),
  contrastive: call('_contrastive'),
  triplet: call('_triplet'),
  infonce: call('_infonce'),
};

/** Builtins whose value is one part of a gradient-level update the module's step() performs. */
export const GRADIENT_LEVEL_STEPS: Readonly<Record<string, string>> = {
  pcgrad: 'pcgrad_step',
  mgda: 'mgda_step',
  gradnorm: 'GradNorm',
};
