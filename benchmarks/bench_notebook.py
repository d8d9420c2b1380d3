"""Grading one notebook: ``nnlab check EX --file nb.ipynb`` vs ``nbgrader validate nb.ipynb``.

The notebook is the student notebook of ``nnlab assign`` with the reference answers filled in
(so both tools must report success). nbgrader starts a Jupyter kernel and executes every cell;
nnlab extracts the definitions and runs them in its sandboxed child. Medians of wall time,
and their ratio, are printed (DESIGN.md measured ``nbgrader validate`` of a small notebook at 8.7 s).

    .venv/bin/python benchmarks/bench_notebook.py [--exercise exercise3] [--runs 5] [--nbgrader-runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)


def filled_notebook(exercise: str, path: str) -> str:
    from graders import course as course_module
    from graders.assign import BEGIN_SOLUTION, END_SOLUTION, build_notebook, clear_for_students

    course = course_module.load(ROOT)
    source = build_notebook(course, exercise)
    student = clear_for_students(source)
    answers = {c["id"]: c["source"] for c in source["cells"]}
    for cell in student["cells"]:
        if cell["metadata"].get("nbgrader", {}).get("solution"):
            cell["source"] = "\n".join(ln for ln in answers[cell["id"]].split("\n")
                                       if ln.strip() not in (BEGIN_SOLUTION, END_SOLUTION))
    with open(path, "w") as f:
        json.dump(student, f, indent=1)
    return path


def timed(cmd: list, cwd: str, ok) -> float:
    env = dict(os.environ, NO_COLOR="1", PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"])
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    seconds = time.perf_counter() - started
    if not ok(proc):
        raise SystemExit(f"{' '.join(cmd[:4])} did not succeed:\n{proc.stdout[-1500:]}\n{proc.stderr[-1500:]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exercise", default="exercise3")
    parser.add_argument("--runs", type=int, default=5, help="runs of nnlab check")
    parser.add_argument("--nbgrader-runs", type=int, default=3, help="runs of nbgrader validate")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nnlab-bench-nb-") as tmp:
        nb = filled_notebook(args.exercise, os.path.join(tmp, f"{args.exercise}.ipynb"))
        nnlab = [sys.executable, "-m", "graders.cli", "check", args.exercise, "--file", nb]
        nbgrader = [sys.executable, "-m", "nbgrader", "validate", nb]
        ours = [timed(nnlab, ROOT, lambda p: p.returncode == 0) for _ in range(args.runs)]
        theirs = [timed(nbgrader, tmp, lambda p: "Success! Your notebook passes all the tests." in p.stdout)
                  for _ in range(args.nbgrader_runs)]
    a, b = statistics.median(ours), statistics.median(theirs)
    print(f"notebook: {args.exercise} (reference answers filled in), {os.cpu_count()} CPUs")
    print(f"nnlab check --file nb.ipynb : median {a:6.2f} s over {len(ours)} runs  ({', '.join(f'{x:.2f}' for x in ours)})")
    print(f"nbgrader validate nb.ipynb  : median {b:6.2f} s over {len(theirs)} runs  "
          f"({', '.join(f'{x:.2f}' for x in theirs)})")
    print(f"ratio (nbgrader / nnlab)    : {b / a:.1f}x")


if __name__ == "__main__":
    main()
