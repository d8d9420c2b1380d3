"""Shared fixtures of nnlab's own test suite."""

import os
import subprocess
import sys

import numpy as np
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


def numeric_grad(f, x, h=1e-6):
    """Centred differences of a scalar f at every coordinate of x: the tests' own gradient, written
    independently of the reference's gradient_check."""
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[i] = h
        grad[i] = (f(x + e) - f(x - e)) / (2 * h)
    return grad
