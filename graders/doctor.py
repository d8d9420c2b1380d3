"""``nnlab doctor``: what this machine can do for nnlab, checked rather than assumed.

Each check is ``ok`` (green), a failure of something nnlab needs (red: exit 1), or a warning
about something one use needs (yellow: TensorFlow for exercise7, bubblewrap for class grading).
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import platform
import shutil
import subprocess
import sys

from . import course as course_module

TF_PROBE = (
    "import os; os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '3');"
    "import json, tensorflow as tf;"
    "from reference.tf.device import device_name;"
    "print(json.dumps({'version': tf.__version__,"
    " 'devices': [d.name for d in tf.config.list_logical_devices()],"
    " 'gpus': [d.name for d in tf.config.list_physical_devices('GPU')],"
    " 'device': device_name()}))"
)


def _version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def _tensorflow() -> dict:
    version = _version("tensorflow") or _version("tensorflow-cpu")
    if not version:
        return {"ok": False, "detail": "not installed (pip install 'nnlab[tf]', or 'nnlab[gpu]' for CUDA)"}
    try:
        out = subprocess.run([sys.executable, "-c", TF_PROBE], capture_output=True, text=True, timeout=120)
        info = json.loads(out.stdout.strip().splitlines()[-1])
    except (subprocess.TimeoutExpired, ValueError, IndexError) as exc:
        return {"ok": False, "detail": f"{version} installed but failed to start ({type(exc).__name__})"}
    gpus = info["gpus"]
    detail = f"{info['version']}; runs on {info['device']}; GPUs: {', '.join(gpus) if gpus else 'none'}"
    return {"ok": True, "detail": detail, **info}


REFERENCE_PROBE = (
    "import importlib, json, os, sys; os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '3'); failed = {}\n"
    "for name in sys.argv[1:]:\n"
    "    try:\n"
    "        importlib.import_module(name)\n"
    "    except BaseException as exc:\n"
    "        failed[name] = [type(exc).__name__, str(exc)[:200], getattr(exc, 'name', None)]\n"
    "print(json.dumps(failed))\n"
)
TF_MODULES = ("tensorflow", "keras")


def _reference(course) -> dict:
    """Import every ``reference:`` and ``tf_reference:`` module of course.yml in a child (a broken
    module cannot break doctor, and TensorFlow stays out of this process), naming each failure."""
    modules = sorted({m for ex in course.exercises.values() for m in (*ex.reference, *ex.tf_reference)})
    if not modules:
        return {"ok": True, "detail": "no reference modules"}
    try:
        out = subprocess.run([sys.executable, "-c", REFERENCE_PROBE, *modules], capture_output=True, text=True,
                             timeout=300, cwd=course.root, env={**os.environ, "PYTHONPATH": course.root})
        failed = json.loads(out.stdout.strip().splitlines()[-1])
    except (subprocess.TimeoutExpired, ValueError, IndexError) as exc:
        return {"ok": False, "detail": f"the import probe failed ({type(exc).__name__})"}
    broken = {m: f for m, f in failed.items() if f[2] not in TF_MODULES}
    needs_tf = sorted(set(failed) - set(broken))
    if broken:
        named = "; ".join(f"{m}: {kind}: {text}" for m, (kind, text, _) in sorted(broken.items()))
        return {"ok": False, "detail": f"{len(broken)} of {len(modules)} cannot be imported: {named}"}
    detail = f"all {len(modules)} import"
    if needs_tf:
        return {"ok": None, "detail": f"{detail} but {', '.join(needs_tf)} (TensorFlow not installed)"}
    return {"ok": True, "detail": detail}


def _extras(course) -> dict:
    """In a student handout: which exercise needs which extra, and whether it is installed."""
    need_tf = [ex.id for ex in course.exercises.values() if ex.needs_tensorflow]
    if not need_tf:
        return {"ok": True, "detail": "no exercise needs an extra"}
    have = bool(_version("tensorflow") or _version("tensorflow-cpu"))
    detail = f"{', '.join(need_tf)} need TensorFlow: " + ("installed" if have else "pip install -e '.[tf]'")
    return {"ok": True if have else None, "detail": detail}


def _class_sandbox() -> dict:
    """What ``nnlab grade`` needs: bubblewrap that can build its sandbox here."""
    bwrap = shutil.which("bwrap")
    refusal = "nnlab grade will refuse to run (unless --allow-insecure)"
    if not bwrap:
        return {"ok": None, "detail": f"bubblewrap missing: {refusal}; apt-get install bubblewrap"}
    probe = subprocess.run([bwrap, "--unshare-all", "--die-with-parent", "--ro-bind", "/", "/", "true"],
                           capture_output=True, text=True, timeout=30)
    if probe.returncode != 0:
        return {"ok": None, "detail": f"bubblewrap cannot build a sandbox here ({probe.stderr.strip()[:80]}): {refusal}"}
    return {"ok": True, "detail": f"bubblewrap {bwrap}"}


def _sandbox() -> dict:
    abilities = []
    try:
        import resource  # noqa: F401

        abilities.append("rlimits")
    except ImportError:
        pass
    if hasattr(os, "pidfd_open"):
        abilities.append("pidfd")
    return {"ok": "rlimits" in abilities, "detail": ", ".join(abilities) or "no rlimits"}


def run_doctor(as_json: bool = False) -> bool:
    checks: dict = {}
    checks["python"] = {"ok": sys.version_info >= (3, 10), "detail": f"{platform.python_version()} ({sys.executable})"}
    checks["numpy"] = {"ok": bool(_version("numpy")), "detail": _version("numpy") or "missing"}
    course = None
    try:
        course = course_module.load()
        checks["course.yml"] = {"ok": True, "detail": f"{course.root}: {len(course.exercises)} exercises"}
    except course_module.CourseError as exc:
        checks["course.yml"] = {"ok": False, "detail": str(exc)}
    handout = course is not None and _is_handout(course.root)
    checks["tensorflow"] = _tensorflow()
    checks["sandbox"] = _sandbox()
    if handout:
        checks["extras"] = _extras(course)
    else:
        if course is not None:
            checks["reference"] = _reference(course)
        nb = _version("nbgrader")
        checks["nbgrader"] = {"ok": bool(nb) or None, "detail": nb or "not installed (pip install 'nnlab[nbgrader]')"}
        checks["class sandbox"] = _class_sandbox()
    if not checks["tensorflow"]["ok"]:
        checks["tensorflow"]["ok"] = None  # only the TensorFlow exercises need it
    ok = all(info["ok"] is not False for info in checks.values())
    if as_json:
        print(json.dumps(checks, indent=2))
        return ok
    from rich.markup import escape
    from rich.table import Table

    from .report import console

    table = Table(title="nnlab doctor", title_justify="left")
    for col in ("check", "status", "detail"):
        table.add_column(col, overflow="fold")
    status = {True: "[green]ok[/green]", False: "[red]FAIL[/red]", None: "[yellow]warn[/yellow]"}
    for name, info in checks.items():
        table.add_row(name, status[info["ok"]], escape(info["detail"]))  # "nnlab[tf]" is not markup
    console().print(table)
    return ok


def _is_handout(root: str) -> bool:
    import importlib.util

    from .release import MARKER

    return os.path.exists(os.path.join(root, MARKER)) or importlib.util.find_spec("reference") is None
