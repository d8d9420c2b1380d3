"""Notebooks as submissions: extraction without execution, broken cells, check() inside a kernel."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from graders import course as course_module
from graders import pipeline
from graders.assign import build_notebook, solution_module
from graders.course import CourseError
from graders.notebook import convert_cells, notebook_to_module, read_code_cells, strip_magics
from graders.targets import student_target

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture(scope="module")
def course():
    return course_module.load(ROOT)


@pytest.fixture(scope="module")
def reference_code(course):
    return solution_module(build_notebook(course, "exercise3"))


def write_nb(path, sources, markdown_first=True, as_lines=False):
    cells = [{"cell_type": "markdown", "metadata": {}, "source": "# notes"}] if markdown_first else []
    for src in sources:
        cells.append({"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
                      "source": src.splitlines(keepends=True) if as_lines else src})
    with open(path, "w") as f:
        json.dump({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, f)
    return str(path)


def grade_file(course, path):
    return pipeline.grade(course, "exercise3", student_target(course, "exercise3", str(path)))


# --------------------------------------------------------------------------- conversion


def test_keeps_definitions_and_drops_what_would_run():
    conv = convert_cells([
        ("cell 1", "import numpy as np\nfrom math import pi\nK = np.array([1.0, 2.0]) * 3\nN: int = 4"),
        ("cell 2", "def f(x):\n    return x + K\n\nclass C:\n    pass\n\n@staticmethod\ndef g():\n    pass"),
        ("cell 3", "for i in range(10**12):\n    pass\nwhile True:\n    pass\nf(3)\nparams = train(X)\n"
                   "X = load_data()"),
    ], "t.ipynb")
    namespace: dict = {}
    exec(compile(conv.source, "m", "exec"), namespace)  # finishes at once: no loop, no call of train
    assert namespace["f"](1.0).tolist() == [4.0, 7.0] and namespace["N"] == 4 and "C" in namespace
    assert "params" not in namespace and "X" not in namespace and "@staticmethod" in conv.source
    text = "\n".join(conv.notes)
    assert "cell 3: not run: for loop (line 1" in text and "while loop (line 3" in text
    assert "call f(...)" in text and "assignment computed by a call" in text


def test_magics_shell_lines_and_cell_magics_are_not_run():
    conv = convert_cells([
        ("cell 1", "%matplotlib inline\nimport numpy as np\n!pip install evil\nfiles = !ls\nnp.sum?"),
        ("cell 2", "%%bash\nrm -rf /tmp/whatever"),
        ("cell 3", "def f():\n    %time x = 1\n    return 2"),
    ], "t.ipynb")
    namespace: dict = {}
    exec(compile(conv.source, "m", "exec"), namespace)
    assert namespace["f"]() == 2 and "np" in namespace
    assert "rm -rf" not in conv.source.replace("# rm -rf", "") and "pip install" not in conv.source.replace("# !pip", "")
    assert any("%%bash" in n for n in conv.notes) and any("!pip install" in n for n in conv.notes)


def test_strip_magics_leaves_valid_python_alone():
    src = 'text = """\n%not a magic\n"""'
    assert convert_cells([("cell 1", src)]).source.count("%not a magic") == 1
    assert strip_magics("%%timeit\nx = 1")[0].startswith("# %%timeit")


def test_broken_cell_is_reported_with_its_number_and_others_still_graded(tmp_path, course, reference_code):
    broken = "def mae(y, y_hat:\n    return 0"
    path = write_nb(tmp_path / "nb.ipynb", [reference_code.replace("def mae(", "def _old_mae("), broken])
    result = grade_file(course, path)
    assert result.task("mae").score == 0
    assert result.score == result.max_score - 1  # every other task still gets its points
    message = result.task("mae").tests[0].message
    assert "cell 3 of nb.ipynb does not parse" in message and "`mae`" in message and "line 1 of the cell" in message


def test_malformed_json_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.ipynb"
    bad.write_text('{"cells": [')
    with pytest.raises(CourseError, match=r"bad.ipynb: not a valid notebook: broken JSON at line 1"):
        read_code_cells(str(bad))
    (tmp_path / "list.ipynb").write_text("[1, 2]")
    with pytest.raises(CourseError, match="not a valid notebook"):
        read_code_cells(str(tmp_path / "list.ipynb"))


def test_sources_as_lists_and_cell_numbers_count_markdown(tmp_path):
    path = write_nb(tmp_path / "nb.ipynb", ["x = 1\n", "y = 2\n"], as_lines=True)
    assert read_code_cells(path) == [("cell 2", "x = 1\n"), ("cell 3", "y = 2\n")]


# --------------------------------------------------------------------------- grading notebooks


def test_reference_notebook_gets_full_marks_and_stub_zero(tmp_path, course, reference_code):
    full = grade_file(course, write_nb(tmp_path / "ref.ipynb", ["%matplotlib inline\n" + reference_code]))
    assert full.full_marks and full.score == 14
    stub = open(os.path.join(ROOT, "exercises", "exercise3", "exercise3.py")).read()
    zero = grade_file(course, write_nb(tmp_path / "stub.ipynb", [stub]))
    assert zero.score == 0 and zero.task("softmax").tests[0].message == "not implemented yet"


def test_top_level_training_loop_cannot_stall_grading(tmp_path, course, reference_code):
    cells = [reference_code, "import time\nwhile True:\n    time.sleep(1)", "import os\nos._exit(3)",
             "history = [softmax(i) for i in range(10**9)]"]
    started = time.monotonic()
    result = grade_file(course, write_nb(tmp_path / "loop.ipynb", cells))
    assert result.full_marks
    assert time.monotonic() - started < 30


def test_notebook_to_module_notes_go_to_stderr_only(tmp_path, capsys):
    path = write_nb(tmp_path / "n.ipynb", ["import numpy as np\nprint('hi')"])
    module = notebook_to_module(path)
    out, err = capsys.readouterr()
    assert out == "" and "cell 2: not run: call print(...)" in err
    assert module.endswith(".py") and "import numpy as np" in open(module).read()


# --------------------------------------------------------------------------- inside a kernel


@pytest.fixture()
def shell():
    from IPython.core.interactiveshell import InteractiveShell

    sh = InteractiveShell.instance()
    yield sh
    sh.reset()


def test_check_in_a_kernel_grades_the_cells_run_so_far(shell, reference_code, capsys):
    wrong = reference_code.replace("def mse(", "def _mse_ok(") + "\n\ndef mse(y, y_hat):\n    return 0.0\n"
    assert shell.run_cell(wrong, store_history=True).success
    assert shell.run_cell("for i in range(3):\n    pass\nimport warnings; warnings.warn('noise')", store_history=True).success
    res = shell.run_cell("from graders import check\nr = check('exercise3')", store_history=True)
    assert res.success
    r = shell.user_ns["r"]
    assert r.score == 13 and r.task("mse").score == 0 and repr(r) == "<exercise3: 13/14 points>"
    out = capsys.readouterr().out
    assert "mse" in out and "13/14" in out


def test_check_never_kills_the_kernel(shell, capsys):
    res = shell.run_cell("from graders import check\nr = check('exercise99')")
    assert res.success and shell.user_ns["r"] is None
    assert "unknown exercise 'exercise99'" in capsys.readouterr().out


def test_grade_task_raises_assertion_with_message_and_hint(shell, reference_code):
    broken = reference_code.replace("z - z.max(axis=-1, keepdims=True)", "z")
    assert broken != reference_code
    shell.run_cell(broken)  # no history stored: the functions' sources come from inspect.getsource
    res = shell.run_cell("from graders.notebook import grade_task\ngrade_task('exercise3', 'softmax')")
    assert isinstance(res.error_in_exec, AssertionError)
    text = str(res.error_in_exec)
    assert "huge logits" in text and "hint: subtract each row's max" in text
    ok = shell.run_cell("grade_task('exercise3', 'mse')\ngrade_task('exercise3', 'mse', hidden=True)")
    assert ok.success


def test_import_graders_is_cheap():
    code = ("import sys, graders\n"
            "heavy = [m for m in ('numpy', 'rich', 'tensorflow', 'yaml', 'IPython') if m in sys.modules]\n"
            "assert not heavy, heavy\nassert callable(graders.check)")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_check_shows_html_in_jupyter(shell, reference_code, monkeypatch):
    import IPython.display

    from graders import notebook

    shown = []
    monkeypatch.setattr(notebook, "_in_jupyter", lambda: True)
    monkeypatch.setattr(IPython.display, "display", lambda obj: shown.append(obj))
    shell.run_cell(reference_code, store_history=True)
    res = shell.run_cell("from graders import check\nr = check('exercise3')", store_history=True)
    assert res.success and shell.user_ns["r"].full_marks
    (html,) = shown
    assert "<table" in html.data or "<pre" in html.data
    assert "binary_cross_entropy_from_logits" in html.data and "14/14" in html.data


@pytest.mark.parametrize("ex", ["exercise1", "exercise3", "exercise5"])
def test_a_generated_notebook_gets_no_remark_on_nnlabs_own_cells(tmp_path, course, ex):
    from graders.assign import clear_for_students, write_notebook
    from graders.notebook import convert_notebook

    path = write_notebook(clear_for_students(build_notebook(course, ex)), str(tmp_path / f"{ex}.ipynb"))
    assert convert_notebook(path).notes == []  # test cells, picture cells and check(): nnlab's, not the student's


def test_calls_of_other_names_are_still_remarked_on():
    conversion = convert_cells([("cell 1", "from graders import check\nprint(1)\ncheck('exercise3')\n")])
    assert conversion.notes == ["cell 1: not run: call print(...) (line 2 of the cell)"]
