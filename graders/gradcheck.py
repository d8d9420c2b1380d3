"""Gradient checks in which the parent picks every point and the child only evaluates.

A student's backward is checked against centred finite differences of the student's *own*
forward: for each parameter p and a few random unit directions v (chosen here, in the
parent), the child evaluates the forward at p + h v and p - h v, and the parent compares

    numeric  = (L(p + h v) - L(p - h v)) / 2h        with L = sum(out * dout)  (or the loss)
    analytic = <grad_p, v>

by relative error |a - n| / max(1e-8, |a| + |n|). The directions live in the case itself (the
perturbed arguments), so public fixtures carry them and nothing can be faked by the child:
it never sees which calls are perturbations of which.

Two gradient styles of the course are supported:
  * layer pairs: ``forward(*args) -> (out, cache)`` and ``backward(dout, cache) -> grads``;
  * loss functions: ``f(*args) -> (loss, grads)`` (softmax_cross_entropy, mlp_loss_and_grads).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np

from .spec import Call, Case, Out, Property, Test


@dataclass(frozen=True)
class Param:
    """A parameter to check: where it sits in the forward's arguments and in the gradients.

    ``arg``: path into the forward's args, e.g. (1,) for W, or (2, "W1") for params["W1"].
    ``grad``: path into the gradient value, e.g. (1,) for dW in (dx, dW, db), or ("W1",).
    """

    name: str
    arg: tuple
    grad: tuple


def _get(value, path):
    for key in path:
        value = value[key]
    return value


def _replace(args: tuple, path: tuple, new) -> tuple:
    args = list(copy.copy(args))
    if len(path) == 1:
        args[path[0]] = new
    else:
        container = copy.copy(args[path[0]])
        container[path[1]] = new
        args[path[0]] = container
    return tuple(args)


def gradient_case(fn: str, args: tuple, params: list, rng: np.random.Generator, *, backward: str | None = None,
                  dout: np.ndarray | None = None, directions: int = 2, h: float = 1e-5, kwargs: dict | None = None) -> Case:
    """The calls of a gradient check: the forward, the backward (if a layer pair) and the forward at
    ``p +- h v`` for ``directions`` random unit directions ``v`` of every parameter."""
    kwargs = kwargs or {}
    calls = [Call(fn, args, kwargs)]
    if backward:
        calls.append(Call(backward, (dout, Out(0, 1))))
        grads = Out(1)
    else:
        grads = Out(0, 1)
    first = len(calls)
    for p in params:
        base = np.asarray(_get(args, p.arg), dtype=float)
        for _ in range(directions):
            v = rng.normal(size=base.shape)
            v /= np.linalg.norm(v) or 1.0
            for sign in (1.0, -1.0):
                calls.append(Call(fn, _replace(args, p.arg, base + sign * h * v), kwargs))
    values = [Out(i, 0) for i in range(first, len(calls))]
    return Case(calls, (grads, values))


def relative_error(a: float, n: float) -> float:
    return abs(a - n) / max(1e-8, abs(a) + abs(n))


def check_gradients(params: list, *, backward: bool, h: float = 1e-5, directions: int = 2, threshold: float = 1e-7):
    """The parent-side predicate for ``gradient_case``: per-parameter relative errors."""

    def predicate(got, case, expected):
        grads, values = got
        dout = case.calls[1].args[0] if backward else None
        first = 2 if backward else 1
        report, worst = [], 0.0
        k = 0
        for p in params:
            try:
                g = _get(grads, p.grad)
            except (KeyError, IndexError, TypeError):
                return f"no gradient for {p.name} in the returned gradients"
            base = np.asarray(_get(case.calls[0].args, p.arg), dtype=float)
            if not isinstance(g, np.ndarray) or g.shape != base.shape:
                shape = getattr(g, "shape", None)
                return f"gradient of {p.name} has shape {shape}, expected {base.shape} (the shape of {p.name})"
            errors = []
            for _ in range(directions):
                plus_args, minus_args = case.calls[first + k].args, case.calls[first + k + 1].args
                v = (np.asarray(_get(plus_args, p.arg)) - np.asarray(_get(minus_args, p.arg))) / (2 * h)
                lp, lm = _scalar(values[k], dout), _scalar(values[k + 1], dout)
                numeric = (lp - lm) / (2 * h)
                analytic = float(np.sum(g * v))
                errors.append(relative_error(analytic, numeric))
                k += 2
            err = max(errors)
            worst = max(worst, err)
            report.append((p.name, err))
        if worst <= threshold:
            return None
        bad = ", ".join(f"{name} {err:.1e}" for name, err in report if err > threshold)
        good = ", ".join(name for name, err in report if err <= threshold)
        return (f"gradient check failed (relative error, threshold {threshold:.0e}): {bad}"
                + (f"; correct: {good}" if good else ""))

    return predicate


def _scalar(value, dout) -> float:
    if dout is None:
        return float(np.asarray(value).reshape(()))  # a loss: must be a single number
    return float(np.sum(np.asarray(value) * dout))


def gradcheck_test(name: str, fn: str, make_args, params: list, *, backward: str | None = None, make_dout=None,
                   hint: str = "", hidden: bool = False, directions: int = 2, h: float = 1e-5,
                   threshold: float = 1e-7, kwargs: dict | None = None) -> Test:
    """A Test that gradient-checks ``fn`` (and ``backward``) on arguments from ``make_args(rng)``.

    ``make_dout(rng, args)`` gives the upstream gradient for layer pairs (default: random normal
    of the forward output's shape is not known here, so layer pairs must pass it).
    """

    def build(rng):
        args = make_args(rng)
        dout = make_dout(rng, args) if backward else None
        return gradient_case(fn, args, params, rng, backward=backward, dout=dout, directions=directions, h=h,
                             kwargs=kwargs)

    return Test(name, build, Property(check_gradients(params, backward=bool(backward), h=h, directions=directions,
                                                      threshold=threshold)), hint=hint, hidden=hidden, pure=False)
