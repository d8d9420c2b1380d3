"""The parent's reader of child output: headers checked before any data is read."""

import json
import os

import numpy as np
import pytest

from graders.runner.protocol import BadOutput, read_npy, read_tree


def save(path, array):
    np.save(path, array, allow_pickle=False)
    return str(path)


def test_reads_numbers_as_float64(tmp_path):
    out = read_npy(save(tmp_path / "a.npy", np.arange(6, dtype=np.int16).reshape(2, 3)), 1 << 20)
    assert out.dtype == np.float64 and out.shape == (2, 3)


@pytest.mark.parametrize("array, words", [
    (np.array([1 + 2j]), "complex"),
    (np.array(["a"]), "dtype"),
    (np.zeros(2, dtype=[("a", "f8")]), "objects are not graded"),
])
def test_refuses_non_numeric(tmp_path, array, words):
    with pytest.raises(BadOutput, match=words):
        read_npy(save(tmp_path / "a.npy", array), 1 << 20)


def test_refuses_a_lying_header(tmp_path):
    path = tmp_path / "a.npy"
    with open(path, "wb") as f:
        np.lib.format.write_array_header_1_0(f, {"descr": "<f8", "fortran_order": False, "shape": (10**12,)})
        f.write(b"\0" * 80)
    with pytest.raises(BadOutput, match="does not match"):
        read_npy(str(path), 1 << 30)


def test_refuses_symlinks_and_oversize(tmp_path):
    real = save(tmp_path / "real.npy", np.zeros(1000))
    os.symlink(real, tmp_path / "link.npy")
    with pytest.raises(OSError):
        read_npy(str(tmp_path / "link.npy"), 1 << 20)
    with pytest.raises(BadOutput, match="too large"):
        read_npy(real, 100)


def test_tree_rejects_path_tricks(tmp_path):
    (tmp_path / "tree.json").write_text(json.dumps({"leaf": "../../etc/passwd"}))
    with pytest.raises(BadOutput, match="malformed"):
        read_tree(str(tmp_path), 1 << 20)


def test_tree_rejects_deep_nesting(tmp_path):
    node = {"leaf": "r"}
    for _ in range(50):
        node = {"seq": [node]}
    (tmp_path / "tree.json").write_text(json.dumps(node))
    with pytest.raises(BadOutput):
        read_tree(str(tmp_path), 1 << 20)


def test_a_fifo_never_blocks_the_reader(tmp_path):
    import time

    from graders.runner.protocol import freeze, open_dir

    (tmp_path / "0").mkdir()
    os.mkfifo(tmp_path / "0" / "tree.json")
    root = open_dir(str(tmp_path))
    started = time.monotonic()
    try:
        frozen = freeze(root, "0/", [1 << 20])
    finally:
        os.close(root)
    assert time.monotonic() - started < 1
    assert frozen.error == {"kind": "bad_output", "message": "tree.json is not a regular file"}


def test_a_symlink_at_any_component_is_refused(tmp_path):
    from graders.runner.protocol import freeze, open_dir

    real = tmp_path / "real"
    real.mkdir()
    (real / "tree.json").write_text(json.dumps({"leaf": "r"}))
    save(real / "r.npy", np.ones(3))
    os.symlink(real, tmp_path / "0")  # the test's dir itself is a link
    root = open_dir(str(tmp_path))
    try:
        assert freeze(root, "0/", [1 << 20]) is None  # nothing is found through it
    finally:
        os.close(root)


@pytest.mark.parametrize("tree", [{"leaf": ["r", 1, 2]}, {"leaf": "r", "seq": [], "none": True},
                                  {"seq": [{"leaf": "r"}, {"leaf": ["r", 1, 2]}]}, ["r"], {"dict": []}])
def test_forged_trees_are_bad_output_not_a_crash(tmp_path, tree):
    save(tmp_path / "r.npy", np.ones(3))
    (tmp_path / "tree.json").write_text(json.dumps(tree))
    with pytest.raises(BadOutput):
        read_tree(str(tmp_path), 1 << 20)


def test_the_outputs_of_a_run_share_one_byte_budget(tmp_path):
    from graders.runner.protocol import freeze, open_dir

    for tid in ("0", "1"):
        (tmp_path / tid).mkdir()
        save(tmp_path / tid / "r.npy", np.ones(1000))
        (tmp_path / tid / "tree.json").write_text(json.dumps({"leaf": "r"}))
    budget = [12_000, 12_000]
    root = open_dir(str(tmp_path))
    try:
        first, second = freeze(root, "0/", budget), freeze(root, "1/", budget)
    finally:
        os.close(root)
    assert first.error is None and second.error["kind"] == "bad_output"
    assert "at most 0.0114441 MB together (the output size limit)" in second.error["message"]
