import * as I from '../../analysis/interval.js';
import { PAPERS } from '../papers.js';
import { option, tensor } from '../params.js';
import type { Interval } from '../../analysis/interval.js';
import type { BuiltinFunction, RangeOptions } from '../types.js';

// 3. Adversarial training: generator and discriminator objectives on critic outputs (logits, never
// probabilities), all minimised, all means over the batch. Penalties are written with `grad`; spectral
// normalisation is a model option (`mlp(spectral_norm=true)`).

export const GAN_KINDS = ['ns', 'minimax', 'hinge', 'wgan', 'ls'] as const;
type GanKind = (typeof GAN_KINDS)[number];

const CRITIC = ['critic', 'logits', 'real'] as const;
const realParam = tensor('real', [...CRITIC], 'Critic outputs (raw, before any sigmoid) on a batch of real samples, D(x).', 'D_{r}');
const fakeParam = tensor('fake', [...CRITIC], 'Critic outputs (raw, before any sigmoid) on a batch of generated samples, D(G(z)).', 'D_{f}');

const KIND_DOC = '"ns" non-saturating (Goodfellow et al.), "minimax" the original saturating game, "hinge" (Lim & Ye 2017), "wgan" Wasserstein (Arjovsky et al. 2017; add a Lipschitz penalty with `grad` or `spectral_norm`), "ls" least squares (Mao et al. 2017, targets 0/1 on raw outputs).';

const GENERATOR_RANGE: Record<GanKind, Interval> = {
  ns: I.NONNEG, // softplus(−D_f)
  minimax: I.interval(-Infinity, 0), // −softplus(D_f)
  hinge: I.ALL, // −D_f
  wgan: I.ALL,
  ls: I.NONNEG,
};
const DISCRIMINATOR_RANGE: Record<GanKind, Interval> = {
  ns: I.NONNEG,
  minimax: I.NONNEG,
  hinge: I.NONNEG,
  wgan: I.ALL, // D_f − D_r
  ls: I.NONNEG,
};

/** The range for a known kind, else the hull over every kind. */
function byKind(table: Record<GanKind, Interval>, options: RangeOptions | undefined): Interval {
  if (options) {
    const k = (options.kind ?? 'ns') as GanKind;
    if (k in table) return table[k];
  }
  return Object.values(table).reduce(I.union);
}

export const ADVERSARIAL_BUILTINS: readonly BuiltinFunction[] = [
  {
    name: 'gan_g', category: 'loss', family: 'adversarial', result: 'scalar', paper: PAPERS.gan,
    params: [fakeParam, option('kind', GAN_KINDS, 'ns', `The objective: ${KIND_DOC}`)],
    doc: 'Generator loss on the critic outputs D_f of generated samples, mean over the batch: "ns" softplus(−D_f) = −log σ(D_f); "minimax" −softplus(D_f) = log(1 − σ(D_f)), which saturates (vanishing gradient) when the critic confidently rejects fakes; "hinge" and "wgan" −D_f; "ls" ½(D_f − 1)². All computed from logits with softplus, never from σ.',
    formula: '\\mathcal{L}_{G} = \\frac{1}{n}\\sum_{i} \\begin{cases} \\operatorname{softplus}(-D_{f}) & \\text{ns} \\\\ -\\operatorname{softplus}(D_{f}) & \\text{minimax} \\\\ -D_{f} & \\text{hinge, wgan} \\\\ \\tfrac{1}{2}(D_{f} - 1)^{2} & \\text{ls} \\end{cases}',
    tex: '\\mathcal{L}_{G}\\left({fake}\\right)',
    range: (_args, options) => byKind(GENERATOR_RANGE, options),
  },
  {
    name: 'gan_d', category: 'loss', family: 'adversarial', result: 'scalar', paper: PAPERS.gan,
    params: [realParam, fakeParam, option('kind', GAN_KINDS, 'ns', `The objective: ${KIND_DOC}`)],
    doc: 'Discriminator (critic) loss, each term a mean over its batch: "ns" and "minimax" softplus(−D_r) + softplus(D_f) (binary cross-entropy, real = 1, fake = 0); "hinge" relu(1 − D_r) + relu(1 + D_f); "wgan" D_f − D_r; "ls" ½(D_r − 1)² + ½D_f². Real and fake batches may differ in size.',
    formula: '\\mathcal{L}_{D} = \\begin{cases} \\overline{\\operatorname{softplus}(-D_{r})} + \\overline{\\operatorname{softplus}(D_{f})} & \\text{ns, minimax} \\\\ \\overline{[1 - D_{r}]_{+}} + \\overline{[1 + D_{f}]_{+}} & \\text{hinge} \\\\ \\overline{D_{f}} - \\overline{D_{r}} & \\text{wgan} \\\\ \\tfrac{1}{2}\\overline{(D_{r} - 1)^{2}} + \\tfrac{1}{2}\\overline{D_{f}^{2}} & \\text{ls} \\end{cases}',
    tex: '\\mathcal{L}_{D}\\left({real}, {fake}\\right)',
    range: (_args, options) => byKind(DISCRIMINATOR_RANGE, options),
  },
  {
    name: 'ragan_g', category: 'loss', family: 'adversarial', result: 'scalar', paper: PAPERS.relativistic,
    params: [realParam, fakeParam],
    doc: 'Relativistic average generator loss: ½[mean softplus(D_r − mean D_f) + mean softplus(−(D_f − mean D_r))], the discriminator’s objective with real and fake swapped. It depends on the real batch: the real critic outputs enter the value, and in a trial they carry no gradient into the critic during the generator step.',
    formula: '\\tfrac{1}{2}\\Big[\\overline{\\operatorname{softplus}\\big(D_{r} - \\overline{D_{f}}\\big)} + \\overline{\\operatorname{softplus}\\big(-(D_{f} - \\overline{D_{r}})\\big)}\\Big]',
    tex: '\\mathcal{L}_{G}^{\\mathrm{RaGAN}}\\left({real}, {fake}\\right)',
    range: () => I.NONNEG,
  },
  {
    name: 'ragan_d', category: 'loss', family: 'adversarial', result: 'scalar', paper: PAPERS.relativistic,
    params: [realParam, fakeParam],
    doc: 'Relativistic average discriminator loss: ½[mean softplus(−(D_r − mean D_f)) + mean softplus(D_f − mean D_r)]: real samples should look more real than the average fake, and fakes less real than the average real (halved, as in the reference implementations).',
    formula: '\\tfrac{1}{2}\\Big[\\overline{\\operatorname{softplus}\\big(-(D_{r} - \\overline{D_{f}})\\big)} + \\overline{\\operatorname{softplus}\\big(D_{f} - \\overline{D_{r}}\\big)}\\Big]',
    tex: '\\mathcal{L}_{D}^{\\mathrm{RaGAN}}\\left({real}, {fake}\\right)',
    range: () => I.NONNEG,
  },
  {
    name: 'rsgan_d', category: 'loss', family: 'adversarial', result: 'scalar', paper: PAPERS.relativistic,
    params: [realParam, fakeParam],
    doc: 'Relativistic standard discriminator loss: mean softplus(−(D_r − D_f)) over pairs, the i-th real sample against the i-th fake (the batches must have the same size): the probability that a real sample is more realistic than a fake one.',
    formula: '\\frac{1}{n}\\sum_{i} \\operatorname{softplus}\\big(-(D_{r,i} - D_{f,i})\\big)',
    tex: '\\mathcal{L}_{D}^{\\mathrm{RSGAN}}\\left({real}, {fake}\\right)',
    range: () => I.NONNEG,
  },
  {
    name: 'rsgan_g', category: 'loss', family: 'adversarial', result: 'scalar', paper: PAPERS.relativistic,
    params: [realParam, fakeParam],
    doc: 'Relativistic standard generator loss, the partner of `rsgan_d`: mean softplus(−(D_f − D_r)) over pairs (same batch sizes). The real critic outputs enter the value; in a trial they carry no gradient during the generator step.',
    formula: '\\frac{1}{n}\\sum_{i} \\operatorname{softplus}\\big(-(D_{f,i} - D_{r,i})\\big)',
    tex: '\\mathcal{L}_{G}^{\\mathrm{RSGAN}}\\left({real}, {fake}\\right)',
    range: () => I.NONNEG,
  },
];
