"""Load and validate ``course.yml``: exercises, tasks, points, limits and tolerances.

Every problem is reported as one ``CourseError`` naming the file, the key and what was
expected, so ``nnlab`` can print one line and exit 2 instead of a traceback.
"""

from __future__ import annotations

import datetime
import difflib
import os
import re
from dataclasses import dataclass, field

import yaml

from .errors import CourseError
from .limits import Limits

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser: ~10x faster at start-up
COURSE_FILE = "course.yml"
TOP_KEYS = {"course", "defaults", "exercises"}
COURSE_KEYS = {"id", "name", "secret_env", "late_policy"}
LATE_POLICY_KEYS = {"per", "penalty", "unit", "cap", "grace_minutes"}
DEFAULT_KEYS = {"test_seconds", "submission_seconds", "memory_mb", "file_mb", "rtol", "atol", "partial_credit",
                "notebook_mb", "forbidden_imports"}
EXERCISE_KEYS = {"title", "student_file", "reference", "tf_reference", "tasks", "needs_tensorflow", "due"} | DEFAULT_KEYS
TASK_KEYS = {"points"}


@dataclass
class TaskConfig:
    name: str
    points: float


@dataclass
class LatePolicy:
    """course.late_policy: ``penalty`` per started ``per`` ("hour" | "day") after the due time, as a
    ``unit`` ("fraction" of the exercise's points | "points"), at most ``cap`` (same unit); a
    submission at most ``grace_minutes`` late is on time (later ones count from the due time)."""

    per: str
    penalty: float
    unit: str
    cap: float
    grace_minutes: float


@dataclass
class ExerciseConfig:
    id: str
    title: str
    student_file: str
    reference: list
    tf_reference: list
    tasks: dict
    limits: Limits
    rtol: float
    atol: float
    partial_credit: bool
    needs_tensorflow: bool = False
    due: datetime.datetime | None = None  # exercises.<id>.due: ISO 8601 with a zone
    forbidden_imports: dict = field(default_factory=dict)  # module -> the message its import gets

    @property
    def max_score(self) -> float:
        return sum(t.points for t in self.tasks.values())


@dataclass
class Course:
    root: str
    id: str
    name: str
    exercises: dict = field(default_factory=dict)
    secret_env: str = "NNLAB_SECRET"
    late_policy: LatePolicy = field(default_factory=lambda: LatePolicy(**LATE_POLICY))

    def exercise(self, exercise_id: str) -> ExerciseConfig:
        if exercise_id not in self.exercises:
            close = difflib.get_close_matches(exercise_id, list(self.exercises), n=1)
            suggestion = f"; did you mean {close[0]}?" if close else ""
            raise CourseError(
                f"unknown exercise {exercise_id!r}{suggestion} (course.yml defines: {', '.join(self.exercises)})"
            )
        return self.exercises[exercise_id]

    def resolve(self, name: str | None, cwd: str | None = None) -> str:
        """The exercise a student means: ``exercise3``, ``3``, ``ex3``, ``Exercise3``, ``exercise3.py``
        or a path to it; with no name, the exercise whose folder ``cwd`` is in."""
        if name is None:
            here = os.path.realpath(cwd or os.getcwd())
            for ex_id in self.exercises:
                folder = os.path.realpath(self.exercise_dir(ex_id))
                if here == folder or here.startswith(folder + os.sep):
                    return ex_id
            raise CourseError("which exercise? name one (nnlab check exercise3), or run it inside exercises/<exercise>/")
        if name in self.exercises:
            return name
        stem = os.path.basename(name.rstrip("/\\"))
        stem = stem.rsplit(".", 1)[0] if stem.endswith((".py", ".ipynb")) else stem
        by_key = {_exercise_key(ex_id): ex_id for ex_id in self.exercises}
        return by_key.get(_exercise_key(stem)) or self.exercise(name).id  # else: unknown, with a suggestion

    def exercise_dir(self, exercise_id: str) -> str:
        return os.path.join(self.root, "exercises", exercise_id)

    def student_path(self, exercise_id: str) -> str:
        return os.path.join(self.exercise_dir(exercise_id), self.exercise(exercise_id).student_file)


def _exercise_key(name: str) -> str:
    """"Exercise_3", "ex3", "3" and "exercise03" -> "3"; other names lower-cased without separators."""
    key = re.sub(r"[\s_\-]", "", name.lower())
    match = re.fullmatch(r"(?:exercise|exercice|ex|e)?0*(\d+)", key)
    return match.group(1) if match else key


COURSE_ENV = "NNLAB_COURSE"  # set by `nnlab --course PATH`: the course without cd-ing into it


def find_root(start: str | None = None) -> str:
    """The nearest directory at or above ``start`` (default: $NNLAB_COURSE, else the current
    directory) holding course.yml."""
    start = start or os.environ.get(COURSE_ENV) or None
    here = os.path.abspath(start or os.getcwd())
    while True:
        if os.path.isfile(os.path.join(here, COURSE_FILE)):
            return here
        parent = os.path.dirname(here)
        if parent == here:
            raise CourseError(f"no {COURSE_FILE} found in {os.path.abspath(start or os.getcwd())} or any parent directory")
        here = parent


def load(root: str | None = None) -> Course:
    """Load ``course.yml`` from ``root`` (default: found from the current directory upwards)."""
    root = find_root(root)
    path = os.path.join(root, COURSE_FILE)
    try:
        with open(path, encoding="utf-8") as f:
            data = yaml.load(f, Loader=SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise CourseError(f"{path}: not valid YAML{where}: {getattr(exc, 'problem', exc)}") from None
    except OSError as exc:
        raise CourseError(f"{path}: cannot read ({exc.strerror})") from None
    return parse(data, path, root)


def parse(data, path: str, root: str) -> Course:
    def fail(key: str, expected: str, got=None) -> CourseError:
        shown = "" if got is None else f", got {got!r}"
        return CourseError(f"{path}: {key}: expected {expected}{shown}")

    if not isinstance(data, dict):
        raise fail("top level", "a mapping with keys course, defaults, exercises", type(data).__name__)
    _no_unknown(data, TOP_KEYS, "top level", fail)
    meta = data.get("course") or {}
    if not isinstance(meta, dict):
        raise fail("course", "a mapping")
    _no_unknown(meta, COURSE_KEYS, "course", fail)
    defaults = data.get("defaults") or {}
    if not isinstance(defaults, dict):
        raise fail("defaults", "a mapping")
    _no_unknown(defaults, DEFAULT_KEYS, "defaults", fail)
    exercises = data.get("exercises")
    if not isinstance(exercises, dict) or not exercises:
        raise fail("exercises", "a mapping of exercise ids to exercises")
    course = Course(root=root, id=str(meta.get("id", "nnlab")), name=str(meta.get("name", "nnlab course")),
                    secret_env=str(meta.get("secret_env", "NNLAB_SECRET")),
                    late_policy=_late_policy(meta.get("late_policy"), fail))
    base = _settings(defaults, {}, "defaults", fail)  # a mistake in defaults: is blamed on defaults:
    for ex_id, ex in exercises.items():
        key = f"exercises.{ex_id}"
        if not isinstance(ex_id, str) or not ex_id.isidentifier():
            raise fail(key, "an identifier such as exercise3 as the exercise id", ex_id)
        if not isinstance(ex, dict):
            raise fail(key, "a mapping")
        _no_unknown(ex, EXERCISE_KEYS, key, fail)
        settings = _settings(ex, base, key, fail)
        tasks = ex.get("tasks")
        if not isinstance(tasks, dict) or not tasks:
            raise fail(f"{key}.tasks", "a mapping of task names to {points: N}")
        task_configs = {}
        for name, task in tasks.items():
            tkey = f"{key}.tasks.{name}"
            if not isinstance(task, dict):
                raise fail(tkey, "a mapping such as {points: 2}", task)
            _no_unknown(task, TASK_KEYS, tkey, fail)
            points = task.get("points")
            if isinstance(points, bool) or not isinstance(points, (int, float)) or points < 0:
                raise fail(f"{tkey}.points", "a number >= 0", points)
            task_configs[str(name)] = TaskConfig(str(name), float(points))
        course.exercises[ex_id] = ExerciseConfig(
            id=ex_id,
            title=_string(ex, "title", key, fail, ex_id),
            student_file=_string(ex, "student_file", key, fail, f"{ex_id}.py"),
            reference=_modules(ex, "reference", key, fail),
            tf_reference=_modules(ex, "tf_reference", key, fail),
            tasks=task_configs,
            limits=Limits(test_seconds=settings["test_seconds"], submission_seconds=settings["submission_seconds"],
                          memory_mb=int(settings["memory_mb"]), file_mb=int(settings["file_mb"]),
                          notebook_mb=settings["notebook_mb"]),
            rtol=settings["rtol"],
            atol=settings["atol"],
            partial_credit=settings["partial_credit"],
            needs_tensorflow=bool(ex.get("needs_tensorflow", False)),
            due=_due(ex, key, fail),
            forbidden_imports=_forbidden(settings.get("forbidden_imports"), ex_id, key, fail),
        )
    return course


def _forbidden(value, ex_id: str, key: str, fail) -> dict:
    """``forbidden_imports``: a list of modules, or a mapping module -> what to use instead."""
    if value is None:
        return {}
    if isinstance(value, list):
        value = {name: None for name in value}
    if not isinstance(value, dict) or not all(isinstance(k, str) and k and (v is None or isinstance(v, str))
                                              for k, v in value.items()):
        raise fail(f"{key}.forbidden_imports", "a list of module names, or a mapping module -> message", value)
    return {name: f"`{name}` is not allowed in {ex_id} (forbidden_imports in course.yml): "
                  + (instead or "the exercise asks you to write this yourself with NumPy")
            for name, instead in value.items()}


def _no_unknown(mapping: dict, allowed: set, key: str, fail) -> None:
    for k in mapping:
        if k not in allowed:
            close = difflib.get_close_matches(str(k), sorted(allowed), n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise fail(f"{key}.{k}", f"one of {', '.join(sorted(allowed))}{hint}")


def _string(ex: dict, name: str, key: str, fail, default: str) -> str:
    value = ex.get(name, default)
    if not isinstance(value, str) or not value:
        raise fail(f"{key}.{name}", "a non-empty string", value)
    return value


def _modules(ex: dict, name: str, key: str, fail) -> list:
    value = ex.get(name, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(m, str) for m in value):
        raise fail(f"{key}.{name}", "a list of module names", value)
    return value


def parse_time(value) -> datetime.datetime | None:
    """An ISO 8601 time with a zone (YAML may have parsed it already), or None if it is not one."""
    if isinstance(value, datetime.datetime):
        when = value
    elif isinstance(value, str):
        try:
            when = datetime.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    else:
        return None
    return when if when.tzinfo is not None and when.utcoffset() is not None else None


def _due(ex: dict, key: str, fail) -> datetime.datetime | None:
    if "due" not in ex:
        return None
    when = parse_time(ex["due"])
    if when is None:
        raise fail(f"{key}.due", "an ISO 8601 time with a zone such as 2026-10-01T23:59:00+02:00", str(ex["due"]))
    return when


def _late_policy(value, fail) -> LatePolicy:
    """course.late_policy over LATE_POLICY, each error naming its key."""
    if value is None:
        return LatePolicy(**LATE_POLICY)
    if not isinstance(value, dict):
        raise fail("course.late_policy", "a mapping with keys " + ", ".join(sorted(LATE_POLICY_KEYS)), value)
    _no_unknown(value, LATE_POLICY_KEYS, "course.late_policy", fail)
    policy = dict(LATE_POLICY)
    for name, allowed in (("per", ("hour", "day")), ("unit", ("fraction", "points"))):
        if name in value:
            if value[name] not in allowed:
                raise fail(f"course.late_policy.{name}", " or ".join(allowed), value[name])
            policy[name] = value[name]
    for name in ("penalty", "cap", "grace_minutes"):
        if name in value:
            number = _as_number(value[name])
            if number is None or number < 0:
                raise fail(f"course.late_policy.{name}", "a number >= 0", value[name])
            policy[name] = number
    if policy["unit"] == "fraction" and not (policy["penalty"] <= 1 and policy["cap"] <= 1):
        raise fail("course.late_policy", "penalty and cap at most 1 with unit: fraction (1 = all the points)",
                   {"penalty": policy["penalty"], "cap": policy["cap"]})
    return LatePolicy(**policy)


_LIMITS = Limits()
# The one home of the defaults: what a key means when course.yml leaves it out.
DEFAULTS = {"test_seconds": _LIMITS.test_seconds, "submission_seconds": _LIMITS.submission_seconds,
            "memory_mb": _LIMITS.memory_mb, "file_mb": _LIMITS.file_mb, "rtol": 1e-6, "atol": 1e-9, "partial_credit": False,
            "notebook_mb": _LIMITS.notebook_mb, "forbidden_imports": None}
# No late_policy: lateness is recorded, nothing is taken off. The cap is in the policy's unit
# (1 = all the points with unit: fraction; with unit: points, give a cap).
LATE_POLICY = {"per": "day", "penalty": 0.0, "unit": "fraction", "cap": 1.0, "grace_minutes": 0.0}
# Below these a child cannot even start: Python and NumPy need about 128 MB of address space.
MINIMUM = {"memory_mb": (256, "Python and NumPy need about 128 MB of address space to start"),
           "file_mb": (1, "the child writes its results as files"),
           "test_seconds": (0.1, "a test needs time to run"),
           "submission_seconds": (1, "starting Python takes a fraction of a second")}


def _settings(mapping: dict, inherited: dict, key: str, fail) -> dict:
    """The grading settings of ``mapping`` (defaults: or one exercise) over ``inherited``, checked,
    each error naming the key where the value was written."""
    settings = dict(inherited or DEFAULTS)
    for name in DEFAULT_KEYS:
        if name not in mapping:
            continue
        value = mapping[name]
        if name == "forbidden_imports":  # checked per exercise by _forbidden
            settings[name] = value
            continue
        if name == "partial_credit":
            if not isinstance(value, bool):
                raise fail(f"{key}.{name}", "true or false", value)
            settings[name] = value
            continue
        number = _as_number(value)
        allow_zero = name in ("rtol", "atol")
        if number is None or number < 0 or (number == 0 and not allow_zero):
            raise fail(f"{key}.{name}", "a number >= 0" if allow_zero else "a positive number", value)
        if name in MINIMUM and number < MINIMUM[name][0]:
            floor, why = MINIMUM[name]
            raise fail(f"{key}.{name}", f"at least {floor:g} ({why})", value)
        settings[name] = number
    return settings


def _as_number(value) -> float | None:
    """A finite number, including YAML 1.1's "1e-6" (PyYAML reads exponents without a dot as text)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            return None
    if not isinstance(value, (int, float)) or value != value or value in (float("inf"), float("-inf")):
        return None
    return float(value)
