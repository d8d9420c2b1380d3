"""A re-check in `nnlab check --watch` vs a cold `nnlab check`, for exercise3 (NumPy) and exercise7 (TensorFlow).

Cold: a new `nnlab check EXERCISE --file F` process per run. Watch: one `nnlab check EXERCISE
--file F --watch --json` process; each save of F (written anew and renamed over it, as editors
do) is timed until its report line arrives. Between saves the watcher has time to start the next
child (for exercise7, with TensorFlow imported), as it has while a student edits. Medians over
repeats, printed with their ratio.

    .venv/bin/python benchmarks/bench_watch.py [--repeats 5] [--settle-tf 12]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.dirname(sys.executable)
SOLUTIONS = {  # the reference, as a student's file
    "exercise3": "from reference.numpy.losses import *  # noqa\n",
    "exercise7": "from reference.numpy.training import *  # noqa\nfrom reference.tf.training import *  # noqa\n",
}


def save(path: str, text: str) -> None:
    with open(path + ".tmp", "w") as f:
        f.write(text)
    os.replace(path + ".tmp", path)


def cold(exercise: str, path: str, repeats: int) -> list:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        proc = subprocess.run([os.path.join(BIN, "nnlab"), "check", exercise, "--file", path, "--json"], cwd=ROOT,
                              capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    return times


def watched(exercise: str, path: str, repeats: int, settle: float) -> list:
    proc = subprocess.Popen([os.path.join(BIN, "nnlab"), "check", exercise, "--file", path, "--watch", "--json"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    times = []
    try:
        first = json.loads(proc.stdout.readline())  # the check at start (cold)
        assert first["score"] == first["max_score"], first
        for i in range(repeats):
            time.sleep(settle)  # the student edits; the next child gets ready
            start = time.perf_counter()
            save(path, SOLUTIONS[exercise] + f"# save {i}\n")
            report = json.loads(proc.stdout.readline())
            times.append(time.perf_counter() - start)
            assert report["score"] == report["max_score"], report
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--settle", type=float, default=1.0, help="seconds between saves (NumPy exercises)")
    parser.add_argument("--settle-tf", type=float, default=12.0, help="seconds between saves (TensorFlow exercises)")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="bench-watch-")
    out = {}
    try:
        for exercise, settle in (("exercise3", args.settle), ("exercise7", args.settle_tf)):
            path = os.path.join(work, f"{exercise}.py")
            save(path, SOLUTIONS[exercise])
            a = cold(exercise, path, args.repeats)
            b = watched(exercise, path, args.repeats, settle)
            out[exercise] = {"cold_check_s": _stats(a), "watch_recheck_s": _stats(b),
                             "ratio": round(statistics.median(a) / statistics.median(b), 1)}
        print(json.dumps({**out, "repeats": args.repeats}, indent=2))
        for exercise, r in out.items():
            print(f"{exercise}: cold nnlab check {r['cold_check_s']['median']:.3f} s median; re-check in --watch "
                  f"{r['watch_recheck_s']['median']:.3f} s median; the re-check is {r['ratio']:.1f}x faster")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _stats(times: list) -> dict:
    return {"median": round(statistics.median(times), 3), "min": round(min(times), 3), "max": round(max(times), 3)}


if __name__ == "__main__":
    main()
