"""A small class for the class-grading tests: a course folder with exercise3 only and short limits.

``make_course(tmp)`` writes course.yml (exercise3's block of the real course.yml, limits cut down so
time-based attacks cost seconds), ``add(subs, student, name, text)`` plants a submission, and
``grade(...)`` runs the real ``nnlab grade`` with the course secret set.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NNLAB = os.path.join(os.path.dirname(sys.executable), "nnlab")
SECRET_ENV = "NNLAB_TEST_SECRET"
SECRET = "test-secret-7f3a"
SOLUTION = open(os.path.join(ROOT, "reference", "numpy", "losses.py"), encoding="utf-8").read()
STUB = open(os.path.join(ROOT, "exercises", "exercise3", "exercise3.py"), encoding="utf-8").read()
FULL = 14  # exercise3's points in course.yml
LIMITS = {"test_seconds": 5, "submission_seconds": 60, "memory_mb": 1024, "file_mb": 8}


def make_course(path, **limits) -> str:
    with open(os.path.join(ROOT, "course.yml"), encoding="utf-8") as f:
        real = yaml.safe_load(f)
    data = {
        "course": {"id": "testclass", "name": "Test class", "secret_env": SECRET_ENV},
        "defaults": {**real["defaults"], **LIMITS, **limits},
        "exercises": {"exercise3": real["exercises"]["exercise3"]},
    }
    os.makedirs(path, exist_ok=True)
    with open(os.path.join(path, "course.yml"), "w", encoding="utf-8") as f:
        yaml.safe_dump(data, f)
    return str(path)


def add(subs, student: str, name: str, text: str | bytes) -> str:
    path = os.path.join(subs, student, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(text.encode() if isinstance(text, str) else text)
    return path


def notebook(*cells, broken: bool = False) -> str:
    """An .ipynb with the given code cells (``("markdown", text)`` for markdown ones)."""
    nb_cells = []
    for i, cell in enumerate(cells):
        kind, source = cell if isinstance(cell, tuple) else ("code", cell)
        c = {"cell_type": kind, "id": f"c{i}", "metadata": {}, "source": source}
        if kind == "code":
            c.update(execution_count=None, outputs=[])
        nb_cells.append(c)
    text = json.dumps({"cells": nb_cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    return text[:-40] if broken else text


def grade(course_dir, subs, out, *args, timeout=600, env=None, sampler=None, **popen):
    """Run the real ``nnlab grade``; ``sampler(pid, running)``, if given, runs in a thread meanwhile."""
    environment = {**os.environ, SECRET_ENV: SECRET, **(env or {})}
    cmd = [NNLAB, "grade", str(subs), "--out", str(out), *args]
    if sampler is None:
        return subprocess.run(cmd, cwd=course_dir, capture_output=True, text=True, timeout=timeout,
                              env=environment, **popen)
    import threading

    with subprocess.Popen(cmd, cwd=course_dir, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          env=environment, **popen) as proc:
        thread = threading.Thread(target=sampler, args=(proc.pid, lambda: proc.poll() is None), daemon=True)
        thread.start()
        stdout, stderr = proc.communicate(timeout=timeout)
        thread.join(5)
    return subprocess.CompletedProcess(cmd, proc.returncode, stdout, stderr)


def rows(out) -> dict:
    """{(student, exercise): (score, status)} from the gradebook."""
    db = sqlite3.connect(os.path.join(out, "gradebook.sqlite"))
    try:
        return {(s, e): (score, status) for s, e, score, status in
                db.execute("SELECT student, exercise, score, status FROM submissions")}
    finally:
        db.close()


def task_scores(out, student: str, exercise: str = "exercise3") -> dict:
    db = sqlite3.connect(os.path.join(out, "gradebook.sqlite"))
    try:
        return dict(db.execute("SELECT task, score FROM tasks WHERE student=? AND exercise=?", (student, exercise)))
    finally:
        db.close()


def messages(out, student: str, task: str, exercise: str = "exercise3") -> list:
    db = sqlite3.connect(os.path.join(out, "gradebook.sqlite"))
    try:
        return db.execute("SELECT test, passed, message, hidden FROM tests WHERE student=? AND exercise=? AND task=?",
                          (student, exercise, task)).fetchall()
    finally:
        db.close()
