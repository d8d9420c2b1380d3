"""`nnlab doctor` says the truth: a reference module that does not import is named, a missing
bubblewrap is a warning that class grading will refuse to run, and install hints print literally."""

import json
import os
import shutil

import yaml

from graders import doctor
from tests.conftest import ROOT, run_nnlab


def test_a_broken_reference_module_and_a_missing_bubblewrap_are_named(tmp_path):
    data = yaml.safe_load(open(os.path.join(ROOT, "course.yml")))
    data["exercises"]["exercise3"]["reference"] = ["reference.numpy.lossez"]
    (tmp_path / "course.yml").write_text(yaml.safe_dump(data))
    shutil.copytree(os.path.join(ROOT, "reference"), tmp_path / "reference")
    empty_path = tmp_path / "bin"
    empty_path.mkdir()  # no bwrap on PATH
    result = run_nnlab("doctor", "--json", cwd=str(tmp_path), env={"PATH": str(empty_path)}, timeout=300)
    checks = json.loads(result.stdout)
    assert result.returncode == 1
    assert checks["reference"]["ok"] is False
    assert "reference.numpy.lossez: ModuleNotFoundError" in checks["reference"]["detail"]
    assert checks["class sandbox"]["ok"] is None  # a warning: only class grading needs it
    assert "nnlab grade will refuse to run" in checks["class sandbox"]["detail"]
    assert "apt-get install bubblewrap" in checks["class sandbox"]["detail"]


def test_install_hints_print_literally_not_as_markup(monkeypatch, capsys):
    monkeypatch.setattr(doctor, "_tensorflow", lambda: {"ok": False, "detail": "not installed (pip install 'nnlab[tf]')"})
    monkeypatch.setattr(doctor, "_reference", lambda course: {"ok": True, "detail": "all import"})
    monkeypatch.setattr(doctor, "_class_sandbox", lambda: {"ok": True, "detail": "bubblewrap"})
    monkeypatch.chdir(ROOT)
    assert doctor.run_doctor() is True  # TensorFlow missing is a warning, not a failure
    out = capsys.readouterr().out
    assert "pip install 'nnlab[tf]'" in out and "warn" in out
