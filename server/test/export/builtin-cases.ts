// One tiny loss per builtin, with inputs away from kinks and ties, and a reference written independently
// of the exporter: Python that computes the same quantity from the same float64 inputs, with torch's own
// loss functions where they exist (F.cross_entropy, F.kl_div, F.huber_loss, …) and the formulas of the
// builtin documentation otherwise. The export tests compare the exported module against it (and against
// `losslab eval`), value and gradient.

export interface ExportCase {
  readonly name: string;
  /** The `.loss` source. */
  readonly source: string;
  /** The exported loss (default `t`). */
  readonly loss?: string;
  /** Where the source lives (for imports). */
  readonly file?: string;
  readonly inputs: Readonly<Record<string, unknown>>;
  /** Inputs (or learn values) to differentiate with respect to. */
  readonly grads: readonly string[];
  /** Python assigning `ref` (inputs are float64 tensors named as in the loss). */
  readonly ref: string;
  readonly params?: Readonly<Record<string, unknown>>;
  readonly context?: Readonly<Record<string, unknown>>;
  readonly learn?: Readonly<Record<string, number>>;
  /** Run the module in eval() mode (quant_noise is fakequant there, as in `losslab eval`). */
  readonly evalMode?: boolean;
}

export const Z = [[1.2, -0.3, 0.5], [0.1, 2.0, -1.1], [-0.7, 0.4, 0.9], [1.5, -1.2, 0.3]];
export const Z2 = [[0.9, 0.1, -0.4], [-0.2, 1.1, 0.3], [0.5, -0.6, 1.4], [0.8, 0.2, -1.0]];
export const LABELS = [0, 1, 2, 0];
export const ZB = [0.8, -1.3, 2.1, -0.4];
export const YB = [1, 0, 1, 0];
export const ZM = [[0.8, -1.3], [2.1, -0.4], [-0.6, 0.9]];
export const YM = [[1, 0], [1, 1], [0, 0]];
export const X = [0.3, -1.2, 2.5, 0.7];
export const T = [0.1, -0.2, 1.0, 2.2];
export const POS = [0.3, 1.7, 0.9, 2.4];
export const UNIT = [0.3, -0.8, 0.55, 0.1];
export const FA = [[0.5, -1.0], [1.5, 0.2], [-0.3, 0.8], [0.9, 1.1]];
export const FB = [[0.2, -0.7, 0.4], [1.1, 0.6, -0.2], [-0.5, 0.3, 0.9], [0.4, 1.3, 0.1]];
export const FC = [[0.1, -0.4], [1.2, 0.9], [-0.8, 0.3], [0.6, 1.6]];
export const P = [[0.7, 0.2, 0.1], [0.1, 0.6, 0.3], [0.25, 0.25, 0.5], [0.3, 0.3, 0.4]];
export const Q = [[0.5, 0.3, 0.2], [0.2, 0.5, 0.3], [0.1, 0.3, 0.6], [0.4, 0.4, 0.2]];
export const MASK_P = [[0.9, 0.2], [0.7, 0.6], [0.1, 0.3]];
export const COUNTS = [1000, 50, 10];

const one = (name: string, body: string, inputs: Record<string, unknown>, grads: string[], ref: string, extra: Partial<ExportCase> = {}): ExportCase => ({
  name,
  source: body,
  inputs,
  grads,
  ref: ref.trim(),
  ...extra,
});

const elementwise = (name: string, torchFn: string, xs: number[] = X): ExportCase =>
  one(name, `loss t(x: real) = sum(${name}(x) * [1.0, 2.0, 3.0, 4.0])`, { x: xs }, ['x'], `ref = torch.sum(${torchFn}(x) * torch.tensor([1.0, 2.0, 3.0, 4.0]))`);

export const BUILTIN_CASES: readonly ExportCase[] = [
  // Elementwise math
  elementwise('log', 'torch.log', POS),
  elementwise('exp', 'torch.exp'),
  elementwise('sqrt', 'torch.sqrt', POS),
  elementwise('abs', 'torch.abs'),
  one('sign', 'loss t(x: real) = sum(sign(x) * x)', { x: X }, ['x'], 'ref = torch.sum(torch.sign(x) * x)'),
  elementwise('square', 'torch.square'),
  elementwise('sigmoid', 'torch.sigmoid'),
  elementwise('log_sigmoid', 'F.logsigmoid'),
  elementwise('softplus', 'F.softplus'),
  elementwise('relu', 'torch.relu'),
  elementwise('tanh', 'torch.tanh'),
  elementwise('cos', 'torch.cos'),
  elementwise('sin', 'torch.sin'),
  elementwise('acos', 'torch.acos', UNIT),
  one('round', 'loss t(x: real) = sum(round(x * 2) * x)', { x: [0.3, -1.2, 2.5, 0.75] }, ['x'], 'ref = torch.sum(torch.tensor([1.0, -2.0, 5.0, 2.0]) * x)'),
  one('floor', 'loss t(x: real) = sum(floor(x) * x)', { x: X }, ['x'], 'ref = torch.sum(torch.tensor([0.0, -2.0, 2.0, 0.0]) * x)'),
  one('clamp', 'loss t(x: real) = sum(clamp(x, lo=-1, hi=1) * [1, 2, 3, 4]) + sum(clamp(x, lo=0.5))', { x: X }, ['x'], 'ref = torch.sum(torch.clamp(x, -1.0, 1.0) * torch.tensor([1.0, 2.0, 3.0, 4.0])) + torch.sum(torch.clamp(x, min=0.5))'),
  one('where', 'loss t(x: real, y: binary) = sum(where(y == 1, x^2, 3 * x))', { x: X, y: YB }, ['x'], 'ref = torch.sum(torch.where(y == 1, x ** 2, 3 * x))'),
  one('stopgrad', 'loss t(x: real) = sum(x * stopgrad(x))', { x: X }, ['x'], 'ref = torch.sum(x * x.detach())'),
  one('pi', 'loss t(x: real) = sum(x) * pi', { x: X }, ['x'], 'ref = torch.sum(x) * math.pi'),

  // Reductions
  one('sum', 'loss t(z: logits) = sum(sum(z, axis=1) ^ 2) + sum(z)', { z: Z }, ['z'], 'ref = torch.sum(torch.sum(z, 1) ** 2) + torch.sum(z)'),
  one('mean', 'loss t(z: logits) = mean(mean(z, axis=0) ^ 2) + sum(mean(z, axis=-1, keepdims=true) * z)', { z: Z }, ['z'], 'ref = torch.mean(torch.mean(z, 0) ** 2) + torch.sum(torch.mean(z, -1, keepdim=True) * z)'),
  one('max', 'loss t(z: logits, x: real) = sum(max(z, axis=1)) + max(z) + sum(max(x, [0.5, 0.0, 2.0, 1.0]))', { z: Z, x: X }, ['z', 'x'], 'ref = torch.sum(torch.amax(z, 1)) + torch.max(z) + torch.sum(torch.maximum(x, torch.tensor([0.5, 0.0, 2.0, 1.0])))'),
  one('min', 'loss t(z: logits, x: real) = sum(min(z, axis=0)) + min(z) + sum(min(x, 0.5))', { z: Z, x: X }, ['z', 'x'], 'ref = torch.sum(torch.amin(z, 0)) + torch.min(z) + torch.sum(torch.clamp(x, max=0.5))'),
  one('norm', 'loss t(f: features) = sum(norm(f, axis=1)) + norm(f) + norm(f, p=1)', { f: FA }, ['f'], 'ref = torch.sum(torch.linalg.vector_norm(f, dim=1)) + torch.linalg.vector_norm(f) + torch.sum(torch.abs(f))'),
  one('logsumexp', 'loss t(z: logits) = sum(logsumexp(z)) + sum(logsumexp(z, axis=0, keepdims=true) * z)', { z: Z }, ['z'], 'ref = torch.sum(torch.logsumexp(z, -1)) + torch.sum(torch.logsumexp(z, 0, keepdim=True) * z)'),

  // Tensors
  one('softmax', 'loss t(z: logits) = sum(softmax(z) * [1, 2, 3]) + sum(softmax(z, axis=0)^2)', { z: Z }, ['z'], 'ref = torch.sum(torch.softmax(z, -1) * torch.tensor([1.0, 2.0, 3.0])) + torch.sum(torch.softmax(z, 0) ** 2)'),
  one('log_softmax', 'loss t(z: logits) = sum(log_softmax(z) * [1, 2, 3])', { z: Z }, ['z'], 'ref = torch.sum(torch.log_softmax(z, -1) * torch.tensor([1.0, 2.0, 3.0]))'),
  one('onehot', 'loss t(z: logits, y: labels) = -mean(sum(onehot(y, 3) * log_softmax(z), axis=-1))', { z: Z, y: LABELS }, ['z'], 'ref = F.cross_entropy(z, y.long())'),
  one('gather', 'loss t(z: logits, y: labels) = sum(gather(z, y) * [1, 2, 3, 4])', { z: Z, y: LABELS }, ['z'], 'ref = torch.sum(z[torch.arange(4), y.long()] * torch.tensor([1.0, 2.0, 3.0, 4.0]))'),
  one('matmul', 'loss t(a: features, b: features) = sum(matmul(a, transpose(b)) ^ 2)', { a: FA, b: FC }, ['a', 'b'], 'ref = torch.sum((a @ b.t()) ** 2)'),
  one('transpose', 'loss t(a: features) = sum(transpose(a) * [[1, 2, 3, 4], [5, 6, 7, 8]])', { a: FA }, ['a'], 'ref = torch.sum(a.t() * torch.tensor([[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0]]))'),
  one('concat', 'loss t(a: features, b: features) = sum(concat(a, b) * [1, 2, 3, 4, 5]) + sum(concat(a, -a, axis=0)^2)', { a: FA, b: FB }, ['a', 'b'], 'ref = torch.sum(torch.cat([a, b], -1) * torch.tensor([1.0, 2.0, 3.0, 4.0, 5.0])) + torch.sum(torch.cat([a, -a], 0) ** 2)'),

  // Autodiff
  one('grad', 'loss t(x: real) = mean(grad(sum(x^3), x)^2)', { x: X }, ['x'], 'ref = torch.mean((3 * x ** 2) ** 2)'),

  // Schedules
  one('ramp', 'loss t(x: real) = ramp(1, 3, start=0.2, end=0.6) * sum(x)', { x: X }, ['x'], 'ref = (1 + 2 * (progress - 0.2) / 0.4) * torch.sum(x)', { context: { progress: 0.45 } }),
  one('cosine', 'loss t(x: real) = cosine(2, 0.5) * sum(x)', { x: X }, ['x'], 'ref = (0.5 + 1.5 * (1 + math.cos(math.pi * progress)) / 2) * torch.sum(x)', { context: { progress: 0.3 } }),
  one('warmup', 'loss t(x: real) = warmup(2, until=0.4) * sum(x)', { x: X }, ['x'], 'ref = 2 * min(1.0, progress / 0.4) * torch.sum(x)', { context: { progress: 0.1 } }),

  // 1. Dynamic weighting
  one('focal', 'loss t(z: logits, y: binary) = focal(z, y)', { z: ZB, y: YB }, ['z'], `
p = torch.sigmoid(z)
ce = F.binary_cross_entropy_with_logits(z, y, reduction="none")
p_t = p * y + (1 - p) * (1 - y)
a_t = 0.25 * y + 0.75 * (1 - y)
ref = torch.mean(a_t * ce * (1 - p_t) ** 2)`),
  one('focal_softmax', 'loss t(z: logits, y: labels) = focal(z, y, gamma=1.5, alpha=[0.2, 0.3, 0.5])', { z: Z, y: LABELS }, ['z'], `
logp = torch.log_softmax(z, -1)[torch.arange(4), y.long()]
a = torch.tensor([0.2, 0.3, 0.5])[y.long()]
ref = torch.mean(-a * (1 - torch.exp(logp)) ** 1.5 * logp)`),
  one('dice', 'loss t(p: probs, y: multilabel) = dice(p, y)', { p: MASK_P, y: YM }, ['p'], `
tp = (p * y).sum(0)
ref = torch.mean(1 - (2 * tp + 1) / (p.sum(0) + y.sum(0) + 1))`),
  one('dice_binary', 'loss t(p: probs, y: binary) = dice(p, y, smooth=0.5)', { p: [0.9, 0.2, 0.7, 0.4], y: YB }, ['p'], 'ref = 1 - (2 * torch.sum(p * y) + 0.5) / (torch.sum(p) + torch.sum(y) + 0.5)'),
  one('tversky', 'loss t(p: probs, y: multilabel) = tversky(p, y, alpha=0.3, beta=0.7)', { p: MASK_P, y: YM }, ['p'], `
tp = (p * y).sum(0); fp = (p * (1 - y)).sum(0); fn = ((1 - p) * y).sum(0)
ref = torch.mean(1 - (tp + 1) / (tp + 0.3 * fp + 0.7 * fn + 1))`),
  one('focal_tversky', 'loss t(p: probs, y: binary) = focal_tversky(p, y)', { p: [0.9, 0.2, 0.7, 0.4], y: YB }, ['p'], `
tp = (p * y).sum(); fp = (p * (1 - y)).sum(); fn = ((1 - p) * y).sum()
ref = (1 - (tp + 1) / (tp + 0.7 * fp + 0.3 * fn + 1)) ** 0.75`),
  one('gradnorm', 'loss t(z: logits, y: binary, x: target, u: target) = gradnorm(bce(z, y), mse(x, u))', { z: ZB, y: YB, x: X, u: T }, ['z', 'x'], 'ref = F.binary_cross_entropy_with_logits(z, y) + F.mse_loss(x, u)'),

  // 2. Multi-task
  one('uncertainty', 'loss t(z: logits, y: binary, x: target, u: target) = uncertainty(bce(z, y), mse(x, u))', { z: ZB, y: YB, x: X, u: T }, ['z', 'x'], 'ref = F.binary_cross_entropy_with_logits(z, y) + F.mse_loss(x, u)'),
  one('dwa', 'loss t(z: logits, y: binary, x: target, u: target) = dwa(bce(z, y), mse(x, u), T=3)', { z: ZB, y: YB, x: X, u: T }, ['z', 'x'], 'ref = F.binary_cross_entropy_with_logits(z, y) + F.mse_loss(x, u)'),
  one('pcgrad', 'loss t(z: logits, y: binary, x: target, u: target) = pcgrad(bce(z, y), mse(x, u))', { z: ZB, y: YB, x: X, u: T }, ['z', 'x'], 'ref = F.binary_cross_entropy_with_logits(z, y) + F.mse_loss(x, u)'),
  one('mgda', 'loss t(z: logits, y: binary, x: target, u: target) = mgda(bce(z, y), mse(x, u))', { z: ZB, y: YB, x: X, u: T }, ['z', 'x'], 'ref = 0.5 * (F.binary_cross_entropy_with_logits(z, y) + F.mse_loss(x, u))'),

  // 3. Adversarial
  ...(['ns', 'minimax', 'hinge', 'wgan', 'ls'] as const).map((kind) =>
    one(`gan_g_${kind}`, `loss t(fake: critic) = gan_g(fake, kind="${kind}")`, { fake: ZB }, ['fake'], {
      ns: 'ref = torch.mean(-F.logsigmoid(fake))',
      minimax: 'ref = torch.mean(torch.log(1 - torch.sigmoid(fake)))',
      hinge: 'ref = -torch.mean(fake)',
      wgan: 'ref = -torch.mean(fake)',
      ls: 'ref = 0.5 * torch.mean((fake - 1) ** 2)',
    }[kind]),
  ),
  ...(['ns', 'minimax', 'hinge', 'wgan', 'ls'] as const).map((kind) =>
    one(`gan_d_${kind}`, `loss t(real: critic, fake: critic) = gan_d(real, fake, kind="${kind}")`, { real: X, fake: ZB }, ['real', 'fake'], {
      ns: 'ref = F.binary_cross_entropy_with_logits(real, torch.ones(4)) + F.binary_cross_entropy_with_logits(fake, torch.zeros(4))',
      minimax: 'ref = F.binary_cross_entropy_with_logits(real, torch.ones(4)) + F.binary_cross_entropy_with_logits(fake, torch.zeros(4))',
      hinge: 'ref = torch.mean(torch.relu(1 - real)) + torch.mean(torch.relu(1 + fake))',
      wgan: 'ref = torch.mean(fake) - torch.mean(real)',
      ls: 'ref = 0.5 * torch.mean((real - 1) ** 2) + 0.5 * torch.mean(fake ** 2)',
    }[kind]),
  ),
  one('ragan_g', 'loss t(real: critic, fake: critic) = ragan_g(real, fake)', { real: X, fake: ZB }, ['real', 'fake'], `
bce = F.binary_cross_entropy_with_logits
ref = 0.5 * (bce(real - fake.mean(), torch.zeros(4)) + bce(fake - real.mean(), torch.ones(4)))`),
  one('ragan_d', 'loss t(real: critic, fake: critic) = ragan_d(real, fake)', { real: X, fake: ZB }, ['real', 'fake'], `
bce = F.binary_cross_entropy_with_logits
ref = 0.5 * (bce(real - fake.mean(), torch.ones(4)) + bce(fake - real.mean(), torch.zeros(4)))`),
  one('rsgan_d', 'loss t(real: critic, fake: critic) = rsgan_d(real, fake)', { real: X, fake: ZB }, ['real', 'fake'], 'ref = F.binary_cross_entropy_with_logits(real - fake, torch.ones(4))'),
  one('rsgan_g', 'loss t(real: critic, fake: critic) = rsgan_g(real, fake)', { real: X, fake: ZB }, ['real', 'fake'], 'ref = F.binary_cross_entropy_with_logits(fake - real, torch.ones(4))'),

  // 4. Imbalance
  one('ce', 'loss t(z: logits, y: labels) = ce(z, y)', { z: Z, y: LABELS }, ['z'], 'ref = F.cross_entropy(z, y.long())'),
  one('ce_weighted_smoothed', 'loss t(z: logits, y: labels) = ce(z, y, weight=[0.2, 1.0, 3.0], label_smoothing=0.1)', { z: Z, y: LABELS }, ['z'], 'ref = F.cross_entropy(z, y.long(), weight=torch.tensor([0.2, 1.0, 3.0]), label_smoothing=0.1)'),
  one('ce_soft', 'loss t(z: logits, q: probs) = ce(z, q, label_smoothing=0.2)', { z: Z, q: Q }, ['z', 'q'], 'ref = F.cross_entropy(z, q, label_smoothing=0.2)'),
  one('nll', 'loss t(z: logits, y: labels) = nll(log_softmax(z), y)', { z: Z, y: LABELS }, ['z'], 'ref = F.nll_loss(torch.log_softmax(z, -1), y.long())'),
  one('cb_weights', 'loss t(z: logits, y: labels) = ce(z, y, weight=cb_weights(class_counts, beta=0.99))', { z: Z, y: LABELS }, ['z'], `
n = torch.tensor(class_counts, dtype=torch.float64)
w = (1 - 0.99) / (1 - 0.99 ** n); w = w / w.sum() * 3
ref = F.cross_entropy(z, y.long(), weight=w)`, { context: { class_counts: COUNTS } }),
  one('inv_freq', 'loss t(z: logits, y: labels) = ce(z, y, weight=inv_freq(class_counts))', { z: Z, y: LABELS }, ['z'], `
n = torch.tensor(class_counts, dtype=torch.float64)
ref = F.cross_entropy(z, y.long(), weight=n.sum() / (3 * n))`, { context: { class_counts: COUNTS } }),
  one('center', 'loss t(f: features, y: labels) = center(f, y)', { f: FA, y: LABELS }, ['f'], 'ref = torch.mean(0.5 * torch.sum(f ** 2, -1))'),

  // 5. Regularisation
  one('l1', 'loss t(w: real) = l1(w)', { w: X }, ['w'], 'ref = torch.sum(torch.abs(w))'),
  one('l2', 'loss t(w: real) = l2(w)', { w: X }, ['w'], 'ref = torch.sum(w ** 2)'),
  one('l2_weights', 'loss t(z: logits, y: labels) = ce(z, y) + 0.01 * l2(weights)', { z: Z, y: LABELS }, ['z'], 'ref = F.cross_entropy(z, y.long()) + 0.01 * torch.sum(torch.tensor(weights) ** 2)', { context: { weights: [[1.0, -2.0], [0.5, 0.25]] } }),

  // 6. Adaptive margins
  one('hinge', 'loss t(z: logits, y: binary) = hinge(z, y)', { z: ZB, y: YB }, ['z'], 'ref = torch.mean(torch.relu(1 - (2 * y - 1) * z))'),
  one('hinge_signs', 'loss t(z: logits, y: signs) = hinge(z, y, margin=2)', { z: ZB, y: [1, -1, 1, -1] }, ['z'], 'ref = torch.mean(torch.relu(2 - y * z))'),
  one('squared_hinge', 'loss t(z: logits, y: binary) = squared_hinge(z, y, margin=1.5)', { z: ZB, y: YB }, ['z'], 'ref = torch.mean(torch.relu(1.5 - (2 * y - 1) * z) ** 2)'),
  one('asl', 'loss t(z: logits, y: multilabel) = asl(z, y, gamma_pos=1)', { z: ZM, y: YM }, ['z'], `
xs_pos = torch.sigmoid(z)
xs_neg = (1 - xs_pos + 0.05).clamp(max=1)
los = y * torch.log(xs_pos) + (1 - y) * torch.log(xs_neg)
pt = xs_pos * y + xs_neg * (1 - y)
ref = -torch.mean(los * torch.pow(1 - pt, 1 * y + 4 * (1 - y)))`),
  one('ldam', 'loss t(z: logits, y: labels) = ldam(z, y, class_counts, s=2)', { z: Z, y: LABELS }, ['z'], `
m = 1.0 / torch.tensor(class_counts, dtype=torch.float64) ** 0.25
m = m * (0.5 / m.max())
out = z - m[y.long()].unsqueeze(1) * F.one_hot(y.long(), 3)
ref = F.cross_entropy(2 * out, y.long())`, { context: { class_counts: COUNTS } }),

  // 7. Distillation
  one('kl', 'loss t(p: probs, q: probs) = kl(p, q)', { p: [[0.7, 0.3, 0.0], [0.1, 0.6, 0.3]], q: [[0.5, 0.3, 0.2], [0.2, 0.5, 0.3]] }, ['p', 'q'], `
ps = torch.where(p > 0, p, torch.ones_like(p))
ref = torch.sum(torch.where(p > 0, p * (torch.log(ps) - torch.log(q)), torch.zeros_like(p))) / 2`),
  one('kl_batchmean', 'loss t(p: probs, q: probs) = kl(p, q)', { p: P, q: Q }, ['p', 'q'], 'ref = F.kl_div(torch.log(q), p, reduction="batchmean")'),
  one('js', 'loss t(p: probs, q: probs) = js(p, q)', { p: P, q: Q }, ['p', 'q'], `
m = (p + q) / 2
ref = 0.5 * F.kl_div(torch.log(m), p, reduction="batchmean") + 0.5 * F.kl_div(torch.log(m), q, reduction="batchmean")`),
  one('kd', 'loss t(s: logits, u: teacher) = kd(s, u)', { s: Z, u: Z2 }, ['s', 'u'], 'ref = 16 * F.kl_div(torch.log_softmax(s / 4, -1), torch.softmax(u / 4, -1), reduction="batchmean")'),
  one('hint', 'loss t(a: features, b: features) = hint(a, b)', { a: FA, b: FC }, ['a', 'b'], 'ref = F.mse_loss(a, b)'),
  one('rkd_distance', 'loss t(a: features, b: features) = rkd_distance(a, b)', { a: FA, b: FB }, ['a', 'b'], `
def pdist(e):
    sq = e.pow(2).sum(1)
    prod = e @ e.t()
    res = (sq.unsqueeze(1) + sq.unsqueeze(0) - 2 * prod).clamp(min=1e-12).sqrt().clone()
    res[range(len(e)), range(len(e))] = 0
    return res
ds = pdist(a); ds = ds / ds[ds > 0].mean()
dt = pdist(b); dt = dt / dt[dt > 0].mean()
ref = F.smooth_l1_loss(ds, dt)`),
  one('rkd_angle', 'loss t(a: features, b: features) = rkd_angle(a, b)', { a: FA, b: FB }, ['a', 'b'], `
def angles(e):
    d = F.normalize(e.unsqueeze(0) - e.unsqueeze(1), p=2, dim=2)
    return torch.bmm(d, d.transpose(1, 2)).view(-1)
ref = F.smooth_l1_loss(angles(a), angles(b))`),

  // 8. Quantisation
  one('fakequant', 'loss t(x: real) = sum(fakequant(x, bits=4, scale=0.25) * [1, 2, 3, 4])', { x: [0.3, -1.2, 2.61, 0.7] }, ['x'], `
q = torch.fake_quantize_per_tensor_affine(x, 0.25, 0, -8, 7)
ref = torch.sum(q * torch.tensor([1.0, 2.0, 3.0, 4.0]))`),
  one('fakequant_dynamic', 'loss t(x: real) = sum(fakequant(x, bits=4) * [1, 2, 3, 4])', { x: [0.3, -1.2, 2.1, 0.7] }, ['x'], `
q = torch.fake_quantize_per_tensor_affine(x, float(x.detach().abs().max() / 7), 0, -8, 7)
ref = torch.sum(q * torch.tensor([1.0, 2.0, 3.0, 4.0]))`),
  one('fakequant_zeros', 'loss t(x: real) = sum(fakequant(x) * [1, 2, 3, 4]) + sum(x)', { x: [0, 0, 0, 0] }, ['x'], 'ref = torch.sum(x * torch.tensor([1.0, 2.0, 3.0, 4.0])) + torch.sum(x)'),
  one('quant_noise', 'loss t(x: real) = sum(quant_noise(x, bits=4) * [1, 2, 3, 4])', { x: [0.3, -1.2, 2.1, 0.7] }, ['x'], `
q = torch.fake_quantize_per_tensor_affine(x, float(x.detach().abs().max() / 7), 0, -8, 7)
ref = torch.sum(q * torch.tensor([1.0, 2.0, 3.0, 4.0]))`, { evalMode: true }),

  // Base losses
  one('bce', 'loss t(z: logits, y: binary) = bce(z, y)', { z: ZM, y: YM }, ['z'], 'ref = F.binary_cross_entropy_with_logits(z, y)'),
  one('mse', 'loss t(x: target, u: target) = mse(x, u)', { x: X, u: T }, ['x', 'u'], 'ref = F.mse_loss(x, u)'),
  one('mae', 'loss t(x: target, u: target) = mae(x, u)', { x: X, u: T }, ['x', 'u'], 'ref = F.l1_loss(x, u)'),
  one('huber', 'loss t(x: target, u: target) = huber(x, u, delta=0.5)', { x: X, u: T }, ['x', 'u'], 'ref = F.huber_loss(x, u, delta=0.5)'),
  one('smooth_l1', 'loss t(x: target, u: target) = smooth_l1(x, u, beta=0.5)', { x: X, u: T }, ['x', 'u'], 'ref = F.smooth_l1_loss(x, u, beta=0.5)'),
  one('log_cosh', 'loss t(x: target, u: target) = log_cosh(x, u)', { x: X, u: T }, ['x', 'u'], 'ref = torch.mean(torch.log(torch.cosh(x - u)))'),
  one('quantile', 'loss t(x: target, u: target) = quantile(x, u, q=0.9)', { x: X, u: T }, ['x', 'u'], 'r = u - x\nref = torch.mean(torch.maximum(0.9 * r, -0.1 * r))'),
  one('contrastive', 'loss t(d: real, y: binary) = contrastive(d, y, margin=2)', { d: POS, y: YB }, ['d'], 'ref = torch.mean(y * d ** 2 + (1 - y) * torch.relu(2 - d) ** 2)'),
  one('triplet', 'loss t(a: features, p: features, n: features) = triplet(a, p, n, margin=2)', { a: FA, p: FC, n: [[0.4, -0.2], [0.3, 0.1], [0.2, 0.9], [1.4, 1.0]] }, ['a', 'p', 'n'], 'ref = F.triplet_margin_loss(a, p, n, margin=2.0)'),
  one('infonce', 'loss t(q: features, k: features) = infonce(q, k, tau=0.5)', { q: FA, k: FC }, ['q', 'k'], `
logits = F.normalize(q, dim=-1) @ F.normalize(k, dim=-1).t() / 0.5
ref = F.cross_entropy(logits, torch.arange(4))`),
];

/** Logits of ±30: the stable forms must keep values and gradients finite and exact (rtol 1e-3 against eval). */
export const ZX = [30, -30, 25, -28];
export const YX = [0, 1, 1, 0];
export const ZXC = [[30, -30, 0.5], [-30, 30, 2.0], [28, -25, -30], [1.0, 30, -30]];

export const EXTREME_CASES: readonly ExportCase[] = [
  one('focal_extreme_gamma_half', 'loss t(z: logits, y: binary) = focal(z, y, gamma=0.5)', { z: ZX, y: YX }, ['z'], `
ce = F.binary_cross_entropy_with_logits(z, y, reduction="none")
one_minus_pt = torch.sigmoid(-(2 * y - 1) * z)
a_t = 0.25 * y + 0.75 * (1 - y)
ref = torch.mean(a_t * ce * one_minus_pt ** 0.5)`),
  one('focal_softmax_extreme', 'loss t(z: logits, y: labels) = focal(z, y, gamma=0.5, alpha=-1)', { z: ZXC, y: [0, 0, 2, 1] }, ['z'], `
logp = torch.log_softmax(z, -1)
lp = logp[torch.arange(4), y.long()]
others = torch.stack([torch.logsumexp(torch.cat([z[i, :int(y[i])], z[i, int(y[i]) + 1:]]), 0) for i in range(4)])
ref = torch.mean(-torch.exp(0.5 * (others - torch.logsumexp(z, -1))) * lp)`),
  one('bce_extreme', 'loss t(z: logits, y: binary) = bce(z, y)', { z: ZX, y: YX }, ['z'], 'ref = torch.mean(torch.relu(z) - z * y + torch.log1p(torch.exp(-torch.abs(z))))'),
  one('ce_extreme', 'loss t(z: logits, y: labels) = ce(z, y, label_smoothing=0.1)', { z: ZXC, y: [1, 0, 2, 1] }, ['z'], 'ref = F.cross_entropy(z, y.long(), label_smoothing=0.1)'),
  one('log_sigmoid_extreme', 'loss t(x: real) = sum(log_sigmoid(x) * [1, 2, 3, 4]) + sum(softplus(x))', { x: ZX }, ['x'], 'ref = torch.sum(-torch.logaddexp(torch.zeros(4), -x) * torch.tensor([1.0, 2.0, 3.0, 4.0])) + torch.sum(torch.logaddexp(torch.zeros(4), x))'),
  one('asl_extreme', 'loss t(z: logits, y: multilabel) = asl(z, y, gamma_pos=1, clip=0)', { z: [[30, -30], [-28, 25]], y: [[0, 1], [1, 0]] }, ['z'], `
lp = -torch.logaddexp(torch.zeros(2, 2), -z)
ln = -torch.logaddexp(torch.zeros(2, 2), z)
ref = -torch.mean(y * torch.sigmoid(-z) * lp + (1 - y) * torch.sigmoid(z) ** 4 * ln)`),
  one('gan_g_minimax_extreme', 'loss t(fake: critic) = gan_g(fake, kind="minimax")', { fake: ZX }, ['fake'], 'ref = -torch.mean(torch.logaddexp(torch.zeros(4), fake))'),
  one('kd_extreme', 'loss t(s: logits, u: teacher) = kd(s, u, T=1)', { s: ZXC, u: [[-30, 30, 0.0], [30, -30, 1.0], [0.0, 0.0, 30], [30, 1.0, -30]] }, ['s', 'u'], 'ref = F.kl_div(torch.log_softmax(s, -1), torch.log_softmax(u, -1), reduction="batchmean", log_target=True)'),
];

/** Whole-module features: learn values, nested losses with overrides and context, vector hyperparameters. */
export const MODULE_CASES: readonly ExportCase[] = [
  {
    name: 'learn receives a gradient',
    source: 'loss t(z: logits, y: binary, x: target, u: target) {\n  learn s1 = 0.3\n  learn s2 = -0.2\n  return exp(-s1) * bce(z, y) + s1 + exp(-s2) * mse(x, u) + s2\n}',
    inputs: { z: ZB, y: YB, x: X, u: T },
    grads: ['z', 's1', 's2'],
    learn: { s1: 0.7 },
    ref: `s1 = torch.tensor(0.7, requires_grad=True)
s2 = torch.tensor(-0.2, requires_grad=True)
ref = torch.exp(-s1) * F.binary_cross_entropy_with_logits(z, y) + s1 + torch.exp(-s2) * F.mse_loss(x, u) + s2`,
  },
  {
    name: 'nested losses, overrides, schedules and context',
    source: `## Sigmoid focal loss written out.
loss focal_bin(z: logits, y: binary, gamma = 2.0 in [0, 5], alpha = 0.25 in [0, 1]) {
  let p  = sigmoid(z)
  let pt = y * p + (1 - y) * (1 - p)
  let at = y * alpha + (1 - y) * (1 - alpha)
  return mean(-at * (1 - pt)^gamma * log(pt))
}
loss t(z: logits, y: binary, w = 0.7) {
  learn s = 0.5
  return w * focal_bin(z, y, gamma=ramp(0, 2)) + (1 - w) * dice(sigmoid(z), y) + exp(-s) * bce(z, y) + s
}`,
    inputs: { z: ZB, y: YB },
    grads: ['z', 's'],
    params: { w: 0.6 },
    context: { progress: 0.25 },
    ref: `s = torch.tensor(0.5, requires_grad=True)
p = torch.sigmoid(z)
pt = y * p + (1 - y) * (1 - p)
at = y * 0.25 + (1 - y) * 0.75
focal = torch.mean(-at * (1 - pt) ** (2 * progress) * torch.log(pt))
dice = 1 - (2 * torch.sum(p * y) + 1) / (torch.sum(p) + torch.sum(y) + 1)
ref = 0.6 * focal + 0.4 * dice + torch.exp(-s) * F.binary_cross_entropy_with_logits(z, y) + s`,
  },
  {
    name: 'vector hyperparameter, keyword names, comparisons',
    source: 'loss t(z: logits, y: labels, lambda = 0.5, w = [0.2, 1.0, 3.0]) = ce(z, y, weight=w) + lambda * mean(max(z, axis=-1) > 1)',
    inputs: { z: Z, y: LABELS },
    grads: ['z'],
    ref: 'ref = F.cross_entropy(z, y.long(), weight=torch.tensor([0.2, 1.0, 3.0])) + 0.5 * torch.mean((torch.amax(z, -1) > 1).double())',
  },
  {
    name: 'context values num_classes and step',
    source: 'loss t(z: logits, y: labels) = mean(sum(-onehot(y, num_classes) * log_softmax(z), axis=-1)) * min(1, step / 10)',
    inputs: { z: Z, y: LABELS },
    grads: ['z'],
    context: { num_classes: 3, step: 4 },
    ref: 'ref = F.cross_entropy(z, y.long()) * 0.4',
  },
];

