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

from .results import KINDS, Failure, Numbers, diagnosis_words, render_failure
from .spec import Compare, Property


@dataclass
class Verdict:
    passed: bool
    failure: Failure | None = None

    @property
    def message(self) -> str:
        """The failure as a public test shows it (a hidden test renders ``failure`` itself)."""
        return render_failure(self.failure, hidden=False) if self.failure is not None else ""


# The runner's error kinds -> the result model's (KINDS). Anything else the child wrote is "exception".
_RUNNER_KINDS = {"cpu": "timeout", "signal": "crashed", "load": "exception", "forbidden": "forbidden_import"}
# Kinds whose child-written message adds nothing the parent's words do not say (and may be anything).
_NO_CHILD_TEXT = {"not_implemented", "missing", "memory", "interrupted", "timeout", "killed", "crashed", "file_size"}


def judge(test, case, outcome, expected, rtol: float, atol: float, hidden: bool = False) -> Verdict:
    """Judge one test: ``outcome`` from the runner, ``expected`` from the reference (or None).

    ``hidden`` is accepted for callers of the string era; what a hidden test shows is decided
    when the failure is rendered (``results.render_failure``), from the typed fields."""
    if not outcome.ok:
        return Verdict(False, failure_of(outcome.error, case))
    got = outcome.value
    if test.pure:
        got, after = got
        problem = _mutation(case, after)
        if problem:
            return Verdict(False, Failure("mutated_input", detail=problem))
    check = test.check
    if isinstance(check, Compare):
        failure = find_problem(expected, got, check.rtol if check.rtol is not None else rtol,
                               check.atol if check.atol is not None else atol)
    elif isinstance(check, Property):
        try:
            found = check.predicate(got, case, expected)
        except (ValueError, TypeError, IndexError, KeyError, ArithmeticError) as exc:
            # The student's output has a shape the property cannot even be evaluated on.
            found = Failure("wrong_type", detail=f"output has an unexpected structure or shape "
                                                 f"({type(exc).__name__}: {exc})")
        failure = Failure("wrong_output", detail=found) if isinstance(found, str) else found
    else:  # pragma: no cover - a spec error, caught by the spec tests
        raise TypeError(f"unknown check {check!r}")
    return Verdict(failure is None, failure)


def failure_of(error: dict, case=None) -> Failure:
    """A runner error as a typed failure. Only words the parent wrote (``source: parent``) become
    ``detail``; whatever the child wrote is ``student_text``, which hidden tests never show."""
    raw = str(error.get("kind", "exception"))
    raw = raw[len("load_"):] if raw.startswith("load_") else raw  # the message says it was at load time
    kind = _RUNNER_KINDS.get(raw, raw)
    kind = kind if kind in KINDS and kind not in _JUDGE_KINDS else "exception"
    message = str(error.get("message", ""))
    if error.get("source") == "parent":
        return Failure(kind, detail=message or KINDS[kind])
    if kind == "missing":
        called = {c.fn for c in case.calls} if case is not None else set()
        # The child names the missing function; shown only if it is one this test called.
        detail = f"no function named `{message}` found in your file" if message in called else KINDS[kind]
        return Failure(kind, detail=detail)
    if kind in _NO_CHILD_TEXT or not message.strip():
        return Failure(kind, detail=KINDS[kind])
    return Failure(kind, detail=KINDS[kind], student_text=message.rstrip())


_JUDGE_KINDS = {"wrong_value", "wrong_shape", "wrong_type", "not_finite", "mutated_input", "gradient", "wrong_output"}


def error_message(error: dict, hidden: bool) -> str:
    """A runner error in words, as a test of that visibility shows it."""
    return render_failure(failure_of(error), hidden=hidden)


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
    """None if ``got`` matches ``expected`` (same structure, shapes, values), else why not (words)."""
    failure = find_problem(expected, got, rtol, atol, where)
    return None if failure is None else failure.detail


def find_problem(expected, got, rtol: float, atol: float, where: str = "") -> Failure | None:
    """None if ``got`` matches ``expected`` (same structure, shapes, values), else the typed failure."""
    at = f" in {where}" if where else ""
    if expected is None:
        return None if got is None else Failure("wrong_type", where=where, detail=f"expected None{at}, got a value")
    if isinstance(expected, list):
        if _numbers_as_one_array(expected, got):
            got = [np.array(x) for x in got]  # [stop, best] as a list of numbers comes back as one array
        if not isinstance(got, list):
            return Failure("wrong_type", where=where,
                           detail=f"expected a tuple of {len(expected)} values{at}, got a single array")
        if len(got) != len(expected):
            return Failure("wrong_type", where=where, detail=f"expected {len(expected)} values{at}, got {len(got)}")
        for k, (e, g) in enumerate(zip(expected, got)):
            problem = find_problem(e, g, rtol, atol, f"{where}[{k}]" if where else f"value {k + 1}")
            if problem:
                return problem
        return None
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            return Failure("wrong_type", where=where, detail=f"expected a dict with keys {sorted(expected)}{at}")
        missing = sorted(str(k) for k in set(expected) - set(got))
        extra = sorted(str(k) for k in set(got) - set(expected))
        if missing or extra:
            return Failure("wrong_type", where=where, detail=f"dict keys differ{at}: missing {missing}, unexpected {extra}")
        for key in expected:
            problem = find_problem(expected[key], got[key], rtol, atol, f"{where}[{key!r}]" if where else repr(key))
            if problem:
                return problem
        return None
    if not isinstance(got, np.ndarray):
        kind = "None" if got is None else f"{len(got)} values" if isinstance(got, (list, dict)) else type(got).__name__
        return Failure("wrong_type", where=where, detail=f"expected an array{at}, got {kind}")
    return array_problem(expected, got, rtol, atol, where)


def _numbers_as_one_array(expected: list, got) -> bool:
    return (isinstance(got, np.ndarray) and got.shape == (len(expected),)
            and all(isinstance(e, np.ndarray) and e.ndim == 0 for e in expected))


def compare_arrays(expected: np.ndarray, got: np.ndarray, rtol: float, atol: float, at: str = "") -> str | None:
    """``compare`` for two arrays (``at``: " in <where>", as the words say it)."""
    failure = array_problem(expected, got, rtol, atol, at.removeprefix(" in "))
    return None if failure is None else failure.detail


def array_problem(expected: np.ndarray, got: np.ndarray, rtol: float, atol: float, where: str = "") -> Failure | None:
    """Exact shape, finite where expected is, then ``|got - expected| <= atol + rtol |expected|``."""
    at = f" in {where}" if where else ""
    expected = np.asarray(expected, dtype=np.float64)
    got = np.asarray(got, dtype=np.float64)
    if got.shape != expected.shape:
        diagnosis, words = _shape_diagnosis(expected, got)
        return Failure("wrong_shape", diagnosis=diagnosis, where=where,
                       numbers=Numbers(expected_shape=expected.shape, got_shape=got.shape, size=int(expected.size)),
                       detail=f"wrong shape{at}: expected {expected.shape}, got {got.shape}" + words)
    got_bad, expected_bad = ~np.isfinite(got), ~np.isfinite(expected)
    if (got_bad & ~expected_bad).any():
        index = _index(np.argwhere(got_bad & ~expected_bad)[0])
        return Failure("not_finite", where=where,
                       numbers=Numbers(n_wrong=int((got_bad & ~expected_bad).sum()), size=int(got.size),
                                       worst_index=index),
                       detail=f"non-finite values{at} (NaN or inf), first at index {index}: overflow in exp, "
                              f"log of 0, or division by 0?")
    if expected_bad.any() and not np.array_equal(expected[expected_bad], got[expected_bad], equal_nan=True):
        return Failure("not_finite", where=where, detail=f"non-finite values differ{at}")
    with np.errstate(all="ignore"):  # 1e308 - (-1e308) is inf: an error as large as it gets, not a crash
        err = np.where(expected_bad, 0.0, np.abs(got - expected))
        allowed = atol + rtol * np.abs(np.where(expected_bad, 0.0, expected))
        wrong = ~(err <= allowed)
        if not wrong.any():
            return None
        rel = err / np.maximum(np.abs(expected), 1e-300)
        worst = np.unravel_index(int(np.argmax(np.where(wrong, err - allowed, -np.inf))), err.shape)
    name, factor, offset = _diagnosis(expected, got)
    numbers = Numbers(max_abs_error=float(err.max()), max_rel_error=float(np.nanmax(rel)), n_wrong=int(wrong.sum()),
                      size=int(err.size), rtol=float(rtol), atol=float(atol), factor=factor, offset=offset,
                      expected_shape=expected.shape, worst_index=_index(worst), expected=float(expected[worst]),
                      got=float(got[worst]))
    if expected.size == 1:
        lines = [f"wrong value{at}: expected {_num(expected[worst])}, got {_num(got[worst])} "
                 f"(abs error {err.max():.3g}; rtol={rtol:g}, atol={atol:g})"]
    else:
        lines = [
            f"wrong values{at}: {numbers.n_wrong} of {err.size} differ "
            f"(max abs error {numbers.max_abs_error:.3g}, max rel error {numbers.max_rel_error:.3g}; "
            f"rtol={rtol:g}, atol={atol:g})",
            f"  at index {_index(worst)}: expected {_num(expected[worst])}, got {_num(got[worst])}",
        ]
    words = diagnosis_words(name, numbers)
    if words:
        lines.append(f"  looks like: {words}")
    return Failure("wrong_value", diagnosis=name, where=where, numbers=numbers, detail="\n".join(lines))


def shape_message(expected: np.ndarray, got: np.ndarray, at: str = "") -> str:
    return f"wrong shape{at}: expected {expected.shape}, got {got.shape}" + _shape_diagnosis(expected, got)[1]


def _shape_diagnosis(expected: np.ndarray, got: np.ndarray) -> tuple:
    """(diagnosis name or None, " (its words)" or "") for two arrays of different shapes."""
    if got.shape == expected.shape[::-1] and got.ndim == 2:
        with np.errstate(all="ignore"):
            transposed = bool(np.allclose(got.T, expected, rtol=1e-6, atol=1e-9))
        name = "transposed" if transposed else "maybe_transposed"
    elif got.size == expected.size:
        name = "flat_vs_column"
    elif expected.ndim and got.ndim == 0:
        name = "scalar_for_array"
    elif expected.ndim == 0:
        name = "array_for_scalar"
    elif got.ndim == expected.ndim and sum(a != b for a, b in zip(got.shape, expected.shape)) == 1:
        name = "wrong_axis"
    else:
        return None, ""
    return name, f" ({diagnosis_words(name)})"


def diagnose(expected: np.ndarray, got: np.ndarray) -> str | None:
    """Name a well-known mistake when the numbers show one (in words)."""
    name, factor, offset = _diagnosis(expected, got)
    return diagnosis_words(name, Numbers(factor=factor, offset=offset))


# Factors named as whole numbers: 2..10000 or their inverses (the size of a batch or a layer).
_MAX_FACTOR = 10000


def _diagnosis(expected: np.ndarray, got: np.ndarray) -> tuple:
    """(diagnosis name, factor, offset) of a wrong output, or (None, None, None). Total on any
    floats: subnormal ratios, inf and nan give no diagnosis rather than an overflow."""
    nothing = (None, None, None)
    expected = np.asarray(expected, dtype=np.float64)
    got = np.asarray(got, dtype=np.float64)
    if expected.size == 0 or got.shape != expected.shape or not (np.isfinite(expected).all() and np.isfinite(got).all()):
        return nothing
    with np.errstate(all="ignore"):
        scale = float(np.max(np.abs(expected)))
        if scale == 0 or not np.isfinite(scale):
            return nothing
        tol = 1e-6 * scale + 1e-12
        if np.max(np.abs(got + expected)) <= tol:
            return "sign_flipped", -1.0, None
        nonzero = np.abs(expected) > 1e-3 * scale
        if nonzero.any():
            ratio = got[nonzero] / expected[nonzero]
            r = float(np.median(ratio))
            if np.isfinite(ratio).all() and r != 0 and np.allclose(ratio, r, rtol=1e-6) and not np.isclose(r, 1.0):
                whole = _whole(r)
                if whole is not None:
                    return "factor", float(whole), None
                inverse = 1.0 / r
                whole = _whole(inverse) if np.isfinite(inverse) else None
                if whole is not None and abs(r - 1.0 / whole) <= 1e-6 / whole:
                    return "inverse_factor", 1.0 / whole, None
                if expected.size > 1:
                    return "same_factor", r, None
                return nothing
        diff = got - expected
        if not np.isfinite(diff).all():
            return nothing
        if expected.size > 1 and np.allclose(diff, diff.flat[0], rtol=0, atol=tol):
            return "constant_offset", None, float(diff.flat[0])
        if expected.ndim == 2 and expected.shape[0] > 1:
            row_shift = diff - diff[:, :1]
            if np.allclose(row_shift, 0, atol=tol):
                return "row_offset", None, None
    return nothing


def _whole(r: float) -> int | None:
    """``r`` as a whole factor 2..10000, if it is one to 1e-6 relative."""
    if not 1.5 <= r <= _MAX_FACTOR + 0.5:  # before round(): no OverflowError for huge r
        return None
    k = round(r)
    return k if 2 <= k <= _MAX_FACTOR and abs(r - k) <= 1e-6 * k else None


def _index(index) -> tuple:
    return tuple(int(i) for i in index)


def _num(x) -> str:
    return f"{float(x):.6g}"
