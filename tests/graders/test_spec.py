"""Test declarations: tasks, tests, cases and their encoding as JSON plus named arrays."""

import importlib
import json
import os
import subprocess
import sys

import numpy as np
import pytest

from graders import pipeline, spec
from graders.batch import seed_key
from graders.course import load
from graders.spec import ArgAfter, Call, Case, Compare, Fn, Out, Rng, call, decode, encode, seed_for
from tests.conftest import ROOT


def same_encoding(a, b):
    """Two (program, arrays) pairs are equal: the same JSON and the same arrays under the same keys."""
    assert a[0] == b[0]
    assert sorted(a[1]) == sorted(b[1])
    for key in a[1]:
        assert a[1][key].dtype == b[1][key].dtype
        np.testing.assert_array_equal(a[1][key], b[1][key])


def test_call_is_a_case_with_one_call_returning_its_result():
    x = np.ones(3)
    case = call("softmax", x, axis=-1)
    assert len(case.calls) == 1 and case.calls[0].fn == "softmax"
    assert case.args[0] is x and case.kwargs == {"axis": -1}
    assert case.output == Out(0)


def test_case_output_defaults_to_the_last_call():
    case = Case([Call("forward", (np.ones(2),)), Call("backward", (np.ones(2), Out(0, 1)))])
    assert case.output == Out(1)
    assert case.args == case.calls[0].args  # args and kwargs are the first call's
    assert Case([Call("f")], output=Out(0, 0)).output == Out(0, 0)


def test_out_keeps_its_path_as_a_tuple():
    assert Out(0, 1).step == 0 and Out(0, 1).path == (1,)
    assert Out(2, "W1", 0).path == ("W1", 0)
    assert Out(3).path == ()
    assert Out(0, 1) != Out(0) and Out(0, 1) == Out(0, 1)


def test_task_and_test_defaults():
    test = spec.Test("t", lambda rng: call("f"))
    assert isinstance(test.check, Compare) and test.check.rtol is None and test.check.atol is None
    assert test.hidden is False and test.pure is True and test.hint == ""
    assert spec.Task("softmax", [test]).functions == ("softmax",)
    assert spec.Task("layer", [test], functions=("fwd", "bwd")).functions == ("fwd", "bwd")


def test_values_are_hashable_plain_data():
    assert {Rng(3), Rng(3)} == {Rng(3)}
    assert len({Fn("square"), Fn("square"), Fn("cube")}) == 2
    assert ArgAfter(1, 0) == ArgAfter(1, 0) and ArgAfter(1, 0) != ArgAfter(0, 1)


def test_encode_is_json_and_decode_inverts_it():
    W, x = np.arange(6.0).reshape(2, 3), np.array([1, 2], dtype=np.int64)
    case = Case(
        [Call("f", (W, x, Rng(7), Fn("quadratic_form", {"A": np.eye(2), "c": np.zeros(2)})),
              {"mode": "train", "rate": 0.5, "n": 3, "flag": True, "none": None, "nested": [(1, 2), {"k": x}]}),
         Call("g", (Out(0, 1), ArgAfter(0, 0)))],
        output=(Out(1), ArgAfter(0, 1), [Out(0, "W1", 0)]),
    )
    program, arrays = encode(case)
    program = json.loads(json.dumps(program))  # plain JSON: survives a trip through text
    back = decode(program, arrays)
    assert [c.fn for c in back.calls] == ["f", "g"]
    np.testing.assert_array_equal(back.calls[0].args[0], W)
    assert back.calls[0].args[1].dtype == np.int64
    assert back.calls[0].args[2] == Rng(7)
    assert back.calls[0].args[3].name == "quadratic_form"
    np.testing.assert_array_equal(back.calls[0].args[3].params["A"], np.eye(2))
    kwargs = back.calls[0].kwargs
    assert {k: kwargs[k] for k in ("mode", "rate", "n", "flag", "none")} == {"mode": "train", "rate": 0.5, "n": 3, "flag": True,
                                                                               "none": None}
    assert isinstance(kwargs["nested"], list) and kwargs["nested"][0] == (1, 2)
    np.testing.assert_array_equal(kwargs["nested"][1]["k"], x)
    assert back.calls[1].args == (Out(0, 1), ArgAfter(0, 0))
    assert back.output == (Out(1), ArgAfter(0, 1), [Out(0, "W1", 0)])
    same_encoding(encode(back), (program, arrays))


def test_numpy_scalars_become_python_literals():
    program, arrays = encode(call("f", np.float64(0.25), np.int32(3), np.bool_(True), Rng(np.int64(5))))
    args = program["calls"][0]["args"]
    assert args[:3] == [{"lit": 0.25}, {"lit": 3}, {"lit": True}] and args[3] == {"rng": 5}
    assert type(args[1]["lit"]) is int and type(args[2]["lit"]) is bool
    assert arrays == {}
    json.dumps(program)


def test_encode_deduplicates_arrays_by_identity():
    x, twin = np.arange(4.0), np.arange(4.0)
    case = Case([Call("f", (x,)), Call("f", (x + 1e-5,)), Call("f", (x,)), Call("f", (twin,))])
    program, arrays = encode(case)
    keys = [c["args"][0]["array"] for c in program["calls"]]
    assert keys[0] == keys[2]  # the same object is stored once
    assert len({keys[0], keys[1], keys[3]}) == 3  # equal values in another object are another array
    assert len(arrays) == 3


def test_encode_copies_arrays():
    x = np.zeros(3)
    program, arrays = encode(call("f", x))
    x[0] = 5.0
    assert arrays[program["calls"][0]["args"][0]["array"]][0] == 0.0


def test_decoded_case_shares_arrays_like_the_original():
    x = np.ones((2, 2))
    back = decode(*encode(Case([Call("f", (x,)), Call("g", (x,))])))
    assert back.calls[0].args[0] is back.calls[1].args[0]


def test_unencodable_values_are_refused():
    with pytest.raises(TypeError, match="set"):
        encode(call("f", {1, 2}))
    with pytest.raises(TypeError, match="function"):
        encode(call("f", lambda x: x))
    with pytest.raises(ValueError, match="unknown encoding"):
        decode({"calls": [{"fn": "f", "args": [{"pickle": "x"}], "kwargs": {}}], "output": {"ref": [0]}}, {})


@pytest.mark.parametrize("exercise", [f"exercise{i}" for i in range(1, 7)])
def test_every_case_of_the_course_survives_the_round_trip(exercise):
    tasks = pipeline.load_tasks(load(ROOT), exercise)  # the hidden tests too
    for task in tasks:
        for test in task.tests:
            first = encode(test.build(np.random.default_rng(seed_for(exercise, task.name, test.name))))
            json.dumps(first[0])
            same_encoding(encode(decode(*first)), first)


def test_the_same_seed_builds_the_same_case():
    test = importlib.import_module("graders.exercises.exercise3").TASKS[0].tests[0]
    a = encode(test.build(np.random.default_rng(seed_for("exercise3", "softmax", test.name))))
    b = encode(test.build(np.random.default_rng(seed_for("exercise3", "softmax", test.name))))
    same_encoding(a, b)


def test_seed_for_is_a_valid_seed_and_depends_on_every_part_and_its_order():
    seeds = {
        seed_for("exercise3", "softmax", "t"), seed_for("exercise3", "softmax", "u"),
        seed_for("exercise3", "mse", "t"), seed_for("exercise4", "softmax", "t"),
        seed_for("softmax", "exercise3", "t"), seed_for("exercise3", "softmax"),
    }
    assert len(seeds) == 6
    assert all(isinstance(s, int) and 0 <= s < 2**32 for s in seeds)
    np.random.default_rng(max(seeds))


def test_different_students_get_different_hidden_seeds():
    parts = ("exercise3", "softmax", "random shape")
    students = [seed_key("course secret", s) for s in ("alice", "bob", "carol")]
    seeds = [seed_for(key, *parts) for key in students]
    assert len(set(seeds)) == 3
    assert seed_for(students[0], *parts) == seeds[0]
    assert seed_for(seed_key("other secret", "alice"), *parts) != seeds[0]
    assert seed_for("validate", *parts) not in seeds


def test_seed_for_is_the_same_in_every_interpreter():
    code = "from graders.spec import seed_for; print(seed_for('validate', 'exercise3', 'softmax', 'random shape'))"
    outputs = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=env, timeout=60)
        assert result.returncode == 0, result.stderr
        outputs.add(int(result.stdout))
    assert outputs == {seed_for("validate", "exercise3", "softmax", "random shape")}
