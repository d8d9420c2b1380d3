"""``nnlab grade``: grade a whole class, one sandboxed child per submission, into a gradebook.

Discovery (``intake.discover``) finds every student x exercise of course.yml in either layout:

* plain: ``SUBMISSIONS/<student>/<exercise>.py`` (or ``.ipynb``);
* nbgrader: ``SUBMISSIONS/<student>/<exercise>/<exercise>.ipynb`` (``SUBMISSIONS`` may be an
  nbgrader course directory; its ``submitted/`` folder is used),

and lists everything else with the reason (misnamed files get a suggestion). With ``--roster``
every listed student appears in the gradebook and the exports, ``missing`` without a submission.
A recorded grade is kept only for the same file, grader version and course secret (the gradebook
holds an HMAC fingerprint of the secret, never the secret). The run ends with a summary: counts,
who is missing, and each exercise's score distribution.

Each submission becomes one task (``grade_one``), a plain dict in and a plain dict out, so the
same function runs in local worker processes or on a Dask cluster. A worker grades with the
runner of ``nnlab check`` under the bubblewrap tier (``sandbox.Sandbox``), public and hidden
tests, the hidden ones seeded per student with HMAC(course secret, student id). What is stored
is the typed result (results.py): hidden tests show only what the parent computed, no text the
child wrote reaches a student where hidden tests ran, and the student's output is kept for the
instructor only. The main process records each outcome in the gradebook as it arrives
(one transaction per submission), so a crash, timeout or garbage costs one submission at most,
and killing ``nnlab grade`` loses nothing already recorded.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import os
import shutil
import sys
import threading
import time
from dataclasses import dataclass

from .course import Course, CourseError
from .intake import Intake, Submission, discover, read_submission, submissions_root  # noqa: F401 (batch's API)
from .prewarm import private_dir

MAX_SUBMISSION_BYTES = 64 * 2**20
INSECURE_TIER = "insecure (no OS sandbox: --allow-insecure)"


class InfrastructureError(CourseError):
    """The grading machine cannot grade safely (sandbox missing or broken): exit code 2, no grades."""


# --------------------------------------------------------------------------- identities


def seed_key(secret: str, student: str) -> str:
    """The per-student key of the hidden tests: HMAC-SHA256(course secret, student id), hex."""
    return hmac.new(secret.encode(), student.encode(), hashlib.sha256).hexdigest()


def secret_fingerprint(secret: str) -> str:
    """What the gradebook keeps of the course secret: an HMAC of a fixed label under it, so a
    change of secret is seen (and regraded) while the secret itself is never stored."""
    return hmac.new(secret.encode(), b"nnlab gradebook: secret fingerprint v1", hashlib.sha256).hexdigest()[:24]


def course_secret(course: Course) -> str:
    secret = os.environ.get(course.secret_env, "")
    if not secret:
        raise CourseError(f"the hidden tests need the course secret: set the environment variable {course.secret_env} "
                          "(course.yml course.secret_env) to a long random string and keep it the same for regrades")
    return secret


_versions: dict = {}


def grader_version(course: Course, exercise: str) -> str:
    """A hash of everything a grade depends on besides the submission (cached per process)."""
    key = (course.root, exercise)
    if key in _versions:
        return _versions[key]
    import importlib.util

    here = os.path.dirname(os.path.abspath(__file__))
    config = course.exercise(exercise)
    h = hashlib.sha256()
    h.update(repr((config.tasks, config.limits, config.rtol, config.atol, config.partial_credit)).encode())
    files = [os.path.join(here, "runner", n) for n in sorted(os.listdir(os.path.join(here, "runner")))
             if n.endswith(".py")]
    files += [os.path.join(here, n) for n in ("judge.py", "pipeline.py", "spec.py", "gradcheck.py", "results.py",
                                              "notebook.py", os.path.join("exercises", f"{exercise}.py"),
                                              os.path.join("exercises", f"{exercise}_hidden.py"),
                                              os.path.join("fixtures", f"{exercise}.npz"))]
    for name in config.reference:
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.origin:
            files.append(spec.origin)
    for path in files:
        h.update(path.rsplit(os.sep, 2)[-1].encode())
        try:
            with open(path, "rb") as f:
                h.update(f.read())
        except OSError:
            h.update(b"-")
    _versions[key] = h.hexdigest()[:16]
    return _versions[key]


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --------------------------------------------------------------------------- one submission (worker side)


_state = threading.local()
_courses: dict = {}
_courses_lock = threading.Lock()


def _course(root: str) -> Course:
    with _courses_lock:
        if root not in _courses:
            from . import course as course_module

            _courses[root] = course_module.load(root)
        return _courses[root]


def _sandbox(settings: dict):
    """This thread's sandbox (a bwrap wrap), built once; None in --allow-insecure mode."""
    if settings.get("insecure"):
        return None
    box = getattr(_state, "sandbox", None)
    if box is None:
        from .sandbox import Sandbox

        box = _state.sandbox = Sandbox(hide=settings["hide"], workers=settings.get("workers", 1))
    return box


def grade_one(job: dict) -> dict:
    """Grade one submission; never raises (infrastructure problems come back as status 'infrastructure')."""
    started = time.monotonic()
    base = {k: job[k] for k in ("student", "exercise", "path", "sha256", "grader_version")}
    tmp = None
    try:
        from . import pipeline
        from .runner import SandboxError
        from .sandbox import SandboxUnavailable
        from .targets import student_target

        course = _course(job["course_root"])
        config = course.exercise(job["exercise"])
        try:
            box = _sandbox(job["settings"])
        except SandboxUnavailable as exc:
            return {**base, "status": "infrastructure", "error": f"sandbox unavailable: {exc}"}
        tmp = private_dir("sub-")
        notes: list = []
        hints: dict = {}  # the hint levels the student opened (hints.py): shown, never scored
        try:
            kind, content = job["kind"], job["content"]
            if kind == "zip":  # `nnlab submit`'s zip: hostile input, checked and read in memory (submit.py)
                from .hints import opened_in_zip
                from .submit import unpack_submission

                kind, content = unpack_submission(content, job["exercise"])
                hints = opened_in_zip(job["content"], job["exercise"])
            path = os.path.join(tmp, f"{job['exercise']}.{kind}")
            with open(path, "wb") as f:
                f.write(content)
            if kind == "ipynb":  # only definitions are kept; what was left out goes to the audit log
                from .notebook import convert_notebook
                from .runner import Target

                conversion = convert_notebook(path, config.limits.notebook_mb)
                notes = conversion.notes
                module = os.path.join(tmp, f"{job['exercise']}_ipynb.py")
                with open(module, "w", encoding="utf-8") as f:
                    f.write(conversion.source)
                target = Target(files=[module], forbidden=dict(config.forbidden_imports))
            else:
                target = student_target(course, job["exercise"], path)
        except CourseError as exc:  # e.g. a notebook that is not JSON: the student's problem, graded zero
            return {**base, "status": "graded", "tier": _tier(box), "seconds": time.monotonic() - started,
                    "result": _zero(course, job["exercise"], f"could not read your submission: {exc}"),
                    "output": ""}
        limits = box.limits(config.limits, config.needs_tensorflow) if box is not None else config.limits
        try:
            result = pipeline.grade(course, job["exercise"], target, hidden=True, public=True,
                                    seed_key=job["seed_key"], limits=limits, wrap=box)
        except SandboxError as exc:
            return {**base, "status": "infrastructure", "error": str(exc)}
        data = {"exercise": result.exercise, "score": result.score, "max_score": result.max_score, "tasks": []}
        for task in result.tasks:
            # The typed result as the student may see it: hidden tests already reduced to what the
            # parent computed (results.render_failure); exact scores, not the JSON's rounded ones.
            tests = [{**t.to_json(), "score": t.score, "max_score": t.max_score} for t in task.tests]
            data["tasks"].append({"name": task.name, "score": task.score, "max_score": task.max_score,
                                  "tests": tests})
        drawn = job["settings"].get("pictures", True) and worth_drawing(result)
        plots = figures(course, job["exercise"], target, limits, box) if drawn else {}
        if hints:
            plots["hints"] = hints
        audit = "".join(f"note: {n}\n" for n in notes[:50]) + result.stdout[-16384:]
        return {**base, "status": "graded", "tier": _tier(box), "result": data, "output": audit, "plots": plots,
                "seconds": time.monotonic() - started, "peak_memory_mb": result.peak_memory_mb,
                "error": result.error.text() if result.error is not None else ""}  # the whole file failed
    except BaseException as exc:  # a bug or a hostile surprise: this submission only, never the batch
        if isinstance(exc, KeyboardInterrupt):
            raise
        import traceback

        return {**base, "status": "error", "error": f"{type(exc).__name__}: {exc}",
                "output": traceback.format_exc()[-4000:], "seconds": time.monotonic() - started}
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


PLOT_SECONDS = 15.0  # the plots' own child: a bonus after the grade, never a second grading run
MAX_PNG_BYTES = 400_000  # per picture, as stored in the gradebook (a 100 dpi figure is ~60 kB)


def figures(course: Course, exercise: str, target, limits, box) -> dict:
    """The pictures of ``exercise`` drawn from this student's own functions (``plots.figures_for``),
    run in the same sandbox as the tests under ``PLOT_SECONDS``: ``{"figures": [{name, caption,
    png (base64 or None), problems}]}`` for the feedback page, or {} when there are none or anything
    fails (a plot never costs a grade)."""
    from . import plots

    if not plots.plots_for(exercise):
        return {}
    short = dataclasses.replace(limits, submission_seconds=min(limits.submission_seconds, PLOT_SECONDS))
    out_dir = private_dir("plots-")
    try:
        found = plots.figures_for(exercise, target, course=course, out_dir=out_dir, limits=short, wrap=box)
        return {"figures": [_stored(f) for f in found]}
    except Exception:  # plots are a bonus: never a reason to lose a grade
        return {}
    finally:
        shutil.rmtree(out_dir, ignore_errors=True)


# A submission that hit a limit or could not load would only hit it again in the plots' run.
NOT_DRAWN = {"timeout", "memory", "killed", "crashed", "exit", "interrupted", "syntax", "import", "forbidden_import",
             "file_size", "bad_submission"}


def worth_drawing(result) -> bool:
    """Whether to draw this graded submission's pictures: not when a test hit a limit or the file did
    not load (the plots would cost their budget for nothing), nor when nothing is implemented."""
    tests = [t for task in result.tasks for t in task.tests]
    if any(t.kind in NOT_DRAWN for t in tests):
        return False
    return any(t.kind not in ("not_implemented", "missing") for t in tests)


def _stored(fig) -> dict:
    """One ``plots.Figure`` as JSON for the gradebook: the PNG inline (base64), dropped if too large."""
    import base64

    png = None
    if fig.path and os.path.getsize(fig.path) <= MAX_PNG_BYTES:
        with open(fig.path, "rb") as f:
            png = base64.b64encode(f.read()).decode("ascii")
    problems = [str(line)[:300] for line in fig.problems[:10]]
    if fig.path and png is None:
        problems.append("the picture was too large to keep")
    return {"name": fig.name, "caption": fig.caption, "png": png, "problems": problems}


def _tier(box) -> str:
    return box.tier if box is not None else INSECURE_TIER


def _zero(course: Course, exercise: str, message: str) -> dict:
    config = course.exercise(exercise)
    return {"exercise": exercise, "score": 0, "max_score": config.max_score,
            "tasks": [{"name": t.name, "score": 0, "max_score": t.points,
                       "tests": [{"name": "submission", "passed": False, "score": 0, "max_score": t.points,
                                  "message": message, "hint": "", "hidden": False, "kind": "bad_submission",
                                  "diagnosis": None}]}
                      for t in config.tasks.values()]}


def _worker_init() -> None:
    """Local worker processes die with the main process (no orphans if it is SIGKILLed)."""
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() == 1:
            os._exit(1)
    except (OSError, AttributeError):
        pass


# --------------------------------------------------------------------------- the batch (main process)


@dataclass
class Summary:
    total: int = 0  # submissions found
    skipped: int = 0  # unchanged since their recorded grade
    graded: int = 0
    errors: int = 0
    seconds: float = 0.0
    tier: str = ""
    students: set = dataclasses.field(default_factory=set)  # students whose rows changed
    regraded: dict = dataclasses.field(default_factory=dict)  # why graded again: {"secret"|"grader"|...: n}
    unused: list = dataclasses.field(default_factory=list)  # intake.Unused: files and folders not graded
    missing: list = dataclasses.field(default_factory=list)  # (student, exercise) of the class, no submission
    not_on_roster: list = dataclasses.field(default_factory=list)
    distribution: dict = dataclasses.field(default_factory=dict)  # exercise -> one line
    nbgrader: list = dataclasses.field(default_factory=list)  # where nbgrader's gradebook differs


def hide_paths(course_root: str, extra: tuple = ()) -> list:
    """What must not exist in the sandbox: the course folder (minus the dir holding the Python
    packages, which is bound read-only and masked) and the given folders."""
    from .sandbox import numpy_site

    site_dir = os.path.realpath(numpy_site())
    root = os.path.realpath(course_root)
    paths = []
    if not site_dir.startswith(root + os.sep):
        paths.append(root)
    else:
        for name in sorted(os.listdir(root)):
            p = os.path.join(root, name)
            if not (site_dir + os.sep).startswith(p + os.sep):
                paths.append(p)
    import importlib.util

    packages = []
    for name in ("graders", "reference"):
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.origin:
            packages.append(os.path.dirname(spec.origin))
    for p in [*packages, *extra]:
        p = os.path.realpath(p)
        if not (site_dir + os.sep).startswith(p + os.sep):
            paths.append(p)
    return list(dict.fromkeys(paths))


def make_jobs(course: Course, subs: list, gradebook, settings: dict, secret: str, force: bool = False,
              root: str = "", regraded: dict | None = None):
    """The grading jobs of the submissions whose grade is not current; returns (jobs, skipped).
    ``regraded`` counts why recorded grades are redone ("grader", "secret", "changed", "error")."""
    jobs, skipped = [], 0
    fingerprint = secret_fingerprint(secret)
    for sub in subs:
        content = read_submission(root or os.path.dirname(os.path.dirname(sub.path)), sub, MAX_SUBMISSION_BYTES)
        sha = sha256_of(content)
        version = grader_version(course, sub.exercise)
        why = "forced" if force else gradebook.staleness(sub.student, sub.exercise, sha, version, fingerprint)
        if why is None:
            skipped += 1
            continue
        if regraded is not None and why != "new":
            regraded[why] = regraded.get(why, 0) + 1
        job = {"student": sub.student, "exercise": sub.exercise, "path": sub.path, "kind": sub.kind,
               "sha256": sha, "grader_version": version, "secret_fingerprint": fingerprint,
               "course_root": course.root, "seed_key": seed_key(secret, sub.student), "settings": settings,
               "content": content}
        if len(content) > MAX_SUBMISSION_BYTES:
            job["too_large"] = True
        jobs.append(job)
    return jobs, skipped


def _unreadable(sub: Submission, exc: Exception) -> dict:
    return {"student": sub.student, "exercise": sub.exercise, "path": sub.path, "sha256": "", "grader_version": "",
            "status": "error", "error": f"could not read the submission: {exc}"}


def run_batch(course: Course, submissions: str, out_dir: str, *, workers: int | None = None,
              dask_address: str | None = None, exercises: list | None = None, allow_insecure: bool = False,
              force: bool = False, progress: bool = True, say=None, dask_client=None,
              roster: list | None = None, times: dict | None = None, pictures: bool = True) -> Summary:
    """Grade every submission under ``submissions`` into ``out_dir``'s gradebook.

    ``pictures``: also draw each submission's pictures for its feedback page (about 0.8 s of
    matplotlib per submission, most of a grade's time: ``--no-pictures`` for grades alone).

    Raises CourseError (exit 2) when no submission at all is found; every file or folder not
    used is said first. ``roster`` (student ids) makes each of them appear, missing or not."""
    from .gradebook import Gradebook
    from .sandbox import probe, remove_stale_cgroups

    say = say or (lambda msg: print(msg, file=sys.stderr))
    started = time.monotonic()
    intake = discover(submissions, course, exercises)
    for u in intake.unused:
        say(f"nnlab grade: {'error' if u.error else 'not used'}: {u.path}: {u.reason}")
    if not intake.submissions:
        raise CourseError(f"no submission found in {intake.root} (expected <student>/<exercise>.py, .ipynb or "
                          f"<student>/<exercise>/<exercise>.ipynb; {len(intake.unused)} entries not used)")
    secret = course_secret(course)
    workers = max(1, workers or os.cpu_count() or 1)
    found = probe()
    if found.ok:
        tier = f"bwrap {found.version} ({found.process_limit})"
        remove_stale_cgroups()
    elif allow_insecure:
        tier = INSECURE_TIER
        say(f"nnlab grade: WARNING: {found.describe()}; grading WITHOUT the OS sandbox (--allow-insecure): "
            "submissions can read files and use the network")
    else:
        raise InfrastructureError(f"infrastructure error: {found.describe()}. Nothing was graded. "
                                  "(--allow-insecure grades without the OS sandbox: only for trusted submissions)")
    os.makedirs(out_dir, exist_ok=True)
    settings = {"insecure": not found.ok, "workers": workers, "pictures": pictures,
                "hide": hide_paths(course.root, (intake.root, out_dir))}
    summary = Summary(total=len(intake.submissions), tier=tier, unused=intake.unused,
                      errors=len(intake.errors))
    wanted = list(exercises or course.exercises)
    with Gradebook(out_dir) as gb:
        gb.set_class({ex: course.exercise(ex).max_score for ex in wanted}, intake.unused, roster)
        readable = []
        for sub in intake.submissions:
            try:
                read_submission(intake.root, sub, 0)
                readable.append(sub)
            except (OSError, CourseError) as exc:  # replaced by a link or a FIFO since discovery
                gb.record(_unreadable(sub, exc))
                summary.errors += 1
                say(f"nnlab grade: could not grade {sub.student}/{sub.exercise}: {exc}")
        jobs, summary.skipped = make_jobs(course, readable, gb, settings, secret, force, intake.root,
                                          summary.regraded)
        _say_regrades(summary.regraded, course, say)
        for job in [j for j in jobs if j.get("too_large")]:
            jobs.remove(job)
            gb.record({**_base(job), "status": "graded", "tier": tier, "secret_fingerprint": job["secret_fingerprint"],
                       "result": _zero(course, job["exercise"],
                                       f"submission larger than {MAX_SUBMISSION_BYTES >> 20} MB")})
            summary.graded += 1
            summary.students.add(job["student"])
        if jobs:
            if dask_address or dask_client is not None:
                outcomes = _run_dask(jobs, dask_address, dask_client)
            else:
                outcomes = _run_local(jobs, workers)
            _collect(outcomes, jobs, gb, summary, progress, say)
        from .deadlines import apply_deadlines  # due dates and late penalties (--times, nbgrader, mtime)

        apply_deadlines(gb, course, readable, times or {}, say)
        _class_summary(gb, summary, wanted, intake.root)
    summary.seconds = time.monotonic() - started
    return summary


def _say_regrades(regraded: dict, course: Course, say) -> None:
    if regraded.get("secret"):
        say(f"nnlab grade: the course secret ({course.secret_env}) is not the one {regraded['secret']} recorded "
            "grades were made with: regrading them (their hidden tests depend on it)")
    if regraded.get("unknown secret"):
        say(f"nnlab grade: {regraded['unknown secret']} recorded grades predate the fingerprint of the course secret: "
            "regrading them once")
    if regraded.get("grader"):
        say(f"nnlab grade: the grader (tests, reference, fixtures or course.yml) changed since {regraded['grader']} "
            "recorded grades: regrading them")


def _class_summary(gb, summary: Summary, exercises: list, root: str) -> None:
    """Missing students, students not on the roster, score distributions, nbgrader's differences."""
    from .intake import distribution, nbgrader_differences, nbgrader_gradebook, roster_near_miss

    rows = gb.class_rows()
    roster = gb.roster()
    summary.missing = [(r["student"], r["exercise"]) for r in rows
                       if r["status"] == "missing" and r["exercise"] in exercises]
    outside = sorted({r["student"] for r in rows if r["on_roster"] is False})
    summary.not_on_roster = [f"{s} (the roster has {near})" if (near := roster_near_miss(s, roster)) else s
                             for s in outside]
    for ex in exercises:
        graded = [r for r in rows if r["exercise"] == ex and r["status"] == "graded"]
        top = max([r["max_score"] for r in rows if r["exercise"] == ex] or [0.0])
        summary.distribution[ex] = distribution([r["score"] for r in graded], top)
    nb_db = nbgrader_gradebook(root)
    if nb_db:
        ours = {(r["student"], r["exercise"]): r["score"] if r["status"] == "graded" else None for r in rows}
        summary.nbgrader = nbgrader_differences(nb_db, ours)


def _collect(outcomes, jobs, gb, summary, progress, say) -> None:
    """Record outcomes as they arrive; stop everything on an infrastructure error."""
    bar = _Progress(len(jobs), enabled=progress)
    # the fingerprint is the main process's: a worker's outcome cannot vouch for the secret
    jobs_by_key = {(j["student"], j["exercise"]): j["secret_fingerprint"] for j in jobs}
    try:
        for outcome in outcomes:
            if outcome["status"] == "infrastructure":
                outcomes.close()
                raise InfrastructureError(f"infrastructure error while grading {outcome['student']}/"
                                          f"{outcome['exercise']}: {outcome['error']}. The batch was stopped; "
                                          "grades recorded so far are kept.")
            gb.record({**outcome, "secret_fingerprint": jobs_by_key.get((outcome["student"], outcome["exercise"]), "")})
            summary.students.add(outcome["student"])
            if outcome["status"] == "graded":
                summary.graded += 1
            else:
                summary.errors += 1
                say(f"nnlab grade: could not grade {outcome['student']}/{outcome['exercise']}: {outcome.get('error')}")
            bar.advance(f"{outcome['student']}/{outcome['exercise']}")
    finally:
        bar.stop()


def _run_local(jobs: list, workers: int):
    """Outcomes from ``workers`` local processes, in completion order (a generator)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    main = sys.modules.get("__main__")
    if main is not None and not hasattr(main, "__spec__"):
        main.__spec__ = None  # an embedded __main__ (e.g. an execnet worker) lacks it; spawn needs the attribute
    pool = ProcessPoolExecutor(max_workers=min(workers, len(jobs)), mp_context=multiprocessing.get_context("spawn"),
                               initializer=_worker_init)
    futures = {pool.submit(grade_one, job): job for job in jobs}
    try:
        for future in as_completed(futures):
            job = futures[future]
            try:
                yield future.result()
            except BrokenProcessPool:
                yield {**_base(job), "status": "error", "error": "the grading worker died (it was restarted)"}
                # A dead worker breaks the pool: grade what is left in a fresh one.
                left = [futures[f] for f in futures if not f.done()]
                pool.shutdown(wait=False, cancel_futures=True)
                yield from _run_local(left, workers)
                return
            except Exception as exc:
                yield {**_base(job), "status": "error", "error": f"{type(exc).__name__}: {exc}"}
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _run_dask(jobs: list, address: str | None, client=None):
    """Outcomes from a Dask distributed cluster, in completion order (a generator)."""
    from distributed import Client, as_completed

    own = client is None
    client = client or Client(address, timeout="30s")
    futures = client.map(grade_one, jobs, pure=False,
                         key=[f"nnlab-grade-{j['student']}-{j['exercise']}-{j['sha256'][:12]}" for j in jobs])
    by_key = {f.key: j for f, j in zip(futures, jobs, strict=False)}
    try:
        for future in as_completed(futures):
            job = by_key[future.key]
            try:
                yield future.result()
            except Exception as exc:  # a worker lost, a task cancelled: this submission only
                yield {**_base(job), "status": "error", "error": f"dask: {type(exc).__name__}: {exc}"}
    finally:
        client.cancel([f for f in futures if not f.done()])
        if own:
            client.close()


def _base(job: dict) -> dict:
    return {k: job[k] for k in ("student", "exercise", "path", "sha256", "grader_version")}


class _Progress:
    """A rich progress bar with ETA on stderr (silent when not a terminal)."""

    def __init__(self, total: int, enabled: bool = True) -> None:
        self.bar = None
        if not enabled or not sys.stderr.isatty():
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.bar = Progress(TextColumn("grading"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                            TextColumn("ETA"), TimeRemainingColumn(), TextColumn("{task.description}"),
                            console=Console(stderr=True), transient=False)
        self.task = self.bar.add_task("", total=total)
        self.bar.start()

    def advance(self, label: str) -> None:
        if self.bar is not None:
            self.bar.update(self.task, advance=1, description=label)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def cli_grade(submissions: str, out_dir: str, *, workers=None, dask_address=None, exercises=None,
              allow_insecure=False, force=False, feedback=True, roster: str | None = None,
              times: str | None = None, pictures: bool = True) -> int:
    """``nnlab grade``: returns the exit code (0 done, 1 some submissions could not be graded, 2 infra/usage,
    including "no submission found")."""
    from . import course as course_module
    from .deadlines import read_times
    from .intake import read_roster

    course = course_module.load()
    students = read_roster(roster) if roster else None
    handed_in = read_times(times) if times else None
    summary = run_batch(course, submissions, out_dir, workers=workers, dask_address=dask_address,
                        exercises=exercises or None, allow_insecure=allow_insecure, force=force, roster=students,
                        times=handed_in, pictures=pictures and feedback)  # pictures only go in feedback
    if feedback:
        from .feedback import write_feedback

        t0 = time.monotonic()
        written = write_feedback(out_dir, course=course, students=None if force else summary.students,
                                 only_missing=not force)
        print(f"nnlab grade: feedback for {len(written)} students in {time.monotonic() - t0:.1f} s -> "
              f"{os.path.join(out_dir, 'feedback')}", file=sys.stderr)
        from .overview import write_overview

        print(f"nnlab grade: class overview -> {write_overview(out_dir, course=course)}", file=sys.stderr)
    print_summary(summary)
    print(os.path.join(out_dir, "gradebook.sqlite"))
    return 1 if summary.errors else 0


def print_summary(summary: Summary, say=None) -> None:
    """The end of ``nnlab grade``: who is missing or unknown, the counts, and each exercise's scores."""
    say = say or (lambda msg: print(msg, file=sys.stderr))
    for student, exercise in summary.missing:
        instead = [u.path for u in summary.unused if u.student == student and u.exercise in (exercise, "")]
        say(f"nnlab grade: missing: {student}/{exercise}" + (f" (found instead: {', '.join(instead)})" if instead else ""))
    for student in summary.not_on_roster:
        say(f"nnlab grade: not on the roster: {student}")
    if summary.nbgrader:
        say(f"nnlab grade: nbgrader's gradebook differs for {len(summary.nbgrader)} submissions (nnlab's grade is "
            "the trusted one: nbgrader's in-kernel tests can be tampered with by the student's own cells):")
        for line in summary.nbgrader:
            say(f"nnlab grade:   {line}")
    for exercise, line in summary.distribution.items():
        say(f"nnlab grade: {exercise}: {line}")
    if summary.regraded:
        reasons = {"secret": "the course secret changed", "grader": "the grader changed", "changed": "new file",
                   "unknown secret": "graded before the secret's fingerprint was kept",
                   "error": "an error before", "forced": "--force"}
        say("nnlab grade: regraded: " + ", ".join(f"{n} ({reasons.get(why, why)})"
                                                  for why, n in summary.regraded.items()))
    say(f"nnlab grade: {summary.total} submissions: {summary.graded} graded, {summary.skipped} unchanged (skipped), "
        f"{len(summary.missing)} missing, {sum(not u.error for u in summary.unused)} unrecognised, "
        f"{summary.errors} errors in {summary.seconds:.1f} s; sandbox: {summary.tier}")
