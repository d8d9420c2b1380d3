"""Every generated notebook of the NumPy exercises, filled with the reference, runs top to bottom in a
real kernel (nbconvert's ExecutePreprocessor): full marks, no error and no stderr output, a picture
under every picture cell, and each task's markdown section names that task's function."""

import os
import re

import nbformat
import pytest

from graders import course as course_module
from graders import pipeline
from graders.assign import build_notebook, heading_function
from tests.conftest import ROOT

nbconvert = pytest.importorskip("nbconvert")
pytest.importorskip("matplotlib")

NUMPY_EXERCISES = ["exercise1", "exercise2", "exercise3", "exercise4", "exercise5", "exercise6"]


@pytest.fixture(scope="module")
def course():
    return course_module.load(ROOT)


def execute(nb_dict: dict, cwd: str) -> nbformat.NotebookNode:
    from nbconvert.preprocessors import ExecutePreprocessor

    nb = nbformat.from_dict(nb_dict)
    ExecutePreprocessor(timeout=300, kernel_name="python3").preprocess(nb, {"metadata": {"path": cwd}})
    return nb


@pytest.mark.slow
@pytest.mark.parametrize("ex", NUMPY_EXERCISES)
def test_the_reference_notebook_runs_as_one_lesson_with_full_marks(course, ex):
    nb = execute(build_notebook(course, ex), course.exercise_dir(ex))
    config = course.exercise(ex)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            assert out.output_type != "error", f"{cell.source[:80]!r}: {out.get('ename')}: {out.get('evalue')}"
            assert not (out.output_type == "stream" and out.name == "stderr"), f"{cell.source[:80]!r}: {out.text}"
        if "from graders import plot" in cell.source:
            images = [o for o in cell.outputs if o.output_type == "display_data" and "image/png" in o.data]
            assert images, f"no picture under {cell.source.splitlines()[-1]}"
    last = nb.cells[-1].outputs
    shown = " ".join(o.get("data", {}).get("text/plain", "") for o in last if o.output_type == "execute_result")
    full = f"{config.max_score:g}"
    assert f"{full}/{full} points" in shown, shown
    # Each task's section is the one right before its solution cells, and its heading names the task's function.
    cells = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in nb.cells}
    for task in pipeline.load_tasks(course, ex):
        text = cells[f"md_{task.name}"].source
        headings = [line.lstrip("#").strip() for line in text.splitlines() if re.match(r"#{1,6}\s", line)]
        assert any(heading_function(h, task.functions) for h in headings), (task.name, headings)
    order = [c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells]
    for task in pipeline.load_tasks(course, ex):
        first = min(order.index(f"solution_{fn}") for fn in task.functions if f"solution_{fn}" in order)
        assert order[first - 1] == f"md_{task.name}" or order[first - 1].startswith("solution_")
    assert os.path.isdir(os.path.join(course.root, ".nnlab", "plots", ex))
