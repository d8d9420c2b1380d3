"""In a notebook, every hint about options is phrased as ``check()`` takes them (issue 11, item 7)."""

from __future__ import annotations

import os

from graders import notebook
from tests.conftest import ROOT


def test_check_in_a_notebook_names_verbose_true_not_dash_v(write, capsys):
    source = open(os.path.join(ROOT, "reference", "numpy", "losses.py"), encoding="utf-8").read()
    mutant = open(os.path.join(ROOT, "graders", "mutants", "exercise3", "categorical_cross_entropy_mean_all.py"),
                  encoding="utf-8").read()
    path = write("student.py", source + "\n\nprint('hello')\n\n" + mutant)
    result = notebook.check("exercise3", file=path)
    out = capsys.readouterr().out
    assert result.score < result.max_score
    assert "(+4 more failing; check('exercise3', verbose=True) shows all)" in out
    assert "your code printed 1 line (check('exercise3', verbose=True) shows them)" in out
    assert "-v " not in out
