"""Student stubs are generated from the reference: its signatures and the contract part of its
docstrings, and no line of its code; `nnlab stubs --check` notices a stub that has fallen behind."""

import ast
import inspect
import os
import shutil
import subprocess
import sys

import pytest

from graders import stubs
from reference.numpy import losses
from tests.conftest import ROOT, run_nnlab

FUNCTIONS = ["softmax", "binary_cross_entropy_from_logits", "mse"]


@pytest.fixture
def stub():
    return stubs.make_stub("exercise3", "Softmax and losses", ["reference.numpy.losses"], FUNCTIONS)


def test_every_function_keeps_its_signature_and_docstring_and_only_raises(stub):
    tree = ast.parse(stub)
    defs = [n for n in tree.body if isinstance(n, ast.FunctionDef)]
    assert [d.name for d in defs] == FUNCTIONS
    for d in defs:
        reference = getattr(losses, d.name)
        assert ast.get_docstring(d) == stubs.student_doc(inspect.getdoc(reference))
        assert ast.unparse(d.args) == ast.unparse(ast.parse(inspect.getsource(reference)).body[0].args)
        *doc, last = d.body
        assert len(doc) == 1 and ast.unparse(last) == f"raise NotImplementedError('{d.name}')"


def test_the_how_section_of_a_docstring_stays_in_the_reference():
    doc = "Softmax over the last axis.\n\nz: (m, K).  Returns: same shape.\n\nHow:\n    subtract the max first"
    assert stubs.student_doc(doc) == "Softmax over the last axis.\n\nz: (m, K).  Returns: same shape."
    assert stubs.student_doc("All contract.\n\nNo How line here.") == "All contract.\n\nNo How line here."
    assert "How:" in inspect.getdoc(losses.softmax) and "How:" not in stubs.make_stub("e", "t", ["reference.numpy.losses"],
                                                                                       ["softmax"])


def test_no_line_of_the_reference_code_is_in_the_stub(stub):
    for name in FUNCTIONS:
        body = ast.parse(inspect.getsource(getattr(losses, name))).body[0].body[1:]  # after the docstring
        for statement in body:
            for line in ast.unparse(statement).splitlines():
                if len(line.strip()) > 12:
                    assert line.strip() not in stub, line


def test_the_stub_runs_and_says_not_implemented(stub):
    namespace: dict = {}
    exec(compile(stub, "exercise3.py", "exec"), namespace)
    with pytest.raises(NotImplementedError, match="softmax"):
        namespace["softmax"]([1.0, 2.0])


def test_an_unknown_function_is_named():
    with pytest.raises(KeyError, match="sofmax is not defined in reference.numpy.losses"):
        stubs.make_stub("exercise3", "t", ["reference.numpy.losses"], ["sofmax"])


def test_reading_the_tf_reference_does_not_import_tensorflow():
    code = "import sys; from graders import stubs; stubs.function_sources(['reference.tf.losses']); print('tensorflow' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_check_notices_a_stub_that_fell_behind_and_stubs_rewrites_it(tmp_path):
    course = tmp_path / "course"  # the course file and the stubs; the reference is the installed one
    shutil.copytree(os.path.join(ROOT, "exercises"), course / "exercises")
    shutil.copy(os.path.join(ROOT, "course.yml"), course)
    stub_path = course / "exercises" / "exercise3" / "exercise3.py"
    original = stub_path.read_text()
    stub_path.write_text(original.replace("def softmax(z", "def softmax(logits"))
    behind = run_nnlab("stubs", "exercise3", "--check", cwd=str(course))
    assert behind.returncode == 1 and "exercise3: differs from the reference" in behind.stdout
    assert run_nnlab("stubs", "exercise3", cwd=str(course)).returncode == 0
    assert stub_path.read_text() == original
