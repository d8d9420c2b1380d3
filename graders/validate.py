"""``nnlab validate``: prove the graders right, for CI.

For each exercise: the public fixtures are current; the NumPy reference gets full marks on
public and hidden tests; every mutant (a known-wrong solution in ``graders/mutants/<id>/``)
loses the points of the task it breaks and only those; the TensorFlow reference gets full
marks on every task it implements (NumPy and TF agree); the untouched stub scores 0 with
"not implemented yet".
"""

from __future__ import annotations

import ast
import glob
import os
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass

from . import fixtures, pipeline
from .course import Course
from .results import NO_HINT_KINDS
from .runner import Limits, Target

MUTANTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "mutants")


@dataclass
class Mutant:
    path: str
    breaks: str
    also_breaks: tuple
    doc: str
    defines: frozenset = frozenset()  # the top-level functions of the mutant file

    @property
    def name(self) -> str:
        return os.path.splitext(os.path.basename(self.path))[0]


def find_mutants(exercise_id: str) -> list:
    """Mutant files declare BREAKS = "task" (and optionally ALSO_BREAKS); read without importing."""
    found = []
    for path in sorted(glob.glob(os.path.join(MUTANTS, exercise_id, "*.py"))):
        if os.path.basename(path).startswith("_"):
            continue
        tree = ast.parse(open(path, encoding="utf-8").read())
        values = {}
        for node in tree.body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                try:
                    values[node.targets[0].id] = ast.literal_eval(node.value)
                except ValueError:
                    pass
        defines = frozenset(n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)))
        found.append(Mutant(path, values.get("BREAKS", ""), tuple(values.get("ALSO_BREAKS", ())),
                            (ast.get_docstring(tree) or "").strip().splitlines()[0] if ast.get_docstring(tree) else "",
                            defines))
    return found


def defined_functions(module_name: str) -> set:
    """Top-level function names of a module, read from its source (so TF is not imported here)."""
    import importlib.util

    spec = importlib.util.find_spec(module_name)
    if spec is None or not spec.origin:
        return set()
    tree = ast.parse(open(spec.origin, encoding="utf-8").read())
    return {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}


def validate_exercise(course: Course, exercise_id: str, tf: bool = True, workers: int | None = None, say=print,
                      check_fixtures: bool = True) -> bool:
    config = course.exercise(exercise_id)
    tasks = pipeline.load_tasks(course, exercise_id)
    ok = True

    def fail(message: str) -> None:
        nonlocal ok
        ok = False
        say(f"  FAIL {message}")

    if check_fixtures and not fixtures_current(course, exercise_id, tasks, say):
        return False  # grading against stale fixtures would only repeat the same news, minutes later

    reference = Target(modules=list(config.reference), sys_path=[course.root])
    trusted = Limits(test_seconds=config.limits.test_seconds * 3, submission_seconds=config.limits.submission_seconds * 3,
                     memory_mb=None, file_mb=config.limits.file_mb, load_seconds=600)
    jobs = [("reference", reference, tasks, None)]
    mutants = find_mutants(exercise_id)
    for m in mutants:
        if m.breaks not in config.tasks:
            fail(f"mutant {m.name}: BREAKS = {m.breaks!r} is not a task of {exercise_id}")
            continue
        # Only the tasks whose functions the mutant redefines can change: the rest run the reference's
        # own code (its functions see their module's globals, not the mutant's), so grading them again
        # proves nothing and, in the TensorFlow exercises, costs a TensorFlow import per mutant.
        affected = [t for t in tasks if t.name == m.breaks or set(t.functions) & m.defines]
        jobs.append((f"mutant {m.name}", Target(modules=list(config.reference), files=[m.path], sys_path=[course.root]),
                     affected, m))
    if tf and config.tf_reference:
        have = set().union(*(defined_functions(name) for name in config.tf_reference))
        tf_tasks = [t for t in tasks if set(t.functions) <= have]
        if tf_tasks:
            jobs.append(("tensorflow reference", Target(modules=list(config.tf_reference), sys_path=[course.root]), tf_tasks, "tf"))
    stub = course.student_path(exercise_id)
    if os.path.exists(stub):
        jobs.append(("stub", Target(files=[stub]), tasks, "stub"))
    else:
        fail(f"no student stub at {os.path.relpath(stub)}")

    def grade(job):
        label, target, job_tasks, _ = job
        return pipeline.grade(course, exercise_id, target, hidden=True, tasks=job_tasks,
                              limits=trusted if label != "stub" else config.limits)

    with ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool, _progress() as progress:
        bar = progress.add_task(f"{exercise_id}: grading {len(jobs)} solutions", total=len(jobs))
        futures = [pool.submit(grade, job) for job in jobs]
        for future in as_completed(futures):
            future.exception()  # errors surface below, in order
            progress.advance(bar)
        results = [f.result() for f in futures]

    caught = 0
    for (label, _, _, kind), result in zip(jobs, results):
        if kind is None or kind == "tf":
            if not result.full_marks:
                lost = [(t.name, t.first_failure) for t in result.tasks if t.score < t.max_score]
                for name, first in lost:
                    fail(f"{label} loses points on {name}: {first.name}: {first.message.splitlines()[0] if first else ''}")
        elif kind == "stub":
            for t in result.tasks:
                if t.score != 0 or any(x.kind != "not_implemented" for x in t.tests):  # the typed kind, not words
                    fail(f"stub: task {t.name} does not score 0 with 'not implemented yet'")
        else:
            m = kind
            broken = result.task(m.breaks)
            if broken.score >= broken.max_score:
                fail(f"mutant {m.name} ({m.doc}) is NOT caught: full marks on {m.breaks}")
            else:
                caught += 1
                failing = broken.first_failure
                # A timeout or a wrong type is its own explanation: its message names it, no maths hint
                if not failing.hint and failing.kind not in NO_HINT_KINDS:
                    fail(f"mutant {m.name}: the failing test {failing.name!r} has no hint")
            for t in result.tasks:
                if t.name != m.breaks and t.name not in m.also_breaks and t.score < t.max_score:
                    fail(f"mutant {m.name} (breaks {m.breaks}) also loses points on {t.name}")
    per_task = {t.name: sum(1 for m in mutants if m.breaks == t.name) for t in tasks}
    bare = [name for name, n in per_task.items() if n == 0]
    if bare:
        fail(f"tasks without any mutant: {', '.join(bare)}")
    say(f"  {exercise_id}: reference full marks: {'yes' if results[0].full_marks else 'NO'}; "
        f"mutants caught: {caught}/{len(mutants)}; tests: "
        f"{sum(len(t.tests) for t in tasks)} ({sum(t.hidden for task in tasks for t in task.tests)} hidden)")
    return ok


def fixtures_current(course: Course, exercise_id: str, tasks: list | None = None, say=print) -> bool:
    """Whether the stored public fixtures match the spec and the reference (names the stale ones)."""
    tasks = tasks if tasks is not None else pipeline.load_tasks(course, exercise_id)
    reasons = fixtures.stale_reasons(exercise_id, tasks, course.exercise(exercise_id).reference)
    for key, why in sorted(reasons.items())[:5]:
        say(f"  FAIL stale fixture {key}: {why}")
    if reasons:
        more = f" ({len(reasons) - 5} more)" if len(reasons) > 5 else ""
        say(f"  FAIL {len(reasons)} stale fixture(s){more}: run `nnlab fixtures {exercise_id}`")
    return not reasons


def _progress():
    """A progress bar on stderr when it is a terminal (validate takes seconds), else nothing."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    console = Console(stderr=True)
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                    console=console, disable=not console.is_terminal, transient=True)


def validate_course(course: Course, exercise_ids: list, tf: bool = True, workers: int | None = None) -> bool:
    ok = True
    for ex_id in exercise_ids:
        course.exercise(ex_id)  # unknown ids are a usage error before anything runs
    stale = []
    for ex_id in exercise_ids:  # seconds, before minutes of grading
        print(f"{ex_id}: fixtures")
        if not fixtures_current(course, ex_id):
            stale.append(ex_id)
    if stale:
        print(f"validate: FAILED (stale fixtures: {', '.join(stale)})")
        return False
    for ex_id in exercise_ids:
        print(f"{ex_id}:")
        good = validate_exercise(course, ex_id, tf=tf, workers=workers, check_fixtures=False)
        print(f"  {'OK' if good else 'FAILED'}")
        ok &= good
    print("validate: " + ("all good" if ok else "FAILED"))
    return ok
