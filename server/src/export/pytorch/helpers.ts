// The Python helpers an exported module may need: one small function (or nn.Module, for builtins with
// learnable or running state) per builtin, plus a few support functions. Only the ones a module uses
// are emitted, each once, after the helpers it depends on. Each follows the builtin's documented
// convention (server/src/core/builtins/) and the stable forms of the TensorFlow.js implementation
// (server/src/numerics/): log-sigmoid / logsumexp forms, focal in log space, weighted-CE denominators,
// KL with 0·log 0 = 0, round half to even, straight-through fake quantisation.
//
// Builtin helpers are called with their tensor arguments positionally and every other parameter by name,
// with the value from the call or the builtin table's default, so a helper's signature lists the table's
// parameters in order (a `from` parameter is spelled `from_`), optionally followed by keyword-only
// static arguments the exporter fills in from roles. server/test/export/helpers.test.ts checks this.

export interface PythonHelper {
  readonly code: string;
  /** Helpers this one calls. */
  readonly deps: readonly string[];
}

const h = (code: string, deps: readonly string[] = []): PythonHelper => ({ code: code.trim(), deps });

export const PYTHON_HELPERS: Readonly<Record<string, PythonHelper>> = {
  // ---------------------------------------------------------------------------------------------
  // Support
  _t: h(`
def _t(x):
    """A tensor for x: tensors pass through; numbers become 0-dim float64 tensors, which broadcast
    against any tensor without changing its dtype or device."""
    return x if isinstance(x, torch.Tensor) else torch.tensor(float(x), dtype=torch.float64)
`),
  _mask: h(`
def _mask(c):
    """A comparison as a 0/1 mask (LossLab comparisons give numbers, not booleans)."""
    return c.to(torch.get_default_dtype()) if isinstance(c, torch.Tensor) else float(c)
`),
  _vector: h(`
def _vector(items, like=None):
    """A 1-D tensor from numbers and/or scalar tensors, in the dtype and device of \`like\`."""
    dtype = like.dtype if like is not None and like.is_floating_point() else torch.get_default_dtype()
    device = like.device if like is not None else None
    if isinstance(items, torch.Tensor):
        return items.to(dtype=dtype, device=device)
    parts = [x if isinstance(x, torch.Tensor) else torch.tensor(float(x)) for x in items]
    return torch.stack([p.to(dtype=dtype, device=device) for p in parts])
`),
  _flat_weights: h(`
def _flat_weights(weights):
    """The context value \`weights\`: a tensor, or an iterable of tensors such as model.parameters(),
    flattened into one vector (gradients flow back into every tensor)."""
    if isinstance(weights, torch.Tensor):
        return weights
    parts = [w if isinstance(w, torch.Tensor) else torch.tensor(w, dtype=torch.get_default_dtype()) for w in weights]
    return torch.cat([w.reshape(-1) for w in parts])
`),
  _where: h(`
def _where(cond, a, b):
    """a where cond != 0, b elsewhere (broadcast). The gradient flows only into the chosen branch."""
    cond = _t(cond)
    a, b = _t(a), _t(b)
    dtype = torch.promote_types(a.dtype, b.dtype) if a.dim() == b.dim() else (a.dtype if a.dim() > b.dim() else b.dtype)
    return torch.where(cond != 0, a.to(dtype), b.to(dtype))
`, ['_t']),
  _grad: h(`
def _grad(f, x):
    """The gradient of the scalar f with respect to x (same shape as x), itself differentiable
    (create_graph=True), so a loss that uses it trains with second-order autodiff. x must require grad
    and f must be computed from it (for a gradient penalty: x.requires_grad_(), then d = critic(x))."""
    if not isinstance(x, torch.Tensor) or not x.requires_grad:
        raise ValueError("grad(f, x): x must be a tensor with requires_grad=True that f is computed from")
    if not (isinstance(f, torch.Tensor) and f.requires_grad):
        return torch.zeros_like(x)  # f does not depend on anything differentiable, so not on x
    (g,) = torch.autograd.grad(f, x, create_graph=True, allow_unused=True)
    return torch.zeros_like(x) if g is None else g
`),
  _onehot: h(`
def _onehot(y, C):
    """One-hot encoding, the class axis of length C appended last; labels outside 0..C-1 give zero rows."""
    y = y.long()
    C = int(C)
    valid = (y >= 0) & (y < C)
    out = F.one_hot(torch.where(valid, y, torch.zeros_like(y)), C) * valid.unsqueeze(-1)
    return out.to(torch.get_default_dtype())
`),
  _gather: h(`
def _gather(z, y):
    """z[i, y_i]: one entry per row along the last axis (which is dropped)."""
    return z.gather(-1, y.long().unsqueeze(-1)).squeeze(-1)
`),
  _reduce: h(`
def _reduce(fn, x, axis, keepdims):
    """A reduction over every element (axis None: a scalar) or over one axis."""
    x = _t(x)
    if axis is None:
        out = fn(x.reshape(-1), 0)
        return out.reshape([1] * x.dim()) if keepdims else out
    return fn(x, axis, keepdims)
`, ['_t']),
  _norm: h(`
def _norm(x, p, axis, keepdims):
    """The p-norm (sum |x|^p)^(1/p) over every element or along one axis."""
    x = _t(x)
    dims = tuple(range(x.dim())) if axis is None else (axis,)
    if p == 2:
        out = torch.sqrt(torch.sum(x * x, dim=dims, keepdim=bool(keepdims)))
    elif p == 1:
        out = torch.sum(torch.abs(x), dim=dims, keepdim=bool(keepdims))
    else:
        out = torch.sum(torch.abs(x) ** p, dim=dims, keepdim=bool(keepdims)) ** (1.0 / p)
    return out
`, ['_t']),
  _smooth_l1_mean: h(`
def _smooth_l1_mean(d, beta=1.0):
    """Mean smooth-L1 of d: 0.5 d^2 / beta where |d| < beta, |d| - 0.5 beta elsewhere."""
    a = torch.abs(d)
    return torch.mean(torch.where(a < beta, 0.5 * d * d / beta, a - 0.5 * beta))
`),
  _ce_rows: h(`
def _ce_rows(z, y):
    """Per-row cross-entropy logsumexp(z_i) - z_{i, y_i} (class axis last)."""
    return torch.logsumexp(z, -1) - z.gather(-1, y.long().unsqueeze(-1)).squeeze(-1)
`),
  _overlap_sums: h(`
def _overlap_sums(p, y, per_class):
    """TP = sum p*y, sum p and sum y: over every element, or per class (last axis) over all other axes."""
    dims = tuple(range(p.dim() - 1)) if per_class else tuple(range(max(p.dim(), y.dim())))
    py = p * y
    return torch.sum(py, dim=dims), torch.sum(p * torch.ones_like(py), dim=dims), torch.sum(y * torch.ones_like(py), dim=dims)
`),
  _is_disabled_alpha: h(`
def _is_disabled_alpha(alpha):
    """focal's alpha < 0 (a scalar) switches the alpha weighting off."""
    if isinstance(alpha, torch.Tensor):
        return alpha.dim() == 0 and bool(alpha < 0)
    if isinstance(alpha, (list, tuple)):
        return False
    return alpha < 0
`),
  _kl_rows: h(`
def _kl_rows(p, q):
    """sum_c p log(p/q) along the last axis, with 0 log 0 = 0 (and no NaN gradient there)."""
    pos = p > 0
    one = torch.ones_like(p)
    p_safe = torch.where(pos, p, one)
    q_safe = torch.where(pos, q * one, one)
    term = torch.where(pos, p * (torch.log(p_safe) - torch.log(q_safe)), torch.zeros_like(p))
    return term.sum(-1)
`),

  // ---------------------------------------------------------------------------------------------
  // Schedules (functions of training progress, 0 at the first step and 1 at the last)
  _ramp: h(`
def _ramp(progress, from_, to, start, end):
    """from_ until progress reaches start, linear to \`to\` at end, then \`to\` (start == end: a step)."""
    if end <= start:
        return to if progress >= start else from_
    frac = min(max((progress - start) / (end - start), 0.0), 1.0)
    return from_ + (to - from_) * frac
`),
  _cosine: h(`
def _cosine(progress, from_, to):
    """Cosine annealing from from_ (progress 0) to \`to\` (progress 1)."""
    return to + (from_ - to) * (1.0 + math.cos(math.pi * progress)) / 2.0
`),
  _warmup: h(`
def _warmup(progress, value, until):
    """Linear warm-up from 0 to value, reached at progress \`until\` (until = 0: value throughout)."""
    if until <= 0:
        return value
    return value * min(1.0, progress / until)
`),

  // ---------------------------------------------------------------------------------------------
  // 1. Dynamic weighting
  _focal: h(`
def _focal(z, y, gamma, alpha):
    """Focal loss, mean. Labels with one axis fewer than z (class indices): the softmax form
    -alpha_y (1 - p_y)^gamma log p_y over rows; otherwise the sigmoid form of torchvision's
    sigmoid_focal_loss over every element. (1 - p_t)^gamma is computed in log space."""
    if y.dim() == z.dim() - 1:
        yl = y.long()
        log_p = torch.log_softmax(z, -1).gather(-1, yl.unsqueeze(-1)).squeeze(-1)
        others = z.masked_fill(F.one_hot(yl, z.shape[-1]).bool(), float("-inf"))
        log_1mp = torch.logsumexp(others, -1) - torch.logsumexp(z, -1)
        loss = -torch.exp(gamma * log_1mp) * log_p
        if not _is_disabled_alpha(alpha):
            a = _t(alpha).to(z)
            loss = (a[yl] if a.dim() > 0 else a) * loss
        return torch.mean(loss)
    y = y.to(z.dtype)
    ce = F.binary_cross_entropy_with_logits(z, y, reduction="none")
    log_1mpt = F.logsigmoid(-(2.0 * y - 1.0) * z)
    loss = torch.exp(gamma * log_1mpt) * ce
    if not _is_disabled_alpha(alpha):
        a = _t(alpha).to(z)
        loss = (a * y + (1.0 - a) * (1.0 - y)) * loss
    return torch.mean(loss)
`, ['_t', '_is_disabled_alpha']),
  _dice: h(`
def _dice(p, y, smooth, *, per_class):
    """Soft Dice 1 - (2 sum py + s)/(sum p + sum y + s), pooled over the batch (per class, then averaged)."""
    tp, sp, sy = _overlap_sums(p, y, per_class)
    return torch.mean(1.0 - (2.0 * tp + smooth) / (sp + sy + smooth))
`, ['_overlap_sums']),
  _tversky_index: h(`
def _tversky_index(p, y, alpha, beta, smooth, per_class):
    """(TP + s)/(TP + alpha FP + beta FN + s) with FP = sum p(1-y), FN = sum (1-p)y."""
    tp, sp, sy = _overlap_sums(p, y, per_class)
    fp = sp - tp
    fn = sy - tp
    return (tp + smooth) / (tp + alpha * fp + beta * fn + smooth)
`, ['_overlap_sums']),
  _tversky: h(`
def _tversky(p, y, alpha, beta, smooth, *, per_class):
    """Tversky loss 1 - TI (alpha weighs false positives, beta false negatives)."""
    return torch.mean(1.0 - _tversky_index(p, y, alpha, beta, smooth, per_class))
`, ['_tversky_index']),
  _focal_tversky: h(`
def _focal_tversky(p, y, alpha, beta, gamma, smooth, *, per_class):
    """Focal Tversky loss (1 - TI)^gamma, per class then averaged."""
    ti = _tversky_index(p, y, alpha, beta, smooth, per_class)
    return torch.mean(torch.clamp(1.0 - ti, min=0.0) ** gamma)
`, ['_tversky_index']),

  // ---------------------------------------------------------------------------------------------
  // 2. Multi-task fusion
  _Uncertainty: h(`
class _Uncertainty(nn.Module):
    """Homoscedastic uncertainty weighting sum_k exp(-s_k) L_k + s_k (Kendall et al. 2018), with one
    learnable log-variance s_k per task, initialised to 0 (s[0] is LossLab's s1, s[1] its s2, ...)."""

    def __init__(self, num_tasks: int) -> None:
        super().__init__()
        self.s = nn.Parameter(torch.zeros(num_tasks))

    def forward(self, losses: List[torch.Tensor]) -> torch.Tensor:
        total = 0.0
        for k, L in enumerate(losses):
            total = total + torch.exp(-self.s[k]) * L + self.s[k]
        return total
`),
  _DWA: h(`
class _DWA(nn.Module):
    """Dynamic Weight Average sum_k w_k L_k (Liu et al. 2019): w_k = K softmax(r / T)_k with
    r_k = mean L_k over the previous epoch / mean over the one before; w_k = 1 for the first two epochs.
    Call end_epoch() (the loss module's end_epoch() does) at the end of every training epoch. The
    weights are constants for the gradient."""

    def __init__(self, num_tasks: int) -> None:
        super().__init__()
        self.num_tasks = num_tasks
        self.history: List[List[float]] = []
        self._sums = [0.0] * num_tasks
        self._count = 0

    def weights(self, T) -> List[float]:
        if len(self.history) < 2:
            return [1.0] * self.num_tasks
        r = [a / b for a, b in zip(self.history[-1], self.history[-2])]
        e = [math.exp(v / float(T)) for v in r]
        return [self.num_tasks * v / sum(e) for v in e]

    def forward(self, losses: List[torch.Tensor], T) -> torch.Tensor:
        if self.training:
            for k, L in enumerate(losses):
                self._sums[k] += float(L.detach())
            self._count += 1
        w = self.weights(T)
        total = 0.0
        for k, L in enumerate(losses):
            total = total + w[k] * L
        return total

    def end_epoch(self) -> None:
        if self._count > 0:
            self.history.append([s / self._count for s in self._sums])
        self._sums = [0.0] * self.num_tasks
        self._count = 0
`),
  _task_gradients: h(`
def _task_gradients(losses, params):
    """Per-task gradients on \`params\`, each flattened into one vector."""
    grads = []
    for L in losses:
        gs = torch.autograd.grad(L, params, retain_graph=True, allow_unused=True)
        grads.append(torch.cat([(torch.zeros_like(p) if g is None else g).reshape(-1) for p, g in zip(params, gs)]))
    return grads
`),
  _apply_update: h(`
def _apply_update(optimizer, direction, params, rest_loss):
    """Writes \`direction\` (a flat vector over \`params\`) into their .grad, the gradient of rest_loss
    into every other parameter the optimizer holds, then takes one optimizer step."""
    shared = {id(p) for p in params}
    others = [p for group in optimizer.param_groups for p in group["params"] if p.requires_grad and id(p) not in shared]
    other_grads = torch.autograd.grad(rest_loss, others, allow_unused=True) if others else []
    offset = 0
    for p in params:
        n = p.numel()
        p.grad = direction[offset:offset + n].view_as(p).clone()
        offset += n
    for p, g in zip(others, other_grads):
        p.grad = None if g is None else g.detach()
    optimizer.step()
`),
  pcgrad_step: h(`
def pcgrad_step(optimizer, losses, params) -> None:
    """One training step with PCGrad (Yu et al. 2020) on the shared parameters \`params\`.

    For each task i, in random order over the other tasks j, when g_i . g_j < 0 the conflicting
    component is removed, g_i <- g_i - (g_i . g_j)/|g_j|^2 g_j; the projected gradients are summed.
    Other parameters the optimizer holds (task heads) get the plain gradient of sum(losses).
    Use instead of loss.backward(); optimizer.step():

        optimizer.zero_grad()
        loss = criterion(...)                     # the value, for logging
        pcgrad_step(optimizer, criterion.task_losses, shared_params)
    """
    params = [p for p in params if p.requires_grad]
    grads = _task_gradients(losses, params)
    projected = []
    for i, g in enumerate(grads):
        g = g.clone()
        order = [j for j in torch.randperm(len(grads)).tolist() if j != i]
        for j in order:
            dot = torch.dot(g, grads[j])
            if dot < 0:
                g = g - dot / torch.dot(grads[j], grads[j]).clamp_min(1e-20) * grads[j]
        projected.append(g)
    _apply_update(optimizer, torch.stack(projected).sum(0), params, sum(losses))
`, ['_task_gradients', '_apply_update']),
  _min_norm_weights: h(`
def _min_norm_weights(grads, iterations=250):
    """The minimum-norm point of the convex hull of \`grads\`: weights a on the simplex (exact for two
    tasks, Frank-Wolfe otherwise, as in Sener & Koltun 2018)."""
    K = len(grads)
    if K == 1:
        return [1.0]
    G = torch.stack(grads)
    M = (G @ G.t()).double()
    if K == 2:
        diff = M[0, 0] - 2 * M[0, 1] + M[1, 1]
        a = 0.5 if float(diff) <= 0 else float(torch.clamp((M[1, 1] - M[0, 1]) / diff, 0.0, 1.0))
        return [a, 1.0 - a]
    a = torch.full((K,), 1.0 / K, dtype=torch.float64)
    for _ in range(iterations):
        Ma = M @ a
        t = int(torch.argmin(Ma))
        v1, v2, v3 = float(a @ Ma), float(a @ M[:, t]), float(M[t, t])
        if v2 >= v1:
            gamma = 1.0
        elif v2 >= v3:
            gamma = 0.0
        else:
            gamma = (v3 - v2) / (v1 + v3 - 2 * v2)
        new = gamma * a
        new[t] += 1.0 - gamma
        if float(torch.sum(torch.abs(new - a))) < 1e-6:
            a = new
            break
        a = new
    return a.tolist()
`),
  mgda_step: h(`
def mgda_step(optimizer, losses, params) -> List[float]:
    """One training step with MGDA (Sener & Koltun 2018) on the shared parameters \`params\`: the update
    follows d = sum_k a_k g_k, the minimum-norm point of the convex hull of the per-task gradients
    (a on the simplex). Other parameters get the gradient of sum_k a_k L_k. Returns a.

        optimizer.zero_grad()
        loss = criterion(...)
        criterion.task_weights = mgda_step(optimizer, criterion.task_losses, shared_params)
    """
    params = [p for p in params if p.requires_grad]
    grads = _task_gradients(losses, params)
    a = _min_norm_weights([g.detach() for g in grads])
    direction = sum(w * g for w, g in zip(a, grads))
    _apply_update(optimizer, direction, params, sum(w * L for w, L in zip(a, losses)))
    return a
`, ['_task_gradients', '_apply_update', '_min_norm_weights']),
  GradNorm: h(`
class GradNorm(nn.Module):
    """GradNorm (Chen et al. 2018): learnable task weights w_k >= 0 (starting at 1, kept summing to K).

    The loss is sum_k w_k L_k. Each training step also moves w to reduce
    sum_k |G_k - mean(G) r_k^alpha|, G_k = |grad_W w_k L_k| on the last shared layer W, r_k the
    relative inverse training rate (L_k(t)/L_k(0)) / mean_j(L_j(t)/L_j(0)); then w is renormalised.
    Put this module's parameters in the optimizer, and replace loss.backward(); optimizer.step() with

        optimizer.zero_grad()
        loss = criterion(...)
        criterion.gradnorm.step(optimizer, criterion.task_losses, last_shared_layer.weight)
    """

    def __init__(self, num_tasks: int, alpha: float = 1.5) -> None:
        super().__init__()
        self.alpha = alpha
        self.w = nn.Parameter(torch.ones(num_tasks))
        self.initial: Optional[List[float]] = None

    def forward(self, losses: List[torch.Tensor]) -> torch.Tensor:
        total = 0.0
        for k, L in enumerate(losses):
            total = total + self.w[k] * L
        return total

    def step(self, optimizer, losses, shared_weight, alpha=None) -> None:
        alpha = self.alpha if alpha is None else alpha
        values = [float(L.detach()) for L in losses]
        if self.initial is None:
            self.initial = values
        norms = []
        for k, L in enumerate(losses):
            (g,) = torch.autograd.grad(self.w[k] * L, shared_weight, retain_graph=True, create_graph=True)
            norms.append(torch.norm(g))
        G = torch.stack(norms)
        ratios = torch.tensor([v / max(i, 1e-20) for v, i in zip(values, self.initial)], dtype=G.dtype, device=G.device)
        target = (G.mean() * (ratios / ratios.mean()) ** alpha).detach()
        balance = torch.sum(torch.abs(G - target))
        (w_grad,) = torch.autograd.grad(balance, self.w, retain_graph=True)
        self.forward(losses).backward()
        self.w.grad = w_grad
        optimizer.step()
        with torch.no_grad():
            self.w.clamp_(min=0.0)
            self.w.mul_(len(losses) / self.w.sum().clamp_min(1e-20))
`),

  // ---------------------------------------------------------------------------------------------
  // 3. Adversarial
  _gan_g: h(`
def _gan_g(fake, kind):
    """Generator loss on critic outputs of fakes (logits), mean over the batch."""
    if kind == "ns":
        return torch.mean(F.softplus(-fake))
    if kind == "minimax":
        return torch.mean(-F.softplus(fake))
    if kind in ("hinge", "wgan"):
        return torch.mean(-fake)
    if kind == "ls":
        return torch.mean(0.5 * (fake - 1.0) ** 2)
    raise ValueError("gan_g: unknown kind %r" % (kind,))
`),
  _gan_d: h(`
def _gan_d(real, fake, kind):
    """Discriminator (critic) loss, each term a mean over its batch."""
    if kind in ("ns", "minimax"):
        return torch.mean(F.softplus(-real)) + torch.mean(F.softplus(fake))
    if kind == "hinge":
        return torch.mean(torch.relu(1.0 - real)) + torch.mean(torch.relu(1.0 + fake))
    if kind == "wgan":
        return torch.mean(fake) - torch.mean(real)
    if kind == "ls":
        return 0.5 * torch.mean((real - 1.0) ** 2) + 0.5 * torch.mean(fake ** 2)
    raise ValueError("gan_d: unknown kind %r" % (kind,))
`),
  _ragan_g: h(`
def _ragan_g(real, fake):
    """Relativistic average generator loss (real and fake swapped in the discriminator's objective)."""
    return 0.5 * (torch.mean(F.softplus(real - torch.mean(fake))) + torch.mean(F.softplus(-(fake - torch.mean(real)))))
`),
  _ragan_d: h(`
def _ragan_d(real, fake):
    """Relativistic average discriminator loss."""
    return 0.5 * (torch.mean(F.softplus(-(real - torch.mean(fake)))) + torch.mean(F.softplus(fake - torch.mean(real))))
`),
  _rsgan_d: h(`
def _rsgan_d(real, fake):
    """Relativistic standard discriminator loss, mean over pairs."""
    return torch.mean(F.softplus(-(real - fake)))
`),
  _rsgan_g: h(`
def _rsgan_g(real, fake):
    """Relativistic standard generator loss, mean over pairs."""
    return torch.mean(F.softplus(-(fake - real)))
`),

  // ---------------------------------------------------------------------------------------------
  // 4. Imbalance
  _ce: h(`
def _ce(z, y, weight, label_smoothing):
    """Softmax cross-entropy from logits (class axis last), PyTorch's F.cross_entropy conventions:
    with class-index labels and weights the weighted mean sum_i w_{y_i} l_i / sum_i w_{y_i}; with
    probability targets -sum_c w_c q_c log p_c averaged over rows."""
    logp = torch.log_softmax(z, -1)
    C = z.shape[-1]
    eps = label_smoothing
    w = None if weight is None else _vector(weight, like=z)
    if y.dim() == z.dim() - 1:
        yl = y.long()
        nll = -logp.gather(-1, yl.unsqueeze(-1)).squeeze(-1)
        if w is None:
            return (1.0 - eps) * torch.mean(nll) + eps * torch.mean(-logp.sum(-1)) / C
        wy = w[yl]
        smooth = -(logp * w).sum(-1)
        return ((1.0 - eps) * torch.sum(wy * nll) + eps * torch.sum(smooth) / C) / torch.sum(wy)
    q = (1.0 - eps) * y + eps / C
    per = -(q * logp * (1.0 if w is None else w)).sum(-1)
    return torch.mean(per)
`, ['_vector']),
  _nll: h(`
def _nll(logp, y):
    """Negative log-likelihood of log-probabilities: mean over rows of -logp[i, y_i] (or -sum q logp)."""
    if y.dim() == logp.dim() - 1:
        return torch.mean(-logp.gather(-1, y.long().unsqueeze(-1)).squeeze(-1))
    return torch.mean(-(y * logp).sum(-1))
`),
  _cb_weights: h(`
def _cb_weights(class_counts, beta):
    """Class-balanced weights (Cui et al. 2019): w_c proportional to (1 - beta)/(1 - beta^n_c), summing to C."""
    n = _t(class_counts).detach()
    w = (1.0 - beta) / (1.0 - beta ** n)
    return w / w.sum() * n.numel()
`, ['_t']),
  _inv_freq: h(`
def _inv_freq(class_counts):
    """Inverse-frequency weights N / (C n_c)."""
    n = _t(class_counts).detach()
    return n.sum() / (n.numel() * n)
`, ['_t']),
  _Center: h(`
class _Center(nn.Module):
    """Center loss (Wen et al. 2016): mean over the batch of 0.5 |f_i - c_{y_i}|^2, with one learnable
    prototype per class, initialised to 0. The prototypes (C x D) are created on the first call, with
    C = num_classes if given, else 1 + the largest label seen: call reset(C, D) (or run one batch)
    before creating the optimizer so that it holds them."""

    def __init__(self, num_classes: Optional[int] = None) -> None:
        super().__init__()
        self.num_classes = num_classes
        self.centers: Optional[nn.Parameter] = None

    def reset(self, num_classes: int, dim: int, like: Optional[torch.Tensor] = None) -> None:
        dtype = like.dtype if like is not None else torch.get_default_dtype()
        device = like.device if like is not None else None
        self.centers = nn.Parameter(torch.zeros(int(num_classes), int(dim), dtype=dtype, device=device))

    def forward(self, features: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        yl = y.long()
        if self.centers is None:
            C = self.num_classes if self.num_classes is not None else int(yl.max()) + 1
            self.reset(C, features.shape[-1], like=features)
        c = self.centers[yl]
        return torch.mean(0.5 * torch.sum((features - c) ** 2, -1))
`),

  // ---------------------------------------------------------------------------------------------
  // 5. Regularisation
  _l1: h(`
def _l1(weights):
    """L1 penalty: the sum of |w| over every element."""
    return torch.sum(torch.abs(weights))
`),
  _l2: h(`
def _l2(weights):
    """L2 penalty: the sum of w^2 over every element (no 1/2)."""
    return torch.sum(weights * weights)
`),

  // ---------------------------------------------------------------------------------------------
  // 6. Adaptive margins
  _hinge: h(`
def _hinge(z, y, margin, *, signs):
    """Binary hinge max(0, m - y z), mean; 0/1 targets are mapped to -1/+1 by 2y - 1."""
    s = y if signs else 2.0 * y - 1.0
    return torch.mean(torch.relu(margin - s * z))
`),
  _squared_hinge: h(`
def _squared_hinge(z, y, margin, *, signs):
    """Squared hinge max(0, m - y z)^2, mean; 0/1 targets are mapped to -1/+1 by 2y - 1."""
    s = y if signs else 2.0 * y - 1.0
    return torch.mean(torch.relu(margin - s * z) ** 2)
`),
  _asl: h(`
def _asl(z, y, gamma_neg, gamma_pos, clip):
    """Asymmetric loss (Ridnik et al. 2021), mean over elements, log-sigmoid form:
    -[y (1-p)^g+ log p + (1-y) p_m^g- log(1 - p_m)], p = sigmoid(z), p_m = max(p - clip, 0)."""
    p = torch.sigmoid(z)
    log_p = F.logsigmoid(z)
    if clip > 0:
        log_neg = torch.log(torch.clamp(1.0 - p + clip, max=1.0))
        p_m = torch.clamp(p - clip, min=0.0)
    else:
        log_neg = F.logsigmoid(-z)
        p_m = p
    w_pos = torch.exp(gamma_pos * F.logsigmoid(-z))
    w_neg = p_m ** gamma_neg
    return torch.mean(-(y * w_pos * log_p + (1.0 - y) * w_neg * log_neg))
`),
  _ldam: h(`
def _ldam(z, y, class_counts, max_margin, s):
    """LDAM (Cao et al. 2019): margins m_c proportional to n_c^(-1/4), the largest = max_margin,
    subtracted from the true-class logit, then cross-entropy of s * (z - m_y e_y), mean over rows."""
    n = _vector(class_counts, like=z).detach()
    m = n ** -0.25
    m = m * (max_margin / m.max())
    yl = y.long()
    shifted = z - m[yl].unsqueeze(-1) * F.one_hot(yl, z.shape[-1]).to(z.dtype)
    return torch.mean(_ce_rows(s * shifted, yl))
`, ['_vector', '_ce_rows']),

  // ---------------------------------------------------------------------------------------------
  // 7. Distillation
  _kl: h(`
def _kl(p, q):
    """KL(P||Q) = sum_c p log(p/q) per row (last axis), mean over rows; 0 log 0 = 0."""
    return torch.mean(_kl_rows(p, q))
`, ['_kl_rows']),
  _js: h(`
def _js(p, q):
    """Jensen-Shannon divergence 0.5 KL(P||M) + 0.5 KL(Q||M), M = (P + Q)/2, per row, mean over rows."""
    m = 0.5 * (p + q)
    return torch.mean(0.5 * _kl_rows(p, m) + 0.5 * _kl_rows(q, m))
`, ['_kl_rows']),
  _kd: h(`
def _kd(s, t, T):
    """Hinton distillation T^2 KL(softmax(t/T) || softmax(s/T)), per row, mean over rows."""
    log_pt = torch.log_softmax(t / T, -1)
    log_ps = torch.log_softmax(s / T, -1)
    return (T * T) * torch.mean(torch.sum(torch.exp(log_pt) * (log_pt - log_ps), -1))
`),
  _hint: h(`
def _hint(fs, ft):
    """FitNets hint loss: mean squared error over every element."""
    return torch.mean((fs - ft) ** 2)
`),
  _rkd_psi: h(`
def _rkd_psi(f):
    """Pairwise distances sqrt(max(d^2, 1e-12)) with a zero diagonal, divided by their positive mean."""
    diff = f.unsqueeze(1) - f.unsqueeze(0)
    d = torch.sqrt(torch.clamp(torch.sum(diff * diff, -1), min=1e-12))
    d = d * (1.0 - torch.eye(f.shape[0], dtype=d.dtype, device=d.device))
    return d / d[d > 0].mean()
`),
  _rkd_distance: h(`
def _rkd_distance(fs, ft):
    """RKD distance loss (Park et al. 2019): smooth-L1 between normalised pairwise distances, mean over N^2."""
    return _smooth_l1_mean(_rkd_psi(fs) - _rkd_psi(ft))
`, ['_rkd_psi', '_smooth_l1_mean']),
  _rkd_cosines: h(`
def _rkd_cosines(f):
    """cos of the angle at j for every triplet: <e_ij, e_kj>, e_ij = (f_i - f_j)/max(|f_i - f_j|, 1e-12)."""
    e = F.normalize(f.unsqueeze(0) - f.unsqueeze(1), p=2, dim=2, eps=1e-12)
    return torch.bmm(e, e.transpose(1, 2))
`),
  _rkd_angle: h(`
def _rkd_angle(fs, ft):
    """RKD angle loss: smooth-L1 between student and teacher cosines, mean over N^3 triplets."""
    return _smooth_l1_mean(_rkd_cosines(fs) - _rkd_cosines(ft))
`, ['_rkd_cosines', '_smooth_l1_mean']),

  // ---------------------------------------------------------------------------------------------
  // 8. Quantisation
  _fakequant: h(`
def _fakequant(x, bits, scale):
    """Symmetric signed fake quantisation q = clamp(round(x/s), -2^(b-1), 2^(b-1)-1) s, rounding half to
    even, with the straight-through gradient: 1 where round(x/s) is inside the range, 0 outside.
    Without scale, s = max|x| / (2^(b-1) - 1), held constant."""
    qmax = 2.0 ** (int(bits) - 1) - 1.0
    qmin = -(2.0 ** (int(bits) - 1))
    s = _observed_scale(x, bits) if scale is None else _t(scale)
    v = x / s
    r = torch.round(v).detach() + (v - v.detach())
    return torch.clamp(r, qmin, qmax) * s
`, ['_t', '_observed_scale']),
  _observed_scale: h(`
def _observed_scale(x, bits):
    """The observer scale max|x| / (2^(b-1) - 1), a constant (1 when x is all zeros, so q = 0)."""
    s = torch.max(torch.abs(x.detach())) / (2.0 ** (int(bits) - 1) - 1.0)
    return torch.where(s > 0, s, torch.ones_like(s))
`),
  _quant_noise: h(`
def _quant_noise(x, bits, *, training):
    """Quantisation as additive noise while training: x + step * u, u ~ U(-1/2, 1/2) per element,
    step = max|x| / (2^(b-1) - 1) held constant (gradient 1). Outside training (module.eval()) it is
    fakequant(x, bits), the deployed behaviour."""
    if not training:
        return _fakequant(x, bits, None)
    step = torch.max(torch.abs(x.detach())) / (2.0 ** (int(bits) - 1) - 1.0)
    return x + step * (torch.rand_like(x) - 0.5)
`, ['_fakequant']),

  // ---------------------------------------------------------------------------------------------
  // Base losses
  _bce: h(`
def _bce(z, y):
    """Binary cross-entropy on logits, max(z,0) - z y + log1p(exp(-|z|)), mean."""
    return F.binary_cross_entropy_with_logits(z, _t(y).to(z.dtype) * torch.ones_like(z))
`, ['_t']),
  _mse: h(`
def _mse(x, t):
    """Mean squared error."""
    return torch.mean((x - t) ** 2)
`),
  _mae: h(`
def _mae(x, t):
    """Mean absolute error."""
    return torch.mean(torch.abs(x - t))
`),
  _huber: h(`
def _huber(x, t, delta):
    """Huber: 0.5 r^2 where |r| <= delta, delta (|r| - 0.5 delta) elsewhere; mean."""
    r = x - t
    a = torch.abs(r)
    return torch.mean(torch.where(a <= delta, 0.5 * r * r, delta * (a - 0.5 * delta)))
`),
  _smooth_l1: h(`
def _smooth_l1(x, t, beta):
    """Smooth L1 (Fast R-CNN, PyTorch): 0.5 r^2 / beta where |r| < beta, |r| - 0.5 beta elsewhere; mean."""
    r = x - t
    a = torch.abs(r)
    if beta <= 0:
        return torch.mean(a)
    return torch.mean(torch.where(a < beta, 0.5 * r * r / beta, a - 0.5 * beta))
`),
  _log_cosh: h(`
def _log_cosh(x, t):
    """log cosh(r) = r + softplus(-2r) - log 2, mean (finite for any residual)."""
    r = x - t
    return torch.mean(r + F.softplus(-2.0 * r) - math.log(2.0))
`),
  _quantile: h(`
def _quantile(x, t, q):
    """Pinball loss max(q r, (q - 1) r), r = t - x; mean."""
    r = t - x
    return torch.mean(torch.maximum(q * r, (q - 1.0) * r))
`),
  _contrastive: h(`
def _contrastive(d, y, margin):
    """Contrastive loss (Hadsell et al. 2006) on distances d: y d^2 + (1 - y) max(0, m - d)^2, y = 1 similar; mean."""
    return torch.mean(y * d * d + (1.0 - y) * torch.relu(margin - d) ** 2)
`),
  _triplet: h(`
def _triplet(a, p, n, margin):
    """Triplet margin loss max(0, d(a, p) - d(a, n) + m), d(u, v) = |u - v + 1e-6| (PyTorch's
    triplet_margin_loss), mean over triplets."""
    dp = F.pairwise_distance(a, p, p=2.0, eps=1e-6)
    dn = F.pairwise_distance(a, n, p=2.0, eps=1e-6)
    return torch.mean(torch.relu(dp - dn + margin))
`),
  _infonce: h(`
def _infonce(q, k, tau):
    """InfoNCE with in-batch negatives: row i of k is the positive of row i of q; the vectors are
    L2-normalised, logits q k^T / tau, cross-entropy against the diagonal, mean over rows."""
    qn = F.normalize(q, p=2, dim=-1, eps=1e-12)
    kn = F.normalize(k, p=2, dim=-1, eps=1e-12)
    logits = qn @ kn.transpose(-2, -1) / tau
    return torch.mean(torch.logsumexp(logits, -1) - torch.diagonal(logits, dim1=-2, dim2=-1))
`),
};

/** The helpers `names` need, dependencies first, each once. */
export function helperClosure(names: Iterable<string>): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (n: string): void => {
    if (seen.has(n)) return;
    const helper = PYTHON_HELPERS[n];
    if (!helper) throw new Error(`internal: no Python helper '${n}'`);
    seen.add(n);
    for (const d of helper.deps) add(d);
    out.push(n);
  };
  for (const n of names) add(n);
  return out;
}
