"""Student stubs generated from the reference: same signatures and docstrings, no bodies.

``make_stub`` reads the reference modules' source (it never imports them, so TensorFlow stays
unloaded) and writes each graded function as ``def f(...): <docstring> raise
NotImplementedError``. The committed stubs in ``exercises/<id>/`` are checked against it, so
a signature change in the reference cannot leave the students' files behind.
"""

from __future__ import annotations

import ast
import importlib.util

HEADER = '''"""{exercise_id}: {title}.

Fill in each function below; the instructions are in instructions.md next to this file.
Check your work with:

    nnlab check {exercise_id}

Conventions: float64, examples are rows, functions never modify their inputs.
"""

import numpy as np
'''


def function_sources(module_names: list) -> dict:
    """name -> (signature source, docstring) for the top-level functions of the modules."""
    found = {}
    for name in module_names:
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.origin:
            raise ImportError(f"cannot find reference module {name}")
        source = open(spec.origin, encoding="utf-8").read()
        for node in ast.parse(source).body:
            if isinstance(node, ast.FunctionDef):
                found[node.name] = (_signature(node), ast.get_docstring(node, clean=True) or "")
    return found


def _signature(node: ast.FunctionDef) -> str:
    args = ast.unparse(node.args)
    returns = f" -> {ast.unparse(node.returns)}" if node.returns else ""
    return f"def {node.name}({args}){returns}:"


def make_stub(exercise_id: str, title: str, module_names: list, functions: list, extra_imports: str = "") -> str:
    sources = function_sources(module_names)
    parts = [HEADER.format(exercise_id=exercise_id, title=title) + extra_imports]
    for fn in functions:
        if fn not in sources:
            raise KeyError(f"{fn} is not defined in {', '.join(module_names)}")
        signature, doc = sources[fn]
        body = _indent_doc(doc)
        parts.append(f"\n\n{signature}\n{body}    raise NotImplementedError(\"{fn}\")\n")
    return "".join(parts)


def _indent_doc(doc: str) -> str:
    if not doc:
        return ""
    first, *rest = doc.splitlines()
    if not rest:
        return f'    """{first}"""\n'
    body = "\n".join(("    " + line) if line.strip() else "" for line in rest)
    return f'    """{first}\n{body}\n    """\n'
