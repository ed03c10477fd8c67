import type { Family } from '../core/builtins/types.js';

// Snippet templates offered at the top level of a file: one per family of the source article, plus a
// trial. Written in LSP snippet syntax (${1:placeholder}, ${2|a,b|} choices). A test expands every
// template with its defaults and checks that the result analyses without errors, so templates cannot
// drift away from the builtin table.

export interface Template {
  readonly label: string;
  readonly family?: Family;
  readonly description: string;
  readonly body: string;
}

export const TEMPLATES: readonly Template[] = [
  {
    label: 'loss: focal with a ramped γ',
    family: 'dynamic-weighting',
    description: 'Focal loss whose focusing parameter ramps up from 0 over training (dynamic weighting).',
    body: [
      '## ${1:Focal loss whose γ ramps up during training.}',
      'loss ${2:focal_ramp}(z: logits, y: binary, gamma_max = ${3:2} in [0, 5], alpha = ${4:0.25} in [0, 1]) {',
      '\tlet gamma = ramp(0, gamma_max)',
      '\treturn focal(z, y, gamma=gamma, alpha=alpha)',
      '}',
    ].join('\n'),
  },
  {
    label: 'loss: multi-task uncertainty weighting',
    family: 'multi-task',
    description: 'Two task losses weighted by learned uncertainties (Kendall et al. 2018).',
    body: [
      '## ${1:Classification and regression heads weighted by learned uncertainty.}',
      'loss ${2:multitask}(z: logits, y: labels, r: target, t: target) = uncertainty(ce(z, y), mse(r, t))',
    ].join('\n'),
  },
  {
    label: 'loss: GAN discriminator',
    family: 'adversarial',
    description: 'A discriminator loss of the chosen GAN formulation.',
    body: [
      '## ${1:Discriminator loss.}',
      'loss ${2:d_loss}(real: critic, fake: critic) = gan_d(real, fake, kind="${3|hinge,ns,minimax,wgan,ls|}")',
    ].join('\n'),
  },
  {
    label: 'loss: class-balanced cross-entropy',
    family: 'imbalance',
    description: 'Cross-entropy with class-balanced weights from effective numbers (Cui et al. 2019).',
    body: [
      '## ${1:Cross-entropy with class-balanced weights.}',
      'loss ${2:balanced_ce}(z: logits, y: labels, beta = ${3:0.999} in [0.9, 0.9999]) = ce(z, y, weight=cb_weights(class_counts, beta=beta))',
    ].join('\n'),
  },
  {
    label: 'loss: cross-entropy + L2 + R-Drop',
    family: 'regularisation',
    description: 'Cross-entropy with weight decay and an R-Drop consistency term between two passes.',
    body: [
      '## ${1:Cross-entropy with L2 weight decay and R-Drop.}',
      'loss ${2:regularised}(z: logits, z2: logits2, y: labels, lam = ${3:0.0001} in [0, 0.01], alpha = ${4:1} in [0, 5]) {',
      '\tlet rdrop = (kl(softmax(z), softmax(z2)) + kl(softmax(z2), softmax(z))) / 2',
      '\treturn ce(z, y) + lam * l2(weights) + alpha * rdrop',
      '}',
    ].join('\n'),
  },
  {
    label: 'loss: LDAM margins',
    family: 'adaptive-margin',
    description: 'Label-distribution-aware margins, larger for rare classes (Cao et al. 2019).',
    body: [
      '## ${1:Label-distribution-aware margin loss.}',
      'loss ${2:ldam_loss}(z: logits, y: labels, max_margin = ${3:0.5} in [0, 1]) = ldam(z, y, class_counts, max_margin=max_margin)',
    ].join('\n'),
  },
  {
    label: 'loss: knowledge distillation',
    family: 'distillation',
    description: "Hinton's distillation: T²-scaled KL to the teacher plus cross-entropy to the labels.",
    body: [
      '## ${1:Knowledge distillation (Hinton et al. 2015).}',
      'loss ${2:distill}(s: logits, t: teacher, y: labels, T = ${3:4} in [1, 10], alpha = ${4:0.9} in [0, 1]) = alpha * kd(s, t, T=T) + (1 - alpha) * ce(s, y)',
    ].join('\n'),
  },
  {
    label: 'loss: quantisation-aware',
    family: 'quantisation',
    description: 'Cross-entropy on fake-quantised logits plus agreement with the full-precision pass.',
    body: [
      '## ${1:Quantisation-aware training loss.}',
      'loss ${2:qat}(z: logits, z_fp: logits_fp, y: labels, bits = ${3:8} in [2, 16], beta = ${4:0.5} in [0, 1]) {',
      '\tlet zq = fakequant(z, bits=bits)',
      '\treturn ce(zq, y) + beta * mse(zq, stopgrad(z_fp))',
      '}',
    ].join('\n'),
  },
  {
    label: 'trial',
    description: 'A quick training run comparing a loss with baselines on generated data.',
    body: [
      'trial ${1:quick} {',
      '\tdata = ${2|blobs,moons,spirals|}(classes=2, n=2000, imbalance=${3:0.05})',
      '\tmodel = mlp(hidden=[32, 32])',
      '\tloss = ${4:bce}',
      '\tcompare = [${5:bce}]',
      '\toptimizer = adam(lr=${6:0.01})',
      '\tsteps = ${7:300}',
      '\tseeds = ${8:3}',
      '\tmetrics = [balanced_accuracy]',
      '}',
    ].join('\n'),
  },
];

/** The snippet with every placeholder replaced by its default (first choice), as plain text. */
export function expandTemplate(body: string): string {
  let out = body;
  for (let i = 0; i < 5; i++) {
    out = out.replace(/\$\{\d+\|([^,|}]*)[^}]*\}/g, '$1').replace(/\$\{\d+:([^{}]*)\}/g, '$1').replace(/\$\d+/g, '');
  }
  return out.replace(/\\([$}\\])/g, '$1');
}
