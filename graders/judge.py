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

from .results import KINDS, Failure, FileError, Numbers, diagnosis_words, render_failure
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
                               check.atol if check.atol is not None else atol, names=output_names(case))
        failure = _sized_factor(failure, case)
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


def find_problem(expected, got, rtol: float, atol: float, where: str = "", names: tuple = ()) -> Failure | None:
    """None if ``got`` matches ``expected`` (same structure, shapes, values), else the typed failure.
    ``names``: what the contract calls the values of a returned tuple (``dx``, ``dW``, ``db``)."""
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
        named = len(names) == len(expected) and not where
        for k, (e, g) in enumerate(zip(expected, got)):
            problem = find_problem(e, g, rtol, atol, f"{where}[{k}]" if where else f"`{names[k]}`" if named
                                   else f"value {k + 1}")
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
        # A relative error only of wrong values away from 0 (near 0 it says nothing: 1e-3 / 1e-300).
        away = wrong & (np.abs(np.where(expected_bad, 0.0, expected)) > max(atol, 1e-12))
        rel = float(np.nanmax(err[away] / np.abs(expected[away]))) if away.any() else None
        worst = np.unravel_index(int(np.argmax(np.where(wrong, err - allowed, -np.inf))), err.shape)
    name, factor, offset = _diagnosis(expected, got)
    numbers = Numbers(max_abs_error=float(err.max()), max_rel_error=rel, n_wrong=int(wrong.sum()),
                      size=int(err.size), rtol=float(rtol), atol=float(atol), factor=factor, offset=offset,
                      expected_shape=expected.shape, worst_index=_index(worst), expected=float(expected[worst]) + 0.0,
                      got=float(got[worst]) + 0.0)
    if expected.size == 1:
        lines = [f"wrong value{at}: expected {_num(expected[worst])}, got {_num(got[worst])} "
                 f"(abs error {err.max():.3g}; rtol={rtol:g}, atol={atol:g})"]
    else:
        rel_words = f", max rel error {rel:.3g}" if rel is not None else ""
        lines = [
            f"wrong values{at}: {numbers.n_wrong} of {err.size} differ "
            f"(max abs error {numbers.max_abs_error:.3g}{rel_words}; rtol={rtol:g}, atol={atol:g})",
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
    elif expected.ndim and got.ndim == 0:  # before the size test: a scalar for a one-element array is this too
        name = "scalar_for_array"
    elif got.size == expected.size:
        name = "flat_vs_column"
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
    x = float(x)
    return f"{x + 0.0 if x == 0 else x:.6g}"  # -0.0 + 0.0 is 0.0: never "-0"


# --------------------------------------------------------------------------- contract names


# What the contract (DESIGN.md) calls the values a function returns as a tuple.
RETURN_NAMES: dict = {
    "gate_weights": ("w", "b"), "perceptron_train": ("w", "b"),
    "graph_J": ("J", "dJ_da", "dJ_db", "dJ_dc"), "graph_e": ("e", "de_da", "de_db"),
    "dense_forward": ("out", "cache"), "dense_backward": ("dx", "dW", "db"),
    "relu_forward": ("out", "cache"), "sigmoid_forward": ("out", "cache"),
    "softmax_cross_entropy": ("loss", "dlogits"), "bce_with_logits": ("loss", "dz"),
    "mlp_loss_and_grads": ("loss", "grads"),
    **{rule: ("next_w", "config") for rule in ("sgd", "sgd_momentum", "nesterov", "adagrad", "rmsprop", "adam")},
    "dropout_forward": ("out", "mask"), "batchnorm_forward": ("out", "cache", "new_running"),
    "batchnorm_backward": ("dx", "dgamma", "dbeta"), "early_stopping": ("stop_epoch", "best_epoch"),
    "train_test_split": ("X_train", "X_test", "y_train", "y_test"), "tf_loss_and_grads": ("loss", "grads"),
    "linear_collapse": ("W", "b"), "multilabel_loss_and_grads": ("loss", "dlogits"),
    "train_val_test_split": ("X_train", "X_val", "X_test", "y_train", "y_val", "y_test"),
    "select_by_validation": ("best", "val_errors"),
}


def output_names(case) -> tuple:
    """The contract's names of the values a test's output holds, when the output is a whole
    returned tuple (``Out(step)``), else ()."""
    out = getattr(case, "output", None)
    if case is None or getattr(out, "path", None) != () or not 0 <= getattr(out, "step", -1) < len(case.calls):
        return ()
    return RETURN_NAMES.get(case.calls[out.step].fn, ())


def _sized_factor(failure: Failure | None, case) -> Failure | None:
    """A whole factor that is the batch size m or the class count K, named as such."""
    if failure is None or failure.diagnosis not in ("factor", "inverse_factor") or failure.numbers is None:
        return failure
    first = next((a for a in (case.args if case is not None else ()) if isinstance(a, np.ndarray) and a.ndim), None)
    if failure.numbers.factor is None:
        return failure
    if first is None:  # scalar inputs (graph_J): no batch, so no m to blame
        return _renamed(failure, "whole_factor" if failure.diagnosis == "factor" else "whole_inverse_factor")
    m = first.shape[0] if first.ndim >= 2 else 1
    k = first.shape[-1] if first.ndim >= 2 else first.shape[0]
    factor = failure.numbers.factor
    inverse = round(1 / factor) if factor else 0
    if failure.diagnosis == "inverse_factor" and first.ndim >= 2 and inverse == k != m:
        name = "mean_over_classes"
    elif failure.diagnosis == "inverse_factor" and inverse == m:
        name = "divided_twice"
    elif failure.diagnosis == "factor" and round(factor) == m > 1:
        name = "sum_over_examples"
    else:
        return failure
    return _renamed(failure, name)


def _renamed(failure: Failure, name: str) -> Failure:
    """``failure`` with diagnosis ``name`` (its words replaced in the detail)."""
    old = f"  looks like: {diagnosis_words(failure.diagnosis, failure.numbers)}"
    detail = failure.detail.replace(old, f"  looks like: {diagnosis_words(name, failure.numbers)}")
    return Failure(failure.kind, diagnosis=name, where=failure.where, numbers=failure.numbers, detail=detail,
                   gradient=failure.gradient, student_text=failure.student_text)


# --------------------------------------------------------------------------- whole-file failures


_FILE_KIND = {"syntax": "syntax", "import": "import", "forbidden_import": "forbidden_import", "exit": "exit",
              "timeout": "timeout", "crashed": "crashed", "killed": "crashed", "memory": "crashed",
              "recursion": "exception", "file_size": "crashed"}
_TENSORFLOW = ("tensorflow", "keras", "tf_keras")


def file_error(outcomes: list, exercise: str = "", needs_tensorflow: bool = False) -> FileError | None:
    """One banner for a file that failed as a whole (``at_load`` outcomes from the runner), or one
    with none of the exercise's functions in it; None when the tests ran."""
    errors = [o.error for o in outcomes if o is not None and o.error]
    if not errors or len(errors) < len(outcomes):
        return None
    if all(e.get("kind") == "missing" for e in errors):
        return FileError("empty", message=f"no function of {exercise or 'this exercise'} was found",
                         advice="write your functions in this file (and save it), with the names the "
                                "instructions give them")
    first = errors[0]
    if not first.get("at_load"):
        return None
    raw = str(first.get("kind", ""))
    raw = raw[len("load_"):] if raw.startswith("load_") else raw
    kind = _FILE_KIND.get(_RUNNER_KINDS.get(raw, raw), "exception")
    message = str(first.get("message", ""))
    if kind == "syntax":
        message = message.rsplit(" (", 1)[0]  # the file and line are the banner's own
    elif kind == "forbidden_import" and message.startswith("line ") and ": " in message:
        message = message.split(": ", 1)[1]
    elif first.get("text"):  # a traceback: the banner shows the line itself, so only the error's last line
        message = ([line for line in message.splitlines() if line.strip()] or [""])[-1].strip()
    if message.strip() == str(first.get("text", "")).strip():
        message = ""  # sys.exit(2): the banner shows that line itself
    line = first.get("line") if isinstance(first.get("line"), int) else None
    error = FileError(kind, message=message, file=str(first.get("file", "")), line=line,
                      source=str(first.get("text", "")), column=first.get("column"), end_column=first.get("end_column"))
    module = str(first.get("module", "")).split(".")[0]
    if kind == "import" and module in _TENSORFLOW and needs_tensorflow:
        error.kind = "needs_tensorflow"
        error.message = f"{exercise} needs TensorFlow: pip install -e '.[tf]'"
    error.advice = _advice(error, module, str(first.get("error_type", "")), exercise)
    return error


def _advice(error: FileError, module: str, error_type: str, exercise: str) -> str:
    """One sentence on what to do about a whole-file failure."""
    if error.kind == "syntax":
        return "Python could not read your file: fix this line (or the one just above it) and check again"
    if error.kind == "needs_tensorflow":
        return ("install the tf extra: run pip install -e '.[tf]' in the course (or handout) folder, "
                "then check again")
    if error.kind == "forbidden_import":
        return "remove this import: the exercise asks you to write this part yourself"
    if error.kind == "import":
        return (f"`{module}` is not installed here; {exercise or 'the exercise'} needs only what its "
                "instructions import: remove this import" if module else "fix or remove this import")
    if error.kind == "exit":
        return "remove sys.exit() / exit() from the top level: your file should only define functions"
    if error.kind == "timeout":
        return "move the slow top-level code (a loop, training, input()) into a function or remove it"
    if error_type == "EOFError":
        return "remove input() from the top level: there is no keyboard here, the tests call your functions"
    return "the code at the top level of your file runs when it is loaded: fix it, or move it into a function"
