"""Resource limits of a grading child: the rlimits it asks for, and that the real child applies them."""

import resource
import subprocess
import sys

import numpy as np

from graders import runner
from graders.limits import Limits
from graders.spec import call, encode
from tests.conftest import ROOT

READ_LIMITS = """import resource
def f(x):
    names = ("RLIMIT_CPU", "RLIMIT_AS", "RLIMIT_FSIZE", "RLIMIT_CORE", "RLIMIT_NPROC")
    return [float(v) for name in names for v in resource.getrlimit(getattr(resource, name))]
"""


def test_defaults():
    limits = Limits()
    assert (limits.test_seconds, limits.submission_seconds, limits.load_seconds) == (10.0, 60.0, 20.0)
    assert (limits.memory_mb, limits.file_mb, limits.output_mb, limits.processes) == (4096, 64, 256, None)


def test_rlimits_in_bytes_and_whole_seconds():
    rl = Limits(submission_seconds=30.5, memory_mb=512, file_mb=8, processes=40).rlimits()
    assert rl == {"cpu_seconds": 31, "memory_bytes": 512 * 2**20, "file_bytes": 8 * 2**20, "processes": 40, "core_bytes": 0}


def test_cpu_limit_is_above_the_wall_clock_limit():
    for seconds in (1, 1.9, 60):
        assert Limits(submission_seconds=seconds).rlimits()["cpu_seconds"] > seconds


def test_no_memory_or_process_limit_when_unset():
    rl = Limits(memory_mb=None).rlimits()
    assert rl["memory_bytes"] is None and rl["processes"] is None


def test_the_child_applies_the_limits_before_student_code(write):
    path = write("sub.py", READ_LIMITS)
    limits = Limits(test_seconds=10, submission_seconds=12, memory_mb=1536, file_mb=5)
    outcome = runner.run(runner.Target(files=[path]), [encode(call("f", np.zeros(1)))], limits).outcomes[0]
    assert outcome.ok, outcome.error
    cpu, as_, fsize, core, nproc = outcome.value.reshape(5, 2)
    assert list(cpu) == [13, 13]  # hard = soft, so student code cannot raise them again
    assert list(as_) == [1536 * 2**20] * 2
    assert list(fsize) == [5 * 2**20] * 2
    assert list(core) == [0, 0]
    assert list(nproc) == [float(v) for v in resource.getrlimit(resource.RLIMIT_NPROC)]  # processes=None: inherited


def test_importing_limits_loads_no_numpy():
    code = "import sys, graders.limits; print('numpy' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
