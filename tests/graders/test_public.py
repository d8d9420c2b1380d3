"""The fast path of `nnlab check`: same verdicts as the pipeline, job built without NumPy."""

import subprocess
import sys

from graders import pipeline
from graders.public import grade_public
from graders.runner import Target
from tests.conftest import ROOT

WRONG = ("import numpy as np\nfrom reference.numpy.losses import *\n"
         "def softmax(z):\n    e = np.exp(z)\n    return e / e.sum(axis=-1, keepdims=True)\n"
         "def mse(y, y_hat):\n    y = np.asarray(y)\n    y -= 1\n    return float(np.mean((y + 1 - y_hat) ** 2))\n")


def test_fast_path_gives_the_pipeline_verdicts(course, write):
    target = Target(files=[write("mine.py", WRONG)])
    fast = grade_public(course, "exercise3", target).to_json()
    slow = pipeline.grade(course, "exercise3", target).to_json()
    assert fast == slow
    assert fast["score"] == 11  # softmax (no max-shift, 2 points) and mse (modifies its input, 1 point) lose theirs
    mse = next(t for t in fast["tasks"] if t["name"] == "mse")
    assert "in place" in mse["tests"][0]["message"]


def test_the_job_is_built_without_numpy():
    code = ("import sys\nsys.modules['numpy'] = None  # any import of numpy now fails\n"
            "from graders import fixtures, runner\n"
            "jobs = fixtures.public_jobs('exercise4')\n"
            "print(len(jobs), all(isinstance(a, tuple) for _, _, arrays in jobs for a in arrays.values()))\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["66", "True"]  # exercise4's public tests, degenerate ones included


def test_purity_outputs_name_every_array_argument_of_every_call():
    import numpy as np

    from graders.fixtures import with_purity_outputs
    from graders.spec import Call, Case, Out, encode

    program, _ = encode(Case([Call("f", (np.ones(3), 2.0, np.zeros(2))), Call("g", (Out(0), np.ones(1)))]))
    wrapped = with_purity_outputs(program)
    assert wrapped["calls"] == program["calls"]
    assert wrapped["output"] == {"tuple": [{"ref": [1]}, {"list": [{"arg": [0, 0]}, {"arg": [0, 2]}, {"arg": [1, 1]}]}]}
