"""The parent side of the .npy protocol: read what the child wrote, trusting nothing.

The child's output directory is hostile ground. Every file is size-capped and read without
following links; ``tree.json`` is validated node by node; each ``.npy`` header is checked
(magic, dtype kind, shape, and that the file's size matches the header) *before* the array is
read, and arrays are read with ``allow_pickle=False`` and copied into base float64 ndarrays.
"""

from __future__ import annotations

import json
import os
import re
import stat

import numpy as np

from .child import _is_numeric_list

MAX_JSON_BYTES = 1 << 20
MAX_TREE_NODES = 10_000
MAX_TREE_DEPTH = 12
_LEAF = re.compile(r"^r(\.[A-Za-z0-9_]{1,64}){0,12}$")
NUMERIC_KINDS = "biuf"  # bool, int, unsigned, float: everything else is refused


class BadOutput(Exception):
    """The child's output is not something a correct submission could have written."""


def read_small(path: str, limit: int = MAX_JSON_BYTES) -> bytes:
    """Read a regular file (never a symlink, FIFO or device) of at most ``limit`` bytes."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise BadOutput(f"{os.path.basename(path)} is not a regular file")
        if st.st_size > limit:
            raise BadOutput(f"{os.path.basename(path)} is too large ({st.st_size} bytes)")
        return os.read(fd, limit + 1)[:limit]
    finally:
        os.close(fd)


def read_json(path: str) -> dict:
    try:
        data = json.loads(read_small(path).decode("utf-8", errors="replace"))
    except (ValueError, RecursionError) as exc:
        raise BadOutput(f"unreadable {os.path.basename(path)}: {exc}") from None
    if not isinstance(data, dict):
        raise BadOutput(f"{os.path.basename(path)} is not an object")
    return data


def read_npy(path: str, max_bytes: int) -> np.ndarray:
    """Validate the header of a .npy file, then read it as a base float64 array."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(f.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise BadOutput("output is not a regular file")
        if st.st_size > max_bytes:
            raise BadOutput(f"output too large ({st.st_size / 1e6:.1f} MB)")
        header = _plain_header(f)
        try:
            if header is not None:  # the common case, read without numpy's literal parser
                shape, fortran, dtype = header
            else:
                f.seek(0)
                version = np.lib.format.read_magic(f)
                if version == (1, 0):
                    shape, fortran, dtype = np.lib.format.read_array_header_1_0(f, max_header_size=4096)
                elif version == (2, 0):
                    shape, fortran, dtype = np.lib.format.read_array_header_2_0(f, max_header_size=4096)
                else:
                    raise BadOutput(f"unsupported .npy version {version}")
        except BadOutput:
            raise
        except Exception as exc:
            raise BadOutput(f"invalid .npy header ({exc})") from None
        if dtype.hasobject or dtype.fields is not None or dtype.subdtype is not None:
            raise BadOutput(f"expected numbers, got an array of dtype={dtype} (objects are not graded)")
        if dtype.kind == "c":
            raise BadOutput("expected real numbers, got a complex array")
        if dtype.kind not in NUMERIC_KINDS:
            raise BadOutput(f"expected numbers, got an array of dtype={dtype}")
        count = int(np.prod(shape, dtype=np.int64)) if shape else 1
        if any(d < 0 for d in shape) or count * dtype.itemsize != st.st_size - f.tell():
            raise BadOutput("corrupt output: the .npy header does not match the file size")
        data = np.fromfile(f, dtype=dtype, count=count)
    array = data.reshape(shape, order="F" if fortran else "C")
    return np.array(array, dtype=np.float64, copy=True)


_PLAIN_HEADER = re.compile(rb"\{'descr': '([<>|][biuf][1248])', 'fortran_order': (False|True), "
                           rb"'shape': \(((?:\d{1,12}, ?){0,32}\d{0,12})\), \} *\n")


def _plain_header(f):
    """(shape, fortran, dtype) of a version 1.0 header exactly as ``np.save`` writes one for a
    plain numeric array, else None (then numpy's own, slower, parser decides)."""
    start = f.read(10)
    if len(start) < 10 or start[:8] != b"\x93NUMPY\x01\x00":
        return None
    length = int.from_bytes(start[8:10], "little")
    if length > 4096:
        return None
    match = _PLAIN_HEADER.fullmatch(f.read(length))
    if not match:
        return None
    descr, fortran, dims = match.groups()
    shape = tuple(int(d) for d in dims.split(b",") if d.strip())
    return shape, fortran == b"True", np.dtype(descr.decode())


def read_tree(tdir: str, max_bytes: int):
    """Read ``tree.json`` and its leaves: nested dict/list of float64 arrays (None for None)."""
    tree = read_json(os.path.join(tdir, "tree.json"))
    count = [0]
    budget = [max_bytes]

    def walk(node, depth):
        count[0] += 1
        if count[0] > MAX_TREE_NODES or depth > MAX_TREE_DEPTH:
            raise BadOutput("output structure is too large or too deeply nested")
        if not isinstance(node, dict) or len(node) != 1:
            raise BadOutput("malformed output structure")
        (kind, value), = node.items()
        if kind == "seq" and isinstance(value, list):
            return [walk(x, depth + 1) for x in value]
        if kind == "dict" and isinstance(value, dict):
            return {str(k)[:64]: walk(x, depth + 1) for k, x in value.items()}
        if kind == "none":
            return None
        if kind == "leaf" and isinstance(value, str) and _LEAF.match(value):
            array = read_npy(os.path.join(tdir, value + ".npy"), budget[0])
            budget[0] -= array.nbytes
            return array
        raise BadOutput("malformed output structure")

    return walk(tree, 0)


def to_tree(value):
    """The parent-side twin of the child's ``flatten`` (for reference outputs): same shapes."""
    if isinstance(value, dict):
        return {str(k): to_tree(x) for k, x in value.items()}
    if isinstance(value, tuple) or (isinstance(value, list) and not _is_numeric_list(value)):
        return [to_tree(x) for x in value]
    if value is None:
        return None
    return np.array(np.asarray(value), dtype=np.float64)
