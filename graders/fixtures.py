"""Public-test fixtures: the inputs and expected outputs of every public test, stored.

Students have no reference solutions, so ``nnlab check`` compares with outputs the reference
produced when the instructor ran ``nnlab fixtures``. Each exercise has one ``.npz`` (read with
``allow_pickle=False``) holding every public test's encoded case, its input arrays and the
expected output tree.

``stale`` tells when what a test asks changed since: its recipe (the source of its ``build``
and the spec helpers it calls, its seed, its check and purity flag), its program, or the source
of the reference (docstrings and formatting aside). Regenerated values are compared with
tolerances far below any grading tolerance, never bit for bit: NumPy's exp, log and sums move
in the last bit between versions and CPUs, and that is not a change of the test.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import inspect
import json
import os
import struct
import zipfile

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")
VERSION = 4  # 4: each test records the digest of its recipe, the file the digest of the reference
CALLABLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "runner", "callables.py")

# Regenerated values within these tolerances are the same fixture. Grading tolerances are 1e-6 and
# looser; a last-bit move of f in a central difference (f(x+h) - f(x-h)) / 2h moves it ~1e-11.
INPUT_RTOL = 1e-12
OUTPUT_RTOL, OUTPUT_ATOL = 1e-9, 1e-12


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


def save(exercise_id: str, entries: dict, tasks: list, reference_modules: list, path: str | None = None) -> str:
    """Store every array in one byte blob (offsets, dtypes and shapes in the JSON header): one
    zip member to read instead of hundreds keeps ``nnlab check`` fast. Each test also records
    whether it checks that arguments are not modified, and the digest of its recipe."""
    import numpy as np

    tests = _tests_by_key(exercise_id, tasks)
    arrays, meta = {}, {}
    for key, (program, inputs, expected) in entries.items():
        for name, array in inputs.items():
            arrays[f"{key}/in/{name}"] = array
        test = tests.get(key)
        meta[key] = {"program": program, "expected": encode_tree(expected, f"{key}/exp", arrays),
                     "pure": bool(test.pure) if test else True,
                     "recipe": recipe_digest(exercise_id, key, test) if test else ""}
    from .runner import pack

    layout, blob = pack(arrays)
    header = json.dumps({"version": VERSION, "exercise": exercise_id, "reference": reference_digest(reference_modules),
                         "tests": meta, "arrays": layout}, sort_keys=True)
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


def stale(exercise_id: str, tasks: list, reference_modules: list, namespace: dict | None = None) -> list:
    """The public tests whose stored fixture no longer matches the spec and the reference."""
    return sorted(stale_reasons(exercise_id, tasks, reference_modules, namespace))


def stale_reasons(exercise_id: str, tasks: list, reference_modules: list, namespace: dict | None = None) -> dict:
    """``{"task/test": why it is stale}``: empty when the fixture file is current.

    ``namespace`` is the reference's functions (default: the ``reference_modules`` imported)."""
    from . import spec as spec_module
    from .pipeline import reference_namespace

    fresh = build(exercise_id, tasks, namespace if namespace is not None else reference_namespace(reference_modules))
    try:
        meta, blob = read_raw(path_for(exercise_id))
        stored = _decode(meta, blob)
    except (OSError, ValueError, KeyError) as exc:
        return {key: f"the fixture file cannot be read ({exc})" for key in fresh} or {"(fixture file missing)": str(exc)}
    reasons = {key: "not in the fixture file" for key in set(fresh) - set(stored)}
    reasons.update({key: "no longer a public test of the spec" for key in set(stored) - set(fresh)})
    tests = _tests_by_key(exercise_id, tasks)
    reference_moved = meta.get("reference") != reference_digest(reference_modules)
    for key in set(fresh) & set(stored):
        test = tests[key]
        (program, inputs, expected), (old_program, old_inputs, old_expected) = fresh[key], stored[key]
        # A property checked without the reference never reads the expected output (e.g. trained
        # weights, which differ between BLAS builds): only its inputs can go stale.
        reads_expected = not (isinstance(test.check, spec_module.Property) and not test.check.with_reference)
        item = meta["tests"][key]
        if item.get("recipe") != recipe_digest(exercise_id, key, test):
            reasons[key] = "its recipe changed (build code, seed, check or purity)"
        elif json.dumps(program, sort_keys=True) != json.dumps(old_program, sort_keys=True):
            reasons[key] = "its program changed"
        elif reads_expected and reference_moved:
            reasons[key] = "the reference's source changed"
        elif inputs.keys() != old_inputs.keys() or not all(_close(inputs[k], old_inputs[k], INPUT_RTOL) for k in inputs):
            reasons[key] = f"its inputs changed by more than rtol {INPUT_RTOL:g}"
        elif reads_expected and not _same_tree(expected, old_expected):
            reasons[key] = f"its expected output changed by more than rtol {OUTPUT_RTOL:g}"
    return reasons


def _tests_by_key(exercise_id: str, tasks: list) -> dict:
    return {f"{task.name}/{test.name}": test for task in tasks for test in task.tests if not test.hidden}


def _close(a, b, rtol: float) -> bool:
    """Same shape and dtype, and equal within ``rtol`` of the array's scale (exactly, for integers):
    ``x - x.mean()`` may give 0 on one CPU and 1e-17 on another."""
    import numpy as np

    if a.shape != b.shape or a.dtype != b.dtype:
        return False
    if not np.issubdtype(a.dtype, np.inexact):
        return bool(np.array_equal(a, b))
    finite = np.abs(b[np.isfinite(b)])
    scale = float(finite.max()) if finite.size else 0.0
    return bool(np.allclose(a, b, rtol=rtol, atol=rtol * scale, equal_nan=True))


def _same_tree(a, b) -> bool:
    import numpy as np

    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(_same_tree(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_same_tree(a[k], b[k]) for k in a)
    if a is None or b is None:
        return a is b
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=OUTPUT_RTOL, atol=OUTPUT_ATOL, equal_nan=True))


# --------------------------------------------------------------------------- digests of source


def recipe_digest(exercise_id: str, key: str, test) -> str:
    """What a public test asks: its name, seed, ``build`` source (and the spec helpers it calls),
    its check's kind and tolerances, and its purity flag. Hints and docstrings are not part of it."""
    from . import spec as spec_module

    task_name, test_name = key.split("/", 1)
    check = test.check
    if isinstance(check, spec_module.Compare):
        check_text = f"compare rtol={check.rtol!r} atol={check.atol!r}"
    else:
        check_text = f"property with_reference={check.with_reference!r}"
    parts = [key, str(spec_module.seed_for(exercise_id, task_name, test_name)), check_text, f"pure={bool(test.pure)}",
             *_function_sources(test.build, set())]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def reference_digest(module_names: list) -> str:
    """The source of the reference modules and of the test-supplied callables, as normalised code:
    a changed body is a new digest; edited docstrings, comments or formatting are not."""
    texts = []
    for name in module_names:
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.origin:
            raise ImportError(f"cannot find reference module {name}")
        texts.append(_normalised_source(spec.origin))
    texts.append(_normalised_source(CALLABLES))
    return hashlib.sha256("\n".join(texts).encode()).hexdigest()[:16]


def _normalised_source(path: str) -> str:
    return ast.unparse(_without_docstrings(_parsed(path)))


def _without_docstrings(tree: ast.AST) -> ast.AST:
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and body \
                and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                and isinstance(body[0].value.value, str):
            node.body = body[1:] or [ast.Pass()]
    return tree


_PARSED: dict = {}


def _parsed(path: str) -> ast.Module:
    if path not in _PARSED:
        with open(path, encoding="utf-8") as f:
            _PARSED[path] = ast.parse(f.read())
    return _PARSED[path]


def _function_sources(fn, seen: set) -> list:
    """The normalised source of ``fn`` and of every function of its own module it calls by name."""
    code = getattr(fn, "__code__", None)
    if code is None or fn in seen:
        return [] if fn in seen else [repr(fn)]
    seen.add(fn)
    sources = [_node_source(fn, code)]
    names, stack = set(), [code]
    while stack:  # names used by the function and by the lambdas and comprehensions inside it
        c = stack.pop()
        names.update(c.co_names)
        stack.extend(k for k in c.co_consts if inspect.iscode(k))
    for name in sorted(names):
        other = fn.__globals__.get(name)
        if inspect.isfunction(other) and other.__module__ == fn.__module__:
            sources += _function_sources(other, seen)
    for cell in fn.__closure__ or ():
        value = cell.cell_contents
        sources += _function_sources(value, seen) if inspect.isfunction(value) else [repr(value)]
    return sources


def _node_source(fn, code) -> str:
    """The function's (or lambda's) own definition as normalised code, found by its first line."""
    try:
        tree = _parsed(code.co_filename)
    except (OSError, SyntaxError):
        return code.co_name
    kind = ast.Lambda if code.co_name == "<lambda>" else (ast.FunctionDef, ast.AsyncFunctionDef)
    nodes = [n for n in ast.walk(tree) if isinstance(n, kind) and _first_line(n) == code.co_firstlineno
             and (kind is ast.Lambda or n.name == code.co_name)]
    if len(nodes) > 1 and kind is ast.Lambda:  # several lambdas on one line: the innermost holding its code
        column = next((p[2] for p in code.co_positions() if p[0] == code.co_firstlineno and p[2] is not None), None)
        holding = [n for n in nodes if column is not None and n.col_offset <= column
                   and (n.end_lineno > n.lineno or column <= n.end_col_offset)]
        nodes = [max(holding, key=lambda n: n.col_offset)] if holding else nodes
    return "\n".join(ast.unparse(_without_docstrings(n)) for n in nodes) or code.co_name


def _first_line(node) -> int:
    return min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])


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
