"""The ``nnlab`` command line.

Exit codes: 0 full marks (or success), 1 not full marks (or validation failed), 2 usage or
course error. Errors in the course or the input are one clear line on stderr, never a
traceback; an internal bug says so and how to see the details (NNLAB_DEBUG=1).
"""

from __future__ import annotations

import functools
import os
import sys

from .prewarm import WarmChild, early_child

# `nnlab check`: start the grading child before importing click, so its NumPy import overlaps ours.
_EARLY_CHILD = early_child(sys.argv)
_RUN_AS_CHECK = _EARLY_CHILD is not None  # this process is the `nnlab check` command itself

import click  # noqa: E402

from .errors import CourseError  # noqa: E402

EXIT_FULL, EXIT_NOT_FULL, EXIT_USAGE = 0, 1, 2


def _errors(fn):
    """Turn course errors into exit code 2 and one line, and bugs into a short message."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except CourseError as exc:
            click.echo(f"nnlab: error: {exc}", err=True)
            sys.exit(EXIT_USAGE)
        except KeyboardInterrupt:
            click.echo("nnlab: interrupted", err=True)
            sys.exit(130)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except OSError as exc:  # a path the user gave that cannot be read or written
            if exc.filename is None or os.environ.get("NNLAB_DEBUG"):
                raise
            click.echo(f"nnlab: error: cannot use {exc.filename}: {exc.strerror or exc}", err=True)
            sys.exit(EXIT_USAGE)
        except Exception as exc:  # a bug in nnlab itself: say so, briefly
            if os.environ.get("NNLAB_DEBUG"):
                raise
            click.echo(f"nnlab: internal error: {type(exc).__name__}: {exc} (set NNLAB_DEBUG=1 for details)", err=True)
            sys.exit(3)

    return wrapper


INSTRUCTOR_ONLY = "an instructor command: run it in the course repository"


def _refuse_in_handout() -> None:
    """A student handout (release's marker file, no ``reference`` package) offers only student commands."""
    import importlib.util

    from .course import find_root
    from .release import MARKER

    try:
        root = find_root()
    except CourseError:
        return  # no course here at all: the command itself says so
    if os.path.exists(os.path.join(root, MARKER)) or importlib.util.find_spec("reference") is None:
        raise CourseError(INSTRUCTOR_ONLY)


def _instructor(fn):
    """Refuse to run ``fn`` in a student handout (exit 2, one line); apply under ``_errors``."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        _refuse_in_handout()
        return fn(*args, **kwargs)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="nnlab")
@click.option("--course", "course_root", type=click.Path(exists=True, file_okay=False), default=None,
              metavar="PATH", help="The course repository (where course.yml is) when it is not the current "
                                   "directory or a parent of it (also $NNLAB_COURSE); e.g. nnlab --course ~/nn grade ...")
def main(course_root: str | None) -> None:
    """nnlab: auto-graded exercises for learning neural networks from scratch."""
    if course_root:
        from .course import COURSE_ENV

        os.environ[COURSE_ENV] = os.path.abspath(course_root)
    # TensorFlow's start-up chatter (oneDNN, CPU features) is noise in a grading report.
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")


@main.command("list")
@click.argument("exercise", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@_errors
def list_command(exercise: str | None, as_json: bool) -> None:
    """List the exercises with their points and your last check; with EXERCISE, its tasks."""
    from . import course as course_module
    from .status import last_result

    course = course_module.load()
    chosen = [course.exercise(course.resolve(exercise))] if exercise else list(course.exercises.values())
    rows = [(ex, last_result(course, ex.id)) for ex in chosen]
    if as_json:
        import json

        click.echo(json.dumps([
            {"exercise": ex.id, "title": ex.title, "max_score": ex.max_score,
             "tasks": {t.name: t.points for t in ex.tasks.values()},
             "last": last} for ex, last in rows], indent=2))
        return
    from rich.table import Table

    from .report import _fmt, console

    def last_check(last: dict | None) -> str:
        return "not checked yet" if not last else f"{_fmt(last['score'])}/{_fmt(last['max_score'])} on {last['when']}"

    if exercise:  # one exercise: its tasks, one per line
        ex, last = rows[0]
        table = Table(title=f"{ex.id}: {ex.title}", title_justify="left")
        table.add_column("task", no_wrap=True)  # identifiers are never broken
        table.add_column("points", justify="right", no_wrap=True)
        for t in ex.tasks.values():
            table.add_row(t.name, _fmt(t.points))
        table.add_row("[bold]total[/bold]", f"[bold]{_fmt(ex.max_score)}[/bold]")
        console().print(table)
        click.echo(f"your last check: {last_check(last)}")
        return
    table = Table(title=course.name, title_justify="left")
    table.add_column("exercise", no_wrap=True)
    table.add_column("title", ratio=1, min_width=10)  # wraps at word boundaries
    table.add_column("tasks", justify="right", no_wrap=True)
    table.add_column("points", justify="right", no_wrap=True)
    table.add_column("your last check", min_width=10)
    for ex, last in rows:
        table.add_row(ex.id, ex.title, str(len(ex.tasks)), _fmt(ex.max_score), last_check(last))
    out = console()
    out.print(table)
    out.print("nnlab list EXERCISE shows its tasks; nnlab check EXERCISE grades your work.")


@main.command()
@click.argument("exercise", required=False)
@click.option("--file", "path", type=click.Path(dir_okay=False),
              help="Grade this file (.py or .ipynb) instead of the exercise's stub module.")
@click.option("--json", "as_json", is_flag=True, help="Print the JSON result and nothing else on stdout.")
@click.option("--solution", is_flag=True, help="Grade the reference solution (instructors).")
@click.option("--hidden", is_flag=True, help="Also run the hidden tests (instructors; needs the reference).")
@click.option("-v", "--verbose", is_flag=True, help="Show every failing test and your code's output.")
@click.option("--watch", is_flag=True, help="Check again on every save of your file (Ctrl-C stops).")
@click.option("--hint", "hint_task", metavar="TASK",
              help="Show a hint for TASK instead of grading: the idea and where the instructions explain it, "
                   "then (asked again) the formula. Hints never change points.")
@click.option("--level", type=click.IntRange(2, 3), help="With --hint: the hint level (2: the idea, 3: the formula).")
@_errors
def check(exercise: str, path: str | None, as_json: bool, solution: bool, hidden: bool, verbose: bool,
          hint_task: str | None = None, level: int | None = None, watch: bool = False) -> None:
    """Grade EXERCISE and show what is wrong and why.

    EXERCISE may be exercise3, 3, ex3 or a file such as exercise3.ipynb (then that file is graded);
    inside an exercise's folder it may be left out."""
    if level is not None and hint_task is None:
        raise CourseError("--level goes with --hint TASK")
    if hint_task is not None:
        _hint(exercise, hint_task, level)
        return
    global _EARLY_CHILD
    warm, _EARLY_CHILD = _EARLY_CHILD or WarmChild(), None  # imports NumPy while this process loads the course
    try:
        if watch:
            from .watch import watch_check

            sys.exit(watch_check(exercise, path, as_json, verbose, warm, instructor=solution or hidden))
        _check(exercise, path, as_json, solution, hidden, verbose, warm)
    except BaseException:
        warm.discard()
        raise


def _hint(exercise: str | None, task: str, level: int | None) -> None:
    from . import course as course_module
    from .hints import format_hint, open_hint

    course = course_module.load()
    exercise = course.resolve(exercise)
    level, text = open_hint(course, exercise, task, level)
    click.echo(format_hint(exercise, task, level, text))


def _check(exercise, path, as_json, solution, hidden, verbose, warm) -> None:
    from . import course as course_module
    from . import report
    from .status import save_result
    from .targets import reference_target, student_target

    if not as_json:
        report.preload()  # while the warm child is still importing NumPy: free here, not after grading
    course = course_module.load()
    if path is None and exercise and exercise.endswith((".py", ".ipynb")) and os.path.isfile(exercise):
        path = exercise  # `nnlab check exercise3.ipynb`: the student means that file
    exercise = course.resolve(exercise)
    config = course.exercise(exercise)
    if solution and path:
        raise CourseError("use either --solution or --file, not both")
    if solution or hidden:
        _refuse_in_handout()
    target = reference_target(course, config) if solution else student_target(course, exercise, path)
    from .runner.progress import for_terminal

    progress = for_terminal(quiet=as_json)  # names a test that runs for more than a second
    if hidden:
        from . import pipeline

        result = pipeline.grade(course, exercise, target, hidden=True, warm=warm, progress=progress)
    else:
        from .public import grade_public

        result = grade_public(course, exercise, target, warm=warm, progress=progress)
    if as_json:
        report.print_json([result])
    else:
        report.print_table(result, verbose=verbose)
    if not solution and not path:
        save_result(course, result)
    if result.interrupted:
        sys.exit(130)
    _finish(EXIT_FULL if result.full_marks else EXIT_NOT_FULL)


def _finish(code: int) -> None:
    """Exit ``nnlab check``. As the command itself, skip the interpreter's teardown of NumPy and
    rich (about 50 ms of a 0.4 s check): the report is flushed, the child and its work dir are gone."""
    if _RUN_AS_CHECK:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


@main.command()
@click.argument("exercise")
@click.argument("task", required=False)
@click.option("--file", "path", type=click.Path(dir_okay=False),
              help="Picture this file (.py or .ipynb) instead of the exercise's stub module.")
@click.option("--solution", is_flag=True, help="Picture the reference solution (instructors).")
@_errors
def plot(exercise: str, task: str | None, path: str | None, solution: bool) -> None:
    """Draw pictures of EXERCISE (or one TASK) from your own functions, as PNGs under .nnlab/plots/."""
    from . import course as course_module
    from . import plots
    from .targets import reference_target, student_target

    course = course_module.load()
    config = course.exercise(exercise)
    if solution and path:
        raise CourseError("use either --solution or --file, not both")
    if task is not None and not plots.plots_for(exercise, task):
        known = sorted(plots.plotted_tasks(exercise) | {p.name for p in plots.plots_for(exercise)})
        raise CourseError(f"no picture of {task!r} in {exercise}" + (f" (pictured: {', '.join(known)})" if known
                                                                          else " (this exercise has no pictures yet)"))
    if solution:
        _refuse_in_handout()
    target = reference_target(course, config) if solution else student_target(course, exercise, path)
    figures = plots.figures_for(exercise, target, task=task, course=course,
                                out_dir=plots.default_dir(course, exercise, solution))
    if not figures:
        click.echo(f"{exercise} has no pictures yet")
    for fig in figures:
        if fig.path:
            click.echo(f"{os.path.relpath(fig.path)}\n  {fig.caption}")
        else:
            click.echo(f"{fig.name}: no picture")
        for line in fig.problems:
            click.echo(f"  - {line}")
    sys.exit(EXIT_FULL if figures and all(f.path and not f.problems for f in figures) else EXIT_NOT_FULL)


@main.command()
@click.argument("exercises", nargs=-1)
@click.option("--no-tf", is_flag=True, help="Skip the NumPy/TensorFlow agreement check.")
@click.option("--workers", type=int, default=None, help="Parallel grading runs (default: CPU count).")
@_errors
@_instructor
def validate(exercises: tuple, no_tf: bool, workers: int | None) -> None:
    """CI: references score full marks, every mutant is caught, NumPy and TF agree."""
    from . import course as course_module
    from .validate import validate_course

    course = course_module.load()
    ok = validate_course(course, list(exercises) or list(course.exercises), tf=not no_tf, workers=workers)
    sys.exit(EXIT_FULL if ok else EXIT_NOT_FULL)


@main.command()
@click.argument("exercises", nargs=-1)
@click.option("--check", "only_check", is_flag=True, help="Only report stale fixtures; exit 1 if any.")
@_errors
@_instructor
def fixtures(exercises: tuple, only_check: bool) -> None:
    """Rebuild the public-test fixtures from the reference (instructors)."""
    from . import course as course_module
    from . import fixtures as fx
    from . import pipeline

    course = course_module.load()
    stale_any = False
    for ex_id in exercises or course.exercises:
        config = course.exercise(ex_id)
        tasks = pipeline.load_tasks(course, ex_id)
        namespace = pipeline.reference_namespace(config.reference)
        if only_check:
            reasons = fx.stale_reasons(ex_id, tasks, config.reference, namespace)
            stale_any |= bool(reasons)
            click.echo(f"{ex_id}: up to date" if not reasons else f"{ex_id}: {len(reasons)} stale:")
            for key, why in sorted(reasons.items()):
                click.echo(f"  {key}: {why}")
        else:
            entries = fx.build(ex_id, tasks, namespace)
            path = fx.save(ex_id, entries, tasks, config.reference)
            click.echo(f"{ex_id}: {len(entries)} public tests -> {os.path.relpath(path)}")
    sys.exit(EXIT_NOT_FULL if stale_any else EXIT_FULL)


@main.command()
@click.argument("exercises", nargs=-1)
@click.option("--check", "only_check", is_flag=True, help="Only report stubs that differ; exit 1 if any.")
@_errors
@_instructor
def stubs(exercises: tuple, only_check: bool) -> None:
    """Regenerate the student stubs from the reference (instructors)."""
    from . import course as course_module
    from . import pipeline
    from .stubs import make_stub

    course = course_module.load()
    differ = False
    for ex_id in exercises or course.exercises:
        config = course.exercise(ex_id)
        functions = [f for t in pipeline.load_tasks(course, ex_id) for f in t.functions]
        text = make_stub(ex_id, config.title, config.reference, list(dict.fromkeys(functions)))
        path = course.student_path(ex_id)
        current = open(path, encoding="utf-8").read() if os.path.exists(path) else None
        if only_check:
            differ |= current != text
            click.echo(f"{ex_id}: " + ("up to date" if current == text else "differs from the reference"))
        else:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            click.echo(f"{ex_id}: wrote {os.path.relpath(path)}")
    sys.exit(EXIT_NOT_FULL if differ else EXIT_FULL)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@_errors
def doctor(as_json: bool) -> None:
    """Check Python, NumPy, TensorFlow (and GPUs), nbgrader, course.yml and the sandbox."""
    from .doctor import run_doctor

    ok = run_doctor(as_json=as_json)
    sys.exit(EXIT_FULL if ok else EXIT_NOT_FULL)


@main.command()
@click.argument("exercises", nargs=-1)
@click.option("--course-dir", required=True, type=click.Path(file_okay=False),
              help="The nbgrader course directory to write.")
@click.option("--no-generate", is_flag=True, help="Only write source/; do not run nbgrader generate_assignment.")
@click.option("--exchange", type=click.Path(file_okay=False), default=None,
              help="nbgrader's exchange folder (default: COURSE_DIR/exchange).")
@_errors
@_instructor
def assign(exercises: tuple, course_dir: str, no_generate: bool, exchange: str | None) -> None:
    """Instructors: build a real nbgrader course (source/ and, via nbgrader, release/)."""
    from . import course as course_module
    from .assign import assign_course

    course = course_module.load()
    assign_course(course, list(exercises), course_dir, generate=not no_generate, echo=click.echo, exchange=exchange)


@main.command()
@click.argument("exercises", nargs=-1)
@click.option("--out", required=True, type=click.Path(file_okay=False), help="The handout directory to write.")
@click.option("--force", is_flag=True, help="Replace OUT if it already exists.")
@_errors
@_instructor
def release(exercises: tuple, out: str, force: bool) -> None:
    """Instructors: write the student handout (no solutions, no hidden tests, no mutants)."""
    from . import course as course_module
    from .release import make_release

    course = course_module.load()
    make_release(course, list(exercises), out, force=force, echo=click.echo)


@main.command()
@click.argument("submissions", type=click.Path(exists=True, file_okay=False))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Output folder: gradebook.sqlite, feedback/, exports/.")
@click.option("--workers", type=int, default=None, help="Local worker processes (default: CPU count).")
@click.option("--dask", "dask_address", default=None, metavar="ADDRESS", help="Grade on this Dask scheduler instead.")
@click.option("--exercise", "exercises", multiple=True, help="Only these exercises (repeatable).")
@click.option("--allow-insecure", is_flag=True, help="Grade without the bubblewrap sandbox if it is unavailable.")
@click.option("--force", is_flag=True, help="Regrade submissions even when unchanged.")
@click.option("--no-feedback", is_flag=True, help="Do not write the HTML feedback reports.")
@click.option("--pictures/--no-pictures", default=True, show_default=True,
              help="Draw each submission's pictures from its own functions for its feedback page "
                   "(about 0.8 s per submission: most of the grading time).")
@click.option("--roster", type=click.Path(dir_okay=False), default=None,
              help="CSV of student ids (column id/student/login, else the first): everyone appears, "
                   "marked missing without a submission.")
@click.option("--times", type=click.Path(dir_okay=False), default=None,
              help="CSV student,exercise,time (ISO 8601 with a zone): when each was handed in (late penalties).")
@_errors
@_instructor
def grade(submissions, out_dir, workers, dask_address, exercises, allow_insecure, force, no_feedback, pictures,
          roster, times) -> None:
    """Grade a whole class (SUBMISSIONS/<student>/<exercise>.py|.ipynb, or nbgrader's submitted/)."""
    from .batch import cli_grade

    sys.exit(cli_grade(submissions, out_dir, workers=workers, dask_address=dask_address, exercises=list(exercises),
                       allow_insecure=allow_insecure, force=force, feedback=not no_feedback, roster=roster,
                       times=times, pictures=pictures))


@main.command()
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "gradescope", "canvas", "html"]), default="json",
              show_default=True, help="What to write (html: the feedback reports again).")
@click.option("--to", "dest", type=click.Path(), default=None, help="Where to write (default: OUT_DIR/exports/...).")
@click.option("--roster", type=click.Path(exists=True, dir_okay=False), default=None,
              help="canvas: Canvas's gradebook export, or a CSV with a 'folder' column and the Canvas columns.")
@click.option("--canvas-assignment", "canvas_assignments", multiple=True, metavar="[EXERCISE=]ID",
              help="canvas: fill the existing Canvas assignment ID (repeatable; EXERCISE= when there are several).")
@_errors
def export(out_dir, fmt, dest, roster, canvas_assignments) -> None:
    """Export the gradebook of `nnlab grade --out OUT_DIR`."""
    from .export import cli_export

    sys.exit(cli_export(out_dir, fmt, dest, roster, canvas_assignments))


@main.command()
@click.argument("exercises", nargs=-1)
@click.option("--out", default="autograder.zip", show_default=True, type=click.Path(dir_okay=False),
              help="The autograder zip to write (it holds the hidden tests and the course secret: keep it private).")
@_errors
@_instructor
def gradescope(exercises: tuple, out: str) -> None:
    """Instructors: a Gradescope autograder (setup.sh, run_autograder, the course) for EXERCISES (default: all)."""
    from .gradescope import cli_gradescope

    sys.exit(cli_gradescope(exercises, out))


@main.command()
@click.argument("exercise")
@click.option("--file", "path", type=click.Path(dir_okay=False), default=None,
              help="The module or notebook to hand in (default: exercises/EXERCISE/EXERCISE.py, or the notebook if newer).")
@click.option("--out", type=click.Path(), default=None, help="Where to write (default: ./submission-EXERCISE.zip).")
@_errors
def submit(exercise: str, path: str | None, out: str | None) -> None:
    """Package your work for handing in: submission-EXERCISE.zip (your file, your last check, a SHA-256)."""
    from .submit import cli_submit

    sys.exit(cli_submit(exercise, path, out))


if __name__ == "__main__":  # pragma: no cover
    main()
