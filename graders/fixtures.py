"""Public-test fixtures: the inputs and expected outputs of every public test, stored.

Students have no reference solutions, so ``nnlab check`` compares with outputs the reference
produced when the instructor ran ``nnlab fixtures``. Each exercise has one ``.npz`` (read with
``allow_pickle=False``) holding every public test's encoded case, its input arrays and the
expected output tree. ``stale`` tells when the spec or the reference changed since.
"""

from __future__ import annotations

import json
import os

import numpy as np

from . import spec as spec_module
from .runner.protocol import to_tree

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")
VERSION = 2


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


def save(exercise_id: str, entries: dict, path: str | None = None) -> str:
    """Store every array in one byte blob (offsets, dtypes and shapes in the JSON header): one
    zip member to read instead of hundreds keeps ``nnlab check`` fast."""
    arrays, meta = {}, {}
    for key, (program, inputs, expected) in entries.items():
        for name, array in inputs.items():
            arrays[f"{key}/in/{name}"] = array
        meta[key] = {"program": program, "expected": encode_tree(expected, f"{key}/exp", arrays)}
    layout, chunks, offset = {}, [], 0
    for name, array in arrays.items():
        data = np.array(array, order="C")  # (not ascontiguousarray: it turns 0-d into 1-d)
        layout[name] = [data.dtype.str, list(data.shape), offset]
        chunks.append(data.tobytes())
        offset += data.nbytes
    header = json.dumps({"version": VERSION, "exercise": exercise_id, "tests": meta, "arrays": layout}, sort_keys=True)
    path = path or path_for(exercise_id)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        np.savez_compressed(f, __meta__=np.frombuffer(header.encode(), dtype=np.uint8),
                            __blob__=np.frombuffer(b"".join(chunks), dtype=np.uint8))
    return path


def load(exercise_id: str, path: str | None = None) -> dict:
    """{"task/test": (program, arrays, expected tree)} from the stored fixture file."""
    path = path or path_for(exercise_id)
    with np.load(path, allow_pickle=False) as data:
        meta = json.loads(data["__meta__"].tobytes().decode())
        blob = data["__blob__"].tobytes()
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
    fresh = build(exercise_id, tasks, reference_namespace)
    try:
        stored = load(exercise_id)
    except (OSError, ValueError, KeyError):
        return sorted(fresh) or ["(fixture file missing)"]
    problems = sorted(set(fresh) ^ set(stored))
    # A property checked without the reference never reads the expected output (e.g. trained weights,
    # which differ in the last bits from one BLAS to another): only its inputs can go stale.
    unused = {f"{task.name}/{test.name}" for task in tasks for test in task.tests
              if isinstance(test.check, spec_module.Property) and not test.check.with_reference}
    for key in set(fresh) & set(stored):
        (p1, a1, e1), (p2, a2, e2) = fresh[key], stored[key]
        same = (json.dumps(p1, sort_keys=True) == json.dumps(p2, sort_keys=True)
                and a1.keys() == a2.keys()
                and all(np.array_equal(a1[k], a2[k]) for k in a1)
                and (key in unused or _same_tree(e1, e2)))
        if not same:
            problems.append(key)
    return sorted(problems)


def _same_tree(a, b) -> bool:
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(_same_tree(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_same_tree(a[k], b[k]) for k in a)
    if a is None or b is None:
        return a is b
    return a.shape == b.shape and np.allclose(a, b, rtol=1e-12, atol=1e-14, equal_nan=True)


__all__ = ["build", "save", "load", "stale", "path_for", "to_tree"]
