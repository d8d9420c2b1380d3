"""Class grading side by side: ``nbgrader autograde`` vs ``nnlab grade`` on the same N notebooks.

    .venv/bin/python benchmarks/bench_grade.py [--students 40] [--exercise exercise3] [--skip-nbgrader]

1. ``nnlab assign`` builds a real nbgrader course for the exercise (nbgrader's own
   ``generate_assignment`` makes ``release/``);
2. N students submit the source notebook with its solutions; every fourth student's softmax has
   a known mistake (no max-shift), so the two graders must agree on two different scores;
3. ``nbgrader autograde EXERCISE`` grades them (one Jupyter kernel per notebook: per-submission
   process isolation; its test cells call ``graders.notebook.grade_task``, which runs the student's
   code in nnlab's sandboxed child, public and hidden tests);
4. ``nnlab grade submitted/ --workers W`` grades the same notebooks (one bubblewrap-sandboxed child
   per submission, public and hidden tests), with W = 1 and W = 2, each into a fresh gradebook.

Prints the wall times, notebooks per second, the throughput ratio and the 1 -> 2 worker scaling,
and checks both graders gave every student the same score.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
NNLAB = os.path.join(os.path.dirname(sys.executable), "nnlab")
BUG = ("z - z.max(axis=-1, keepdims=True)", "z")  # softmax without the max-shift


def build_course(course_dir: str, exercise: str) -> str:
    from graders import course as course_module
    from graders.assign import assign_course

    course = course_module.load(ROOT)
    assign_course(course, [exercise], course_dir, echo=lambda *_: None)
    return os.path.join(course_dir, "source", exercise, f"{exercise}.ipynb")


def plant(course_dir: str, source: str, exercise: str, n: int) -> dict:
    """N submissions in nbgrader's layout; returns {student: has the bug}."""
    nb = json.load(open(source, encoding="utf-8"))
    buggy = json.loads(json.dumps(nb))
    hits = 0
    for cell in buggy["cells"]:
        text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] == "code" and "def softmax" in text and BUG[0] in text:
            cell["source"] = text.replace(BUG[0], BUG[1], 1)
            hits += 1
    if hits != 1:
        raise SystemExit("could not plant the softmax bug in the source notebook")
    students = {}
    for i in range(n):
        student = f"student{i:03d}"
        students[student] = i % 4 == 3
        path = os.path.join(course_dir, "submitted", student, exercise, f"{exercise}.ipynb")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            json.dump(buggy if students[student] else nb, f)
    return students


def run_nbgrader(course_dir: str, exercise: str) -> tuple[float, dict]:
    from graders.assign import nbgrader

    t0 = time.perf_counter()
    proc = nbgrader(["autograde", exercise, "--force"], course_dir, timeout=7200)
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        print(proc.stdout[-3000:], proc.stderr[-3000:], file=sys.stderr)
    scores = {}
    db = os.path.join(course_dir, "gradebook.db")
    if os.path.exists(db):
        from nbgrader.api import Gradebook

        with Gradebook(f"sqlite:///{db}") as gb:
            for sub in gb.assignment_submissions(exercise):
                scores[sub.student.id] = float(sub.score)
    return seconds, scores


def run_nnlab(course_dir: str, exercise: str, workers: int, out: str, feedback: bool = False) -> tuple[float, dict]:
    """``nnlab grade``: grades alone (what nbgrader autograde does), or with the feedback pages and
    each student's pictures drawn from their own functions."""
    env = dict(os.environ, NNLAB_SECRET=os.environ.get("NNLAB_SECRET", "benchmark-secret"))
    t0 = time.perf_counter()
    proc = subprocess.run([NNLAB, "grade", os.path.join(course_dir, "submitted"), "--out", out, "--exercise",
                           exercise, "--workers", str(workers), *([] if feedback else ["--no-feedback"])],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"nnlab grade failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    db = sqlite3.connect(os.path.join(out, "gradebook.sqlite"))
    scores = dict(db.execute("SELECT student, score FROM submissions WHERE exercise=?", (exercise,)))
    db.close()
    return seconds, scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--exercise", default="exercise3")
    parser.add_argument("--skip-nbgrader", action="store_true", help="Only time nnlab grade.")
    parser.add_argument("--keep", action="store_true", help="Keep the temporary course folder.")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="nnlab-bench-grade-")
    try:
        course_dir = os.path.join(tmp, "course")
        print(f"building the nbgrader course (nnlab assign {args.exercise}) in {course_dir} ...", flush=True)
        source = build_course(course_dir, args.exercise)
        students = plant(course_dir, source, args.exercise, args.students)
        n = len(students)
        print(f"{n} notebook submissions ({sum(students.values())} with a softmax bug)", flush=True)
        results = {}
        for workers in (1, 2):
            results[workers] = run_nnlab(course_dir, args.exercise, workers, os.path.join(tmp, f"out{workers}"))
            print(f"nnlab grade --workers {workers}: {results[workers][0]:7.2f} s  "
                  f"({n / results[workers][0]:.2f} notebooks/s)", flush=True)
        nn_seconds, nn_scores = results[2]
        with_pictures, _ = run_nnlab(course_dir, args.exercise, 2, os.path.join(tmp, "out-feedback"), feedback=True)
        print(f"nnlab grade --workers 2, feedback pages with pictures: {with_pictures:7.2f} s", flush=True)
        scaling = results[1][0] / results[2][0]
        print(f"scaling 1 -> 2 workers: {scaling:.2f}x (ideal 2x on 2 cores)")
        full = max(nn_scores.values())
        expect = {s: full - 2 if bug else full for s, bug in students.items()}
        wrong = {s: v for s, v in nn_scores.items() if v != expect[s]}
        print(f"nnlab scores as expected for {n - len(wrong)}/{n} students" + (f"; differ: {wrong}" if wrong else ""))
        if args.skip_nbgrader:
            return
        print("nbgrader autograde (sequential, one kernel per notebook) ...", flush=True)
        nb_seconds, nb_scores = run_nbgrader(course_dir, args.exercise)
        print(f"nbgrader autograde:      {nb_seconds:7.2f} s  ({n / nb_seconds:.2f} notebooks/s)")
        agree = sum(1 for s in students if nb_scores.get(s) == nn_scores.get(s))
        print(f"nbgrader and nnlab agree on {agree}/{n} students' scores")
        for s in students:
            if nb_scores.get(s) != nn_scores.get(s):
                print(f"    {s}: nbgrader {nb_scores.get(s)}, nnlab {nn_scores.get(s)}, planted bug: {students[s]}")
        print(f"RATIO (nbgrader wall / nnlab grade --workers 2 wall): {nb_seconds / nn_seconds:.1f}x "
              f"the throughput (target >= 20x)")
        print(f"        vs nnlab grade --workers 1: {nb_seconds / results[1][0]:.1f}x")
        print(f"        vs nnlab grade --workers 2 with feedback pages and pictures: {nb_seconds / with_pictures:.1f}x")
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
