"""What a student reads states the contract, never the code of the answer: no stub, notebook or
instructions file holds a statement or expression of a graded function's reference body
(as normalised code: ``graders/leaks.py``), and no reference docstring's ``How:`` part."""

import json
import os

import pytest

from graders import leaks, pipeline
from graders.assign import build_notebook
from tests.conftest import ROOT

EXERCISES = [f"exercise{i}" for i in range(1, 9)]


def _graded_reference(course, exercise):
    config = course.exercise(exercise)
    graded = {f for t in pipeline.load_tasks(course, exercise) for f in t.functions}
    functions = leaks.reference_functions(ROOT, config.reference + config.tf_reference, only=graded)
    assert {fn.name.rsplit(":", 1)[1] for fn in functions} >= graded - {"gate_weights"}  # a table, no code
    return functions


def _student_texts(course, exercise):
    folder = os.path.join(ROOT, "exercises", exercise)
    texts = {f"{exercise}/{name}": open(os.path.join(folder, name), encoding="utf-8").read()
             for name in (course.exercise(exercise).student_file, "instructions.md")}
    texts[f"{exercise}/{exercise}.ipynb"] = json.dumps(build_notebook(course, exercise, student=True))
    return texts


@pytest.mark.parametrize("exercise", EXERCISES)
def test_no_stub_notebook_or_instructions_holds_code_of_a_graded_function(course, exercise):
    found = leaks.find_leaks(_student_texts(course, exercise), _graded_reference(course, exercise))
    assert [(leak.file, leak.function, leak.code) for leak in found] == []


@pytest.mark.parametrize("exercise", EXERCISES)
def test_the_reference_only_part_of_docstrings_stays_out_of_stubs_and_notebooks(course, exercise):
    for rel, text in _student_texts(course, exercise).items():
        if not rel.endswith("instructions.md"):
            assert "How:" not in text, rel


def test_the_check_finds_what_the_old_stubs_said(course):
    """The stubs of exercise4 and 6 once printed these lines; the check must catch each of them."""
    old = {"exercise4": ["        dx = dout @ W.T          (m, n_in)     each input feeds every output through W",
                         "        dW = x.T @ dout          (n_in, n_out) the same shape as W"],
           "exercise6": ["        out   = gamma * x_hat + beta"]}
    for exercise, lines in old.items():
        functions = _graded_reference(course, exercise)
        for line in lines:
            stub = f'def f():\n    """Contract.\n\n{line}\n    """\n'
            assert leaks.find_leaks({"stub.py": stub}, functions), line
