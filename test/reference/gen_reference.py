#!/usr/bin/env python3
"""Float64 PyTorch reference values for the numerics of LossLab.

Writes, into OUTDIR (default: this folder):
  builtins.json        one or more cases per builtin: a .loss expression, its inputs (with roles), and the
                       value and gradients PyTorch computes for the same expression in float64
                       (torch_builtins.py mirrors every builtin with its documented convention);
  cases/<family>.json  the independent cases of the eight families, each naming a loss of
                       cases/<family>.loss and holding the value and gradients computed by a separate,
                       hand-written PyTorch function (reference implementations: torchvision, F.cross_entropy,
                       lenscloth/RKD, torch.fake_quantize_…), checked through `losslab eval`.

Inputs are drawn from a fixed seed and rounded to float32, so TensorFlow.js (float32) sees exactly the
numbers PyTorch used. Kinks (|x| at 0, hinge margins, rounding ties) are kept away from.

Usage: /usr/bin/python3 test/reference/gen_reference.py [OUTDIR]    (needs Debian's python3-torch)
"""

import json
import math
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_builtins import D, Context, T, env  # noqa: E402

torch.set_default_dtype(D)
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else HERE

GEN = torch.Generator().manual_seed(20240611)
# Roles whose inputs are data (class indices, 0/1 targets): never differentiated.
DATA_ROLES = {"labels", "binary", "multilabel", "signs", "onehot"}


def f32(t):
    return T(t).to(torch.float32).to(D)


def randn(*shape, scale=1.0, shift=0.0):
    return f32(torch.randn(*shape, generator=GEN, dtype=D) * scale + shift)


def uniform(lo, hi, *shape):
    return f32(torch.rand(*shape, generator=GEN, dtype=D) * (hi - lo) + lo)


def away(x, points, gap):
    """Moves entries of x that lie within `gap` of any of `points` by 2·gap (kinks, ties)."""
    x = x.clone()
    for p in points:
        close = (x - p).abs() < gap
        x[close] = x[close] + 2 * gap * torch.where(x[close] >= p, 1.0, -1.0)
    return f32(x)


def labels(n, C):
    y = torch.randint(0, C, (n,), generator=GEN).to(D)
    y[:C] = torch.arange(C, dtype=D)[: min(C, n)]  # every class present
    return y


def binary(*shape):
    y = (torch.rand(*shape, generator=GEN) < 0.4).to(D)
    y.view(-1)[0] = 1.0
    y.view(-1)[-1] = 0.0
    return y


def onehot_rows(n, C):
    return F.one_hot(labels(n, C).long(), C).to(D)


def probs(n, C):
    return f32(torch.softmax(randn(n, C, scale=1.5), dim=-1))


def jsonable(t):
    t = T(t)
    return t.item() if t.dim() == 0 else t.tolist()


# ---------------------------------------------------------------------------------------------------
# Builtin cases: one expression of the language, evaluated by torch_builtins in float64


def evaluate(expr, inputs, grad, context, py_expr=None):
    ctx = Context(context)
    names = {}
    for n, (r, v) in inputs.items():
        t = T(v).clone()
        if r not in DATA_ROLES:
            t.requires_grad_(True)
        t.role = r
        names[n] = t
    # The language's `^` is Python's `**`, its vector literals [a, b] are stacked tensors.
    py = (py_expr or expr).replace("^", "**").replace("[", "V(").replace("]", ")")
    value = eval(py, {"__builtins__": {}}, {**env(ctx), "V": lambda *xs: torch.stack([T(x) for x in xs]), **names})  # noqa: S307
    assert value.dim() == 0, f"{expr}: not a scalar"
    wrt = [names[n] for n in grad]
    gs = torch.autograd.grad(value, wrt, allow_unused=True) if wrt else []
    out = {}
    for n, g, x in zip(grad, gs, wrt):
        out[n] = jsonable(torch.zeros_like(x) if g is None else g)
    return float(value), out


BUILTIN_CASES = []


def case(name, expr, inputs, grad=(), context=None, rtol=1e-4, atol=1e-5, note=None, py_expr=None):
    """`py_expr`: a mathematically identical expression for PyTorch, where float64 itself overflows."""
    value, grads = evaluate(expr, inputs, list(grad), context or {}, py_expr)
    for n, g in grads.items():
        assert all(math.isfinite(v) for v in T(g).flatten().tolist()), f"{name}: non-finite reference gradient of {n}"
    assert math.isfinite(value), f"{name}: non-finite reference value"
    c = {
        "name": name,
        "expr": expr,
        "inputs": {n: {"role": r, "value": jsonable(v)} for n, (r, v) in inputs.items()},
        "grad": list(grad),
        "value": value,
        "grads": grads,
        "rtol": rtol,
        "atol": atol,
    }
    if context:
        c["context"] = context
    if note:
        c["note"] = note
    BUILTIN_CASES.append(c)


def builtin_cases():
    x = randn(3, 4)
    r = randn(3, 4)
    r3 = randn(3)
    pos = uniform(0.2, 2.0, 3, 4)
    nz = away(randn(3, 4), [0.0], 0.05)
    X = lambda v=x: ("real", v)  # noqa: E731
    R = ("real", r)

    # Elementwise math: Σ f(x)·r, so every element's derivative is checked.
    for fn, arg in [
        ("log", pos), ("exp", x), ("sqrt", pos), ("abs", nz), ("sign", nz), ("square", x), ("sigmoid", x),
        ("log_sigmoid", x), ("softplus", x), ("relu", nz), ("tanh", x), ("cos", x), ("sin", x),
        ("acos", uniform(-0.9, 0.9, 3, 4)),
        ("round", away(randn(3, 4, scale=3), [k + 0.5 for k in range(-12, 12)], 0.05)),
        ("floor", away(randn(3, 4, scale=3), list(range(-12, 13)), 0.05)),
    ]:
        case(f"math_{fn}", f"sum({fn}(x) * r)", {"x": X(arg), "r": R}, grad=["x", "r"])
    cx = away(randn(3, 4), [-0.5, 0.7], 0.05)
    case("math_clamp_both", "sum(clamp(x, lo=-0.5, hi=0.7) * r)", {"x": X(cx), "r": R}, grad=["x"])
    case("math_clamp_lo", "sum(clamp(x, lo=-0.5) * r)", {"x": X(cx), "r": R}, grad=["x"])
    case("math_clamp_hi", "sum(clamp(x, hi=0.7) * r)", {"x": X(cx), "r": R}, grad=["x"])
    case("math_where", "sum(where(x > 0, square(x), 3 * x) * r)", {"x": X(nz), "r": R}, grad=["x"])
    case("math_stopgrad", "sum(stopgrad(x) * x * r)", {"x": X(), "r": R}, grad=["x"])
    case("math_pow", "sum((x * x + 1) ^ 1.5 * r)", {"x": X(), "r": R}, grad=["x"])
    case("math_pow_tensor_exponent", "sum(p ^ x * r)", {"p": ("real", pos), "x": X(), "r": R}, grad=["p", "x"])
    case("math_compare_masks", "sum((x > 0) * x + (x <= 0.5) * square(x) + (x == x) * r)", {"x": X(nz), "r": R}, grad=["x"])
    case("math_pi", "pi * sum(x * r)", {"x": X(), "r": R}, grad=["x"])

    # Reductions
    case("sum_all", "sum(x * r)", {"x": X(), "r": R}, grad=["x"])
    case("sum_axis_keepdims", "sum(square(sum(x, axis=1, keepdims=true)) * r)", {"x": X(), "r": R}, grad=["x"])
    case("sum_axis0", "sum(square(sum(x, axis=0)))", {"x": X()}, grad=["x"])
    case("mean_all", "mean(x * r)", {"x": X(), "r": R}, grad=["x"])
    case("mean_axis", "sum(square(mean(x, axis=-1)) * v)", {"x": X(), "v": ("real", r3)}, grad=["x"])
    case("max_all", "max(x) * 2 + min(x)", {"x": X()}, grad=["x"])
    case("max_axis", "sum(max(x, axis=0) * v)", {"x": X(), "v": ("real", randn(4))}, grad=["x"])
    case("min_axis_keepdims", "sum(min(x, axis=1, keepdims=true) * r)", {"x": X(), "r": R}, grad=["x"])
    case("max_elementwise", "sum(max(x, b) * r)", {"x": X(), "b": ("real", randn(3, 4)), "r": R}, grad=["x", "b"])
    case("min_elementwise_broadcast", "sum(min(x, b) * r)", {"x": X(), "b": ("real", randn(4)), "r": R}, grad=["x", "b"])
    case("norm_all", "norm(x)", {"x": X()}, grad=["x"])
    case("norm_axis", "sum(norm(x, axis=-1) * v)", {"x": X(), "v": ("real", r3)}, grad=["x"])
    case("norm_p1", "sum(norm(x, p=1, axis=0))", {"x": X(nz)}, grad=["x"])
    case("norm_p3", "norm(x, p=3)", {"x": X(nz)}, grad=["x"])
    case("norm_zero_row", "sum(norm(x, axis=-1))", {"x": ("real", T([[0.0, 0.0, 0.0], [3.0, 4.0, 0.0]]))}, grad=["x"],
         note="PyTorch's subgradient: 0 at a zero vector")
    case("logsumexp_default", "sum(logsumexp(x) * v)", {"x": X(), "v": ("real", r3)}, grad=["x"])
    case("logsumexp_axis0_keep", "sum(logsumexp(x, axis=0, keepdims=true) * r)", {"x": X(), "r": R}, grad=["x"])
    case("logsumexp_large", "sum(logsumexp(x) * v)", {"x": X(randn(3, 4, scale=40)), "v": ("real", r3)}, grad=["x"], rtol=1e-3)

    # Tensors
    z = randn(5, 4, scale=1.5)
    rz = randn(5, 4)
    y = labels(5, 4)
    case("softmax_last", "sum(softmax(z) * r)", {"z": ("logits", z), "r": ("real", rz)}, grad=["z"])
    case("softmax_axis0", "sum(softmax(z, axis=0) * r)", {"z": ("logits", z), "r": ("real", rz)}, grad=["z"])
    case("log_softmax_last", "sum(log_softmax(z) * r)", {"z": ("logits", z), "r": ("real", rz)}, grad=["z"])
    case("onehot", "sum(onehot(y, 4) * z)", {"y": ("labels", y), "z": ("logits", z)}, grad=["z"])
    case("gather", "sum(gather(z, y) * v)", {"z": ("logits", z), "y": ("labels", y), "v": ("real", randn(5))}, grad=["z"])
    case("matmul", "sum(matmul(a, b) * r)", {"a": ("real", randn(3, 5)), "b": ("real", randn(5, 4)), "r": R}, grad=["a", "b"])
    case("matmul_batched", "sum(matmul(a, b))", {"a": ("real", randn(2, 3, 5)), "b": ("real", randn(2, 5, 4))}, grad=["a", "b"])
    case("transpose", "sum(transpose(x) * t)", {"x": X(), "t": ("real", randn(4, 3))}, grad=["x"])
    case("concat_last", "sum(concat(x, b) * t)", {"x": X(), "b": ("real", randn(3, 2)), "t": ("real", randn(3, 6))}, grad=["x", "b"])
    case("concat_axis0", "sum(concat(x, b, axis=0) * t)", {"x": X(), "b": ("real", randn(1, 4)), "t": ("real", randn(4, 4))}, grad=["x", "b"])
    case("vector_literal", "sum([1, 2.5, -3] * v)", {"v": ("real", randn(3))}, grad=["v"])

    # Schedules (functions of progress; constants for the gradient)
    case("ramp", "ramp(0, 2, start=0.2, end=0.8) * sum(x * r)", {"x": X(), "r": R}, grad=["x"], context={"progress": 0.5})
    case("cosine", "cosine(1, 0.1) * sum(x * r)", {"x": X(), "r": R}, grad=["x"], context={"progress": 0.25})
    case("warmup", "warmup(3, until=0.2) * sum(x * r)", {"x": X(), "r": R}, grad=["x"], context={"progress": 0.05})

    # Second order: gradients of functionals of ∇x, through every activation the trials use.
    xs = away(randn(4, 3), [0.0], 0.05)
    w = randn(4, 3)
    acts = {
        "tanh": "tanh(x)", "sigmoid": "sigmoid(x)", "exp": "exp(x)", "softplus": "softplus(x)",
        "elu": "where(x > 0, x, exp(min(x, 0)) - 1)", "relu": "relu(x) * x", "leaky_relu": "max(x, 0.01 * x) * x",
        "softmax": "softmax(x)", "log_softmax": "log_softmax(x)", "where": "where(x > 0, square(x), 3 * x)",
        "max": "max(x, 0.3 * x + 0.1) * x", "clamp": "clamp(x, lo=-0.5, hi=0.5) * x", "abs": "abs(x) * x",
        "log_sigmoid": "log_sigmoid(x)", "logsumexp": "logsumexp(x)",
    }
    for nm, act in acts.items():
        inner = f"sum({act} * w)" if nm != "logsumexp" else f"sum({act} * v)"
        ins = {"x": ("real", xs), "w": ("real", w)} if nm != "logsumexp" else {"x": ("real", xs), "v": ("real", randn(4))}
        case(f"grad2_{nm}", f"sum(square(grad({inner}, x)))", ins, grad=["x"] + (["w"] if nm != "logsumexp" else ["v"]))
    case("grad2_wgan_gp", "mean(square(norm(grad(sum(tanh(matmul(x, w))), x), axis=-1) - 1))",
         {"x": ("real", randn(5, 3)), "w": ("real", randn(3, 2))}, grad=["x", "w"])
    case("grad2_norm_of_grad_through_ce", "mean(square(grad(ce(matmul(x, w), y), x)))",
         {"x": ("features", randn(6, 3)), "w": ("real", randn(3, 4)), "y": ("labels", labels(6, 4))}, grad=["x", "w"])

    # 1. Dynamic weighting
    zb = randn(8, scale=2)
    yb = binary(8)
    zc = randn(6, 3, scale=2)
    yc = labels(6, 3)
    zm = randn(4, 3, scale=2)
    ym = binary(4, 3)
    case("focal_binary", "focal(z, y)", {"z": ("logits", zb), "y": ("binary", yb)}, grad=["z"])
    case("focal_binary_gamma_half_alpha_off", "focal(z, y, gamma=0.5, alpha=-1)", {"z": ("logits", zb), "y": ("binary", yb)}, grad=["z"])
    case("focal_binary_gamma0", "focal(z, y, gamma=0)", {"z": ("logits", zb), "y": ("binary", yb)}, grad=["z"])
    case("focal_multilabel", "focal(z, y, gamma=1.5, alpha=0.4)", {"z": ("logits", zm), "y": ("multilabel", ym)}, grad=["z"])
    case("focal_softmax", "focal(z, y)", {"z": ("logits", zc), "y": ("labels", yc)}, grad=["z"])
    case("focal_softmax_alpha_vector", "focal(z, y, gamma=1, alpha=[0.2, 0.3, 0.5])", {"z": ("logits", zc), "y": ("labels", yc)}, grad=["z"])
    case("focal_softmax_alpha_off", "focal(z, y, gamma=3, alpha=-1)", {"z": ("logits", zc), "y": ("labels", yc)}, grad=["z"])
    pb = f32(torch.sigmoid(randn(10, scale=2)))
    yb10 = binary(10)
    pc = probs(6, 3)
    yo = F.one_hot(yc.long(), 3).to(D)
    case("dice_binary", "dice(p, y)", {"p": ("probs", pb), "y": ("binary", yb10)}, grad=["p"])
    case("dice_onehot_per_class", "dice(p, y, smooth=0.5)", {"p": ("probs", pc), "y": ("onehot", yo)}, grad=["p"])
    case("dice_of_sigmoid", "dice(sigmoid(z), y)", {"z": ("logits", randn(10, scale=2)), "y": ("binary", yb10)}, grad=["z"])
    case("tversky_binary", "tversky(p, y, alpha=0.3, beta=0.7)", {"p": ("probs", pb), "y": ("binary", yb10)}, grad=["p"])
    case("tversky_multilabel", "tversky(p, y)", {"p": ("probs", f32(torch.sigmoid(randn(5, 3)))), "y": ("multilabel", binary(5, 3))}, grad=["p"])
    case("focal_tversky_binary", "focal_tversky(p, y)", {"p": ("probs", pb), "y": ("binary", yb10)}, grad=["p"])
    case("focal_tversky_onehot", "focal_tversky(p, y, alpha=0.3, beta=0.7, gamma=1.5)", {"p": ("probs", pc), "y": ("onehot", yo)}, grad=["p"])
    case("gradnorm_value", "gradnorm(mean(square(x)), mean(abs(b)), alpha=1)", {"x": X(), "b": ("real", nz)}, grad=["x", "b"])

    # 2. Multi-task fusion (learnable state at its initial value; `losslab eval` cases set it)
    case("uncertainty_initial", "uncertainty(mean(square(x)), mean(abs(b)))", {"x": X(), "b": ("real", nz)}, grad=["x", "b"])
    case("dwa_value", "dwa(mean(square(x)), 2 * mean(abs(b)), T=3)", {"x": X(), "b": ("real", nz)}, grad=["x", "b"])
    case("pcgrad_value", "pcgrad(mean(square(x)), mean(abs(b)))", {"x": X(), "b": ("real", nz)}, grad=["x", "b"])
    case("mgda_value", "mgda(mean(square(x)), mean(abs(b)), sum(x))", {"x": X(), "b": ("real", nz)}, grad=["x", "b"])

    # 3. Adversarial
    dr = randn(6, scale=1.5)
    df = randn(6, scale=1.5, shift=-0.5)
    for kind in ["ns", "minimax", "hinge", "wgan", "ls"]:
        case(f"gan_g_{kind}", f'gan_g(fake, kind="{kind}")', {"fake": ("critic", away(df, [-1.0, 1.0], 0.05))}, grad=["fake"])
        case(f"gan_d_{kind}", f'gan_d(real, fake, kind="{kind}")', {"real": ("critic", away(dr, [1.0], 0.05)), "fake": ("critic", away(df, [-1.0], 0.05))}, grad=["real", "fake"])
    case("gan_d_sizes_differ", "gan_d(real, fake)", {"real": ("critic", dr), "fake": ("critic", randn(4))}, grad=["real", "fake"])
    for fn in ["ragan_d", "ragan_g", "rsgan_d", "rsgan_g"]:
        case(fn, f"{fn}(real, fake)", {"real": ("critic", dr), "fake": ("critic", df)}, grad=["real", "fake"])

    # 4. Imbalance
    zi = randn(8, 3, scale=1.5)
    yi = labels(8, 3)
    counts = [50.0, 10.0, 3.0]
    case("ce_labels", "ce(z, y)", {"z": ("logits", zi), "y": ("labels", yi)}, grad=["z"])
    case("ce_weight", "ce(z, y, weight=[0.5, 2, 4])", {"z": ("logits", zi), "y": ("labels", yi)}, grad=["z"])
    case("ce_label_smoothing", "ce(z, y, label_smoothing=0.1)", {"z": ("logits", zi), "y": ("labels", yi)}, grad=["z"])
    case("ce_weight_and_smoothing", "ce(z, y, weight=[0.5, 2, 4], label_smoothing=0.2)", {"z": ("logits", zi), "y": ("labels", yi)}, grad=["z"])
    case("ce_probs_target", "ce(z, q)", {"z": ("logits", zi), "q": ("probs", probs(8, 3))}, grad=["z", "q"])
    case("ce_probs_target_weight_smoothing", "ce(z, q, weight=[0.5, 2, 4], label_smoothing=0.1)", {"z": ("logits", zi), "q": ("probs", probs(8, 3))}, grad=["z", "q"])
    case("ce_3d_logits", "ce(z, y)", {"z": ("logits", randn(2, 3, 4)), "y": ("labels", T([[0.0, 3, 1], [2, 2, 0]]))}, grad=["z"])
    case("nll_labels", "nll(log_softmax(z), y)", {"z": ("logits", zi), "y": ("labels", yi)}, grad=["z"])
    case("nll_probs", "nll(log_softmax(z), q)", {"z": ("logits", zi), "q": ("probs", probs(8, 3))}, grad=["z", "q"])
    case("cb_weights", "sum(cb_weights(class_counts) * v)", {"v": ("real", randn(3))}, grad=["v"], context={"class_counts": counts})
    case("cb_weights_beta", "sum(cb_weights(class_counts, beta=0.9) * v)", {"v": ("real", randn(3))}, grad=["v"], context={"class_counts": counts})
    case("inv_freq", "sum(inv_freq(class_counts) * v)", {"v": ("real", randn(3))}, grad=["v"], context={"class_counts": counts})
    case("ce_cb_weights", "ce(z, y, weight=cb_weights(class_counts, beta=0.99))", {"z": ("logits", zi), "y": ("labels", yi)}, grad=["z"], context={"class_counts": counts})
    case("center_initial", "center(f, y)", {"f": ("features", randn(8, 2)), "y": ("labels", yi)}, grad=["f"], context={"num_classes": 3})

    # 5. Regularisation
    wts = away(randn(4, 3), [0.0], 0.05)
    case("l1", "l1(w)", {"w": ("real", wts)}, grad=["w"])
    case("l2", "l2(w)", {"w": ("real", wts)}, grad=["w"])
    case("l2_context_weights", "ce(z, y) + 0.01 * l2(weights)", {"z": ("logits", zi), "y": ("labels", yi)}, grad=["z"], context={"weights": wts.tolist()})

    # 6. Adaptive margins
    zh = away(randn(10, scale=2), [-1.0, 1.0], 0.05)
    yh = binary(10)
    case("hinge_binary", "hinge(z, y)", {"z": ("logits", zh), "y": ("binary", yh)}, grad=["z"])
    case("hinge_signs_margin", "hinge(z, y, margin=0.5)", {"z": ("logits", away(zh, [-0.5, 0.5], 0.05)), "y": ("signs", 2 * yh - 1)}, grad=["z"])
    case("squared_hinge_binary", "squared_hinge(z, y)", {"z": ("logits", zh), "y": ("binary", yh)}, grad=["z"])
    case("squared_hinge_signs", "squared_hinge(z, y, margin=2)", {"z": ("logits", away(zh, [-2.0, 2.0], 0.05)), "y": ("signs", 2 * yh - 1)}, grad=["z"])
    za = randn(5, 4, scale=2)
    ya = binary(5, 4)
    case("asl_default", "asl(z, y)", {"z": ("logits", za), "y": ("multilabel", ya)}, grad=["z"])
    case("asl_gammas", "asl(z, y, gamma_neg=2, gamma_pos=1, clip=0.1)", {"z": ("logits", za), "y": ("multilabel", ya)}, grad=["z"])
    case("asl_no_clip", "asl(z, y, clip=0)", {"z": ("logits", za), "y": ("multilabel", ya)}, grad=["z"])
    case("ldam", "ldam(z, y, class_counts)", {"z": ("logits", f32(torch.tanh(randn(8, 3)))), "y": ("labels", yi)}, grad=["z"], context={"class_counts": counts})
    case("ldam_s1", "ldam(z, y, class_counts, max_margin=0.3, s=1)", {"z": ("logits", zi), "y": ("labels", yi)}, grad=["z"], context={"class_counts": counts})

    # 7. Distillation
    P = probs(6, 4)
    Q = probs(6, 4)
    P0 = P.clone()
    P0[0] = T([0.0, 0.5, 0.5, 0.0])
    P0[1] = T([1.0, 0.0, 0.0, 0.0])
    case("kl", "kl(p, q)", {"p": ("probs", P), "q": ("probs", Q)}, grad=["p", "q"])
    case("kl_exact_zeros", "kl(p, q)", {"p": ("probs", P0), "q": ("probs", Q)}, grad=["q"], note="0·log 0 = 0 rows with exact zeros and ones")
    case("kl_of_softmax", "kl(softmax(t), softmax(s))", {"t": ("teacher", randn(6, 4)), "s": ("logits", randn(6, 4))}, grad=["t", "s"])
    case("js", "js(p, q)", {"p": ("probs", P), "q": ("probs", Q)}, grad=["p", "q"])
    case("js_exact_zeros", "js(p, q)", {"p": ("probs", P0), "q": ("probs", Q)}, grad=["q"])
    s_ = randn(6, 4, scale=2)
    t_ = randn(6, 4, scale=3)
    case("kd_default", "kd(s, t)", {"s": ("logits", s_), "t": ("teacher", t_)}, grad=["s", "t"])
    case("kd_T1", "kd(s, t, T=1)", {"s": ("logits", s_), "t": ("teacher", t_)}, grad=["s", "t"])
    case("hint", "hint(a, b)", {"a": ("features", randn(5, 3)), "b": ("features", randn(5, 3))}, grad=["a", "b"])
    fs = randn(5, 3)
    ft = randn(5, 4)
    case("rkd_distance", "rkd_distance(a, b)", {"a": ("features", fs), "b": ("features", ft)}, grad=["a", "b"])
    case("rkd_angle", "rkd_angle(a, b)", {"a": ("features", fs), "b": ("features", ft)}, grad=["a", "b"])

    # 8. Quantisation (scales are powers of two; no x/s within 0.02 of a rounding tie)
    s8 = 2.0 ** -6
    q8 = f32(away(randn(3, 4, scale=0.5) / s8, [k + 0.5 for k in range(-200, 200)], 0.02) * s8)
    q8[0, 0] = 2.5  # clipped above 127·s
    q8[1, 1] = -2.7  # clipped below −128·s
    case("fakequant_int8_scale", "sum(fakequant(x, scale=0.015625) * r)", {"x": ("real", q8), "r": R}, grad=["x"])
    q4 = f32(away(randn(3, 4, scale=0.6) / 0.125, [k + 0.5 for k in range(-40, 40)], 0.02) * 0.125)
    case("fakequant_int4_scale", "sum(fakequant(x, bits=4, scale=0.125) * r)", {"x": ("real", q4), "r": R}, grad=["x"])
    q_obs = randn(3, 4)
    case("fakequant_observer", "sum(fakequant(x, bits=4) * r)", {"x": ("real", q_obs), "r": R}, grad=["x"])
    ties = T([[0.5, 1.5, 2.5, -0.5], [-1.5, -2.5, 3.5, 0.25], [7.5, -8.5, 0.75, 4.5]]) * 0.125
    case("fakequant_round_ties", "sum(fakequant(x, bits=8, scale=0.125) * r)", {"x": ("real", ties), "r": R}, grad=["x"], note="half to even")
    case("quant_noise_eval", "sum(quant_noise(x, bits=4) * r)", {"x": ("real", q_obs), "r": R}, grad=["x"], note="outside training it is fakequant")

    # Base losses
    xr = randn(4, 3)
    tr = randn(4, 3)
    rr = away(xr - tr, [0.0], 0.05) + tr
    case("bce", "bce(z, y)", {"z": ("logits", zm), "y": ("multilabel", ym)}, grad=["z"])
    case("bce_soft_targets", "bce(z, y)", {"z": ("logits", zm), "y": ("probs", probs(4, 3))}, grad=["z", "y"])
    case("mse", "mse(x, t)", {"x": ("target", xr), "t": ("target", tr)}, grad=["x", "t"])
    case("mse_broadcast", "mse(x, t)", {"x": ("target", xr), "t": ("target", randn(3))}, grad=["x", "t"])
    case("mae", "mae(x, t)", {"x": ("target", rr), "t": ("target", tr)}, grad=["x", "t"])
    hx = f32(tr + T([[0.3, -2.0, 1.7], [-0.2, 0.8, -1.4], [2.5, 0.1, -0.6], [-3.0, 1.2, 0.45]]))
    case("huber", "huber(x, t)", {"x": ("target", hx), "t": ("target", tr)}, grad=["x", "t"])
    case("huber_delta", "huber(x, t, delta=0.5)", {"x": ("target", hx), "t": ("target", tr)}, grad=["x"])
    case("smooth_l1", "smooth_l1(x, t, beta=0.5)", {"x": ("target", hx), "t": ("target", tr)}, grad=["x", "t"])
    case("smooth_l1_beta0", "smooth_l1(x, t, beta=0)", {"x": ("target", rr), "t": ("target", tr)}, grad=["x"])
    case("log_cosh", "log_cosh(x, t)", {"x": ("target", hx), "t": ("target", tr)}, grad=["x", "t"])
    case("quantile", "quantile(x, t, q=0.9)", {"x": ("target", rr), "t": ("target", tr)}, grad=["x", "t"])
    d = away(uniform(0.1, 2.0, 8), [1.0], 0.05)
    case("contrastive", "contrastive(d, y)", {"d": ("real", d), "y": ("binary", binary(8))}, grad=["d"])
    a_, p_, n_ = randn(6, 3), randn(6, 3), randn(6, 3)
    case("triplet", "triplet(a, p, n)", {"a": ("features", a_), "p": ("features", p_), "n": ("features", n_)}, grad=["a", "p", "n"])
    case("triplet_margin", "triplet(a, p, n, margin=0.3)", {"a": ("features", a_), "p": ("features", p_), "n": ("features", n_)}, grad=["a", "p", "n"])
    case("infonce", "infonce(q, k)", {"q": ("features", randn(5, 3)), "k": ("features", randn(5, 3))}, grad=["q", "k"])
    case("infonce_tau", "infonce(q, k, tau=0.5)", {"q": ("features", randn(5, 3)), "k": ("features", randn(5, 3))}, grad=["q", "k"])

    # Extreme inputs: every value here is finite in exact arithmetic, and so are its gradients.
    big = T([30.0, -30.0, 30.0, -30.0, 12.0, -12.0])
    ybig = T([1.0, 0.0, 0.0, 1.0, 1.0, 0.0])
    huge = T([100.0, -100.0, 100.0, -100.0])
    yhuge = T([1.0, 0.0, 0.0, 1.0])
    case("extreme_bce_30", "bce(z, y)", {"z": ("logits", big), "y": ("binary", ybig)}, grad=["z"], rtol=1e-3)
    case("extreme_bce_100", "bce(z, y)", {"z": ("logits", huge), "y": ("binary", yhuge)}, grad=["z"], rtol=1e-3)
    case("extreme_log_sigmoid_100", "sum(log_sigmoid(z))", {"z": ("logits", huge)}, grad=["z"], rtol=1e-3)
    case("extreme_softplus_100", "sum(softplus(z))", {"z": ("logits", huge)}, grad=["z"], rtol=1e-3)
    case("extreme_focal_30_gamma_half", "focal(z, y, gamma=0.5)", {"z": ("logits", big), "y": ("binary", ybig)}, grad=["z"], rtol=1e-3)
    BUILTIN_CASES[-1]["note"] = "the naive (1 − p_t)^γ gives NaN gradients at |z| ≥ 17 in float32"
    # At ±100 float64's own 1 − p_t rounds to 0: the reference uses the log-space form, computed separately.
    focal_logspace_case("extreme_focal_100_gamma_half", huge, yhuge, 0.5)
    focal_logspace_case("extreme_focal_100_gamma2", huge, yhuge, 2.0)
    case("extreme_focal_softmax_30", "focal(z, y, gamma=0.5)", {"z": ("logits", T([[30.0, -30.0, 0.0], [-30.0, 30.0, 5.0], [0.0, 30.0, -30.0]])), "y": ("labels", T([0.0, 0.0, 1.0]))}, grad=["z"], rtol=1e-3)
    case("extreme_focal_softmax_100", "focal(z, y, gamma=2)", {"z": ("logits", T([[100.0, -100.0, 0.0], [-100.0, 100.0, 5.0]])), "y": ("labels", T([0.0, 0.0]))}, grad=["z"], rtol=1e-3)
    case("extreme_ce_100", "ce(z, y)", {"z": ("logits", T([[100.0, -100.0, 0.0], [-100.0, 100.0, 5.0]])), "y": ("labels", T([0.0, 0.0]))}, grad=["z"], rtol=1e-3)
    case("extreme_log_softmax_100", "sum(log_softmax(z) * r)", {"z": ("logits", T([[100.0, -100.0, 0.0], [-100.0, 100.0, 5.0]])), "r": ("real", randn(2, 3))}, grad=["z"], rtol=1e-3)
    case("extreme_gan_g_minimax_30", 'gan_g(fake, kind="minimax")', {"fake": ("critic", T([-30.0, -30.0, 30.0, -12.0]))}, grad=["fake"], rtol=1e-3)
    case("extreme_gan_d_100", "gan_d(real, fake)", {"real": ("critic", huge), "fake": ("critic", -huge)}, grad=["real", "fake"], rtol=1e-3)
    case("extreme_kd_30", "kd(s, t)", {"s": ("logits", T([[30.0, -30.0, 0.0], [-30.0, 30.0, 2.0]])), "t": ("teacher", T([[-30.0, 30.0, 0.0], [30.0, 0.0, -30.0]]))}, grad=["s", "t"], rtol=1e-3)
    case("extreme_asl_30", "asl(z, y)", {"z": ("logits", T([[30.0, -30.0], [-30.0, 30.0]])), "y": ("multilabel", T([[1.0, 0.0], [1.0, 0.0]]))}, grad=["z"], rtol=1e-3)
    case("extreme_hinge_100", "hinge(z, y)", {"z": ("logits", huge), "y": ("binary", yhuge)}, grad=["z"], rtol=1e-3)
    res = T([100.0, -100.0, 0.3, -50.0])
    case("extreme_log_cosh_residual_100", "log_cosh(x, t)", {"x": ("target", res), "t": ("target", T([0.0, 0.0, 0.0, 0.0]))}, grad=["x"], rtol=1e-3)
    case("extreme_huber_residual_100", "huber(x, t)", {"x": ("target", res), "t": ("target", T([0.0, 0.0, 0.0, 0.0]))}, grad=["x"], rtol=1e-3)
    case("extreme_smooth_l1_residual_100", "smooth_l1(x, t)", {"x": ("target", res), "t": ("target", T([0.0, 0.0, 0.0, 0.0]))}, grad=["x"], rtol=1e-3)
    case("extreme_dice_probs_0_1", "dice(p, y)", {"p": ("probs", T([0.0, 1.0, 1.0, 0.0, 0.5])), "y": ("binary", T([0.0, 1.0, 0.0, 1.0, 1.0]))}, grad=["p"])
    case("extreme_tversky_probs_0_1", "tversky(p, y, alpha=0.3, beta=0.7)", {"p": ("probs", T([0.0, 1.0, 1.0, 0.0, 0.5])), "y": ("binary", T([0.0, 1.0, 0.0, 1.0, 1.0]))}, grad=["p"])
    case("extreme_kl_probs_0_1", "kl(p, q)", {"p": ("probs", T([[1.0, 0.0, 0.0], [0.0, 0.5, 0.5]])), "q": ("probs", T([[0.5, 0.5, 0.0], [0.2, 0.3, 0.5]]))}, grad=["q"],
         note="q = 0 where p = 0 costs nothing")
    # Probabilities carry their exact logs: log(softmax), log(sigmoid), log(1 - sigmoid), kl of softmaxes.
    zz = T([[100.0, -100.0, 0.0], [-30.0, 30.0, 5.0]])
    case("extreme_log_of_softmax_100", "sum(log(softmax(z)) * r)", {"z": ("logits", zz), "r": ("real", randn(2, 3))}, grad=["z"], rtol=1e-3)
    case("extreme_log_of_sigmoid_100", "sum(log(sigmoid(z)) + log(1 - sigmoid(z)))", {"z": ("logits", huge)}, grad=["z"], rtol=1e-3,
         py_expr="sum(log_sigmoid(z) + log_sigmoid(-z))", note="float64's own 1 − σ(100) is 0; the reference uses log σ(−z)")
    case("extreme_kl_of_softmax_100", "kl(softmax(s), softmax(t))", {"s": ("logits", zz), "t": ("logits", T([[0.0, 100.0, -100.0], [30.0, -30.0, 0.0]]))}, grad=["s", "t"], rtol=1e-3)
    case("extreme_js_of_softmax_100", "js(softmax(s), softmax(t))", {"s": ("logits", zz), "t": ("logits", T([[0.0, 100.0, -100.0], [30.0, -30.0, 0.0]]))}, grad=["s", "t"], rtol=1e-3)
    case("extreme_bce_soft_targets_0_1", "bce(z, y)", {"z": ("logits", huge), "y": ("probs", T([1.0, 0.0, 1.0, 0.0]))}, grad=["z"], rtol=1e-3)


def focal_logspace_case(name, z, y, gamma):
    zz = z.clone().requires_grad_(True)
    v = sigmoid_focal_logspace_ref(zz, y, gamma, 0.25)
    (g,) = torch.autograd.grad(v, [zz])
    BUILTIN_CASES.append({
        "name": name,
        "expr": f"focal(z, y, gamma={gamma})",
        "inputs": {"z": {"role": "logits", "value": z.tolist()}, "y": {"role": "binary", "value": y.tolist()}},
        "grad": ["z"],
        "value": float(v),
        "grads": {"z": g.tolist()},
        "rtol": 1e-3,
        "atol": 1e-5,
        "note": "reference in log space: float64's own 1 − p_t rounds to 0 at |z| = 100",
    })


def sigmoid_focal_logspace_ref(z, y, gamma, alpha):
    ce = F.binary_cross_entropy_with_logits(z, y, reduction="none")
    loss = ce * torch.exp(gamma * F.logsigmoid(-(2 * y - 1) * z))
    return ((alpha * y + (1 - alpha) * (1 - y)) * loss).mean()


# ---------------------------------------------------------------------------------------------------
# Independent cases of the eight families, run through `losslab eval` (see cases/*.loss)

FAMILY_CASES = {}


def family_case(family, name, loss, inputs, fn, grad=(), params=None, context=None, learn=None, rtol=1e-4, atol=1e-5, note=None):
    """`fn(**tensors)` computes the loss in float64 with plain PyTorch (never torch_builtins)."""
    leaves = {}
    for n, (r, v) in {**inputs, **{k: ("learn", v) for k, v in (learn or {}).items()}}.items():
        t = T(v).clone()
        if r not in DATA_ROLES:
            t.requires_grad_(True)
        leaves[n] = t
    value = fn(**leaves)
    wrt = [leaves[n] for n in grad]
    gs = torch.autograd.grad(value, wrt, allow_unused=True) if wrt else []
    expected = {"value": float(value), "grad": {n: jsonable(torch.zeros_like(x) if g is None else g) for n, g, x in zip(grad, gs, wrt)}}
    assert math.isfinite(expected["value"]), name
    c = {"name": name, "file": f"{family}.loss", "loss": loss, "inputs": {n: jsonable(v) for n, (r, v) in inputs.items()}, "grad": list(grad), "expected": expected, "rtol": rtol, "atol": atol}
    if params:
        c["params"] = params
    if context:
        c["context"] = context
    if learn:
        c["learn"] = {k: jsonable(v) for k, v in learn.items()}
    if note:
        c["note"] = note
    FAMILY_CASES.setdefault(family, []).append(c)


def family_cases():
    # 1. Dynamic weighting ------------------------------------------------------------------------
    z = randn(12, scale=2.5)
    y = binary(12)

    def tv_focal(gamma, alpha):
        def f(z, y):
            p = torch.sigmoid(z)
            ce = F.binary_cross_entropy_with_logits(z, y, reduction="none")
            p_t = p * y + (1 - p) * (1 - y)
            loss = ce * ((1 - p_t) ** gamma)
            if alpha >= 0:
                loss = (alpha * y + (1 - alpha) * (1 - y)) * loss
            return loss.mean()
        return f

    fam = "dynamic-weighting"
    family_case(fam, "focal_binary_sigmoid", "focal_builtin", {"z": ("logits", z), "y": ("binary", y)}, tv_focal(2.0, 0.25), grad=["z"])
    family_case(fam, "focal_binary_gamma1_alpha_half", "focal_builtin", {"z": ("logits", z), "y": ("binary", y)}, tv_focal(1.0, 0.5), grad=["z"], params={"gamma": 1, "alpha": 0.5})
    zw = randn(12, scale=1.5)  # the written-out form takes log σ in float32: moderate logits only
    family_case(fam, "focal_written_out", "focal_bin", {"z": ("logits", zw), "y": ("binary", y)}, tv_focal(2.0, 0.25), grad=["z"])
    zx = T([30.0, -30.0, 30.0, -30.0, 3.0, -1.5])
    yx = T([1.0, 0.0, 0.0, 1.0, 1.0, 0.0])
    family_case(fam, "focal_binary_gamma_half_stable", "focal_builtin", {"z": ("logits", zx), "y": ("binary", yx)}, tv_focal(0.5, 0.25), grad=["z"], params={"gamma": 0.5}, rtol=1e-3)
    zc = randn(7, 4, scale=2)
    yc = labels(7, 4)

    def softmax_focal(gamma):
        def f(z, y):
            logp = torch.log_softmax(z, 1).gather(1, y.long()[:, None])[:, 0]
            return (-((1 - logp.exp()) ** gamma) * logp).mean()
        return f

    family_case(fam, "focal_multiclass_softmax", "focal_softmax", {"z": ("logits", zc), "y": ("labels", yc)}, softmax_focal(2.0), grad=["z"])
    pm = f32(torch.sigmoid(randn(16, scale=2)))
    ym = binary(16)

    def dice_global(p, y, smooth=1.0):
        return 1 - (2 * (p * y).sum() + smooth) / (p.sum() + y.sum() + smooth)

    def tversky_fn(a, b, s=1.0, gamma=None):
        def f(p, y):
            tp = (p * y).sum()
            fp = (p * (1 - y)).sum()
            fn = ((1 - p) * y).sum()
            ti = (tp + s) / (tp + a * fp + b * fn + s)
            return (1 - ti) if gamma is None else (1 - ti) ** gamma
        return f

    family_case(fam, "dice_binary", "dice_mask", {"p": ("probs", pm), "y": ("binary", ym)}, dice_global, grad=["p"])
    family_case(fam, "tversky_recall", "tversky_recall", {"p": ("probs", pm), "y": ("binary", ym)}, tversky_fn(0.3, 0.7), grad=["p"])
    family_case(fam, "focal_tversky", "focal_tversky_default", {"p": ("probs", pm), "y": ("binary", ym)}, tversky_fn(0.7, 0.3, gamma=0.75), grad=["p"])
    zs = randn(6, 3, scale=2)
    ys = labels(6, 3)

    def ce_dice(z, y):
        # MONAI DiceCELoss-style: CE (mean) + soft Dice per class, pooled over the batch, averaged.
        p = torch.softmax(z, 1)
        t = F.one_hot(y.long(), 3).to(D)
        dice = 1 - (2 * (p * t).sum(0) + 1) / (p.sum(0) + t.sum(0) + 1)
        return F.cross_entropy(z, y.long()) + dice.mean()

    family_case(fam, "ce_plus_dice_multiclass", "ce_dice", {"z": ("logits", zs), "y": ("labels", ys)}, ce_dice, grad=["z"])

    # 2. Multi-task fusion ------------------------------------------------------------------------
    fam = "multi-task"
    r1, t1 = randn(8), randn(8)
    zc2, yc2 = randn(8, 3), labels(8, 3)

    def mtl_parts(r, t, z, y):
        return F.mse_loss(r, t), F.cross_entropy(z, y.long())

    def uw(r, t, z, y, s1, s2):
        l1, l2 = mtl_parts(r, t, z, y)
        return torch.exp(-s1) * l1 + s1 + torch.exp(-s2) * l2 + s2

    ins = {"r": ("target", r1), "t": ("target", t1), "z": ("logits", zc2), "y": ("labels", yc2)}
    family_case(fam, "uncertainty_weighting", "uw_builtin", ins, uw, grad=["r", "z", "s1", "s2"], learn={"s1": T(-0.5), "s2": T(0.3)})
    family_case(fam, "uncertainty_written_out", "uw_written", ins, uw, grad=["r", "z", "s1", "s2"], learn={"s1": T(0.7), "s2": T(-1.2)})
    family_case(fam, "uncertainty_at_init", "uw_builtin", ins, lambda r, t, z, y: uw(r, t, z, y, T(0.0), T(0.0)), grad=["r", "z"])

    def weighted(r, t, z, y):
        l1, l2 = mtl_parts(r, t, z, y)
        return 0.3 * l1 + 0.7 * l2

    family_case(fam, "weighted_sum", "weighted", ins, weighted, grad=["r", "t", "z"])
    family_case(fam, "dwa_outside_trial", "dwa_two", ins, lambda r, t, z, y: sum(mtl_parts(r, t, z, y)), grad=["r", "z"])
    family_case(fam, "pcgrad_outside_trial", "pcgrad_two", ins, lambda r, t, z, y: sum(mtl_parts(r, t, z, y)), grad=["r", "z"])
    family_case(fam, "mgda_outside_trial", "mgda_two", ins, lambda r, t, z, y: sum(mtl_parts(r, t, z, y)) / 2, grad=["r", "z"])

    # 3. Adversarial ------------------------------------------------------------------------------
    fam = "adversarial"
    dr = away(randn(8, scale=1.5, shift=0.5), [1.0, -1.0], 0.05)
    df = away(randn(8, scale=1.5, shift=-0.5), [1.0, -1.0], 0.05)
    gd = {"real": ("critic", dr), "fake": ("critic", df)}
    family_case(fam, "gan_d_bce", "d_ns", gd, lambda real, fake: F.binary_cross_entropy_with_logits(real, torch.ones_like(real)) + F.binary_cross_entropy_with_logits(fake, torch.zeros_like(fake)), grad=["real", "fake"])
    family_case(fam, "gan_d_hinge", "d_hinge", gd, lambda real, fake: torch.relu(1 - real).mean() + torch.relu(1 + fake).mean(), grad=["real", "fake"])
    family_case(fam, "gan_d_wgan", "d_wgan", gd, lambda real, fake: fake.mean() - real.mean(), grad=["real", "fake"])
    family_case(fam, "gan_d_ls", "d_ls", gd, lambda real, fake: 0.5 * ((real - 1) ** 2).mean() + 0.5 * (fake ** 2).mean(), grad=["real", "fake"])
    family_case(fam, "gan_g_nonsaturating", "g_ns", {"fake": ("critic", df)}, lambda fake: F.binary_cross_entropy_with_logits(fake, torch.ones_like(fake)), grad=["fake"])
    sat = T([-30.0, -30.0, -12.0, 2.0])
    family_case(fam, "gan_g_minimax_saturating", "g_minimax", {"fake": ("critic", sat)}, lambda fake: -F.binary_cross_entropy_with_logits(fake, torch.zeros_like(fake)), grad=["fake"], rtol=1e-3,
                note="the gradient at d_fake = −30 is −σ(−30)/N ≈ −2.3e−14: the saturation the minimax game is known for")
    family_case(fam, "gan_g_hinge_wgan", "g_hinge", {"fake": ("critic", df)}, lambda fake: -fake.mean(), grad=["fake"])

    def ragan_d(real, fake):
        return 0.5 * (F.binary_cross_entropy_with_logits(real - fake.mean(), torch.ones_like(real)) + F.binary_cross_entropy_with_logits(fake - real.mean(), torch.zeros_like(fake)))

    family_case(fam, "ragan_d", "d_ragan", gd, ragan_d, grad=["real", "fake"])
    family_case(fam, "rsgan_d", "d_rsgan", gd, lambda real, fake: F.binary_cross_entropy_with_logits(real - fake, torch.ones_like(real)), grad=["real", "fake"])
    xr = randn(6, 2)
    xf = randn(6, 2, shift=0.5)
    a = uniform(0, 1, 6, 1)
    W = randn(2, 5)
    v = randn(5, 1)

    xh = f32(a * xr + (1 - a) * xf)  # the interpolates x̂ = a·x_r + (1 − a)·x_f, one a per sample

    def wgan_gp(xh, W, v):
        d = torch.tanh(xh @ W) @ v
        (g,) = torch.autograd.grad(d.sum(), xh, create_graph=True)
        return 10 * ((g.norm(dim=1) - 1) ** 2).mean()

    family_case(fam, "wgan_gp_penalty", "wgan_gp", {"xh": ("real", xh), "W": ("real", W), "v": ("real", v)}, wgan_gp, grad=["xh", "W", "v"])

    def r1(x, W, v):
        d = F.softplus(x @ W) @ v
        (g,) = torch.autograd.grad(d.sum(), x, create_graph=True)
        return 0.5 * (g ** 2).sum(1).mean()

    family_case(fam, "r1_penalty", "r1", {"x": ("real", xr), "W": ("real", W), "v": ("real", v)}, r1, grad=["x", "W", "v"])

    # 4. Imbalance --------------------------------------------------------------------------------
    fam = "imbalance"
    zi = randn(10, 3, scale=1.5)
    yi = T([0.0, 0, 0, 0, 0, 0, 1, 1, 2, 0])
    counts = [900.0, 80.0, 20.0]

    def inv_w():
        n = T(counts)
        return n.sum() / (3 * n)

    def cb_w(beta):
        n = T(counts)
        e = (1 - beta ** n) / (1 - beta)
        w = 1 / e
        return w / w.sum() * 3

    zy = {"z": ("logits", zi), "y": ("labels", yi)}
    family_case(fam, "weighted_ce_inverse_frequency", "ce_inverse_frequency", zy, lambda z, y: F.cross_entropy(z, y.long(), weight=inv_w()), grad=["z"], context={"class_counts": counts})
    family_case(fam, "class_balanced_ce", "ce_class_balanced", zy, lambda z, y: F.cross_entropy(z, y.long(), weight=cb_w(0.999)), grad=["z"], context={"class_counts": counts})
    family_case(fam, "label_smoothing_ce", "ce_smoothed", zy, lambda z, y: F.cross_entropy(z, y.long(), label_smoothing=0.1), grad=["z"])
    family_case(fam, "weighted_smoothed_ce", "ce_weighted_smoothed", zy, lambda z, y: F.cross_entropy(z, y.long(), weight=inv_w(), label_smoothing=0.2), grad=["z"], context={"class_counts": counts})
    family_case(fam, "logit_adjusted_ce", "ce_logit_adjusted", zy, lambda z, y: F.cross_entropy(z + torch.log(T(counts) / sum(counts)), y.long()), grad=["z"], context={"class_counts": counts})
    feats = randn(10, 2)
    cents = randn(3, 2)
    family_case(fam, "center_loss", "center_only", {"f": ("features", feats), "y": ("labels", yi)},
                lambda f, y, centers: (0.5 * ((f - centers[y.long()]) ** 2).sum(1)).mean(), grad=["f", "centers"], context={"num_classes": 3}, learn={"centers": cents})

    def cb_focal(z, y):
        # CB-focal (Cui et al.): class-balanced weight of the true class times the softmax focal term.
        w = cb_w(0.99)[y.long()]
        logp = torch.log_softmax(z, 1).gather(1, y.long()[:, None])[:, 0]
        return (-w * (1 - logp.exp()) ** 2 * logp).mean()

    family_case(fam, "class_balanced_focal_softmax", "cb_focal", zy, cb_focal, grad=["z"], context={"class_counts": counts})

    # 5. Regularisation ---------------------------------------------------------------------------
    fam = "regularisation"
    zr = randn(6, 3)
    yr = labels(6, 3)
    w_ = away(randn(3, 4), [0.0], 0.05)
    family_case(fam, "l1_l2_weight_penalty", "ce_l1_l2", {"z": ("logits", zr), "y": ("labels", yr), "w": ("real", w_)},
                lambda z, y, w: F.cross_entropy(z, y.long()) + 1e-3 * w.abs().sum() + 1e-2 * (w ** 2).sum(), grad=["z", "w"])
    z1, z2 = randn(6, 4), randn(6, 4)
    y4 = labels(6, 4)

    def rdrop(z1, z2, y):
        p1 = torch.log_softmax(z1, 1)
        p2 = torch.log_softmax(z2, 1)
        kl12 = F.kl_div(p2, p1, log_target=True, reduction="batchmean")
        kl21 = F.kl_div(p1, p2, log_target=True, reduction="batchmean")
        return 0.5 * (F.cross_entropy(z1, y.long()) + F.cross_entropy(z2, y.long())) + 1.0 * 0.5 * (kl12 + kl21)

    family_case(fam, "rdrop_symmetric_kl", "rdrop", {"z1": ("logits", z1), "z2": ("logits2", z2), "y": ("labels", y4)}, rdrop, grad=["z1", "z2"])
    xg = randn(6, 3)
    Wg = randn(3, 4)

    def double_backprop(x, W, y):
        ce = F.cross_entropy(x @ W, y.long())
        (g,) = torch.autograd.grad(ce, x, create_graph=True)
        return ce + 0.1 * (g ** 2).sum(1).mean()

    family_case(fam, "input_gradient_penalty", "double_backprop", {"x": ("features", xg), "W": ("real", Wg), "y": ("labels", y4)}, double_backprop, grad=["x", "W"])
    family_case(fam, "weights_context_l2", "ce_weights_l2", {"z": ("logits", zr), "y": ("labels", yr)},
                lambda z, y: F.cross_entropy(z, y.long()) + 5e-3 * (w_ ** 2).sum(), grad=["z"], context={"weights": w_.tolist()})

    # 6. Adaptive margins -------------------------------------------------------------------------
    fam = "adaptive-margin"
    zh = away(randn(10, scale=2), [-1.0, 1.0], 0.05)
    yh = binary(10)
    family_case(fam, "hinge_binary", "hinge_bin", {"z": ("logits", zh), "y": ("binary", yh)}, lambda z, y: torch.relu(1 - (2 * y - 1) * z).mean(), grad=["z"])
    family_case(fam, "squared_hinge_signs", "sq_hinge_signs", {"z": ("logits", zh), "y": ("signs", 2 * yh - 1)}, lambda z, y: (torch.relu(1 - y * z) ** 2).mean(), grad=["z"])
    zcs = away(randn(6, 4, scale=1.5), [], 0.0)
    ycs = labels(6, 4)

    def crammer_singer(z, y):
        zy = z.gather(1, y.long()[:, None])[:, 0]
        other = z.masked_fill(F.one_hot(y.long(), 4).bool(), -1e9).max(1).values
        return torch.relu(1 + other - zy).mean()

    family_case(fam, "categorical_hinge_crammer_singer", "crammer_singer", {"z": ("logits", zcs), "y": ("labels", ycs)}, crammer_singer, grad=["z"])
    za = randn(5, 4, scale=2)
    ya = binary(5, 4)

    def asl(z, y, gn=4.0, gp=0.0, clip=0.05):
        # Alibaba-MIIL AsymmetricLoss with log-sigmoid logs and the mean over elements.
        xs_pos = torch.sigmoid(z)
        xs_neg = (1 - xs_pos + clip).clamp(max=1)
        loss = y * F.logsigmoid(z) + (1 - y) * torch.log(xs_neg)
        pt = xs_pos * y + xs_neg * (1 - y)
        return -(loss * torch.pow(1 - pt, gp * y + gn * (1 - y))).mean()

    family_case(fam, "asl_multilabel", "asl_default", {"z": ("logits", za), "y": ("multilabel", ya)}, asl, grad=["z"])
    zl = f32(torch.tanh(randn(8, 3)))
    yl = T([0.0, 0, 0, 1, 1, 2, 0, 1])

    def ldam(z, y):
        m = 1.0 / torch.sqrt(torch.sqrt(T(counts)))
        m = m * (0.5 / m.max())
        idx = F.one_hot(y.long(), 3).bool()
        out = torch.where(idx, z - m[y.long()][:, None], z)
        return F.cross_entropy(30 * out, y.long())

    family_case(fam, "ldam", "ldam_default", {"z": ("logits", zl), "y": ("labels", yl)}, ldam, grad=["z"], context={"class_counts": counts})

    def cosface(z, y):
        return F.cross_entropy(30 * (z - 0.35 * F.one_hot(y.long(), 3)), y.long())

    family_case(fam, "cosface_written_out", "cosface", {"z": ("logits", zl), "y": ("labels", yl)}, cosface, grad=["z"])

    # 7. Distillation -----------------------------------------------------------------------------
    fam = "distillation"
    s_ = randn(6, 5, scale=2)
    t_ = randn(6, 5, scale=3)
    y5 = labels(6, 5)

    def kd(s, t, T_=4.0):
        return F.kl_div(F.log_softmax(s / T_, 1), F.softmax(t / T_, 1), reduction="batchmean") * T_ * T_

    st = {"s": ("logits", s_), "t": ("teacher", t_)}
    family_case(fam, "kd_kl_temperature", "kd_default", st, kd, grad=["s", "t"])
    family_case(fam, "kd_temperature_override", "kd_default", st, lambda s, t: kd(s, t, 2.0), grad=["s"], params={"T": 2})
    family_case(fam, "kd_hinton_combined", "kd_hinton", {**st, "y": ("labels", y5)}, lambda s, t, y: 0.5 * F.cross_entropy(s, y.long()) + 0.5 * kd(s, t), grad=["s", "t"])
    family_case(fam, "kd_detached_teacher", "kd_detached", st, lambda s, t: kd(s, t.detach()), grad=["s", "t"])
    p_ = probs(6, 5)
    q_ = probs(6, 5)
    family_case(fam, "kl_div_batchmean", "kl_probs", {"p": ("probs", p_), "q": ("probs", q_)}, lambda p, q: F.kl_div(q.log(), p, reduction="batchmean"), grad=["p", "q"])

    def js(p, q):
        m = 0.5 * (p + q)
        return 0.5 * F.kl_div(m.log(), p, reduction="batchmean") + 0.5 * F.kl_div(m.log(), q, reduction="batchmean")

    family_case(fam, "js_div_batchmean", "js_probs", {"p": ("probs", p_), "q": ("probs", q_)}, js, grad=["p", "q"])
    hs, ht = randn(5, 4), randn(5, 4)
    family_case(fam, "fitnets_hint_mse", "hint_mse", {"fs": ("features", hs), "ft": ("features", ht)}, lambda fs, ft: F.mse_loss(fs, ft), grad=["fs", "ft"])
    es, et = randn(6, 3), randn(6, 5)

    def pdist(e):
        sq = (e ** 2).sum(1)
        d = (sq[:, None] + sq[None, :] - 2 * e @ e.t()).clamp(min=1e-12).sqrt()
        return d * (1 - torch.eye(len(e)))

    def rkd_d(fs, ft):
        t = pdist(ft)
        t = t / t[t > 0].mean()
        s = pdist(fs)
        s = s / s[s > 0].mean()
        return F.smooth_l1_loss(s, t)

    def rkd_a(fs, ft):
        mask = (1 - torch.eye(len(fs)))[:, :, None]

        def ang(e):
            d = e[None, :, :] - e[:, None, :]
            n = F.normalize(d, p=2, dim=2) * mask
            return torch.bmm(n, n.transpose(1, 2)).reshape(-1)

        return F.smooth_l1_loss(ang(fs), ang(ft))

    ef = {"fs": ("features", es), "ft": ("features", et)}
    family_case(fam, "rkd_distance", "rkd_d", ef, rkd_d, grad=["fs", "ft"])
    family_case(fam, "rkd_angle", "rkd_a", ef, rkd_a, grad=["fs", "ft"], note="the diagonal (degenerate) directions are masked: same value as lenscloth/RKD, exact gradient")
    family_case(fam, "rkd_combined", "rkd_both", ef, lambda fs, ft: 25 * rkd_d(fs, ft) + 50 * rkd_a(fs, ft), grad=["fs"])

    # 8. Quantisation -----------------------------------------------------------------------------
    fam = "quantisation"
    s8 = 2.0 ** -6
    w8 = f32(away(randn(4, 4, scale=0.6) / s8, [k + 0.5 for k in range(-300, 300)], 0.0136) * s8)
    w8[0, 0] = 2.2
    w8[2, 3] = -2.4
    rq = randn(4, 4)
    family_case(fam, "fake_quant_ste_int8", "fq_int8", {"w": ("real", w8), "r": ("real", rq)},
                lambda w, r: (torch.fake_quantize_per_tensor_affine(w, s8, 0, -128, 127) * r).sum(), grad=["w", "r"],
                note="two weights clipped: gradient 0 there")
    w4 = f32(away(randn(4, 4, scale=0.5) / 0.125, [k + 0.5 for k in range(-30, 30)], 0.0136) * 0.125)
    family_case(fam, "fake_quant_ste_int4", "fq_int4", {"w": ("real", w4), "r": ("real", rq)},
                lambda w, r: (torch.fake_quantize_per_tensor_affine(w, 0.125, 0, -8, 7) * r).sum(), grad=["w"])
    ties = T([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 3.5, 6.5]) * 0.25
    family_case(fam, "fake_quant_round_ties", "fq_ties", {"w": ("real", ties), "r": ("real", randn(8))},
                lambda w, r: (torch.fake_quantize_per_tensor_affine(w, 0.25, 0, -128, 127) * r).sum(), grad=["w"], note="round half to even (JavaScript's Math.round would differ)")
    wo = randn(3, 5)

    def observer_q(w, r):
        s = float(w.detach().abs().max()) / 7
        return (torch.fake_quantize_per_tensor_affine(w, s, 0, -8, 7) * r).sum()

    family_case(fam, "fake_quant_observer_int4", "fq_observer", {"w": ("real", wo), "r": ("real", randn(3, 5))}, observer_q, grad=["w"])
    xq = randn(6, 3)
    Wq = f32(away(randn(3, 4, scale=0.5) / s8, [k + 0.5 for k in range(-300, 300)], 0.0136) * s8)
    yq = labels(6, 4)

    def joint(x, W, y):
        sW = float(W.detach().abs().max()) / 127
        Wq_ = torch.fake_quantize_per_tensor_affine(W, sW, 0, -128, 127)
        return F.cross_entropy(x @ W, y.long()) + 0.5 * F.cross_entropy(x @ Wq_, y.long())

    family_case(fam, "joint_fp32_int8_ce", "joint_fp_int8", {"x": ("features", xq), "W": ("real", Wq), "y": ("labels", yq)}, joint, grad=["x", "W"])
    family_case(fam, "quant_noise_outside_training", "qnoise_eval", {"w": ("real", wo), "r": ("real", randn(3, 5))},
                lambda w, r: (torch.fake_quantize_per_tensor_affine(w, float(w.detach().abs().max()) / 127, 0, -128, 127) * r).sum(), grad=["w"],
                note="outside training steps quant_noise is fakequant (the deployed behaviour)")

    def lsq(w, s):
        # zhutmost/lsq-net LsqQuan.forward without the gradient scale: clamp, round with STE, rescale.
        # (torch._fake_quantize_learnable_per_tensor_affine computes the same but only in float32.)
        v = torch.clamp(w / s, -8, 7)
        v = v + (torch.round(v) - v).detach()
        return ((v * s - w) ** 2).mean()

    family_case(fam, "lsq_quantizer_step", "lsq", {"w": ("real", w4)}, lsq, grad=["w", "s"], learn={"s": T(0.15)},
                note="a given scale gets LSQ's gradient (Esser et al. 2020) without the 1/sqrt(N·Q_P) factor")

    # Base losses ---------------------------------------------------------------------------------
    fam = "base"
    zb = randn(10, scale=2)
    yb = binary(10)
    family_case(fam, "bce_with_logits", "bce_builtin", {"z": ("logits", zb), "y": ("binary", yb)}, lambda z, y: F.binary_cross_entropy_with_logits(z, y), grad=["z"])
    zb100 = T([100.0, -100.0, 100.0, -100.0, 0.5])
    yb100 = T([1.0, 0.0, 0.0, 1.0, 1.0])
    family_case(fam, "bce_logits_100", "bce_builtin", {"z": ("logits", zb100), "y": ("binary", yb100)}, lambda z, y: F.binary_cross_entropy_with_logits(z, y), grad=["z"], rtol=1e-3)
    zce = randn(7, 4, scale=2)
    yce = labels(7, 4)
    family_case(fam, "softmax_cross_entropy", "ce_plain", {"z": ("logits", zce), "y": ("labels", yce)}, lambda z, y: F.cross_entropy(z, y.long()), grad=["z"])
    z30 = T([[30.0, -30.0, 0.0], [-30.0, 30.0, 1.0], [0.0, -30.0, 30.0]])
    family_case(fam, "softmax_cross_entropy_30", "ce_plain", {"z": ("logits", z30), "y": ("labels", T([1.0, 0.0, 2.0]))}, lambda z, y: F.cross_entropy(z, y.long()), grad=["z"], rtol=1e-3)
    xr_, tr_ = randn(5, 3), randn(5, 3)
    hx = f32(tr_ + T([[0.3, -2.0, 1.7], [-0.2, 0.8, -1.4], [2.5, 0.1, -0.6], [-3.0, 1.2, 0.45], [0.7, -0.9, 1.1]]))
    reg = {"x": ("target", hx), "t": ("target", tr_)}
    family_case(fam, "mse", "mse_builtin", reg, lambda x, t: F.mse_loss(x, t), grad=["x", "t"])
    family_case(fam, "mae", "mae_builtin", reg, lambda x, t: F.l1_loss(x, t), grad=["x", "t"])
    family_case(fam, "huber", "huber_builtin", reg, lambda x, t: F.huber_loss(x, t, delta=1.0), grad=["x"])
    family_case(fam, "smooth_l1", "smooth_l1_half", reg, lambda x, t: F.smooth_l1_loss(x, t, beta=0.5), grad=["x"])
    family_case(fam, "log_cosh", "log_cosh_builtin", reg, lambda x, t: torch.log(torch.cosh(x - t)).mean(), grad=["x", "t"])
    r100 = {"x": ("target", T([100.0, -100.0, 0.5, 30.0])), "t": ("target", T([0.0, 0.0, 0.0, 0.0]))}
    family_case(fam, "log_cosh_residual_100", "log_cosh_builtin", r100, lambda x, t: ((x - t).abs() + F.softplus(-2 * (x - t).abs()) - math.log(2)).mean(), grad=["x"], rtol=1e-3,
                note="log(cosh(100)) overflows in float32; the stable form is exact")
    family_case(fam, "huber_residual_100", "huber_builtin", r100, lambda x, t: F.huber_loss(x, t), grad=["x"], rtol=1e-3)
    family_case(fam, "quantile_pinball", "quantile_90", reg, lambda x, t: torch.maximum(0.9 * (t - x), (0.9 - 1) * (t - x)).mean(), grad=["x", "t"])
    dd = away(uniform(0.1, 2.0, 8), [1.0], 0.05)
    yd = binary(8)
    family_case(fam, "contrastive_pairs", "contrastive_builtin", {"d": ("real", dd), "y": ("binary", yd)}, lambda d, y: (y * d ** 2 + (1 - y) * torch.relu(1 - d) ** 2).mean(), grad=["d"])
    ta, tp, tn = randn(6, 3), randn(6, 3), randn(6, 3)
    family_case(fam, "triplet_margin", "triplet_builtin", {"a": ("features", ta), "p": ("features", tp), "n": ("features", tn)},
                lambda a, p, n: F.triplet_margin_loss(a, p, n, margin=1.0), grad=["a", "p", "n"])
    qi, ki = randn(5, 4), randn(5, 4)

    def info_nce(q, k):
        qn, kn = F.normalize(q, dim=-1), F.normalize(k, dim=-1)
        return F.cross_entropy(qn @ kn.t() / 0.1, torch.arange(5))

    family_case(fam, "info_nce", "infonce_01", {"q": ("features", qi), "k": ("features", ki)}, info_nce, grad=["q", "k"])


def main():
    builtin_cases()
    family_cases()
    meta = {"generator": "test/reference/gen_reference.py", "torch": torch.__version__, "dtype": "float64"}
    os.makedirs(os.path.join(OUT, "cases"), exist_ok=True)
    with open(os.path.join(OUT, "builtins.json"), "w") as f:
        json.dump({**meta, "cases": BUILTIN_CASES}, f, indent=1)
        f.write("\n")
    for fam, cs in FAMILY_CASES.items():
        with open(os.path.join(OUT, "cases", f"{fam}.json"), "w") as f:
            json.dump({**meta, "family": fam, "cases": cs}, f, indent=1)
            f.write("\n")
    print(f"{len(BUILTIN_CASES)} builtin cases, {sum(len(c) for c in FAMILY_CASES.values())} family cases in {len(FAMILY_CASES)} files → {OUT}")


if __name__ == "__main__":
    main()
