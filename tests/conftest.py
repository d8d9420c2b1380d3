"""Shared fixtures of nnlab's own test suite."""

import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NNLAB = os.path.join(os.path.dirname(sys.executable), "nnlab")


@pytest.fixture
def course():
    from graders import course as course_module

    return course_module.load(ROOT)


def run_nnlab(*args, cwd=ROOT, timeout=300, env=None):
    """Run the real ``nnlab`` console script as a subprocess."""
    return subprocess.run([NNLAB, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


@pytest.fixture
def write(tmp_path):
    """write("name.py", source) -> path of a file in a temporary directory."""

    def _write(name, source):
        path = tmp_path / name
        path.write_text(source)
        return str(path)

    return _write
