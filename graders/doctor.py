"""``nnlab doctor``: what this machine can do for nnlab, checked rather than assumed."""

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


def _sandbox() -> dict:
    abilities = []
    try:
        import resource  # noqa: F401

        abilities.append("rlimits")
    except ImportError:
        pass
    if hasattr(os, "pidfd_open"):
        abilities.append("pidfd")
    bwrap = shutil.which("bwrap")
    if bwrap:
        probe = subprocess.run([bwrap, "--unshare-all", "--die-with-parent", "--ro-bind", "/", "/", "true"],
                               capture_output=True, text=True, timeout=30)
        abilities.append("bubblewrap" if probe.returncode == 0 else f"bubblewrap BROKEN ({probe.stderr.strip()[:80]})")
    else:
        abilities.append("no bubblewrap (class grading needs it: apt-get install bubblewrap)")
    ok = "rlimits" in abilities
    return {"ok": ok, "detail": ", ".join(abilities)}


def run_doctor(as_json: bool = False) -> bool:
    checks: dict = {}
    checks["python"] = {"ok": sys.version_info >= (3, 10), "detail": f"{platform.python_version()} ({sys.executable})"}
    checks["numpy"] = {"ok": bool(_version("numpy")), "detail": _version("numpy") or "missing"}
    try:
        course = course_module.load()
        checks["course.yml"] = {"ok": True, "detail": f"{course.root}: {len(course.exercises)} exercises"}
    except course_module.CourseError as exc:
        checks["course.yml"] = {"ok": False, "detail": str(exc)}
    checks["tensorflow"] = _tensorflow()
    nb = _version("nbgrader")
    checks["nbgrader"] = {"ok": bool(nb), "detail": nb or "not installed (pip install 'nnlab[nbgrader]')"}
    checks["sandbox"] = _sandbox()
    required = ("python", "numpy", "course.yml", "sandbox")
    ok = all(checks[k]["ok"] for k in required)
    if as_json:
        print(json.dumps(checks, indent=2))
        return ok
    from rich.table import Table

    from .report import console

    table = Table(title="nnlab doctor", title_justify="left")
    for col in ("check", "status", "detail"):
        table.add_column(col, overflow="fold")
    for name, info in checks.items():
        status = "[green]ok[/green]" if info["ok"] else ("[red]FAIL[/red]" if name in required else "[yellow]missing[/yellow]")
        table.add_row(name, status, info["detail"])
    console().print(table)
    return ok
