"""The data a grading run produces, and its JSON form (DESIGN.md's result schema)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class TestResult:
    name: str
    passed: bool
    score: float
    max_score: float
    message: str = ""
    hint: str = ""
    hidden: bool = False

    def to_json(self) -> dict:
        return {"name": self.name, "passed": self.passed, "score": _n(self.score),
                "max_score": _n(self.max_score), "message": self.message, "hint": self.hint}


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
    def first_failure(self) -> TestResult | None:
        return next((t for t in self.tests if not t.passed), None)

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
        return {"exercise": self.exercise, "score": _n(self.score), "max_score": _n(self.max_score),
                "tasks": [t.to_json() for t in self.tasks]}


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
    """Whole numbers print as ints in JSON (2, not 2.0)."""
    return int(x) if float(x).is_integer() else round(float(x), 6)
