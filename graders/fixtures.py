"""Public-test fixtures: the inputs and expected outputs of every public test, stored.

Students have no reference solutions, so ``nnlab check`` compares with outputs the reference
produced when the instructor ran ``nnlab fixtures``. Each exercise has one ``.npz`` (read with
``allow_pickle=False``) holding every public test's encoded case, its input arrays and the
expected output tree. ``stale`` tells when the spec or the reference changed since.
"""

from __future__ import annotations

import json
import os
import struct
import zipfile

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")
VERSION = 3  # 3: each test records whether its arguments' purity is checked


def path_for(exercise_id: str) -> str:
    return os.path.join(HERE, f"{exercise_id}.npz")


def encode_tree(tree, prefix: str, arrays: dict):
    """Expected output tree -> JSON with array leaves stored under ``prefix``."""
    if tree is None:
        return {"none": True}
    if isinstance(tree, list):
        return {"seq": [encode_tree(x, f"{prefix}.{i}", arrays) for i, x in enumerate(tree)]}
    if isinstance(tree, dict):
        return {"dict": {k: encode_tree(x, f"{prefix}.{k}", arrays) for k, x in tree.items()}}
    arrays[prefix] = tree
    return {"leaf": prefix}


def decode_tree(node, arrays: dict):
    (kind, value), = node.items()
    if kind == "none":
        return None
    if kind == "seq":
        return [decode_tree(x, arrays) for x in value]
    if kind == "dict":
        return {k: decode_tree(x, arrays) for k, x in value.items()}
    return arrays[value]


def build(exercise_id: str, tasks: list, reference_namespace: dict) -> dict:
    """Every public test's (program, arrays, expected tree), keyed "task/test"."""
    import numpy as np

    from . import spec as spec_module
    from .pipeline import run_reference

    entries = {}
    for task in tasks:
        for test in task.tests:
            if test.hidden:
                continue
            rng = np.random.default_rng(spec_module.seed_for(exercise_id, task.name, test.name))
            program, arrays = spec_module.encode(test.build(rng))
            expected = run_reference(program, arrays, reference_namespace)
            entries[f"{task.name}/{test.name}"] = (program, arrays, expected)
    return entries


def save(exercise_id: str, entries: dict, path: str | None = None, pure: dict | None = None) -> str:
    """Store every array in one byte blob (offsets, dtypes and shapes in the JSON header): one
    zip member to read instead of hundreds keeps ``nnlab check`` fast. ``pure``: "task/test" ->
    whether the test also checks that arguments are not modified (default: yes)."""
    import numpy as np

    arrays, meta = {}, {}
    for key, (program, inputs, expected) in entries.items():
        for name, array in inputs.items():
            arrays[f"{key}/in/{name}"] = array
        meta[key] = {"program": program, "expected": encode_tree(expected, f"{key}/exp", arrays),
                     "pure": bool((pure or {}).get(key, True))}
    from .runner import pack

    layout, blob = pack(arrays)
    header = json.dumps({"version": VERSION, "exercise": exercise_id, "tests": meta, "arrays": layout}, sort_keys=True)
    path = path or path_for(exercise_id)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        np.savez_compressed(f, __meta__=np.frombuffer(header.encode(), dtype=np.uint8),
                            __blob__=np.frombuffer(blob, dtype=np.uint8))
    return path


def load(exercise_id: str, path: str | None = None) -> dict:
    """{"task/test": (program, arrays, expected tree)} from the stored fixture file."""
    return _decode(*read_raw(path or path_for(exercise_id)))


def _decode(meta: dict, blob: bytes) -> dict:
    import numpy as np

    stored, inputs_of = {}, {}
    for name, (dtype, shape, offset) in meta["arrays"].items():
        dtype = np.dtype(dtype)
        if dtype.hasobject:
            raise ValueError(f"object array {name} in a fixture")
        count = int(np.prod(shape, dtype=np.int64))
        stored[name] = np.frombuffer(blob, dtype=dtype, count=count, offset=offset).reshape(shape)
        key, sep, rest = name.partition("/in/")
        if sep:
            inputs_of.setdefault(key, {})[rest] = stored[name]
    return {key: (item["program"], inputs_of.get(key, {}), decode_tree(item["expected"], stored))
            for key, item in meta["tests"].items()}


def stale(exercise_id: str, tasks: list, reference_namespace: dict) -> list:
    """The public tests whose stored fixture differs from what the spec and reference give now."""
    import numpy as np

    from . import spec as spec_module

    fresh = build(exercise_id, tasks, reference_namespace)
    try:
        meta, blob = read_raw(path_for(exercise_id))
        stored = _decode(meta, blob)
    except (OSError, ValueError, KeyError):
        return sorted(fresh) or ["(fixture file missing)"]
    problems = sorted(set(fresh) ^ set(stored))
    # A property checked without the reference never reads the expected output (e.g. trained weights,
    # which differ in the last bits from one BLAS to another): only its inputs can go stale.
    unused = {f"{task.name}/{test.name}" for task in tasks for test in task.tests
              if isinstance(test.check, spec_module.Property) and not test.check.with_reference}
    pure = {f"{t.name}/{x.name}": x.pure for t in tasks for x in t.tests}
    stored_pure = {key: item.get("pure") for key, item in meta["tests"].items()}
    for key in set(fresh) & set(stored):
        (p1, a1, e1), (p2, a2, e2) = fresh[key], stored[key]
        same = (json.dumps(p1, sort_keys=True) == json.dumps(p2, sort_keys=True)
                and a1.keys() == a2.keys()
                and all(np.array_equal(a1[k], a2[k]) for k in a1)
                and (key in unused or _same_tree(e1, e2)))
        if not same or stored_pure.get(key) != pure.get(key):
            problems.append(key)
    return sorted(problems)


def _same_tree(a, b) -> bool:
    import numpy as np

    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(_same_tree(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_same_tree(a[k], b[k]) for k in a)
    if a is None or b is None:
        return a is b
    return a.shape == b.shape and np.allclose(a, b, rtol=1e-12, atol=1e-14, equal_nan=True)


# --------------------------------------------------------------------------- without NumPy


def read_raw(path: str) -> tuple[dict, bytes]:
    """(header, blob) of a fixture file, read with the standard library alone (no NumPy), so that
    ``nnlab check`` can hand the child its job before this process has imported NumPy."""
    try:
        with zipfile.ZipFile(path) as z:
            header = json.loads(_npy_bytes(z.read("__meta__.npy")).decode())
            blob = _npy_bytes(z.read("__blob__.npy"))
    except zipfile.BadZipFile as exc:
        raise ValueError(f"not a fixture file ({exc})") from None
    if header.get("version") != VERSION:
        raise ValueError(f"fixture format {header.get('version')}, expected {VERSION}")
    return header, blob


def _npy_bytes(data: bytes) -> bytes:
    """The payload of a 1-D uint8 .npy file (the only kind a fixture holds)."""
    if data[:6] != b"\x93NUMPY":
        raise ValueError("not a .npy member")
    if data[6] == 1:
        (length,), start = struct.unpack("<H", data[8:10]), 10
    else:
        (length,), start = struct.unpack("<I", data[8:12]), 12
    if b"'|u1'" not in data[start:start + length]:
        raise ValueError("fixture members must be uint8")
    return data[start + length:]


def public_jobs(exercise_id: str) -> list:
    """[(key, program, raw arrays)] for every public test: the program as the child runs it (with
    the purity outputs added where the test checks purity) and arrays as (dtype, shape, bytes)."""
    header, blob = read_raw(path_for(exercise_id))
    layout = header["arrays"]
    jobs = []
    for key, item in header["tests"].items():
        prefix = f"{key}/in/"
        arrays = {}
        for name, (dtype, shape, offset) in layout.items():
            if name.startswith(prefix):
                size = int(dtype[-1]) * _count(shape)
                arrays[name[len(prefix):]] = (dtype, shape, blob[offset:offset + size])
        program = item["program"]
        if item.get("pure", True):
            program = with_purity_outputs(program)
        jobs.append((key, program, arrays))
    return jobs


def with_purity_outputs(program: dict) -> dict:
    """Return ``(output, [every array argument after its call])`` so the judge can see in-place
    changes (``judge._mutation`` compares them with the arguments it sent)."""
    after = [{"arg": [step, i]} for step, call in enumerate(program["calls"])
             for i, arg in enumerate(call["args"]) if "array" in arg]
    return dict(program, output={"tuple": [program["output"], {"list": after}]})


def _count(shape: list) -> int:
    n = 1
    for d in shape:
        n *= int(d)
    return n
