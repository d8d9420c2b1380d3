"""One grading run, end to end: spec -> run -> judge -> results.

``grade`` plans the tests of an exercise (public ones from the stored fixtures, hidden ones
built from a per-student seed and judged against the live reference), runs them all in one
sandboxed child, judges each outcome in this process and scores the tasks. Data flows one way;
nothing the child wrote is trusted beyond validated arrays.
"""

from __future__ import annotations

import difflib
import importlib
from dataclasses import dataclass, replace

import numpy as np

from . import fixtures, judge, runner
from .course import Course, CourseError
from .results import ExerciseResult, TestResult, score_task
from .runner import child
from .runner.protocol import to_tree
from .spec import Case, decode, encode, seed_for


@dataclass
class Planned:
    task: object
    test: object
    case: Case
    program: dict
    arrays: dict
    expected: object


def load_tasks(course: Course, exercise_id: str) -> list:
    """The exercise's ``TASKS``, checked against the tasks course.yml gives points to."""
    config = course.exercise(exercise_id)
    try:
        module = importlib.import_module(f"graders.exercises.{exercise_id}")
    except ModuleNotFoundError as exc:
        if exc.name == f"graders.exercises.{exercise_id}":
            raise CourseError(f"{exercise_id} has no grader spec yet (graders/exercises/{exercise_id}.py)") from None
        raise
    tasks = _with_hidden(exercise_id, list(module.TASKS))
    names = [t.name for t in tasks]
    for name in config.tasks:
        if name not in names:
            close = difflib.get_close_matches(name, names, n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise CourseError(f"course.yml: exercises.{exercise_id}.tasks.{name}: no such task in the grader spec{hint}")
    for name in names:
        if name not in config.tasks:
            raise CourseError(f"course.yml: exercises.{exercise_id}.tasks: task {name!r} is missing (it needs points)")
    return [t for t in tasks if t.name in config.tasks]


def _with_hidden(exercise_id: str, tasks: list) -> list:
    """Each task's public tests followed by its hidden ones from ``exerciseN_hidden.py``.

    The hidden file lives only in the course repository (``nnlab release`` never ships it), so
    in a handout it is absent and the tasks are the public tests alone."""
    name = f"graders.exercises.{exercise_id}_hidden"
    try:
        hidden = importlib.import_module(name).HIDDEN
    except ModuleNotFoundError as exc:
        if exc.name == name:
            return tasks
        raise
    by_name = {t.name: t for t in tasks}
    for task_name, tests in hidden.items():
        if task_name not in by_name:
            raise CourseError(f"graders/exercises/{exercise_id}_hidden.py: HIDDEN[{task_name!r}]: no such task")
        if not all(t.hidden for t in tests):
            raise CourseError(f"graders/exercises/{exercise_id}_hidden.py: HIDDEN[{task_name!r}]: "
                              "every test there needs hidden=True")
    # New Task objects: the spec module's own stay public-only however often this runs.
    return [replace(t, tests=[*t.tests, *hidden.get(t.name, [])]) for t in tasks]


def reference_namespace(modules: list) -> dict:
    namespace: dict = {}
    for name in modules:
        namespace.update(vars(importlib.import_module(name)))
    return namespace


def run_reference(program: dict, arrays: dict, namespace: dict):
    """The reference's output on one encoded case, as a float64 tree (trusted, in-process)."""
    from .runner import callables

    value = child.run_case(program, namespace, lambda key: arrays[key], np, callables.make)
    return to_tree(value)


def plan(course: Course, exercise_id: str, tasks: list, *, hidden: bool = False,
         seed_key: str = "validate", public: bool = True) -> list:
    """The tests to run: public ones from fixtures, hidden ones built fresh from ``seed_key``."""
    planned = []
    stored = _load_fixtures(exercise_id) if public and any(not t.hidden for task in tasks for t in task.tests) else {}
    namespace = None
    for task in tasks:
        for test in task.tests:
            if not test.hidden and public:
                key = f"{task.name}/{test.name}"
                if key not in stored:
                    raise CourseError(f"the fixtures of {exercise_id} lack {key}: run `nnlab fixtures {exercise_id}`")
                program, arrays, expected = stored[key]
                planned.append(Planned(task, test, decode(program, arrays), program, arrays, expected))
            elif test.hidden and hidden:
                if namespace is None:
                    namespace = reference_namespace(course.exercise(exercise_id).reference)
                rng = np.random.default_rng(seed_for(seed_key, exercise_id, task.name, test.name))
                case = test.build(rng)
                program, arrays = encode(case)
                expected = run_reference(program, arrays, namespace)
                planned.append(Planned(task, test, decode(program, arrays), program, arrays, expected))
    # Every public test runs before any hidden one: the child has not seen a hidden input yet when
    # it writes a public test's error, so that text can be shown (see score).
    return sorted(planned, key=lambda p: p.test.hidden)


def _load_fixtures(exercise_id: str) -> dict:
    try:
        return fixtures.load(exercise_id)
    except OSError:
        raise CourseError(f"no fixtures for {exercise_id}: run `nnlab fixtures {exercise_id}`") from None
    except (ValueError, KeyError) as exc:
        raise CourseError(f"the fixtures of {exercise_id} are unreadable ({exc}): run `nnlab fixtures {exercise_id}`") from None


def grade(course: Course, exercise_id: str, target: runner.Target, *, hidden: bool = False,
          seed_key: str = "validate", public: bool = True, limits: runner.Limits | None = None,
          wrap=None, tasks: list | None = None, warm=None, progress=None) -> ExerciseResult:
    """Grade ``target`` on one exercise and return the scored result."""
    config = course.exercise(exercise_id)
    tasks = tasks if tasks is not None else load_tasks(course, exercise_id)
    planned = plan(course, exercise_id, tasks, hidden=hidden, seed_key=seed_key, public=public)
    programs = [(fixtures.with_purity_outputs(p.program) if p.test.pure else p.program, p.arrays) for p in planned]
    names = [f"{p.task.name}/{p.test.name}" for p in planned]  # a timeout skips the rest of its task
    run = runner.run(target, programs, limits or config.limits, wrap=wrap, warm=warm, names=names, progress=progress)
    result = score(config, tasks, planned, run.outcomes, run)
    result.peak_memory_mb = run.peak_memory_mb  # the submission's peak memory (MB; None where unknown)
    return result


def score(config, tasks: list, planned: list, outcomes: list, run) -> ExerciseResult:
    """Judge each planned test's outcome and score the tasks (stages 3 and 4's input)."""
    by_task: dict = {task.name: [] for task in tasks}
    # One child runs the planned tests in order: text it wrote after it was sent a hidden input could
    # carry that input out, so only the child's text from before the first hidden test is shown.
    hidden_sent = False
    for p, outcome in zip(planned, outcomes):
        hidden_sent = hidden_sent or p.test.hidden
        verdict = judge.judge(p.test, p.case, outcome, p.expected, config.rtol, config.atol)
        by_task[p.task.name].append(TestResult(
            name=p.test.name + (" (hidden)" if p.test.hidden else ""),
            passed=verdict.passed, score=0.0, max_score=0.0, hint=_hint(verdict, outcome, p.test),
            hidden=p.test.hidden, failure=verdict.failure, show_student_text=not hidden_sent,
            specific=getattr(p.test, "specific", False),
            printed="" if hidden_sent else outcome.printed,  # printing after a hidden input could carry it
            note="" if p.test.hidden else warning_note(outcome.warnings),
        ))
    result = ExerciseResult(config.id, config.title, interrupted=run.interrupted, seconds=run.seconds,
                            stdout=run.stdout, running=_shown_name(getattr(run, "running", ""), planned),
                            error=judge.file_error(outcomes, config.id, getattr(config, "needs_tensorflow", False)))
    for task in tasks:
        result.tasks.append(score_task(task.name, config.tasks[task.name].points, by_task[task.name],
                                       config.partial_credit))
    return result


def _shown_name(running: str, planned: list) -> str:
    """The running test's name as the report shows it (a hidden test's marked so)."""
    for p in planned:
        if running == f"{p.task.name}/{p.test.name}":
            return running + (" (hidden)" if p.test.hidden else "")
    return running


# NumPy's warning kinds (protocol.numpy_warnings) -> why they matter even where the value passed.
WARNING_WORDS = {
    "overflow": ("overflow in {fns}: a value became inf along the way (exp of a large number?). The result "
                 "came out right only because the inf vanished later (1 / (1 + inf) = 0); the instructions ask "
                 "for the stable form so that no step overflows (e.g. exp(-|z|), which never does)"),
    "divide_by_zero": ("division by zero in {fns}: a value became inf or -inf along the way (log(0), or 1/0?); "
                       "clip, or compute in a form that never reaches 0 (the stable form the instructions give)"),
    "invalid_value": ("invalid value in {fns}: a NaN appeared along the way (inf - inf, 0/0 or inf/inf?); "
                      "the stable form the instructions give avoids it"),
}


def warning_note(warnings: list) -> str:
    """One sentence per kind of NumPy warning raised in the call (the parent's words only)."""
    by_kind: dict = {}
    for kind, fn in warnings:
        by_kind.setdefault(kind, []).append(fn)
    return "NumPy warned: " + "; ".join(WARNING_WORDS[k].format(fns=", ".join(f"np.{f}" for f in fns))
                                        for k, fns in by_kind.items()) if by_kind else ""


_NO_HINT = ("not_implemented", "missing", "syntax", "not_run", "interrupted")


def _hint(verdict, outcome, test) -> str:
    """The test's hint, only where it can help: not for passing, unwritten or unfinished functions."""
    if verdict.passed or (outcome.error and outcome.error.get("kind") in _NO_HINT):
        return ""
    return test.hint
