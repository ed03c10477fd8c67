import { lookupFunction } from '../builtins/table.js';
import { diagnostic, type Diagnostic, type Fix } from '../diagnostics/diagnostic.js';
import type * as A from '../syntax/ast.js';
import { calleeName, forEachDeclarationExpr, namedArgument, unparen } from '../syntax/ast.js';
import { addArgument } from '../syntax/argument-edit.js';
import type { LintContext } from './context.js';

// A Wasserstein critic — `gan_d(kind="wgan")`, or a critic loss written as `mean(fake) - mean(real)` —
// is unbounded below: nothing stops the critic from raising its scores for ever unless it is kept
// Lipschitz, by a gradient penalty (a `grad` term, WGAN-GP) or by spectral normalisation of the critic
// (`d=mlp(…, spectral_norm=true)`). With neither, the critic's scores and the generator's gradients grow
// until the trial diverges. The loss alone cannot tell (a generator's −D_f is unbounded by design, and
// `unbounded-below` stays silent on adversarial objectives): the trial, which pairs the critic loss with
// its model, can.

const DEFAULT_CRITIC = 'mlp(hidden=[64, 64], spectral_norm=true)';

export function criticLints(ctx: LintContext, trial: A.TrialDecl, out: Diagnostic[]): void {
  const field = (n: string): A.TrialField | undefined => trial.fields.find((f) => f.name.name === n);
  const modelField = field('model');
  const model = modelField ? unparen(modelField.value) : undefined;
  if (!model || calleeName(model) !== 'gan') return;
  const critic = model.kind === 'Call' ? namedArgument(model, 'd') : undefined;
  const c = critic ? unparen(critic) : undefined;
  if (c?.kind === 'Call' && c.args.some((a) => a.name?.name === 'spectral_norm' && unparen(a.value).kind === 'Name' && (unparen(a.value) as A.NameRef).name === 'true')) return;

  // The critic's loss: `d_loss`, or by default gan_d of the generator loss's kind.
  const dLoss = field('d_loss');
  let at: A.Expr;
  let what: string;
  if (dLoss) {
    at = dLoss.value;
    const why = unboundedCritic(ctx, dLoss.value);
    if (!why) return;
    what = why;
  } else {
    const g = field('loss');
    if (!g || !isWganBuiltin(ctx, g.value, 'gan_g')) return;
    at = g.value;
    what = 'the default critic loss gan_d(kind="wgan") that goes with this generator loss';
  }
  const fix = spectralNormFix(model, c, ctx.text);
  out.push(diagnostic('unconstrained-critic', at.span, `${what} is unbounded below, and nothing keeps the critic Lipschitz: its scores can grow without limit and the trial diverge. Add a gradient penalty (a grad term, as in WGAN-GP) or spectral_norm=true on the critic`, {
    related: [{ message: 'the critic of this trial', span: (critic ?? model).span }],
    ...(fix ? { fixes: [fix] } : {}),
  }));
}

/** Why `e` (a trial's d_loss) is an unconstrained Wasserstein-style critic loss, or undefined. */
function unboundedCritic(ctx: LintContext, e: A.Expr): string | undefined {
  const v = unparen(e);
  const name = calleeName(v);
  if (!name) return undefined;
  const user = ctx.analysis.losses.get(name);
  if (user) {
    const ret = user.returnExpr;
    // The range analysis is conservative, but critic losses are built from the critic's raw scores
    // through softplus, relu, log-sigmoid or squares, whose ranges it knows: a lower bound of −∞ here
    // is the Wasserstein form (scores entering linearly), not an artefact.
    if (!ret || ctx.value(ret)?.range.lo !== -Infinity) return undefined;
    if (callsGrad(ctx, user.decl)) return undefined;
    return `the critic loss '${name}'`;
  }
  return isWganBuiltin(ctx, e, 'gan_d') ? `the critic loss gan_d(kind="wgan")` : undefined;
}

/** `gan_d(…, kind="wgan")` (or gan_g), the builtin, not a loss of the same name. */
function isWganBuiltin(ctx: LintContext, e: A.Expr, builtin: 'gan_d' | 'gan_g'): boolean {
  const v = unparen(e);
  if (v.kind !== 'Call' || v.callee.name !== builtin || ctx.analysis.losses.has(builtin) || !lookupFunction(builtin)) return false;
  const kind = namedArgument(v, 'kind');
  return kind?.kind === 'String' && kind.value === 'wgan';
}

/** A gradient penalty: some `grad(…)` in the loss. */
function callsGrad(ctx: LintContext, decl: A.LossDecl): boolean {
  let found = false;
  forEachDeclarationExpr(decl, (x) => {
    if (!found && x.kind === 'Call' && ctx.builtinOf(x)?.name === 'grad') found = true;
  });
  return found;
}

/** Turns spectral normalisation on for the critic: in its `mlp(…)`, or by giving `gan` one. */
function spectralNormFix(model: A.Expr, critic: A.Expr | undefined, text: string): Fix | undefined {
  const edit = critic
    ? critic.kind === 'Call' && critic.callee.name === 'mlp' ? addArgument(critic, 'spectral_norm=true', text) : undefined
    : addArgument(model, `d=${DEFAULT_CRITIC}`, text);
  return edit ? { title: 'Normalise the critic spectrally (spectral_norm=true)', edits: [edit] } : undefined;
}
