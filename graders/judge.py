"""Stage 3 of grading: decide pass or fail for each test, and say why.

Everything here runs in the trusted parent on plain float64 arrays read by the protocol. The
rules: exact shapes (no broadcasting), finite values, ``|got - expected| <= atol + rtol*|expected|``
elementwise, and on failure a diagnosis (max abs / rel error, the worst index, expected vs
got) plus the name of a known mistake when the numbers show one (transposed, off by a
constant factor, sign flipped, overflow).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .spec import Compare, Property


@dataclass
class Verdict:
    passed: bool
    message: str = ""


ERROR_TEXT = {
    "not_implemented": "not implemented yet",
    "missing": "function not found",
    "syntax": "syntax error",
    "import": "your file could not be imported",
    "exception": "raised an exception",
    "memory": "ran out of memory (MemoryError)",
    "recursion": "hit the recursion limit (infinite recursion?)",
    "exit": "exited before returning",
    "timeout": "timed out",
    "cpu": "CPU time limit",
    "file_size": "file-size limit",
    "killed": "killed",
    "signal": "crashed",
    "bad_output": "invalid output",
    "interrupted": "interrupted",
}


def judge(test, case, outcome, expected, rtol: float, atol: float, hidden: bool = False) -> Verdict:
    """Judge one test: ``outcome`` from the runner, ``expected`` from the reference (or None)."""
    if not outcome.ok:
        return Verdict(False, error_message(outcome.error, hidden))
    got = outcome.value
    if test.pure:
        got, after = got
        problem = _mutation(case, after)
        if problem:
            return Verdict(False, problem)
    check = test.check
    if isinstance(check, Compare):
        problem = compare(expected, got, check.rtol if check.rtol is not None else rtol,
                          check.atol if check.atol is not None else atol)
    elif isinstance(check, Property):
        try:
            problem = check.predicate(got, case, expected)
        except (ValueError, TypeError, IndexError, KeyError, ArithmeticError) as exc:
            # The student's output has a shape the property cannot even be evaluated on.
            problem = f"output has an unexpected structure or shape ({type(exc).__name__}: {exc})"
    else:  # pragma: no cover - a spec error, caught by the spec tests
        raise TypeError(f"unknown check {check!r}")
    return Verdict(problem is None, problem or "")


def error_message(error: dict, hidden: bool) -> str:
    kind = error.get("kind", "exception")
    message = error.get("message", "")
    if kind == "not_implemented":
        return "not implemented yet"
    if kind == "missing":
        return f"no function named `{message}` found in your file"
    if hidden and kind in ("exception", "recursion", "load_exception"):
        # Hidden tests never echo text that could contain their inputs.
        last = message.strip().splitlines()[-1] if message.strip() else ""
        return f"raised {last.split(':', 1)[0] or 'an exception'} (details are not shown for hidden tests)"
    label = ERROR_TEXT.get(kind, kind.replace("_", " "))
    if kind in ("exception", "recursion", "import", "load_exception") and message:
        return f"{label}:\n{message.rstrip()}"
    if kind == "syntax":
        return f"syntax error: {message}"
    return message or label


def _mutation(case, after) -> str | None:
    originals = [
        (step, i, a)
        for step, c in enumerate(case.calls)
        for i, a in enumerate(c.args)
        if isinstance(a, np.ndarray)
    ]
    if not isinstance(after, list) or len(after) != len(originals):
        return None
    for (step, i, original), now in zip(originals, after):
        if isinstance(now, np.ndarray) and now.shape == original.shape and not np.array_equal(
            now, original.astype(np.float64), equal_nan=True
        ):
            fn = case.calls[step].fn
            return f"`{fn}` modified its argument {i + 1} in place; work on a copy (functions must be pure)"
    return None


# --------------------------------------------------------------------------- comparison


def compare(expected, got, rtol: float, atol: float, where: str = "") -> str | None:
    """None if ``got`` matches ``expected`` (same structure, shapes, values), else why not."""
    at = f" in {where}" if where else ""
    if expected is None:
        return None if got is None else f"expected None{at}, got a value"
    if isinstance(expected, list):
        if _numbers_as_one_array(expected, got):
            got = [np.array(x) for x in got]  # [stop, best] as a list of numbers comes back as one array
        if not isinstance(got, list):
            return f"expected a tuple of {len(expected)} values{at}, got a single array"
        if len(got) != len(expected):
            return f"expected {len(expected)} values{at}, got {len(got)}"
        for k, (e, g) in enumerate(zip(expected, got)):
            problem = compare(e, g, rtol, atol, f"{where}[{k}]" if where else f"value {k + 1}")
            if problem:
                return problem
        return None
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            return f"expected a dict with keys {sorted(expected)}{at}"
        missing = sorted(set(expected) - set(got))
        extra = sorted(set(got) - set(expected))
        if missing or extra:
            return f"dict keys differ{at}: missing {missing}, unexpected {extra}"
        for key in expected:
            problem = compare(expected[key], got[key], rtol, atol, f"{where}[{key!r}]" if where else repr(key))
            if problem:
                return problem
        return None
    if not isinstance(got, np.ndarray):
        kind = "None" if got is None else f"{len(got)} values" if isinstance(got, (list, dict)) else type(got).__name__
        return f"expected an array{at}, got {kind}"
    return compare_arrays(expected, got, rtol, atol, at)


def _numbers_as_one_array(expected: list, got) -> bool:
    return (isinstance(got, np.ndarray) and got.shape == (len(expected),)
            and all(isinstance(e, np.ndarray) and e.ndim == 0 for e in expected))


def compare_arrays(expected: np.ndarray, got: np.ndarray, rtol: float, atol: float, at: str = "") -> str | None:
    if got.shape != expected.shape:
        return shape_message(expected, got, at)
    got_bad, expected_bad = ~np.isfinite(got), ~np.isfinite(expected)
    if (got_bad & ~expected_bad).any():
        index = _index(np.argwhere(got_bad & ~expected_bad)[0])
        return (f"non-finite values{at} (NaN or inf), first at index {index}: overflow in exp, "
                f"log of 0, or division by 0?")
    if expected_bad.any() and not np.array_equal(expected[expected_bad], got[expected_bad], equal_nan=True):
        return f"non-finite values differ{at}"
    finite = np.isfinite(expected)
    err = np.where(finite, np.abs(got - expected), 0.0)
    allowed = atol + rtol * np.abs(expected)
    if (err <= allowed).all():
        return None
    mistake = diagnose(expected, got)
    if expected.size == 1:
        lines = [f"wrong value{at}: expected {_num(expected.reshape(-1)[0])}, got {_num(got.reshape(-1)[0])} "
                 f"(abs error {err.max():.3g}; rtol={rtol:g}, atol={atol:g})"]
    else:
        worst = np.unravel_index(np.argmax(err - allowed), err.shape)
        rel = err / np.maximum(np.abs(expected), 1e-300)
        lines = [
            f"wrong values{at}: {int((err > allowed).sum())} of {err.size} differ "
            f"(max abs error {err.max():.3g}, max rel error {rel.max():.3g}; rtol={rtol:g}, atol={atol:g})",
            f"  at index {_index(worst)}: expected {_num(expected[worst])}, got {_num(got[worst])}",
        ]
    if mistake:
        lines.append(f"  looks like: {mistake}")
    return "\n".join(lines)


def shape_message(expected: np.ndarray, got: np.ndarray, at: str = "") -> str:
    message = f"wrong shape{at}: expected {expected.shape}, got {got.shape}"
    if got.shape == expected.shape[::-1] and got.ndim == 2:
        if np.allclose(got.T, expected, rtol=1e-6, atol=1e-9):
            return message + " (the output is transposed)"
        return message + " (transposed? check which axis is examples and which is features)"
    if got.size == expected.size:
        return message + " (same numbers of elements: (n,) vs (n, 1)? reshape, squeeze or keepdims)"
    if expected.ndim and got.ndim == 0:
        return message + " (a single number where an array was expected: summed or averaged too much?)"
    if expected.ndim == 0:
        return message + " (expected a single number: reduce with mean or sum)"
    if got.ndim == expected.ndim and sum(a != b for a, b in zip(got.shape, expected.shape)) == 1:
        return message + " (reduced or kept the wrong axis?)"
    return message


def diagnose(expected: np.ndarray, got: np.ndarray) -> str | None:
    """Name a well-known mistake when the numbers show one."""
    if expected.size == 0:
        return None
    scale = np.max(np.abs(expected))
    if scale == 0:
        return None
    tol = 1e-6 * scale + 1e-12
    if np.max(np.abs(got + expected)) <= tol:
        return "the sign is flipped"
    nonzero = np.abs(expected) > 1e-3 * scale
    if nonzero.any():
        ratio = got[nonzero] / expected[nonzero]
        r = float(np.median(ratio))
        if r != 0 and np.allclose(ratio, r, rtol=1e-6) and not np.isclose(r, 1.0):
            k = round(r)  # a whole factor 2..10000, or its inverse: the size of a batch or a layer
            if 2 <= k <= 10000 and abs(r - k) <= 1e-6 * k:
                return f"off by a factor of {k} (a sum where a mean belongs, or a missing 1/m?)"
            k = round(1.0 / r)
            if 2 <= k <= 10000 and abs(r - 1.0 / k) <= 1e-6 / k:
                return f"off by a factor of 1/{k} (divided by m twice, or a mean where a sum belongs?)"
            if expected.size > 1:
                return f"every value is off by the same factor {r:.4g}"
            return None
    diff = got - expected
    if expected.size > 1 and np.allclose(diff, diff.flat[0], rtol=0, atol=tol):
        return f"every value is off by the same constant {float(diff.flat[0]):.4g}"
    if expected.ndim == 2 and expected.shape[0] > 1:
        row_shift = diff - diff[:, :1]
        if np.allclose(row_shift, 0, atol=tol):
            return "each row is off by a constant (a shift or normalisation over the wrong axis?)"
    return None


def _index(index) -> tuple:
    return tuple(int(i) for i in index)


def _num(x) -> str:
    return f"{float(x):.6g}"
