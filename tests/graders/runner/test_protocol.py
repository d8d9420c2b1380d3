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
