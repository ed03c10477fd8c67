"""The builtins of the .loss language in float64 PyTorch, for reference values.

Each function follows the convention written in the builtin's record (server/src/core/builtins/) and,
wherever PyTorch or a reference implementation has the function, calls it (F.cross_entropy,
torchvision's focal-loss formula, F.kl_div, F.triplet_margin_loss, torch.fake_quantize_...). Input
tensors carry their declared role in the attribute `role` (the language dispatches on it: focal's
sigmoid or softmax form, Dice pooled or per class, hinge's label mapping).
"""

import math

import torch
import torch.nn.functional as F

D = torch.float64


def T(x):
    """A float64 tensor from a tensor, a number or a (nested) list."""
    if isinstance(x, torch.Tensor):
        return x
    return torch.tensor(x, dtype=D)


def role(x):
    return getattr(x, "role", None)


class Context:
    def __init__(self, values=None):
        v = values or {}
        self.progress = float(v.get("progress", 0.0))
        self.step = float(v.get("step", 0.0))
        self.num_classes = v.get("num_classes")
        self.class_counts = T(v["class_counts"]) if "class_counts" in v else None
        self.weights = T(v["weights"]) if "weights" in v else None


def env(ctx):
    """Name → value for evaluating an expression of the language with Python's eval."""

    def red(fn, x, axis, keepdims):
        x = T(x)
        return fn(x) if axis is None else fn(x, dim=int(axis), keepdim=bool(keepdims))

    def _max(a, b=None, axis=None, keepdims=False):
        if b is not None:
            return torch.maximum(T(a), T(b))
        return red(torch.amax, a, axis, keepdims)

    def _min(a, b=None, axis=None, keepdims=False):
        if b is not None:
            return torch.minimum(T(a), T(b))
        return red(torch.amin, a, axis, keepdims)

    def _sum(x, axis=None, keepdims=False):
        return red(torch.sum, x, axis, keepdims)

    def _mean(x, axis=None, keepdims=False):
        return red(torch.mean, x, axis, keepdims)

    def norm(x, p=2, axis=None, keepdims=False):
        x = T(x)
        if axis is None:
            return torch.linalg.vector_norm(x, ord=p)
        return torch.linalg.vector_norm(x, ord=p, dim=int(axis), keepdim=bool(keepdims))

    def clamp(x, lo=None, hi=None):
        return torch.clamp(T(x), min=None if lo is None else T(lo), max=None if hi is None else T(hi))

    def where(cond, a, b):
        return torch.where(T(cond) != 0, T(a), T(b))

    def grad(f, x):
        return torch.autograd.grad(f, x, create_graph=True)[0]

    def ramp(frm, to, start=0.0, end=1.0):
        t = ctx.progress
        f = (1.0 if t >= start else 0.0) if end == start else min(1.0, max(0.0, (t - start) / (end - start)))
        return T(frm + (to - frm) * f)

    def cosine(frm, to):
        return T(to + (frm - to) * (1 + math.cos(math.pi * ctx.progress)) / 2)

    def warmup(value, until=0.1):
        return T(value if until <= 0 else value * min(1.0, ctx.progress / until))

    e = {
        "log": torch.log, "exp": torch.exp, "sqrt": torch.sqrt, "abs": torch.abs, "sign": torch.sign,
        "square": torch.square, "sigmoid": torch.sigmoid, "log_sigmoid": F.logsigmoid,
        "softplus": lambda x: F.softplus(x, threshold=1000.0), "relu": torch.relu, "tanh": torch.tanh,
        "cos": torch.cos, "sin": torch.sin, "acos": torch.acos, "round": torch.round, "floor": torch.floor,
        "pi": math.pi, "true": True, "false": False,
        "clamp": clamp, "where": where, "stopgrad": lambda x: x.detach(),
        "sum": _sum, "mean": _mean, "max": _max, "min": _min, "norm": norm,
        "logsumexp": lambda x, axis=-1, keepdims=False: torch.logsumexp(x, dim=int(axis), keepdim=bool(keepdims)),
        "softmax": lambda z, axis=-1: torch.softmax(z, dim=int(axis)),
        "log_softmax": lambda z, axis=-1: torch.log_softmax(z, dim=int(axis)),
        "onehot": lambda y, C: F.one_hot(y.long(), int(C)).to(D),
        "gather": lambda z, y: z.gather(-1, y.long().unsqueeze(-1)).squeeze(-1),
        "matmul": torch.matmul,
        "transpose": lambda x, a=-2, b=-1: x.transpose(a, b) if x.dim() >= 2 else x,
        "concat": lambda a, b, axis=-1: torch.cat([a, b], dim=int(axis)),
        "grad": grad, "ramp": ramp, "cosine": cosine, "warmup": warmup,
        "progress": T(ctx.progress), "step": T(ctx.step),
    }
    if ctx.num_classes is not None:
        e["num_classes"] = T(float(ctx.num_classes))
    if ctx.class_counts is not None:
        e["class_counts"] = ctx.class_counts
    if ctx.weights is not None:
        e["weights"] = ctx.weights
    e.update(losses(ctx))
    return e


# ---------------------------------------------------------------------------------------------------
# Losses, family by family


def sigmoid_focal_torchvision(z, y, gamma, alpha):
    """torchvision.ops.sigmoid_focal_loss, reduction='mean' (copied formula)."""
    p = torch.sigmoid(z)
    ce = F.binary_cross_entropy_with_logits(z, y, reduction="none")
    p_t = p * y + (1 - p) * (1 - y)
    loss = ce * ((1 - p_t) ** gamma)
    if alpha >= 0:
        loss = (alpha * y + (1 - alpha) * (1 - y)) * loss
    return loss.mean()


def sigmoid_focal_logspace(z, y, gamma, alpha):
    """The same loss with (1 - p_t)^γ = exp(γ·logσ(−s·z)): exact where float64's 1 − p_t rounds to 0."""
    ce = F.binary_cross_entropy_with_logits(z, y, reduction="none")
    s = 2 * y - 1
    loss = ce * torch.exp(gamma * F.logsigmoid(-s * z))
    if alpha >= 0:
        loss = (alpha * y + (1 - alpha) * (1 - y)) * loss
    return loss.mean()


def softmax_focal(z, y, gamma, alpha):
    logp = torch.log_softmax(z, dim=-1)
    logp_y = logp.gather(-1, y.long().unsqueeze(-1)).squeeze(-1)
    loss = -((1 - logp_y.exp()) ** gamma) * logp_y
    a = T(alpha)
    if a.dim() == 0:
        if float(a) >= 0:
            loss = a * loss
    else:
        loss = a[y.long()] * loss
    return loss.mean()


def overlap_sums(p, y):
    per_class = role(y) in ("onehot", "multilabel")
    dims = tuple(range(p.dim() - 1)) if per_class else tuple(range(p.dim()))
    tp = (p * y).sum(dim=dims)
    fp = (p * (1 - y)).sum(dim=dims)
    fn = ((1 - p) * y).sum(dim=dims)
    return tp, fp, fn


def tversky_index(p, y, alpha, beta, smooth):
    tp, fp, fn = overlap_sums(p, y)
    return (tp + smooth) / (tp + alpha * fp + beta * fn + smooth)


def signs_of(y):
    r = role(y)
    if r == "signs":
        return y
    if r in ("binary", "multilabel"):
        return 2 * y - 1
    v = set(y.flatten().tolist())
    return 2 * y - 1 if v <= {0.0, 1.0} else y


def asl_official(z, y, gamma_neg=4, gamma_pos=0, clip=0.05):
    """Alibaba-MIIL AsymmetricLoss in log-sigmoid form (no 1e-8 clamp), mean over elements."""
    xs_pos = torch.sigmoid(z)
    xs_neg = 1 - xs_pos
    if clip > 0:
        xs_neg = (xs_neg + clip).clamp(max=1)
        los_neg = (1 - y) * torch.log(xs_neg)
    else:
        los_neg = (1 - y) * F.logsigmoid(-z)
    los_pos = y * F.logsigmoid(z)
    loss = los_pos + los_neg
    pt = xs_pos * y + xs_neg * (1 - y)
    w = torch.pow(1 - pt, gamma_pos * y + gamma_neg * (1 - y))
    return -(loss * w).mean()


def ldam_official(z, y, counts, max_margin=0.5, s=30):
    """kaidic/LDAM-DRW LDAMLoss."""
    m = 1.0 / torch.sqrt(torch.sqrt(T(counts)))
    m = m * (max_margin / m.max())
    index = F.one_hot(y.long(), z.shape[-1]).bool()
    x_m = z - m[y.long()].unsqueeze(-1)
    out = torch.where(index, x_m, z)
    return F.cross_entropy(s * out, y.long())


def pdist_lenscloth(e, eps=1e-12):
    """lenscloth/RKD metric/utils.py pdist (squared=False)."""
    e_square = e.pow(2).sum(dim=1)
    prod = e @ e.t()
    res = (e_square.unsqueeze(1) + e_square.unsqueeze(0) - 2 * prod).clamp(min=eps).sqrt()
    mask = 1 - torch.eye(len(e), dtype=D)
    return res * mask


def rkd_distance_lenscloth(fs, ft):
    t_d = pdist_lenscloth(ft)
    t_d = t_d / t_d[t_d > 0].mean()
    d = pdist_lenscloth(fs)
    d = d / d[d > 0].mean()
    return F.smooth_l1_loss(d, t_d)


def rkd_angle_lenscloth(fs, ft):
    """lenscloth RKdAngle. F.normalize of the zero diagonal differences multiplies their gradient by
    1/eps = 1e12, which cancels only up to rounding; masking the diagonal keeps the value and makes the
    gradient exact."""
    mask = (1 - torch.eye(len(fs), dtype=D)).unsqueeze(-1)

    def angles(e):
        d = e.unsqueeze(0) - e.unsqueeze(1)
        n = F.normalize(d, p=2, dim=2) * mask
        return torch.bmm(n, n.transpose(1, 2)).view(-1)

    return F.smooth_l1_loss(angles(fs), angles(ft))


def fake_quant(x, bits=8, scale=None):
    qmax = 2 ** (int(bits) - 1) - 1
    qmin = -(2 ** (int(bits) - 1))
    if scale is None:
        s = float(x.detach().abs().max()) / qmax
        if s == 0:
            return x * 0
        return torch.fake_quantize_per_tensor_affine(x, s, 0, qmin, qmax)
    if isinstance(scale, torch.Tensor) and scale.requires_grad:
        return torch._fake_quantize_learnable_per_tensor_affine(x, scale.reshape(1), torch.zeros(1, dtype=D), qmin, qmax, 1.0)
    return torch.fake_quantize_per_tensor_affine(x, float(scale), 0, qmin, qmax)


def losses(ctx):
    def focal(z, y, gamma=2.0, alpha=0.25):
        if role(y) == "labels":
            return softmax_focal(z, y, gamma, alpha)
        return sigmoid_focal_torchvision(z, y, gamma, alpha)

    def combine(weights, ls):
        return sum(w * l for w, l in zip(weights, ls))

    def uncertainty(*ls):
        s = [torch.zeros((), dtype=D) for _ in ls]
        return sum(torch.exp(-si) * l + si for si, l in zip(s, ls))

    def dice(p, y, smooth=1.0):
        tp, fp, fn = overlap_sums(p, y)
        return (1 - (2 * tp + smooth) / (2 * tp + fp + fn + smooth)).mean()

    def tversky(p, y, alpha=0.5, beta=0.5, smooth=1.0):
        return (1 - tversky_index(p, y, alpha, beta, smooth)).mean()

    def focal_tversky(p, y, alpha=0.7, beta=0.3, gamma=0.75, smooth=1.0):
        return ((1 - tversky_index(p, y, alpha, beta, smooth)) ** gamma).mean()

    def gan_g(fake, kind="ns"):
        return {
            "ns": lambda: F.softplus(-fake).mean(),
            "minimax": lambda: -F.softplus(fake).mean(),
            "hinge": lambda: -fake.mean(),
            "wgan": lambda: -fake.mean(),
            "ls": lambda: (0.5 * (fake - 1) ** 2).mean(),
        }[kind]()

    def gan_d(real, fake, kind="ns"):
        return {
            "ns": lambda: F.softplus(-real).mean() + F.softplus(fake).mean(),
            "minimax": lambda: F.softplus(-real).mean() + F.softplus(fake).mean(),
            "hinge": lambda: torch.relu(1 - real).mean() + torch.relu(1 + fake).mean(),
            "wgan": lambda: fake.mean() - real.mean(),
            "ls": lambda: (0.5 * (real - 1) ** 2).mean() + (0.5 * fake ** 2).mean(),
        }[kind]()

    def ce(z, y, weight=None, label_smoothing=0.0):
        # The language keeps the class axis last; PyTorch wants it second.
        w = None if weight is None else T(weight)
        target = y.long() if role(y) == "labels" else y.movedim(-1, 1)
        return F.cross_entropy(z.movedim(-1, 1), target, weight=w, label_smoothing=float(label_smoothing))

    def nll(logp, y):
        if role(y) == "labels":
            return F.nll_loss(logp, y.long())
        return -(y * logp).sum(-1).mean()

    def cb_weights(counts, beta=0.999):
        n = T(counts)
        w = (1 - beta) / (1 - torch.pow(T(beta), n))
        return w * len(n) / w.sum()

    def inv_freq(counts):
        n = T(counts)
        return n.sum() / (len(n) * n)

    def center(features, y):
        C = int(ctx.num_classes) if ctx.num_classes is not None else int(y.max()) + 1
        centers = torch.zeros(C, features.shape[1], dtype=D)
        return (0.5 * ((features - centers[y.long()]) ** 2).sum(-1)).mean()

    def hinge(z, y, margin=1.0):
        return torch.relu(margin - signs_of(y) * z).mean()

    def squared_hinge(z, y, margin=1.0):
        return (torch.relu(margin - signs_of(y) * z) ** 2).mean()

    def kl(p, q):
        # F.kl_div(log q, p, reduction="batchmean") for positive q; with the convention 0·log 0 = 0 a
        # zero q where p = 0 costs nothing (kl_div itself gives NaN there), so zero entries are masked.
        if bool((q > 0).all()) and p.dim() == 2:
            return F.kl_div(torch.log(q), p, reduction="batchmean")
        pos = p > 0
        ones = torch.ones_like(p)
        term = torch.where(pos, p * (torch.log(torch.where(pos, p, ones)) - torch.log(torch.where(pos, q, ones))), torch.zeros_like(p))
        return term.sum(-1).mean()

    def js(p, q):
        m = 0.5 * (p + q)
        return 0.5 * (kl(p, m) + kl(q, m))

    def kd(s, t, T_=4.0, **kw):
        Tv = kw.get("T", T_)
        return F.kl_div(torch.log_softmax(s / Tv, dim=-1), torch.softmax(t / Tv, dim=-1), reduction="batchmean") * Tv * Tv

    def log_cosh(x, t):
        r = x - t
        return (r + F.softplus(-2 * r, threshold=1000.0) - math.log(2.0)).mean()

    def quantile(x, t, q=0.5):
        d = t - x
        return torch.maximum(q * d, (q - 1) * d).mean()

    def contrastive(d, y, margin=1.0):
        return (y * d ** 2 + (1 - y) * torch.relu(margin - d) ** 2).mean()

    def infonce(q, k, tau=0.07):
        qn = F.normalize(q, dim=-1)
        kn = F.normalize(k, dim=-1)
        return F.cross_entropy(qn @ kn.t() / tau, torch.arange(len(q)))

    return {
        "focal": focal,
        "gradnorm": lambda *ls, alpha=1.5: combine([1.0] * len(ls), ls),
        "dwa": lambda *ls, T=2.0: combine([1.0] * len(ls), ls),
        "pcgrad": lambda *ls: combine([1.0] * len(ls), ls),
        "mgda": lambda *ls: combine([1.0 / len(ls)] * len(ls), ls),
        "uncertainty": uncertainty,
        "dice": dice, "tversky": tversky, "focal_tversky": focal_tversky,
        "gan_g": gan_g, "gan_d": gan_d,
        "ragan_d": lambda real, fake: 0.5 * (F.softplus(-(real - fake.mean())).mean() + F.softplus(fake - real.mean()).mean()),
        "ragan_g": lambda real, fake: 0.5 * (F.softplus(real - fake.mean()).mean() + F.softplus(-(fake - real.mean())).mean()),
        "rsgan_d": lambda real, fake: F.softplus(-(real - fake)).mean(),
        "rsgan_g": lambda real, fake: F.softplus(-(fake - real)).mean(),
        "ce": ce, "nll": nll, "cb_weights": cb_weights, "inv_freq": inv_freq, "center": center,
        "l1": lambda weights: weights.abs().sum(), "l2": lambda weights: (weights ** 2).sum(),
        "hinge": hinge, "squared_hinge": squared_hinge, "asl": asl_official, "ldam": ldam_official,
        "kl": kl, "js": js, "kd": kd, "hint": lambda fs, ft: F.mse_loss(fs, ft),
        "rkd_distance": rkd_distance_lenscloth, "rkd_angle": rkd_angle_lenscloth,
        "fakequant": fake_quant, "quant_noise": lambda x, bits=8: fake_quant(x, bits),
        "bce": lambda z, y: F.binary_cross_entropy_with_logits(z, y),
        "mse": lambda x, t: F.mse_loss(*torch.broadcast_tensors(x, t)),
        "mae": lambda x, t: F.l1_loss(*torch.broadcast_tensors(x, t)),
        "huber": lambda x, t, delta=1.0: F.huber_loss(x, t, delta=delta),
        "smooth_l1": lambda x, t, beta=1.0: F.smooth_l1_loss(x, t, beta=beta),
        "log_cosh": log_cosh, "quantile": quantile, "contrastive": contrastive,
        "triplet": lambda a, p, n, margin=1.0: F.triplet_margin_loss(a, p, n, margin=margin),
        "infonce": infonce,
    }
