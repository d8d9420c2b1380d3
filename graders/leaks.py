"""Is any reference code in what students get? The scan behind ``nnlab release`` and the project's tests.

Reference code is compared as *normalised code*: every statement and expression of a reference
function's body (docstring dropped) of at least ``MIN_NODES`` AST nodes, as ``ast.dump`` (names,
operators and constants kept; layout, comments and parentheses gone), and every body line of at
least ``MIN_LINE`` characters with its whitespace removed. A student-facing text is searched for
the same code:

* a ``.py`` file is parsed whole, and its strings (docstrings) and comments are read as prose too;
* prose (markdown, notebook cells, docstrings) is read line by line: the line, its inline
  ``code`` spans, fenced code blocks, and the part of a line before a run of two spaces (so a
  formula followed by its shapes in a column is still read as code), each parsed when it parses.
"""

from __future__ import annotations

import ast
import json
import os
import re
from dataclasses import dataclass

MIN_NODES = 7  # an assignment of a matrix product is 7; ``np.asarray(z, dtype=float)`` (6) is any NumPy code
MIN_LINE = 24  # shorter lines recur in any NumPy code; the AST comparison covers them


@dataclass(frozen=True)
class Leak:
    function: str  # "reference/numpy/layers.py:dense_backward"
    file: str  # the student-facing file, relative to the scanned folder
    code: str  # the reference code found there


def _is_docstring(stmt: ast.AST) -> bool:
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and isinstance(stmt.value.value, str)


def _fragments(node: ast.AST) -> dict:
    """{normalised code: node} of every statement and expression in ``node`` big enough to mean something."""
    found: dict = {}

    def size(n: ast.AST) -> int:  # one post-order pass: each node's size from its children's
        total = 0 if isinstance(n, ast.expr_context) else 1
        total += sum(size(child) for child in ast.iter_child_nodes(n))
        if total >= MIN_NODES and isinstance(n, (ast.stmt, ast.expr)) and not _is_docstring(n):
            found[ast.dump(n)] = n
        return total

    size(node)
    return found


def _squash(line: str) -> str:
    return re.sub(r"\s+", "", line)


@dataclass
class RefFunction:
    name: str  # "reference/numpy/layers.py:dense_backward"
    fragments: dict  # normalised code -> source
    lines: dict  # squashed body line (at least MIN_LINE characters) -> the line as written


def reference_functions(root: str, modules: list | None = None, only: set | None = None) -> list:
    """Every function (methods and nested ones too) of the ``modules`` (dotted names under ``root``;
    default: every module of ``root/reference``), or those of them named in ``only``."""
    if modules is None:
        paths = sorted(os.path.join(d, f) for d, _, fs in os.walk(os.path.join(root, "reference"))
                       for f in fs if f.endswith(".py"))
    else:
        paths = [os.path.join(root, *name.split(".")) + ".py" for name in dict.fromkeys(modules)]
    out = []
    for path in paths:
        if "__pycache__" not in path:
            source = open(path, encoding="utf-8").read()
            lines = source.splitlines()
            rel = os.path.relpath(path, root)
            for node in ast.walk(ast.parse(source)):
                if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) or (only and node.name not in only):
                    continue
                body = node.body[1:] if _is_docstring(node.body[0]) else node.body
                if not body:
                    continue
                frags = {}
                for stmt in body:
                    frags.update({norm: ast.unparse(n) for norm, n in _fragments(stmt).items()})
                text = lines[body[0].lineno - 1:body[-1].end_lineno]
                squashed = {_squash(ln.split("#")[0]): ln.split("#")[0].strip() for ln in text}
                out.append(RefFunction(f"{rel}:{node.name}", frags,
                                       {k: v for k, v in squashed.items() if len(k) >= MIN_LINE}))
    return out


# --------------------------------------------------------------------------- student-facing texts


def _parse(candidate: str) -> ast.AST | None:
    candidate = candidate.strip().rstrip(",;.:")
    if not candidate:
        return None
    try:
        return ast.parse(candidate)
    except (SyntaxError, ValueError):
        return None


def prose_fragments(text: str) -> dict:
    """Code found in prose: lines, inline ``code`` spans, fenced blocks and formulas before a column gap."""
    found = {}
    candidates = []
    for block in re.findall(r"```[^\n]*\n(.*?)```", text, flags=re.S):
        candidates.append(block)
    for line in text.splitlines():
        bare = re.sub(r"^\s*(>>>|\.\.\.|[-*]|\d+\.)\s+", "", line)
        candidates += [bare, re.split(r"\s{2,}", bare.strip())[0]]
        candidates += re.findall(r"`([^`\n]+)`", line)
    for candidate in candidates:
        tree = _parse(candidate)
        if tree is not None:
            found.update(_fragments(tree))
    return found


def file_fragments(rel: str, text: str) -> tuple[set, set]:
    """(normalised code, squashed lines) of one student-facing file."""
    if rel.endswith(".ipynb"):
        cells = json.loads(text).get("cells", [])
        text = "\n\n".join("".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in cells)
    found = {}
    tree = _parse(text) if rel.endswith(".py") else None
    if tree is None:
        found.update(prose_fragments(text))
    else:  # the code itself, and as prose its strings (docstrings) and its comments
        found.update(_fragments(tree))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) > 8:
                found.update(prose_fragments(node.value))
        found.update(prose_fragments("\n".join(ln.split("#", 1)[1] for ln in text.splitlines() if "#" in ln)))
    return set(found), {_squash(ln.split("#")[0]) for ln in text.splitlines()}


def student_files(folder: str) -> dict:
    """Every text file under ``folder`` (fixtures and other binaries skipped), by relative path."""
    texts = {}
    for dirpath, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            path = os.path.join(dirpath, name)
            try:
                texts[os.path.relpath(path, folder)] = open(path, encoding="utf-8").read()
            except (UnicodeDecodeError, OSError):
                continue
    return texts


def _key(code: str) -> str:
    """Code compared without whitespace or quote style (``ast.unparse`` writes 'W1', source may say "W1")."""
    return _squash(code).replace('"', "'")


def find_leaks(texts: dict, functions: list, allowed: frozenset = frozenset()) -> list:
    """Every reference fragment or line found in ``texts`` ({relative path: text}), except the code in
    ``allowed``."""
    allowed_keys = {_key(code) for code in allowed}
    leaks = []
    for rel, text in sorted(texts.items()):
        frags, lines = file_fragments(rel, text)
        for fn in functions:
            found = [source for norm, source in fn.fragments.items() if norm in frags]
            found += [fn.lines[line] for line in fn.lines.keys() & lines]
            leaks += [Leak(fn.name, rel, code) for code in found if _key(code) not in allowed_keys]
    return leaks
