"""Runs exported LossLab PyTorch modules for the export tests, in float64.

Reads a JSON list of cases on stdin; each case names a generated module file and class, the inputs,
constructor arguments, context, learn values and the names to differentiate with respect to, and
optionally a reference: Python code, written independently of the exporter with torch's own loss
functions where they exist, that assigns `ref` from the same inputs. Prints one JSON list of results:
{"value", "grad": {name: nested list}, "ref_value", "ref_grad", "error"}.

Imports only torch and the standard library; the generated modules must import without LossLab.
"""
import importlib.util
import json
import math
import sys
import traceback

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)


def load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def tensors(inputs, grads):
    out = {}
    for k, v in inputs.items():
        t = torch.tensor(v, dtype=torch.float64)
        if k in grads:
            t.requires_grad_(True)
        out[k] = t
    return out


def tolist(t):
    if t is None:
        return None
    return t.detach().tolist()


def run(case):
    module = load(case["module"], case["module_name"])
    cls = getattr(module, case["class"])
    criterion = cls(**case.get("params", {}))
    criterion.double()
    if case.get("eval_mode"):
        criterion.eval()
    for name, value in case.get("learn", {}).items():
        with torch.no_grad():
            getattr(criterion, name).fill_(value)
    grads = case.get("grads", [])
    x = tensors(case["inputs"], grads)
    value = criterion(*[x[n] for n in case["order"]], **case.get("context", {}))
    targets = []
    for n in grads:
        targets.append(x[n] if n in x else getattr(criterion, n))
    result = {"value": float(value)}
    if grads:
        gs = torch.autograd.grad(value, targets, allow_unused=True)
        result["grad"] = {n: tolist(g if g is not None else torch.zeros_like(t)) for n, g, t in zip(grads, gs, targets)}
    if case.get("ref"):
        xr = tensors(case["inputs"], grads)
        scope = dict(xr)
        scope.update({"torch": torch, "F": F, "math": math})
        scope.update(case.get("context", {}))
        scope.update(case.get("ref_learn", {}))
        exec(case["ref"], scope)
        ref = scope["ref"]
        result["ref_value"] = float(ref)
        if grads:
            rt = [xr[n] if n in xr else scope[n] for n in grads]
            rgs = torch.autograd.grad(ref, rt, allow_unused=True)
            result["ref_grad"] = {n: tolist(g if g is not None else torch.zeros_like(t)) for n, g, t in zip(grads, rgs, rt)}
    return result


def main():
    cases = json.load(sys.stdin)
    results = []
    for case in cases:
        try:
            results.append(run(case))
        except Exception:
            results.append({"error": traceback.format_exc()})
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
