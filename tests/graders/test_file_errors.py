"""A file that fails as a whole is one banner (kind, file:line, the line and a caret, one sentence
of advice) and every task "not graded": in the terminal, in --json and in a notebook's check()."""

from __future__ import annotations

import io
import json

import pytest
from rich.console import Console

from graders import judge, notebook, report, runner
from graders.results import FILE_KINDS
from tests.conftest import run_nnlab

FILES = {  # source, banner kind, line, source line shown, words of the advice
    "syntax": ("import numpy as np\n\ndef softmax(z)\n    return z\n", "syntax", 3, "def softmax(z)", "fix this line"),
    "import": ("import numpy as np\nimport not_a_module_here\n", "import", 2, "import not_a_module_here",
               "not installed"),
    "forbidden": ("import numpy as np\nimport torch\n", "forbidden_import", 2, "import torch", "remove this import"),
    "input": ("x = input()\n", "exception", 1, "x = input()", "remove input()"),
    "exit": ("import sys\n\nsys.exit(2)\n", "exit", 3, "sys.exit(2)", "sys.exit"),
    "empty": ("", "empty", None, "", "write your functions"),
}


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    """Each file checked once by the real CLI, as a student runs it: (80-column text, JSON)."""
    root = tmp_path_factory.mktemp("files")
    out = {}
    for name, (source, *_) in FILES.items():
        path = root / f"{name}.py"
        path.write_text(source)
        text = run_nnlab("check", "exercise3", "--file", str(path), env={"COLUMNS": "80"})
        data = run_nnlab("check", "exercise3", "--file", str(path), "--json")
        out[name] = (text.stdout, json.loads(data.stdout), str(path))
    return out


@pytest.mark.parametrize("name", FILES)
def test_one_banner_then_every_task_not_graded(checked, name):
    text, _, _ = checked[name]
    _, kind, line, source, advice = FILES[name]
    lines = text.splitlines()
    assert lines[1].startswith(FILE_KINDS[kind])
    if line:
        assert lines[1].endswith(f" at {name}.py:{line}")
        shown = next(i for i, x in enumerate(lines) if x.strip() == source)
        assert set(lines[shown + 1].strip()) == {"^"}  # the caret under it, like Python's own report
    assert advice in text
    rows = [x.split() for x in lines if x.split()[1:2] == ["not", "graded"] or x.split()[1:3] == ["not", "graded"]]
    assert len(rows) == 8  # every task of exercise3
    assert "hint:" not in text and "more failing" not in text and "·" not in text  # no per-test rows
    assert all(len(x) <= 80 for x in lines)


@pytest.mark.parametrize("name", FILES)
def test_json_has_a_top_level_error_object(checked, name):
    _, data, _ = checked[name]
    _, kind, line, source, advice = FILES[name]
    error = data["error"]
    assert set(error) == {"kind", "message", "file", "line", "source", "advice"}
    assert error["kind"] == kind and error["line"] == line and error["source"] == source and advice in error["advice"]
    assert {"exercise", "score", "max_score", "tasks"} <= set(data) and data["score"] == 0  # DESIGN's keys kept


def test_a_file_that_loads_has_no_error_key(tmp_path):
    path = tmp_path / "ok.py"
    path.write_text("def softmax(z):\n    raise NotImplementedError\n")
    data = json.loads(run_nnlab("check", "exercise3", "--file", str(path), "--json").stdout)
    assert "error" not in data  # a stub is graded test by test: not a whole-file failure


def test_the_notebook_check_shows_the_same_banner(checked, capsys):
    result = notebook.check("exercise3", file=checked["syntax"][2])
    out = capsys.readouterr().out
    assert result.error.kind == "syntax" and "syntax error at syntax.py:3" in out
    assert "not graded" in out and "hint:" not in out


def test_a_missing_tensorflow_names_the_extra_to_install():
    outcome = runner.Outcome(error={"kind": "import", "message": "ModuleNotFoundError: No module named 'keras'",
                                    "module": "keras", "at_load": True, "file": "exercise7.py", "line": 3,
                                    "text": "import keras"})
    error = judge.file_error([outcome, outcome], "exercise7", needs_tensorflow=True)
    assert error.kind == "needs_tensorflow"
    assert error.message == "exercise7 needs TensorFlow: pip install -e '.[tf]'"
    assert "pip install -e '.[tf]'" in error.advice and "handout" in error.advice
    out = io.StringIO()
    from graders.results import ExerciseResult, TaskResult

    result = ExerciseResult("exercise7", "Training", [TaskResult("train_mlp", 0.0, 2.0, [])], error=error)
    report.print_table(result, con=Console(file=out, width=80))
    assert "exercise7 needs TensorFlow: pip install -e '.[tf]'" in out.getvalue()
    assert judge.file_error([outcome], "exercise3", needs_tensorflow=False).kind == "import"


def test_class_grading_shows_the_banner_on_the_feedback_page(tmp_path):
    """The real path: `nnlab grade` keeps the banner with the grade, the page shows it once and
    every task as "not graded" (no per-test rows, no hints)."""
    import html

    from tests.graders import classroom

    course = classroom.make_course(tmp_path / "course")
    classroom.add(tmp_path / "subs", "alice", "exercise3.py", FILES["syntax"][0])
    proc = classroom.grade(course, tmp_path / "subs", tmp_path / "out", "--workers", "1")
    assert proc.returncode == 0, proc.stderr
    page = open(tmp_path / "out" / "feedback" / "alice.html", encoding="utf-8").read()
    banner = page[page.index('id="exercise3-error"'):page.index("</pre>")]
    assert "Not graded: syntax error at exercise3.py:3" in banner
    assert "def softmax(z)" in banner and "^" in banner and html.escape("fix this line") in banner
    assert page.count("not graded</span>") == 8
    assert "FAIL" not in page and "hint:" not in page


def test_exercise7_without_tensorflow_names_the_tf_extra(course, tmp_path):
    """The real pipeline, with TensorFlow made unimportable for the child (a shadow package first
    on its path raises what a missing install raises)."""
    from graders import pipeline

    shadow = tmp_path / "shadow" / "tensorflow"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("raise ModuleNotFoundError(\"No module named 'tensorflow'\", name='tensorflow')\n")
    student = tmp_path / "exercise7.py"
    student.write_text("import numpy as np\nimport tensorflow as tf\n\n\ndef accuracy(logits, y):\n    return 0.0\n")
    target = runner.Target(files=[str(student)], sys_path=[str(tmp_path / "shadow")])
    result = pipeline.grade(course, "exercise7", target)
    assert result.error.kind == "needs_tensorflow" and result.error.line == 2
    assert result.error.message == "exercise7 needs TensorFlow: pip install -e '.[tf]'"
    assert result.score == 0 and result.to_json()["error"]["source"] == "import tensorflow as tf"
