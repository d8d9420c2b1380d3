"""Stage 1 of grading: what to test.

An exercise module (``graders/exercises/exerciseN.py``) declares ``TASKS``: one ``Task`` per
student function, each with ``Test``s. A test builds a ``Case`` from a seeded generator: the
calls to make in the child and the value to return. How the returned value is judged is the
test's ``check``: ``Compare`` (against the reference, with tolerances) or ``Property`` (a
parent-side predicate on the student's output, e.g. a gradient check or a truth table).

Cases are plain data: ``encode`` turns one into JSON plus named arrays, which is what the child
receives and what public fixtures store.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

# --------------------------------------------------------------------------- values in a case


@dataclass(frozen=True)
class Rng:
    """A ``numpy.random.Generator`` built in the child from this seed."""

    seed: int


@dataclass(frozen=True)
class Fn:
    """A callable from ``runner/callables.py``, built in the child."""

    name: str
    params: dict = field(default_factory=dict)

    def __hash__(self) -> int:
        return hash(self.name)


@dataclass(frozen=True)
class Out:
    """The result of an earlier call in the same case (``Out(0, 1)`` = result[0][1])."""

    step: int
    path: tuple = ()

    def __init__(self, step: int, *path):
        object.__setattr__(self, "step", step)
        object.__setattr__(self, "path", tuple(path))


@dataclass(frozen=True)
class ArgAfter:
    """Argument ``index`` of call ``step`` as it is after the call (to detect mutation)."""

    step: int
    index: int


@dataclass
class Call:
    fn: str
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)


@dataclass
class Case:
    """The calls of one test and the value it returns (by default: the last call's result)."""

    calls: list
    output: Any = None

    def __post_init__(self):
        if self.output is None:
            self.output = Out(len(self.calls) - 1)

    @property
    def args(self) -> tuple:
        """The arguments of the first call (what most property checks look at)."""
        return self.calls[0].args

    @property
    def kwargs(self) -> dict:
        return self.calls[0].kwargs


def call(fn: str, *args, **kwargs) -> Case:
    """A case with one call: ``fn(*args, **kwargs)``."""
    return Case([Call(fn, args, kwargs)])


# --------------------------------------------------------------------------- checks


@dataclass
class Compare:
    """Compare with the reference's output on the same case."""

    rtol: float | None = None
    atol: float | None = None


@dataclass
class Property:
    """``predicate(got, case, expected) -> None`` if fine, else a message saying what is wrong.

    ``expected`` is the reference's output when ``with_reference`` is set, else None.
    """

    predicate: Callable
    with_reference: bool = False


# --------------------------------------------------------------------------- tests and tasks


@dataclass
class Test:
    name: str
    build: Callable[[np.random.Generator], Case]
    check: Compare | Property = field(default_factory=Compare)
    hint: str = ""
    hidden: bool = False
    pure: bool = True  # also check that array arguments were not modified in place
    specific: bool = False  # made to catch one named mistake (its hint names it): shown first when it fails


@dataclass
class Task:
    name: str
    tests: list
    functions: tuple = ()  # the student functions the task grades (default: (name,))
    # Hints on request (``nnlab check EX --hint TASK``): (level 2: the idea and where the instructions
    # explain it, level 3: the formula). Level 1 is each failing test's own ``Test.hint``.
    hints: tuple = ()

    def __post_init__(self):
        if not self.functions:
            self.functions = (self.name,)


def with_hints(tasks: list, hints: dict) -> list:
    """Give each task its hints on request, ``{task: (level 2: the idea, level 3: the formula)}``
    (``graders/hints.py``); every task needs both levels."""
    missing = [t.name for t in tasks if t.name not in hints]
    if missing:
        raise ValueError(f"no hints for {', '.join(missing)}")
    for task in tasks:
        task.hints = tuple(hints[task.name])
    return tasks


def seed_for(*parts: str) -> int:
    """A stable seed from names (public tests: the same on every machine and every run)."""
    return zlib.crc32("/".join(parts).encode())


# --------------------------------------------------------------------------- encoding


def encode(case: Case) -> tuple[dict, dict]:
    """Case -> (JSON-able program, {array key: ndarray}). Arrays are copied; one array object used
    in several calls (the unperturbed arguments of a gradient check) is stored once."""
    arrays: dict = {}
    seen: dict = {}  # id(array) -> key; the case keeps the arrays alive, so ids are stable here

    def enc(v):
        if isinstance(v, np.ndarray):
            if id(v) not in seen:
                seen[id(v)] = f"a{len(arrays)}"
                arrays[seen[id(v)]] = np.array(v)
            return {"array": seen[id(v)]}
        if isinstance(v, np.generic):
            return {"lit": v.item()}
        if isinstance(v, Rng):
            return {"rng": int(v.seed)}
        if isinstance(v, Fn):
            return {"fn": v.name, "params": {k: enc(p) for k, p in v.params.items()}}
        if isinstance(v, Out):
            return {"ref": [v.step, *v.path]}
        if isinstance(v, ArgAfter):
            return {"arg": [v.step, v.index]}
        if isinstance(v, tuple):
            return {"tuple": [enc(x) for x in v]}
        if isinstance(v, list):
            return {"list": [enc(x) for x in v]}
        if isinstance(v, dict):
            return {"dict": {str(k): enc(x) for k, x in v.items()}}
        if v is None or isinstance(v, (bool, int, float, str)):
            return {"lit": v}
        raise TypeError(f"cannot encode {type(v).__name__} in a test case")

    program = {
        "calls": [
            {"fn": c.fn, "args": [enc(a) for a in c.args], "kwargs": {k: enc(a) for k, a in c.kwargs.items()}}
            for c in case.calls
        ],
        "output": enc(case.output),
    }
    return program, arrays


def decode(program: dict, arrays: dict) -> Case:
    """The inverse of ``encode`` (for public fixtures, whose cases are stored, not rebuilt)."""

    def dec(v):
        if "array" in v:
            return arrays[v["array"]]
        if "lit" in v:
            return v["lit"]
        if "rng" in v:
            return Rng(v["rng"])
        if "fn" in v:
            return Fn(v["fn"], {k: dec(p) for k, p in v["params"].items()})
        if "ref" in v:
            return Out(*v["ref"])
        if "arg" in v:
            return ArgAfter(*v["arg"])
        if "tuple" in v:
            return tuple(dec(x) for x in v["tuple"])
        if "list" in v:
            return [dec(x) for x in v["list"]]
        if "dict" in v:
            return {k: dec(x) for k, x in v["dict"].items()}
        raise ValueError(f"unknown encoding {sorted(v)}")

    calls = [Call(c["fn"], tuple(dec(a) for a in c["args"]), {k: dec(a) for k, a in c["kwargs"].items()}) for c in program["calls"]]
    return Case(calls, dec(program["output"]))
