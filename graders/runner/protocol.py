"""The parent side of the .npy protocol: read what the child wrote, trusting nothing.

The child's output directory is hostile ground. Files are opened relative to a directory fd,
one path component at a time, each with ``O_NOFOLLOW`` (no symlink anywhere) and ``O_NONBLOCK``
(a FIFO or device can never block the reader), then ``fstat``-ed: only regular files of bounded
size are read. This part needs the standard library only (``freeze``), so the runner can take a
test's result the moment the test ends, before NumPy is imported. ``tree.json`` is validated
node by node (count, depth, leaf names); each ``.npy`` header is checked (magic, dtype kind,
shape, and that the size matches the header) *before* the array is built, and arrays become
base float64 ndarrays (``thaw``).
"""

from __future__ import annotations

import json
import os
import re
import stat
from dataclasses import dataclass, field

from .child import _is_numeric_list

MAX_JSON_BYTES = 1 << 20
MAX_TREE_NODES = 10_000
MAX_TREE_DEPTH = 12
_LEAF = re.compile(r"^r(\.[A-Za-z0-9_]{1,64}){0,12}$")
_COMPONENT = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.]{0,1000}$")
NUMERIC_KINDS = "biuf"  # bool, int, unsigned, float: everything else is refused
_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_FILE_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC


class BadOutput(Exception):
    """The child's output is not something a correct submission could have written."""


# --------------------------------------------------------------------------- safe file access


def open_dir(path: str) -> int:
    """A directory fd for ``path`` (the last component must not be a symlink)."""
    return os.open(path, _DIR_FLAGS)


def open_at(root: int, rel: str) -> int:
    """Open the regular-file candidate ``rel`` under the directory fd ``root``: every component a
    plain name, every directory opened with O_NOFOLLOW, the file with O_NOFOLLOW | O_NONBLOCK."""
    parts = rel.split("/")
    if not all(_COMPONENT.match(p) for p in parts):
        raise BadOutput(f"bad output path {rel[:80]!r}")
    fd = root
    try:
        for part in parts[:-1]:
            nxt = os.open(part, _DIR_FLAGS, dir_fd=fd)
            if fd != root:
                os.close(fd)
            fd = nxt
        return os.open(parts[-1], _FILE_FLAGS, dir_fd=fd)
    finally:
        if fd != root:
            os.close(fd)


def exists_at(root: int, rel: str) -> bool:
    try:
        os.close(open_at(root, rel))
        return True
    except (OSError, BadOutput):
        return False


def read_at(root: int, rel: str, limit: int = MAX_JSON_BYTES) -> bytes:
    """The bytes of a regular file (never a symlink, FIFO or device) of at most ``limit`` bytes."""
    fd = open_at(root, rel)
    try:
        return _read_fd(fd, os.path.basename(rel), limit)
    finally:
        os.close(fd)


def _read_fd(fd: int, name: str, limit: int) -> bytes:
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        raise BadOutput(f"{name} is not a regular file")
    if st.st_size > limit:
        raise BadOutput(f"{name} is too large ({st.st_size} bytes, at most {limit} are read)")
    chunks, left = [], st.st_size
    while left > 0:
        chunk = os.read(fd, min(left, 1 << 22))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def read_json_at(root: int, rel: str) -> dict:
    try:
        data = json.loads(read_at(root, rel).decode("utf-8", errors="replace"))
    except (ValueError, RecursionError) as exc:
        raise BadOutput(f"unreadable {os.path.basename(rel)}: {str(exc)[:200]}") from None
    if not isinstance(data, dict):
        raise BadOutput(f"{os.path.basename(rel)} is not an object")
    return data


def read_small(path: str, limit: int = MAX_JSON_BYTES) -> bytes:
    """``read_at`` for one path (its directory must not be a symlink either)."""
    root = open_dir(os.path.dirname(os.path.abspath(path)))
    try:
        return read_at(root, os.path.basename(path), limit)
    finally:
        os.close(root)


# --------------------------------------------------------------------------- one test's result


@dataclass
class Frozen:
    """A test's result as read from disk (stdlib only): a tree and its leaves' bytes, or an error."""

    tree: object = None
    blobs: dict = field(default_factory=dict)
    error: dict | None = None
    warnings: list = field(default_factory=list)  # [(kind, ufunc)] from ``numpy_warnings``


def freeze(root: int, prefix: str, budget: list) -> Frozen | None:
    """Read the result under ``prefix`` ("3/" for test 3): None when there is none. ``budget``
    ([bytes left, bytes in all]) is shared by a run's tests, so a run holds a bounded amount in memory."""
    try:
        if exists_at(root, prefix + "tree.json"):
            tree = read_json_at(root, prefix + "tree.json")
            leaves: list = []
            _check_tree(tree, leaves)
            blobs = {}
            for leaf in leaves:
                try:
                    data = read_at(root, prefix + leaf + ".npy", max(0, budget[0]))
                except BadOutput as exc:
                    if "too large" in str(exc) and len(budget) > 1:
                        raise BadOutput(f"output too large: the results of one submission's tests may hold at most "
                                        f"{budget[1] / 2**20:g} MB together (the output size limit)") from None
                    raise
                budget[0] -= len(data)
                blobs[leaf] = data
            found = []
            if exists_at(root, prefix + "warnings.json"):
                found = numpy_warnings(read_json_at(root, prefix + "warnings.json"))
            return Frozen(tree=tree, blobs=blobs, warnings=found)
        if exists_at(root, prefix + "error.json"):
            record = read_json_at(root, prefix + "error.json")
            return Frozen(error={"kind": _text(record.get("kind", "exception"), 40) or "exception",
                                 "message": _text(record.get("message", ""), 4000)})
        return None
    except BadOutput as exc:
        return Frozen(error={"kind": "bad_output", "message": str(exc)})
    except (OSError, ValueError, MemoryError, RecursionError) as exc:
        return Frozen(error={"kind": "bad_output", "message": f"unreadable output ({type(exc).__name__})"})


_NUMPY_WARNING = re.compile(r"(overflow|divide by zero|invalid value) encountered in ([a-z_][a-z0-9_]{0,30})")
WARNING_KINDS = {"overflow": "overflow", "divide by zero": "divide_by_zero", "invalid value": "invalid_value"}


def numpy_warnings(record: dict) -> list:
    """The child's warnings.json as [(kind, ufunc)]: only NumPy's own floating-point warnings,
    recognised by their exact wording, so nothing else the child writes there reaches a report."""
    items = record.get("warnings")
    found: list = []
    for item in items[:10] if isinstance(items, list) else []:
        if not (isinstance(item, list) and len(item) == 2 and item[0] == "RuntimeWarning" and isinstance(item[1], str)):
            continue
        match = _NUMPY_WARNING.fullmatch(item[1])
        pair = (WARNING_KINDS[match.group(1)], match.group(2)) if match else None
        if pair and pair not in found:
            found.append(pair)
    return found


def _text(value, limit: int) -> str:
    return value[:limit] if isinstance(value, str) else ""


def _check_tree(tree, leaves: list) -> None:
    """Validate the tree's shape iteratively (no recursion for a child to exhaust)."""
    stack, count = [(tree, 0)], 0
    while stack:
        node, depth = stack.pop()
        count += 1
        if count > MAX_TREE_NODES or depth > MAX_TREE_DEPTH:
            raise BadOutput(f"output structure is too large or too deeply nested (at most {MAX_TREE_NODES} "
                            f"values, {MAX_TREE_DEPTH} levels)")
        if not isinstance(node, dict) or len(node) != 1:
            raise BadOutput("malformed output structure")
        (kind, value), = node.items()
        if kind == "seq" and isinstance(value, list):
            stack.extend((x, depth + 1) for x in value)
        elif kind == "dict" and isinstance(value, dict):
            stack.extend((x, depth + 1) for x in value.values())
        elif kind == "none":
            pass
        elif kind == "leaf" and isinstance(value, str) and _LEAF.match(value):
            leaves.append(value)
        else:
            raise BadOutput("malformed output structure")


def thaw(frozen: Frozen):
    """The value tree of a frozen result: nested dict/list of float64 arrays (None for None)."""
    def walk(node):
        (kind, value), = node.items()
        if kind == "seq":
            return [walk(x) for x in value]
        if kind == "dict":
            return {str(k)[:64]: walk(x) for k, x in value.items()}
        if kind == "none":
            return None
        return npy_from_bytes(frozen.blobs[value])

    return walk(frozen.tree)


# --------------------------------------------------------------------------- .npy


def npy_from_bytes(data: bytes):
    """Validate the header of a .npy file's bytes, then build a base float64 array."""
    import io

    import numpy as np

    f = io.BytesIO(data)
    header = _plain_header(f, np)
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
        raise BadOutput(f"invalid .npy header ({str(exc)[:200]})") from None
    if dtype.hasobject or dtype.fields is not None or dtype.subdtype is not None:
        raise BadOutput(f"expected numbers, got an array of dtype={dtype} (objects are not graded)")
    if dtype.kind == "c":
        raise BadOutput("expected real numbers, got a complex array")
    if dtype.kind not in NUMERIC_KINDS:
        raise BadOutput(f"expected numbers, got an array of dtype={dtype}")
    if any(not isinstance(d, int) or d < 0 for d in shape):
        raise BadOutput("corrupt output: negative dimension in the .npy header")
    count = 1
    for d in shape:
        count *= d
    if count * dtype.itemsize != len(data) - f.tell():
        raise BadOutput("corrupt output: the .npy header does not match the file size")
    array = np.frombuffer(data, dtype=dtype, count=count, offset=f.tell()).reshape(shape, order="F" if fortran else "C")
    return np.array(array, dtype=np.float64, copy=True)


def read_npy(path: str, max_bytes: int):
    """One .npy file (no symlink, regular, at most ``max_bytes``) as a base float64 array."""
    return npy_from_bytes(read_small(path, max_bytes))


_PLAIN_HEADER = re.compile(rb"\{'descr': '([<>|][biuf][1248])', 'fortran_order': (False|True), "
                           rb"'shape': \(((?:\d{1,12}, ?){0,32}\d{0,12})\), \} *\n")


def _plain_header(f, np):
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
    """Read ``tdir/tree.json`` and its leaves (raises BadOutput for anything malformed)."""
    root = open_dir(tdir)
    try:
        frozen = freeze(root, "", [max_bytes])
    finally:
        os.close(root)
    if frozen is None:
        raise BadOutput("no tree.json")
    if frozen.error is not None:
        raise BadOutput(frozen.error["message"])
    return thaw(frozen)


def to_tree(value):
    """The parent-side twin of the child's ``flatten`` (for reference outputs): same shapes."""
    import numpy as np

    if isinstance(value, dict):
        return {str(k): to_tree(x) for k, x in value.items()}
    if isinstance(value, tuple) or (isinstance(value, list) and not _is_numeric_list(value)):
        return [to_tree(x) for x in value]
    if value is None:
        return None
    return np.array(np.asarray(value), dtype=np.float64)
