"""The sandboxed runner: every failure kind gets its own clear outcome, and one crash costs one test."""

import os
import signal
import time

import numpy as np
import pytest

from graders import runner
from graders.limits import Limits
from graders.spec import call, encode

X = np.arange(12.0).reshape(3, 4)


def run(path, *cases, **limits):
    programs = [encode(c) for c in cases] or [encode(call("f", X))]
    return runner.run(runner.Target(files=[path]), programs, Limits(**{"test_seconds": 5, **limits}))


def one(path, **limits):
    return run(path, **limits).outcomes[0]


def test_value_comes_back_as_float64_tree(write):
    path = write("sub.py", "import numpy as np\ndef f(x):\n    return x * 2, {'a': np.int32(3)}, None\n")
    value = one(path).value
    assert isinstance(value, list) and len(value) == 3
    np.testing.assert_array_equal(value[0], X * 2)
    assert value[0].dtype == np.float64 and value[1]["a"].dtype == np.float64
    assert value[2] is None


def test_syntax_error_names_file_and_line(write):
    path = write("sub.py", "def f(x):\n    return x +\n")
    error = one(path).error
    assert error["kind"] == "syntax"
    assert "sub.py, line 2" in error["message"]


def test_missing_function(write):
    error = one(write("sub.py", "def g(x):\n    return x\n")).error
    assert error == {"kind": "missing", "message": "f"}


def test_not_implemented(write):
    error = one(write("sub.py", "def f(x):\n    raise NotImplementedError('f')\n")).error
    assert error["kind"] == "not_implemented"


def test_exception_traceback_is_cut_to_student_frames(write):
    path = write("sub.py", "def helper(x):\n    return x[10, 10]\n\ndef f(x):\n    return helper(x)\n")
    error = one(path).error
    assert error["kind"] == "exception"
    assert "IndexError" in error["message"] and "line 2" in error["message"]
    assert "child.py" not in error["message"] and "/nnlab-" not in error["message"]
    assert "sub.py" in error["message"]


def test_infinite_loop_times_out_and_later_tests_still_run(write):
    path = write("sub.py", "def f(x):\n    if x.shape == (1,):\n        while True:\n            pass\n    return x\n")
    started = time.monotonic()
    result = run(path, call("f", np.ones(1)), call("f", X), test_seconds=1)
    assert time.monotonic() - started < 6
    assert result.outcomes[0].error["kind"] == "timeout"
    assert "did not return within 1 s" in result.outcomes[0].error["message"]
    np.testing.assert_array_equal(result.outcomes[1].value, X)


def test_sleep_is_caught_by_the_wall_clock(write):
    result = run(write("sub.py", "import time\ndef f(x):\n    time.sleep(60)\n"), test_seconds=1)
    assert result.outcomes[0].error["kind"] == "timeout"


def test_memory_limit(write):
    path = write("sub.py", "def f(x):\n    return bytearray(3 * 2**30)\n")
    error = one(path, memory_mb=1024).error
    assert error["kind"] == "memory"


def test_killed_by_signal(write):
    path = write("sub.py", "import os, signal\ndef f(x):\n    os.kill(os.getpid(), signal.SIGSEGV)\n")
    error = one(path).error
    assert error["kind"] == "signal" and "SIGSEGV" in error["message"]


def test_os_exit_costs_one_test_only(write):
    path = write("sub.py", "import os\ndef f(x):\n    if x.size == 1:\n        os._exit(0)\n    return x\n")
    result = run(path, call("f", np.ones(1)), call("f", X))
    assert result.outcomes[0].error["kind"] == "exit"
    assert "exited before returning" in result.outcomes[0].error["message"]
    np.testing.assert_array_equal(result.outcomes[1].value, X)


def test_sys_exit_in_function(write):
    error = one(write("sub.py", "import sys\ndef f(x):\n    sys.exit(0)\n")).error
    assert error["kind"] == "exit"


def test_exit_at_import_fails_every_test(write):
    result = run(write("sub.py", "import os\nos._exit(0)\n"), call("f", X), call("f", X))
    assert [o.error["kind"] for o in result.outcomes] == ["exit", "exit"]
    assert "while loading your file" in result.outcomes[0].error["message"]


def test_object_array_is_refused(write):
    path = write("sub.py", "import numpy as np\nclass Eq:\n    def __eq__(self, o):\n        return True\n"
                           "def f(x):\n    return np.array([Eq()] * 3, dtype=object)\n")
    error = one(path).error
    assert error["kind"] == "exception" and "pickle" in error["message"].lower() or error["kind"] == "bad_output"


def test_stdout_flood_hits_the_file_size_limit(write):
    path = write("sub.py", "def f(x):\n    while True:\n        print('x' * 4096)\n")
    result = run(path, file_mb=1)
    assert result.outcomes[0].error["kind"] == "file_size"
    assert len(result.stdout) <= runner.OUTPUT_TAIL


def test_forged_output_header_is_rejected(write):
    # Writes a .npy whose header claims 10**12 elements, then a tree pointing at it, then exits.
    path = write("sub.py", """
import os, json, numpy as np
def f(x):
    d = os.path.join(os.getcwd(), "out", "0")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "r.npy"), "wb") as fh:
        np.lib.format.write_array_header_1_0(fh, {"descr": "<f8", "fortran_order": False, "shape": (10**12,)})
        fh.write(b"x" * 64)
    with open(os.path.join(d, "tree.json"), "w") as fh:
        json.dump({"leaf": "r"}, fh)
    os._exit(0)
""")
    error = one(path).error
    assert error["kind"] == "bad_output" and "header does not match" in error["message"]


def test_inputs_are_fresh_copies_and_mutation_is_visible(write):
    from graders.fixtures import with_purity_outputs

    path = write("sub.py", "def f(x):\n    x -= 1\n    return x\n")
    program, arrays = encode(call("f", X))
    result = runner.run(runner.Target(files=[path]), [(with_purity_outputs(program), arrays)], Limits())
    value, after = result.outcomes[0].value
    np.testing.assert_array_equal(after[0], X - 1)


def test_child_environment_is_scrubbed(write, monkeypatch):
    monkeypatch.setenv("NNLAB_SECRET", "do-not-leak")
    path = write("sub.py", "import os, numpy as np\ndef f(x):\n    return np.array([len(os.environ.get('NNLAB_SECRET', ''))])\n")
    np.testing.assert_array_equal(one(path).value, [0])


def test_ctrl_c_kills_the_child_and_reports_partial(write):
    path = write("sub.py", "import time\ndef f(x):\n    time.sleep(30)\n")
    programs = [encode(call("f", X)), encode(call("f", X))]
    old = signal.signal(signal.SIGALRM, lambda *a: (_ for _ in ()).throw(KeyboardInterrupt()))
    signal.setitimer(signal.ITIMER_REAL, 0.8)
    try:
        started = time.monotonic()
        result = runner.run(runner.Target(files=[path]), programs, Limits(test_seconds=20))
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    assert time.monotonic() - started < 5
    assert result.interrupted
    # the test that was running is "interrupted"; the one that never started is "not run"
    assert [o.error["kind"] for o in result.outcomes] == ["interrupted", "not_run"]


def test_ctrl_c_while_this_process_is_still_setting_up_reports_partial_too(write, tmp_path):
    """`nnlab check` imports NumPy while the child works; a Ctrl-C then still ends in a partial report."""
    marker = tmp_path / "started"
    path = write("sub.py", f"import time\ndef f(x):\n    open({str(marker)!r}, 'w').close()\n    time.sleep(30)\n")
    programs = [encode(call("f", X)), encode(call("f", X))]

    def setting_up():
        deadline = time.monotonic() + 30
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        raise KeyboardInterrupt  # what SIGINT raises in the middle of an import

    started = time.monotonic()
    result = runner.run(runner.Target(files=[path]), programs, Limits(test_seconds=20), while_waiting=setting_up)
    assert time.monotonic() - started < 10
    assert result.interrupted and marker.exists()
    assert [o.error["kind"] for o in result.outcomes] == ["interrupted", "not_run"]


@pytest.mark.parametrize("bad", ["import numpy\nnumpy.allclose = lambda *a, **k: True\ndef f(x):\n    return x * 0\n"])
def test_patching_numpy_in_the_child_changes_nothing_here(write, bad):
    out = one(write("sub.py", bad)).value
    assert not np.allclose(out, X)  # the parent's numpy is untouched: values are what they are


def test_no_work_dir_left_behind(write, tmp_path, monkeypatch):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setenv("NNLAB_WORKDIR", str(scratch))
    one(write("sub.py", "def f(x):\n    return x\n"))
    assert os.listdir(scratch) == []


def test_endless_top_level_code_is_stopped_by_the_load_limit(write):
    result = run(write("sub.py", "while True:\n    pass\n"), call("f", X), call("f", X), load_seconds=1)
    assert [o.error["kind"] for o in result.outcomes] == ["timeout", "timeout"]
    assert "loading your file took more than 1 s" in result.outcomes[0].error["message"]


def test_inputs_placed_in_the_output_never_reach_the_child(write):
    """exercise7's held-out set rides in the test's output for the parent to judge with: the child
    gets only the call's inputs, and the parent fills in the rest itself."""
    from graders.spec import Case, Out

    held = np.full((3, 2), 12345.0)
    path = write("sub.py", "import gc, numpy as np\n"
                           "def f(x):\n"
                           "    seen = any(isinstance(o, np.ndarray) and o.size and (o == 12345.0).any() for o in gc.get_objects())\n"
                           "    import os\n"
                           "    files = [n for r, _, fs in os.walk(os.getcwd()) for n in fs]\n"
                           "    return np.array([float(seen), float(any(n.endswith(('.bin', '.json')) for n in files))])\n")
    result = runner.run(runner.Target(files=[path]), [encode(Case([call("f", X).calls[0]], (Out(0), held)))],
                        Limits(test_seconds=5))
    value = result.outcomes[0].value
    np.testing.assert_array_equal(value[0], [0.0, 0.0])  # not in the child's memory, no job file anywhere
    np.testing.assert_array_equal(value[1], held)
