"""Student stubs generated from the reference: same signatures, student-facing docstrings, no bodies.

``make_stub`` reads the reference modules' source (it never imports them, so TensorFlow stays
unloaded) and writes each graded function as ``def f(...): <docstring> raise
NotImplementedError``. The committed stubs in ``exercises/<id>/`` are checked against it, so
a signature change in the reference cannot leave the students' files behind.

A reference docstring has two parts. Everything before a line reading exactly ``How:`` is the
contract a student gets (purpose, arguments and returns with shapes, conventions, the edge cases
tested); from ``How:`` on it is the reference's teaching text (formulas, derivations, the code's
idea), which stubs and notebooks never show. A docstring without ``How:`` is all contract.
"""

from __future__ import annotations

import ast
import importlib.util

HOW = "How:"  # starts the reference-only part of a docstring

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
                found[node.name] = (_signature(node), student_doc(ast.get_docstring(node, clean=True) or ""))
    return found


def student_doc(doc: str) -> str:
    """The student-facing part of a reference docstring: the text before its ``How:`` line."""
    lines = doc.splitlines()
    if HOW in (line.strip() for line in lines):
        lines = lines[:[line.strip() for line in lines].index(HOW)]
    return "\n".join(lines).rstrip()


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
        body = indent_doc(doc)
        parts.append(f"\n\n{signature}\n{body}    raise NotImplementedError(\"{fn}\")\n")
    return "".join(parts)


def indent_doc(doc: str, indent: str = "    ") -> str:
    """``doc`` as the docstring lines of a function body indented by ``indent``."""
    if not doc:
        return ""
    first, *rest = doc.splitlines()
    if not rest:
        return f'{indent}"""{first}"""\n'
    body = "\n".join((indent + line) if line.strip() else "" for line in rest)
    return f'{indent}"""{first}\n{body}\n{indent}"""\n'
