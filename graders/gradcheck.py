"""Gradient checks in which the parent picks every point and the child only evaluates.

A student's backward is checked against centred finite differences of the student's *own*
forward: for each parameter p and a few random unit directions v (chosen here, in the
parent), the child evaluates the forward at p + h v and p - h v, and the parent compares

    numeric  = (L(p + h v) - L(p - h v)) / 2h        with L = sum(out * dout)  (or the loss)
    analytic = <grad_p, v>

by relative error |a - n| / max(1e-8, |grad_p| |v| + |n|) (see ``directional_error``). The
directions live in the case itself (the perturbed arguments), so public fixtures carry them and
nothing can be faked by the child: it never sees which calls are perturbations of which.

Two gradient styles of the course are supported:
  * layer pairs: ``forward(*args) -> (out, cache)`` and ``backward(dout, cache) -> grads``;
  * loss functions: ``f(*args) -> (loss, grads)`` (softmax_cross_entropy, mlp_loss_and_grads).

Tasks are graded independently: a layer pair's check is a test of the *backward* task, so by
default (``independent=True``) it only judges when the student's forward agrees with the
reference's forward at the perturbed points; a wrong forward costs the forward's task (its own
tests), not the backward's. The backward's comparison with the reference (on the student's own
cache) still runs in the backward task's other tests.

Finite differences must not straddle a kink (ReLU at 0): the test's ``make_args`` keeps every
kinked quantity at least ~1e-3 away from it; with h = 1e-5 a correct gradient then scores about
1e-9 or better, and the default threshold is 1e-7.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np

from .results import Failure, GradientCheck
from .spec import Call, Case, Out, Property, Test


@dataclass(frozen=True)
class Param:
    """A parameter to check: where it sits in the forward's arguments and in the gradients.

    ``arg``: path into the forward's args, e.g. (1,) for W, or (2, "W1") for params["W1"].
    ``grad``: path into the gradient value, e.g. (1,) for dW in (dx, dW, db), or ("W1",). For a loss
    function ``f -> (loss, grads)`` the path starts inside ``grads``: () when grads is one array
    (softmax_cross_entropy's dlogits), ("W1",) for a dict.
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
                  dout: np.ndarray | None = None, directions: int = 2, h: float = 1e-5,
                  kwargs: dict | None = None) -> Case:
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


def directional_error(a: float, n: float, scale: float) -> float:
    """Relative error of a directional derivative a = <g, v> against its finite difference n.

    Scaled by |g| |v| + |n| rather than |a| + |n|: a random direction v can be nearly orthogonal to
    g, and then a and n are both tiny and their plain relative error is pure rounding noise (a
    correct gradient scored 2e-7 that way). |g| |v| >= |a| bounds a without that cancellation.
    """
    return abs(a - n) / max(1e-8, scale + abs(n))


def check_gradients(params: list, *, backward: bool, h: float = 1e-5, directions: int = 2, threshold: float = 1e-7,
                    independent: bool = True):
    """The parent-side predicate for ``gradient_case``: per-parameter relative errors.

    With ``backward`` and ``independent``, pass (judge nothing) when the student's forward values
    differ from the reference's (``expected``): that mistake belongs to the forward's task.
    """

    def predicate(got, case, expected):
        if not isinstance(got, list) or len(got) != 2:
            return Failure("wrong_type", detail="unexpected output structure for a gradient check")
        grads, values = got
        dout = case.calls[1].args[0] if backward else None
        first = 2 if backward else 1
        if backward and independent and expected is not None and not _same_values(values, expected[1]):
            return None  # the forward is wrong: its own task reports it
        if backward:
            for value in values:
                if np.shape(value) != np.shape(dout):
                    return Failure("wrong_shape", detail=f"the forward's output has shape {np.shape(value)}, "
                                   f"expected {np.shape(dout)}: cannot gradient-check the backward")
        report, worst = [], 0.0
        k = 0
        for p in params:
            try:
                g = _get(grads, p.grad)
            except (KeyError, IndexError, TypeError):
                return Failure("wrong_type", where=p.name, detail=f"no gradient for {p.name} in the returned gradients")
            base = np.asarray(_get(case.calls[0].args, p.arg), dtype=float)
            if not isinstance(g, np.ndarray) or g.shape != base.shape:
                shape = getattr(g, "shape", None)
                return Failure("wrong_shape", where=p.name,
                               detail=f"gradient of {p.name} has shape {shape}, expected {base.shape} (the shape of {p.name})")
            errors = []
            for _ in range(directions):
                plus_args, minus_args = case.calls[first + k].args, case.calls[first + k + 1].args
                v = (np.asarray(_get(plus_args, p.arg)) - np.asarray(_get(minus_args, p.arg))) / (2 * h)
                lp, lm = _scalar(values[k], dout), _scalar(values[k + 1], dout)
                numeric = (lp - lm) / (2 * h)
                analytic = float(np.sum(g * v))
                errors.append(directional_error(analytic, numeric, float(np.linalg.norm(g) * np.linalg.norm(v))))
                k += 2
            err = max(errors)
            worst = max(worst, err)
            report.append((p.name, err))
        if worst <= threshold:
            return None
        bad = ", ".join(f"{name} {err:.1e}" for name, err in report if err > threshold)
        good = ", ".join(f"{name} {err:.1e}" for name, err in report if err <= threshold)
        # The per-parameter errors travel as data (feedback plots them); the words are for reading.
        return Failure("gradient", gradient=GradientCheck(threshold, dict(report)),
                       detail=f"gradient check failed (relative error vs finite differences of your own forward, "
                              f"threshold {threshold:.0e}): wrong: {bad}" + (f"; fine: {good}" if good else ""))

    return predicate


def _same_values(got, expected, rtol: float = 1e-6, atol: float = 1e-9) -> bool:
    """Whether the student's forward values equal the reference's (same count, shapes, numbers)."""
    if not isinstance(got, list) or not isinstance(expected, list) or len(got) != len(expected):
        return False
    for g, e in zip(got, expected, strict=True):
        if not isinstance(g, np.ndarray) or not isinstance(e, np.ndarray) or g.shape != e.shape:
            return False
        if not np.allclose(g, e, rtol=rtol, atol=atol):
            return False
    return True


def _scalar(value, dout) -> float:
    if dout is None:
        return float(np.asarray(value).reshape(()))  # a loss: must be a single number
    return float(np.sum(np.asarray(value) * dout))


def gradcheck_test(name: str, fn: str, make_args, params: list, *, backward: str | None = None, make_dout=None,
                   hint: str = "", hidden: bool = False, directions: int = 2, h: float = 1e-5,
                   threshold: float = 1e-7, kwargs: dict | None = None, independent: bool = True) -> Test:
    """A Test that gradient-checks ``fn`` (and ``backward``) on arguments from ``make_args(rng)``.

    ``make_args(rng)`` returns the forward's positional arguments as a tuple. Layer pairs need
    ``make_dout(rng, args)``, the upstream gradient (the forward output's shape is not known in
    the parent). ``independent``: see ``check_gradients``.
    """
    if backward and make_dout is None:
        raise ValueError(f"gradcheck_test {name!r}: a layer pair ({fn}/{backward}) needs make_dout")

    def build(rng):
        args = tuple(make_args(rng))
        dout = np.asarray(make_dout(rng, args), dtype=float) if backward else None
        return gradient_case(fn, args, params, rng, backward=backward, dout=dout, directions=directions, h=h,
                             kwargs=kwargs)

    check = Property(check_gradients(params, backward=bool(backward), h=h, directions=directions,
                                     threshold=threshold, independent=independent),
                     with_reference=bool(backward) and independent)
    return Test(name, build, check, hint=hint, hidden=hidden, pure=False)
