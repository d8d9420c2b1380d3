"""`nnlab check exercise3` (a cold process) vs `nbgrader validate` of a notebook with the same tests.

The notebook holds the reference solution in one cell and, per task, a test cell asserting the
same public-test expectations `nnlab check` uses (read from the fixtures), the in-kernel style of
an nbgrader assignment. Both tools start from a cold process each run; medians over repeats.

    .venv/bin/python benchmarks/bench_check.py [--repeats 7]
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.dirname(sys.executable)
NUMPY_EXERCISES = ["exercise1", "exercise2", "exercise3", "exercise4", "exercise5", "exercise6"]


def build_notebook(path: str) -> None:
    """An nbgrader-style notebook: the solution cell, then one graded test cell per task."""
    import nbformat

    sys.path.insert(0, ROOT)
    from graders import fixtures
    from reference.numpy import losses

    entries = fixtures.load("exercise3")
    cells = [nbformat.v4.new_code_cell(inspect.getsource(losses),
                                       metadata={"nbgrader": {"grade": False, "solution": True, "locked": False,
                                                              "grade_id": "solution", "schema_version": 3}})]
    by_task: dict = {}
    for key in entries:
        by_task.setdefault(key.split("/")[0], []).append(key)
    for task, keys in by_task.items():
        lines = ["import numpy as np",
                 f"import sys; sys.path.insert(0, {ROOT!r})",
                 "from graders import fixtures",
                 "_fx = fixtures.load('exercise3')  # the stored inputs and expected outputs, nothing else"]
        for key in keys:
            lines += [f"_program, _inputs, _exp = _fx[{key!r}]",
                      "_args = [_inputs[a['array']] if 'array' in a else a['lit'] for a in _program['calls'][0]['args']]",
                      f"_got = np.asarray({task}(*_args), dtype=float)",
                      "assert _got.shape == _exp.shape and np.allclose(_got, _exp, rtol=1e-6, atol=1e-9)"]
        cells.append(nbformat.v4.new_code_cell("\n".join(lines), metadata={"nbgrader": {
            "grade": True, "solution": False, "locked": True, "points": 1, "grade_id": f"test_{task}",
            "schema_version": 3}}))
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)


def timed(cmd: list, cwd: str) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    return time.perf_counter() - start, proc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="bench-check-")
    try:
        notebook = os.path.join(work, "exercise3.ipynb")
        build_notebook(notebook)
        nnlab = [os.path.join(BIN, "nnlab"), "check", "exercise3", "--solution"]
        nbgrader = [os.path.join(BIN, "nbgrader"), "validate", notebook]
        ours, theirs = [], []
        for _ in range(args.repeats):  # interleaved, so load on the machine hits both alike
            t, proc = timed(nnlab, ROOT)
            assert proc.returncode == 0, proc.stdout + proc.stderr
            ours.append(t)
            t, proc = timed(nbgrader, work)
            assert "Success! Your notebook passes all the tests." in proc.stdout, proc.stdout + proc.stderr
            theirs.append(t)
        per_exercise = {}
        for ex in NUMPY_EXERCISES:  # every NumPy exercise, gradient checks included
            cmd = [os.path.join(BIN, "nnlab"), "check", ex, "--solution"]
            per_exercise[ex] = statistics.median(timed(cmd, ROOT)[0] for _ in range(args.repeats))
        a, b = statistics.median(ours), statistics.median(theirs)
        print(json.dumps({"nnlab_check_exercise3_s": {"median": round(a, 3), "min": round(min(ours), 3), "max": round(max(ours), 3)},
                          "nbgrader_validate_s": {"median": round(b, 3), "min": round(min(theirs), 3), "max": round(max(theirs), 3)},
                          "nnlab_check_median_s": {ex: round(t, 3) for ex, t in per_exercise.items()},
                          "repeats": args.repeats}, indent=2))
        print(f"nnlab check exercise3: {a:.3f} s median; nbgrader validate: {b:.3f} s median; "
              f"nnlab is {b / a:.1f}x faster (target: >= 10x, and < 0.5 s)")
        print("nnlab check, median per NumPy exercise: "
              + ", ".join(f"{ex} {t:.3f} s" for ex, t in per_exercise.items()) + " (target: < 0.5 s each)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
