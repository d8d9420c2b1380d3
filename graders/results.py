"""The data a grading run produces, and its JSON form (DESIGN.md's result schema plus typed fields).

One result model (DESIGN.md): the judge fills these dataclasses and every output (terminal,
JSON, notebook, gradebook, exports, HTML) renders them; none of them parses message text. A
failed test carries a ``Failure``: its kind, the diagnosis name, the numbers the parent computed,
the per-parameter gradient-check errors, and, apart from all that, the text that came from the
child. Whether a field may be shown for a hidden test is declared on the field itself
(``hidden_ok`` metadata): only what the parent computed, never anything from the child.

Everything a submission can influence passes ``clean_text`` before it is shown anywhere.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields

# --------------------------------------------------------------------------- text from the child

# C0 controls except tab and newline, DEL, C1 controls, bidi embeddings/overrides/isolates and
# marks, line/paragraph separators, and lone surrogates (which cannot even be written as UTF-8).
_UNSAFE_RANGES = ((0x00, 0x09), (0x0B, 0x20), (0x7F, 0xA0), (0x061C, 0x061D), (0x200E, 0x2010), (0x2028, 0x202F),
                  (0x2066, 0x206A), (0xD800, 0xE000))
_ESCAPES: dict = {}  # code point -> its visible escape; filled on first use (nothing at import: `nnlab check`)


def clean_text(text: object) -> str:
    """Student text made safe to show: every control or bidi character becomes a visible escape
    (``\\x1b``, ``\\u202e``), so no terminal sequence (colours, OSC 52 clipboard writes, cursor
    moves), carriage-return overwrite or reordering of the line survives. Newline and tab stay."""
    if not _ESCAPES:
        _ESCAPES.update({c: f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"
                         for low, high in _UNSAFE_RANGES for c in range(low, high)})
    return (text if isinstance(text, str) else str(text)).translate(_ESCAPES)


# --------------------------------------------------------------------------- the typed result


def _field(hidden_ok: bool, **kwargs):
    """A dataclass field that says whether it may be shown for a hidden test."""
    return field(metadata={"hidden_ok": hidden_ok}, **kwargs)


# kind -> the parent's words for it. The kind is the only thing about a crash a hidden test shows.
KINDS: dict = {
    "wrong_value": "wrong values",
    "wrong_shape": "wrong shape",
    "wrong_type": "wrong type or structure of the returned value",
    "not_finite": "NaN or inf in the output",
    "mutated_input": "modified an argument in place (functions must be pure)",
    "gradient": "gradient check failed",
    "wrong_output": "wrong output",
    "not_implemented": "not implemented yet",
    "missing": "function not found",
    "syntax": "syntax error",
    "import": "your file could not be imported",
    "forbidden_import": "imports a module that is not allowed in this exercise (forbidden_imports in course.yml)",
    "exception": "raised an exception",
    "memory": "ran out of memory",
    "recursion": "hit the recursion limit (infinite recursion?)",
    "exit": "exited before returning",
    "timeout": "timed out",
    "killed": "killed (out of memory, or too many processes?)",
    "crashed": "crashed",
    "file_size": "stopped by the file-size limit",
    "bad_output": "returned output that could not be read",
    "interrupted": "not finished: grading was interrupted",
    "not_run": "not run",
    "bad_submission": "the submission could not be read",
}

# diagnosis name -> its words; ``{factor}`` / ``{offset}`` come from the failure's numbers.
DIAGNOSES: dict = {
    "sign_flipped": "the sign is flipped",
    "factor": "off by a factor of {factor:g} (a sum where a mean belongs, or a missing 1/m?)",
    "inverse_factor": "off by a factor of 1/{inverse:g} (divided by m twice, or a mean where a sum belongs?)",
    "same_factor": "every value is off by the same factor {factor:.4g}",
    "constant_offset": "every value is off by the same constant {offset:.4g}",
    "row_offset": "each row is off by a constant (a shift or normalisation over the wrong axis?)",
    "transposed": "the output is transposed",
    "maybe_transposed": "transposed? check which axis is examples and which is features",
    "flat_vs_column": "same numbers of elements: (n,) vs (n, 1)? reshape, squeeze or keepdims",
    "scalar_for_array": "a single number where an array was expected: summed or averaged too much?",
    "array_for_scalar": "expected a single number: reduce with mean or sum",
    "wrong_axis": "reduced or kept the wrong axis?",
    "mean_over_classes": "off by a factor of 1/{inverse:g}, the number of classes (K): a mean over classes too? "
                         "Sum over classes, then the mean over examples",
    "sum_over_examples": "off by a factor of {factor:g}, the number of examples (m): a sum over examples "
                         "where the mean belongs?",
    "divided_twice": "off by a factor of 1/{inverse:g}, the number of examples (m): divided by m twice?",
    "whole_factor": "off by a factor of {factor:g}",  # inputs without a batch: no m to blame
    "whole_inverse_factor": "off by a factor of 1/{inverse:g}",
}


# What a hidden test says for the diagnoses whose words quote a number (a factor or a constant).
_PARAMETER_FREE = {
    "factor": "off by a whole factor (a sum where a mean belongs, or a missing 1/m?)",
    "inverse_factor": "off by a factor of 1/k (divided by m twice, or a mean where a sum belongs?)",
    "same_factor": "every value is off by the same factor",
    "constant_offset": "every value is off by the same constant",
    "mean_over_classes": "off by a factor of 1/K, the number of classes: a mean over classes too?",
    "sum_over_examples": "off by a factor of m, the number of examples: a sum where the mean belongs?",
    "divided_twice": "off by a factor of 1/m: divided by the number of examples twice?",
    "whole_factor": "off by a whole factor",
    "whole_inverse_factor": "off by a factor of 1/k",
}

# Kinds where the test's subject hint cannot help (the function did not run to an answer, or
# returned something of the wrong type): no hint is shown with them.
NO_HINT_KINDS = frozenset({
    "wrong_type", "not_implemented", "missing", "syntax", "import", "forbidden_import", "memory", "recursion",
    "exit", "timeout", "killed", "crashed", "file_size", "bad_output", "interrupted", "not_run", "bad_submission",
    "no_result",
})

# Whole-file failures: the file could not be loaded, so no test ran. kind -> the banner's title.
FILE_KINDS: dict = {
    "syntax": "syntax error",
    "import": "your file could not be imported",
    "forbidden_import": "your file imports a module this exercise does not allow",
    "exception": "your file raised an exception while it was loaded",
    "exit": "your file exits while it is loaded",
    "timeout": "loading your file took too long",
    "empty": "none of the exercise's functions is in your file",
    "needs_tensorflow": "TensorFlow is not installed",
    "crashed": "your file crashed while it was loaded",
}


@dataclass
class Numbers:
    """What the parent computed comparing an output with the expected one.

    Hidden tests show the error sizes (to two digits) and the tolerance; never the expected value
    (the hidden answer), the student's value or shape, where it differs, or a diagnosis's factor:
    those are the child's data (a child that returns the right answer times r, or plus r at one
    place, would read r back at full precision). Rounding keeps the error sizes from being such a
    channel too.
    """

    max_abs_error: float | None = _field(True, default=None)
    max_rel_error: float | None = _field(True, default=None)
    n_wrong: int | None = _field(True, default=None)
    size: int | None = _field(True, default=None)
    rtol: float | None = _field(True, default=None)
    atol: float | None = _field(True, default=None)
    factor: float | None = _field(False, default=None)  # the diagnosis's factor (got / expected)
    offset: float | None = _field(False, default=None)  # the diagnosis's constant (got - expected)
    expected_shape: tuple | None = _field(True, default=None)
    got_shape: tuple | None = _field(False, default=None)
    worst_index: tuple | None = _field(False, default=None)
    expected: float | None = _field(False, default=None)
    got: float | None = _field(False, default=None)


@dataclass
class GradientCheck:
    """Per-parameter relative errors of a gradient check (finite differences of the student's own
    forward, computed in the parent) and the threshold they were held to."""

    threshold: float = _field(True)
    errors: dict = _field(True, default_factory=dict)  # parameter name -> max relative error

    @property
    def wrong(self) -> dict:
        return {name: err for name, err in self.errors.items() if not err <= self.threshold}

    @property
    def fine(self) -> dict:
        return {name: err for name, err in self.errors.items() if err <= self.threshold}


@dataclass
class Failure:
    """Why a test failed, as data."""

    kind: str = _field(True)  # a key of KINDS
    diagnosis: str | None = _field(True, default=None)  # a key of DIAGNOSES
    where: str = _field(True, default="")  # which returned value, named from the expected structure
    numbers: Numbers | None = _field(True, default=None)
    gradient: GradientCheck | None = _field(True, default=None)
    detail: str = _field(False, default="")  # the parent's full sentence; it may quote the child's values
    student_text: str = _field(False, default="")  # from the child: exception text, traceback


def hidden_ok(cls, name: str) -> bool:
    """Whether field ``name`` of dataclass ``cls`` may be shown for a hidden test."""
    return next(f.metadata.get("hidden_ok", False) for f in fields(cls) if f.name == name)


def shown_numbers(numbers: Numbers | None, hidden: bool) -> dict:
    """The numbers a test may show, without the empty ones (JSON-safe: non-finite floats as None)."""
    if numbers is None:
        return {}
    out = {}
    for f in fields(numbers):
        value = getattr(numbers, f.name)
        if value is None or (hidden and not f.metadata["hidden_ok"]):
            continue
        value = list(value) if isinstance(value, tuple) else _finite_or_none(value)
        out[f.name] = _two_digits(value) if hidden and isinstance(value, float) else value
    return out


def _two_digits(x: float) -> float | None:
    """``x`` to two significant digits: what a hidden test shows of a number the child influenced
    (None where rounding up passes the largest float: 1.75e308 -> 1.8e308 is inf, not JSON)."""
    return _finite_or_none(float(f"{x:.2g}"))


def render_failure(failure: Failure, hidden: bool, student_text: bool = True) -> str:
    """The message of a failed test. A hidden test shows only fields that may be shown for it
    (``_render_hidden``); ``student_text=False`` leaves out the child's text of a public test."""
    if hidden:
        return _render_hidden(failure)
    text = failure.detail or _kind_words(failure)
    if failure.student_text and student_text:
        text += ":\n" + failure.student_text.rstrip()
    elif failure.student_text:  # the same child also ran hidden tests: its text could carry their inputs
        text += " (the error text is not shown where hidden tests ran; `nnlab check` shows it)"
    return clean_text(text)


def _kind_words(failure: Failure) -> str:
    words = KINDS.get(failure.kind, "failed")
    if failure.where:
        words += f" in {failure.where}"
    return words


def _render_hidden(failure: Failure) -> str:
    text = _kind_words(failure)
    if failure.diagnosis in DIAGNOSES:
        template = DIAGNOSES[failure.diagnosis]
        words = _PARAMETER_FREE.get(failure.diagnosis, template)  # the words, without the child's number
        text += f"; looks like: {words}"
    shown = shown_numbers(failure.numbers, hidden=True)
    facts = [f"{label} {_num(shown[key])}" for key, label in
             (("max_abs_error", "max abs error"), ("max_rel_error", "max rel error")) if key in shown]
    if "n_wrong" in shown and "size" in shown:
        facts.insert(0, f"{shown['n_wrong']} of {shown['size']} values differ")
    if "expected_shape" in shown and failure.kind == "wrong_shape":
        facts.append(f"expected shape {tuple(shown['expected_shape'])}")
    if failure.gradient is not None:
        facts += [f"{name} {_num(err)}" for name, err in failure.gradient.errors.items()]
        facts.append(f"threshold {_num(failure.gradient.threshold)}")
    if facts:
        text += f" ({', '.join(facts)})"
    return clean_text(text + " [hidden test: its inputs and your output are not shown]")


def diagnosis_words(diagnosis: str | None, numbers: Numbers | None = None) -> str | None:
    """A diagnosis in words (public tests), with its factor or constant from ``numbers``."""
    template = DIAGNOSES.get(diagnosis or "")
    if template is None:
        return None
    numbers = numbers or Numbers()
    factor = numbers.factor if numbers.factor is not None else math.nan
    inverse = 1.0 / factor if math.isfinite(factor) and factor != 0 else math.nan
    return template.format(factor=factor, inverse=round(inverse) if math.isfinite(inverse) else inverse,
                           offset=numbers.offset if numbers.offset is not None else math.nan)


def _num(x) -> str:
    return "nan" if x is None else f"{float(x):.2g}"


def _finite_or_none(x):
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return x
    return x if math.isfinite(x) else None


# --------------------------------------------------------------------------- whole-file failures


@dataclass
class FileError:
    """The file could not be loaded (or has none of the exercise's functions): one banner instead
    of a failure per test. ``message``, ``source`` come from the child's load, before any test
    input was sent, so they hold nothing of a hidden test; they are shown through ``clean_text``."""

    kind: str  # a key of FILE_KINDS
    message: str = ""
    file: str = ""
    line: int | None = None
    source: str = ""  # the offending source line
    column: int | None = None  # 1-based start of the caret, where Python gave one
    end_column: int | None = None
    advice: str = ""

    @property
    def title(self) -> str:
        return FILE_KINDS.get(self.kind, "your file could not be graded")

    @property
    def location(self) -> str:
        """``file:line`` (or what is known of it)."""
        if self.file and self.line:
            return f"{clean_text(self.file)}:{self.line}"
        return clean_text(self.file)

    def caret(self) -> str:
        """Python's own marker under ``source``: ``^`` from column to end column (the whole line
        where no column is known; "" without a source line)."""
        text = self.source.rstrip()
        if not text.strip():
            return ""
        indent = len(text) - len(text.lstrip())
        if not self.column:  # no column known (a forbidden import): the whole statement
            return " " * indent + "^" * (len(text) - indent)
        start = max(self.column - 1, indent)
        end = self.end_column - 1 if self.end_column and self.end_column - 1 > start else start + 1
        return " " * start + "^" * max(1, min(end, len(text)) - start)

    def text(self) -> str:
        """The banner as plain lines (title at file:line, message, the line and its caret, advice):
        what a stored result keeps as its ``error`` (the feedback page, the exports)."""
        head = self.title + (f" at {self.location}" if self.location else "")
        lines = [head, clean_text(self.message).strip(), clean_text(self.source.rstrip()), self.caret(),
                 clean_text(self.advice)]
        return "\n".join(line for line in lines if line.strip())

    def to_json(self) -> dict:
        return {"kind": self.kind, "message": clean_text(self.message), "file": clean_text(self.file),
                "line": self.line, "source": clean_text(self.source.rstrip()), "advice": clean_text(self.advice)}


# --------------------------------------------------------------------------- results


@dataclass
class TestResult:
    """One test's outcome. ``message`` is rendered from ``failure`` when one is given (the text
    every output shows); a bare ``message`` without a failure is treated as untrusted detail."""

    name: str
    passed: bool
    score: float
    max_score: float
    message: str = ""
    hint: str = ""
    hidden: bool = False
    failure: Failure | None = None
    show_student_text: bool = True  # False once the same child had been sent a hidden input
    specific: bool = False  # the test exists to catch one named mistake (its hint names it)
    note: str = ""  # the parent's words on NumPy warnings during the call (public tests only), pass or fail
    printed: str = ""  # what the student's code printed during this test (never kept for a hidden one)

    def __post_init__(self) -> None:
        if self.failure is None and not self.passed and self.message:
            self.failure = Failure("wrong_output", detail=self.message)
        if self.failure is not None and not self.passed:
            self.message = render_failure(self.failure, self.hidden, self.show_student_text)
            # A subject hint does not help a loop or a wrong type; a test made for one mistake keeps its
            # hint when the failure is how that mistake shows (a timeout on the large backward test).
            if self.failure.kind in NO_HINT_KINDS and not (self.specific and self.failure.kind == "timeout"):
                self.hint = ""
        if self.hidden:
            self.printed = ""

    @property
    def rank(self) -> int:
        """Which failure to show first (lowest): a named mistake, then a test made for one mistake,
        then other wrong answers, then failures that say nothing about the maths."""
        if self.failure is None:
            return 2
        if self.failure.diagnosis:
            return 0
        if self.failure.kind in NO_HINT_KINDS or self.failure.kind == "exception":
            return 3
        return 1 if self.specific else 2

    @property
    def kind(self) -> str | None:
        return None if self.passed or self.failure is None else self.failure.kind

    @property
    def diagnosis(self) -> str | None:
        return None if self.passed or self.failure is None else self.failure.diagnosis

    def details(self) -> dict:
        """The typed data a test may show (hidden tests: only the parent's): numbers, gradient."""
        if self.passed or self.failure is None:
            return {}
        out: dict = {}
        numbers = shown_numbers(self.failure.numbers, self.hidden)
        if numbers:
            out["numbers"] = numbers
        if self.failure.gradient is not None:
            g = self.failure.gradient
            errors = {clean_text(k): _finite_or_none(float(v)) for k, v in g.errors.items()}
            if self.hidden:  # the errors follow the child's forward values: two digits, like the numbers
                errors = {k: v if v is None else _two_digits(v) for k, v in errors.items()}
            out["gradient"] = {"threshold": _finite_or_none(float(g.threshold)), "errors": errors}
        if self.failure.where:
            out["where"] = clean_text(self.failure.where)
        return out

    def to_json(self) -> dict:
        """DESIGN.md's test schema plus the typed fields ``kind``, ``diagnosis``, ``hidden`` (and
        ``numbers`` / ``gradient`` where the parent computed some)."""
        return {"name": self.name, "passed": self.passed, "score": _n(self.score),
                "max_score": _n(self.max_score), "message": clean_text(self.message), "hint": self.hint,
                "kind": self.kind, "diagnosis": self.diagnosis, "hidden": bool(self.hidden), **self.details(),
                **({"note": self.note} if self.note else {})}


@dataclass
class TaskResult:
    name: str
    score: float
    max_score: float
    tests: list = field(default_factory=list)

    @property
    def passed(self) -> int:
        return sum(t.passed for t in self.tests)

    @property
    def not_run(self) -> bool:
        """None of its tests ran (grading was interrupted first): no points, no hint, shown dim."""
        return bool(self.tests) and all(t.kind == "not_run" for t in self.tests)

    @property
    def failures(self) -> list:
        """The failing tests, the most telling first (``TestResult.rank``; ties keep test order).
        A test made for one mistake goes first only where most of the task's tests pass: where most
        fail, the mistake is a basic one, and an edge case's hint would point the wrong way."""
        failing = [t for t in self.tests if not t.passed]
        basic = 2 * len(failing) > len(self.tests)
        return sorted(failing, key=lambda t: 2 if t.rank == 1 and basic else t.rank)

    @property
    def first_failure(self) -> TestResult | None:
        failures = self.failures
        return failures[0] if failures else None

    def to_json(self) -> dict:
        return {"name": self.name, "score": _n(self.score), "max_score": _n(self.max_score),
                "tests": [t.to_json() for t in self.tests]}


@dataclass
class ExerciseResult:
    exercise: str
    title: str = ""
    tasks: list = field(default_factory=list)
    stdout: str = ""
    interrupted: bool = False
    seconds: float = 0.0
    running: str = ""  # "task/test" that was running when grading was interrupted (Ctrl-C)
    error: FileError | None = None  # the whole file failed: one banner, every task "not graded"

    @property
    def score(self) -> float:
        return sum(t.score for t in self.tasks)

    @property
    def max_score(self) -> float:
        return sum(t.max_score for t in self.tasks)

    @property
    def full_marks(self) -> bool:
        return self.score >= self.max_score - 1e-9 and not self.interrupted

    def task(self, name: str) -> TaskResult:
        for t in self.tasks:
            if t.name == name:
                return t
        raise KeyError(f"{self.exercise} has no task {name!r}")

    def to_json(self) -> dict:
        """DESIGN.md's schema, plus ``error`` ({"kind", "message", "file", "line", "source",
        "advice"}) when the whole file failed."""
        data = {"exercise": self.exercise, "score": _n(self.score), "max_score": _n(self.max_score),
                "tasks": [t.to_json() for t in self.tasks]}
        if self.error is not None:
            data["error"] = self.error.to_json()
        return data


def score_task(name: str, points: float, tests: list, partial_credit: bool) -> TaskResult:
    """Share a task's points over its tests; without partial credit, all tests must pass."""
    share = points / len(tests) if tests else 0.0
    whole = bool(tests) and all(t.passed for t in tests)
    for t in tests:  # the tests' scores always add up to the task's
        t.max_score = share
        t.score = share if t.passed and (partial_credit or whole) else 0.0
    score = sum(t.score for t in tests) if partial_credit else (points if whole else 0.0)
    return TaskResult(name, score, points, tests)


def _n(x: float):
    """Whole numbers print as ints in JSON (2, not 2.0); non-finite ones as null (JSON has none)."""
    x = float(x)
    if not math.isfinite(x):
        return None
    return int(x) if x.is_integer() else round(x, 6)
