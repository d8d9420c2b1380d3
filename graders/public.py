"""``nnlab check``'s fast path: the public tests, with the child working while NumPy loads here.

The stages are the pipeline's (spec -> run -> judge -> report); only the order of the work in
this process changes. The job is built from the fixture file with the standard library alone
and handed to the (already warm) child first; then this process imports NumPy and the spec and
decodes the expected outputs while the child runs the tests; then it judges as usual.
"""

from __future__ import annotations

from . import fixtures, runner
from .course import Course
from .results import ExerciseResult


def grade_public(course: Course, exercise_id: str, target: runner.Target, warm=None, progress=None) -> ExerciseResult:
    """Grade ``target`` on the public tests of ``exercise_id`` (what a student's check runs)."""
    config = course.exercise(exercise_id)
    try:
        jobs = fixtures.public_jobs(exercise_id)
    except (OSError, ValueError, KeyError):  # missing or old fixtures: the pipeline says what to do
        from . import pipeline

        return pipeline.grade(course, exercise_id, target, warm=warm, progress=progress)
    prepared: dict = {}

    def judge_setup() -> None:  # runs while the child works
        from . import pipeline

        tasks = pipeline.load_tasks(course, exercise_id)
        prepared["tasks"] = tasks
        prepared["planned"] = pipeline.plan(course, exercise_id, tasks)
        prepared["score"] = pipeline.score

    programs = [(program, arrays) for _, program, arrays in jobs]
    run = runner.run(target, programs, config.limits, warm=warm, while_waiting=judge_setup,
                     names=[key for key, _, _ in jobs], progress=progress)
    if "planned" not in prepared:  # the child never got its job (nothing ran): set up now
        judge_setup()
    by_key = {key: outcome for (key, _, _), outcome in zip(jobs, run.outcomes)}
    planned = prepared["planned"]
    outcomes = [by_key.get(f"{p.task.name}/{p.test.name}") for p in planned]
    if any(o is None for o in outcomes):  # fixtures out of step with the spec: the slow path reports it
        from . import pipeline

        return pipeline.grade(course, exercise_id, target, progress=progress)
    return prepared["score"](config, prepared["tasks"], planned, outcomes, run)
