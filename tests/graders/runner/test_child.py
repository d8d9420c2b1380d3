"""The child interpreter's own parts: value encodings, run_case, output trees, error records, limits, and its files."""

import importlib.util
import json
import os
import resource
import shutil
import subprocess
import sys

import numpy as np
import pytest

from graders.runner import callables, child, protocol

HERE = os.path.dirname(os.path.abspath(child.__file__))


def resolve(v, arrays=None, results=(), args=()):
    ctx = {"load": lambda key: arrays[key], "np": np, "make_callable": callables.make, "results": list(results), "args": list(args)}
    return child.resolve(v, ctx)


def run_case(case, namespace):
    return child.run_case(case, namespace, None, np, callables.make)


def lit_call(fn, *args, **kwargs):
    return {"fn": fn, "args": [{"lit": a} for a in args], "kwargs": {k: {"lit": v} for k, v in kwargs.items()}}


def one_call_test(tid, fn, *args):
    """A test of the job: the result of ``fn(*args)``."""
    return {"id": tid, "calls": [lit_call(fn, *args)], "output": {"ref": [0]}}


# --------------------------------------------------------------------------- resolve


def test_an_input_array_is_a_fresh_writable_copy_at_every_use():
    stored = np.frombuffer(np.arange(3.0).tobytes())  # read-only, like the child's view of inputs.bin
    first, second = resolve({"array": "x"}, {"x": stored}), resolve({"array": "x"}, {"x": stored})
    assert first.flags.writeable and first is not second
    first[0] = 99.0
    np.testing.assert_array_equal(stored, [0.0, 1.0, 2.0])
    np.testing.assert_array_equal(second, [0.0, 1.0, 2.0])


def test_literals_and_containers_keep_their_kind():
    value = resolve({"tuple": [{"lit": 1}, {"list": [{"lit": "relu"}, {"lit": None}]}, {"dict": {"k": {"lit": [1.5, 2]}}}]})
    assert value == (1, ["relu", None], {"k": [1.5, 2]})
    assert type(value) is tuple and type(value[1]) is list


def test_rng_is_a_generator_seeded_as_told():
    rng = resolve({"rng": 7})
    assert isinstance(rng, np.random.Generator)
    np.testing.assert_array_equal(rng.normal(size=4), np.random.default_rng(7).normal(size=4))


def test_fn_builds_the_named_callable_with_resolved_params():
    A, c = np.array([[2.0, 0.0], [0.0, 4.0]]), np.array([1.0, -1.0])
    f = resolve({"fn": "quadratic_form", "params": {"A": {"array": "A"}, "c": {"array": "c"}}}, {"A": A, "c": c})
    assert f(np.array([1.0, 1.0])) == 0.5 * (2.0 + 4.0) + 0.0
    assert resolve({"fn": "square"})(3.0) == 9.0


def test_ref_indexes_an_earlier_result_and_arg_is_the_argument_object_itself():
    x = np.zeros(2)
    results = [(np.array([1.0, 2.0]), {"W1": 5.0})]
    assert resolve({"ref": [0, 1, "W1"]}, results=results) == 5.0
    assert resolve({"ref": [0]}, results=results) is results[0]
    assert resolve({"arg": [0, 1]}, args=[["first", x]]) is x


def test_unknown_encoding_is_an_error():
    with pytest.raises(ValueError, match="unknown value encoding"):
        resolve({"pickle": "..."})


# --------------------------------------------------------------------------- run_case


def test_calls_run_in_order_and_the_output_picks_from_their_results():
    seen = []
    namespace = {"f": lambda x: seen.append("f") or x + 1, "g": lambda y, k=0: seen.append("g") or y * k}
    case = {"calls": [lit_call("f", 1), {"fn": "g", "args": [{"ref": [0]}], "kwargs": {"k": {"lit": 3}}}],
            "output": {"list": [{"ref": [1]}, {"ref": [0]}]}}
    assert run_case(case, namespace) == [6, 2]
    assert seen == ["f", "g"]


def test_the_output_can_show_an_argument_after_the_call_to_catch_mutation():
    def f(x):
        x *= 2
        return None

    case = {"calls": [{"fn": "f", "args": [{"array": "x"}]}], "output": {"arg": [0, 0]}}
    out = child.run_case(case, {"f": f}, {"x": np.ones(2)}.__getitem__, np, callables.make)
    np.testing.assert_array_equal(out, [2.0, 2.0])


@pytest.mark.parametrize("namespace", [{}, {"softmax": 3}, {"softmax": None}], ids=["absent", "a number", "None"])
def test_a_missing_or_not_callable_name_is_missing_function(namespace):
    with pytest.raises(child.MissingFunction) as info:
        run_case({"calls": [lit_call("softmax", 1.0)], "output": {"ref": [0]}}, namespace)
    assert str(info.value) == "softmax"


def test_later_calls_do_not_run_after_an_exception():
    seen = []
    namespace = {"boom": lambda: 1 / 0, "after": lambda: seen.append("after")}
    with pytest.raises(ZeroDivisionError):
        run_case({"calls": [lit_call("boom"), lit_call("after")], "output": {"ref": [1]}}, namespace)
    assert seen == []


# --------------------------------------------------------------------------- flatten


def flat(value):
    saved = {}

    def save(path, array):
        saved[path] = array

    return child.flatten(value, np, save), saved


def rebuild(tree, saved):
    (kind, v), = tree.items()
    if kind == "seq":
        return [rebuild(x, saved) for x in v]
    if kind == "dict":
        return {k: rebuild(x, saved) for k, x in v.items()}
    return None if kind == "none" else np.array(saved[v], dtype=np.float64)


def test_flatten_describes_the_structure_and_saves_each_leaf_by_path():
    tree, saved = flat((np.arange(2), {"dW": 1.5, "cache": None}, [[1, 2], [3, 4]]))
    assert tree == {"seq": [{"leaf": "r.0"}, {"dict": {"dW": {"leaf": "r.1.dW"}, "cache": {"none": True}}}, {"leaf": "r.2"}]}
    np.testing.assert_array_equal(saved["r.2"], [[1, 2], [3, 4]])
    assert saved["r.1.dW"].shape == () and saved["r.1.dW"] == 1.5


def test_a_list_of_numbers_is_one_array_and_a_list_of_arrays_is_a_sequence():
    assert flat([1.0, np.float64(2.0), 3])[0] == {"leaf": "r"}
    assert flat([np.ones(2), np.zeros(2)])[0] == {"seq": [{"leaf": "r.0"}, {"leaf": "r.1"}]}


def test_a_masked_array_is_saved_as_its_plain_data():
    _, saved = flat(np.ma.array([1.0, 2.0, 3.0], mask=[0, 1, 0]))
    assert type(saved["r"]) is np.ndarray
    np.testing.assert_array_equal(saved["r"], [1.0, 2.0, 3.0])


@pytest.mark.parametrize("value", [(np.eye(2), {"a": [1, 2], "b": (3.0, None)}), [[1.0], [2.0]], {"x": [np.ones(1), 2.0]}, 4, None])
def test_flatten_has_the_shape_of_the_parents_to_tree(value):
    tree, saved = flat(value)
    expected = protocol.to_tree(value)
    got = rebuild(tree, saved)
    assert json.dumps(got, default=lambda a: a.tolist()) == json.dumps(expected, default=lambda a: a.tolist())


# --------------------------------------------------------------------------- error records


def raise_from(path, *args):
    spec = importlib.util.spec_from_file_location("student_sub", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    try:
        module.f(*args)
    except BaseException as exc:
        return exc
    raise AssertionError("f did not raise")


def test_exception_record_keeps_only_the_students_frames(write):
    path = write("sub.py", "def helper(x):\n    return x[10]\n\ndef f(x):\n    return helper(x)\n")
    record = child.error_record(raise_from(path, [1, 2]), {path})
    assert record["kind"] == "exception"
    message = record["message"]
    assert f'File "{path}", line 5, in f' in message and f'File "{path}", line 2, in helper' in message
    assert "return x[10]" in message and message.rstrip().endswith("IndexError: list index out of range")
    assert "test_child.py" not in message


def test_a_long_traceback_keeps_its_last_4000_characters(write):
    path = write("sub.py", "def f():\n    raise ValueError('x' * 10000 + 'END')\n")
    message = child.error_record(raise_from(path), {path})["message"]
    assert len(message) == 4000 and message.endswith("END\n")


@pytest.mark.parametrize("exc, kind, message", [
    (child.MissingFunction("softmax"), "missing", "softmax"),
    (NotImplementedError("write softmax"), "not_implemented", "write softmax"),
    (MemoryError(), "memory", "MemoryError"),
    (SystemExit(3), "exit", "sys.exit(3)"),
    (OSError(27, "File too large"), "file_size", "stopped by the file-size limit (printing or writing too much?)"),
    (KeyboardInterrupt(), "interrupted", "KeyboardInterrupt"),
])
def test_each_failure_gets_its_own_kind(exc, kind, message):
    assert child.error_record(exc, set()) == {"kind": kind, "message": message}


@pytest.mark.parametrize("exc, kind", [(RecursionError("maximum recursion depth exceeded"), "recursion"),
                                       (OSError(2, "No such file"), "exception"), (ValueError("bad"), "exception")])
def test_other_failures_carry_the_exception_line(exc, kind):
    record = child.error_record(exc, set())
    assert record["kind"] == kind and record["message"] == f"{type(exc).__name__}: {exc}\n"


def test_syntax_error_at_load_names_file_line_and_text(write):
    path = write("sub.py", "def f(x):\n    return x +\n")
    try:
        compile(open(path).read(), path, "exec")
    except SyntaxError as exc:
        record = child.load_error_record(exc, {path})
    assert record["kind"] == "syntax" and record["line"] == 2 and record["text"] == "    return x +"
    assert record["message"].endswith("(sub.py, line 2)") and path not in record["message"]


@pytest.mark.parametrize("source, kind", [("import nnlab_no_such_module\n", "import"),
                                          ("raise NotImplementedError\n", "load_not_implemented"),
                                          ("x = 1 / 0\n", "load_exception"), ("import sys\nsys.exit(1)\n", "load_exit")])
def test_failures_at_load_are_prefixed(write, source, kind):
    path = write("sub.py", source)
    spec = importlib.util.spec_from_file_location("student_sub", path)
    try:
        spec.loader.exec_module(importlib.util.module_from_spec(spec))
    except BaseException as exc:
        record = child.load_error_record(exc, {path})
    assert record["kind"] == kind


# --------------------------------------------------------------------------- load_namespace


@pytest.fixture
def clean_imports(monkeypatch):
    monkeypatch.setattr(sys, "path", list(sys.path))
    before = set(sys.modules)
    yield
    for name in set(sys.modules) - before:
        del sys.modules[name]


def test_namespace_takes_modules_then_files_later_ones_winning(tmp_path, clean_imports):
    (tmp_path / "nnlab_test_refmod.py").write_text("def f():\n    return 'module'\n\ndef g():\n    return 'module'\n")
    first, second = tmp_path / "a.py", tmp_path / "b.py"
    first.write_text("def f():\n    return 'a'\n\ndef h():\n    return 'a'\n")
    second.write_text("def h():\n    return 'b'\n")
    namespace, files = child.load_namespace({"sys_path": [str(tmp_path)], "modules": ["nnlab_test_refmod"],
                                             "files": [str(first), str(second)]})
    assert (namespace["f"](), namespace["g"](), namespace["h"]()) == ("a", "module", "b")
    assert files == {str(first), str(second)}
    assert sys.path[0] == str(tmp_path)


# --------------------------------------------------------------------------- the child as a program


def work_dir(tmp_path, source):
    work = tmp_path / "work"
    for sub in ("out", "submission"):
        (work / sub).mkdir(parents=True)
    for name in ("child.py", "callables.py"):
        shutil.copy(os.path.join(HERE, name), work)
    (work / "submission" / "sub.py").write_text(source)
    return work


def drive(work, tests, warm=False, **job):
    """Run the child as the runner does: the job, then one test per "want". Returns (events, returncode)."""
    from graders.runner import frame

    down_r, down_w = os.pipe()
    up_r, up_w = os.pipe()
    cmd = [sys.executable, "-I", str(work / "child.py"), "--fds", f"{down_r},{up_w}", *(["--warm"] if warm else [])]
    proc = subprocess.Popen(cmd, cwd=work, pass_fds=(down_r, up_w), stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    os.close(down_r)
    os.close(up_w)
    header = {"target": {"files": [str(work / "submission" / "sub.py")]}, "limits": {}, **job}
    os.write(down_w, frame(header))
    events, queue = [], list(tests)
    with os.fdopen(up_r, "rb") as up:
        for line in up:
            events.append(line.strip().decode())
            if events[-1] == "want":
                try:
                    os.write(down_w, frame(dict(queue.pop(0), inputs={})) if queue else frame({"end": True}))
                except BrokenPipeError:
                    break
    os.close(down_w)
    proc.wait(60)
    return events, proc.returncode


def test_the_child_asks_for_each_test_and_writes_a_tree_per_result_and_an_error_per_failure(tmp_path):
    source = "def f(x):\n    return [x, x * 2]\n\ndef boom(x):\n    raise ValueError('no')\n"
    work = work_dir(tmp_path, source)
    events, code = drive(work, [one_call_test(3, "f", 1.5), one_call_test(5, "boom", 1)])
    assert code == 0 and events == ["ready ok", "want", "want", "want"]
    out = work / "out"
    assert json.loads((out / "3" / "tree.json").read_text()) == {"leaf": "r"}
    np.testing.assert_array_equal(np.load(out / "3" / "r.npy", allow_pickle=False), [1.5, 3.0])
    assert not (out / "5" / "tree.json").exists()
    error = json.loads((out / "5" / "error.json").read_text())
    assert error["kind"] == "exception" and error["message"].endswith("ValueError: no\n")


def test_an_import_failure_is_one_load_error_and_no_test_is_asked_for(tmp_path):
    work = work_dir(tmp_path, "raise RuntimeError('top level')\n")
    events, code = drive(work, [one_call_test(0, "f")])
    assert code == 0 and events == ["ready ok"]
    record = json.loads((work / "out" / "load_error.json").read_text())
    assert record["kind"] == "load_exception" and "RuntimeError: top level" in record["message"]


def test_failed_hardening_is_reported_before_the_submission_is_loaded(tmp_path):
    marker = tmp_path / "student-code-ran"
    work = work_dir(tmp_path, f"open({str(marker)!r}, 'w').close()\ndef f():\n    return 1\n")
    events, _ = drive(work, [one_call_test(0, "f")], hardening={"must_not_exist": [str(tmp_path)]})
    assert events == ["ready failed"]
    assert not marker.exists() and os.listdir(work / "out") == []


def test_student_code_cannot_forge_the_sandbox_report_it_comes_after_the_first_line(tmp_path):
    source = ("import os\nfor fd in range(3, 64):\n    try:\n        os.write(fd, b'ready failed\\n')\n"
              "    except OSError:\n        pass\ndef f():\n    return 1\n")
    work = work_dir(tmp_path, source)
    events, code = drive(work, [one_call_test(0, "f")])
    assert events[0] == "ready ok" and "ready failed" in events[1:]


def test_the_child_never_loads_graders_or_reference(tmp_path):
    source = "import sys\ndef f():\n    return [float(m in sys.modules) for m in ('graders', 'reference', 'numpy')]\n"
    work = work_dir(tmp_path, source)
    drive(work, [one_call_test(0, "f")])
    np.testing.assert_array_equal(np.load(work / "out" / "0" / "r.npy"), [0.0, 0.0, 1.0])


def test_warm_mode_gives_student_code_an_empty_stdin(tmp_path):
    source = "import os, sys\ndef f():\n    return [len(sys.stdin.read()), len(os.read(0, 100))]\n"
    work = work_dir(tmp_path, source)
    events, code = drive(work, [one_call_test(0, "f")], warm=True)
    assert code == 0
    np.testing.assert_array_equal(np.load(work / "out" / "0" / "r.npy"), [0, 0])


def test_a_forbidden_import_is_found_before_the_file_runs(tmp_path):
    marker = tmp_path / "ran"
    source = f"open({str(marker)!r}, 'w').close()\nfrom scipy.special import softmax\n"
    work = work_dir(tmp_path, source)
    drive(work, [one_call_test(0, "f")], forbidden={"scipy.special": "write softmax with NumPy"})
    record = json.loads((work / "out" / "load_error.json").read_text())
    assert record["kind"] == "forbidden" and record["message"] == "line 2: write softmax with NumPy"
    assert record["line"] == 2 and record["text"] == "from scipy.special import softmax"  # the report's banner
    assert not marker.exists()


def test_a_load_error_says_where_in_the_student_file(tmp_path):
    work = work_dir(tmp_path, "import numpy as np\n\nx = np.zeros(3)[5]\n")
    drive(work, [one_call_test(0, "f")])
    record = json.loads((work / "out" / "load_error.json").read_text())
    assert record["kind"] == "load_exception" and record["error_type"] == "IndexError"
    assert (record["line"], record["text"]) == (3, "x = np.zeros(3)[5]")
    assert record["column"] == 5 and record["end_column"] == 19  # 1-based, like a SyntaxError's offset


def test_a_forbidden_import_built_at_run_time_is_refused_by_the_import_hook(tmp_path):
    source = "import importlib\ndef f():\n    return importlib.import_module('cs' + 'v').__name__\n"
    work = work_dir(tmp_path, source)
    drive(work, [one_call_test(0, "f")], forbidden={"csv": "do it yourself"})
    error = json.loads((work / "out" / "0" / "error.json").read_text())
    assert error == {"kind": "forbidden", "message": "do it yourself"}


def test_importing_the_child_alone_imports_neither_numpy_nor_the_grader(tmp_path):
    shutil.copy(os.path.join(HERE, "child.py"), tmp_path)
    code = (f"import sys; sys.path.insert(0, {str(tmp_path)!r}); import child; "
            "print(sorted(m for m in ('numpy', 'graders', 'reference') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-I", "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.strip() == "[]"


# --------------------------------------------------------------------------- limits and hardening


def test_apply_limits_sets_soft_and_hard_and_never_raises_a_hard_limit():
    code = ("import resource, sys; sys.path.insert(0, sys.argv[1]); import child\n"
            "resource.setrlimit(resource.RLIMIT_CORE, (0, 0))\n"
            "before = resource.getrlimit(resource.RLIMIT_NOFILE)\n"
            "child.apply_limits({'cpu_seconds': 30, 'file_bytes': 2**20, 'core_bytes': 2**20, 'memory_bytes': None})\n"
            "print([resource.getrlimit(r) for r in (resource.RLIMIT_CPU, resource.RLIMIT_FSIZE, resource.RLIMIT_CORE)],"
            " resource.getrlimit(resource.RLIMIT_NOFILE) == before, resource.getrlimit(resource.RLIMIT_AS))")
    out = subprocess.run([sys.executable, "-I", "-c", code, HERE], capture_output=True, text=True, timeout=60, check=True)
    unlimited = resource.getrlimit(resource.RLIMIT_AS)
    assert out.stdout.strip() == f"[(30, 30), ({2**20}, {2**20}), (0, 0)] True {unlimited}"


def test_hardening_check_passes_only_when_every_expectation_holds(tmp_path):
    assert child._hardened({})
    assert child._hardened({"must_not_exist": [str(tmp_path / "absent")], "must_not_import": ["nnlab_no_such_module"]})
    assert not child._hardened({"must_not_exist": [str(tmp_path)]})
    assert not child._hardened({"must_not_import": ["numpy"]})


def test_hardening_check_fails_closed_on_a_surprise():
    assert not child._hardened({"must_not_exist": 5})  # not a list: the check itself raises
