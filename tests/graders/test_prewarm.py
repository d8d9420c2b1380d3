"""The warm child of `nnlab check`: started early, scrubbed, handed its job, and never left behind."""

import filecmp
import json
import os
import shutil
import subprocess
import sys
import time

import numpy as np
import pytest

from graders import prewarm, runner
from graders.limits import Limits
from graders.spec import call, encode
from tests.conftest import ROOT, run_nnlab

LEAKY = {
    "NNLAB_SECRET": "s3cret-do-not-leak",
    "AWS_SECRET_ACCESS_KEY": "s3cret-do-not-leak",
    "GITHUB_TOKEN": "s3cret-do-not-leak",
    "USER": "instructor",
    "LOGNAME": "instructor",
    "SSH_AUTH_SOCK": "/tmp/ssh-agent.sock",
    "XDG_RUNTIME_DIR": "/run/user/1000",
    "PYTHONPATH": "/srv/instructor/solutions",
    "PYTHONSTARTUP": "/srv/instructor/startup.py",
    "LD_PRELOAD": "/srv/instructor/hook.so",
    "VIRTUAL_ENV": "/srv/instructor/venv",
}
FIXED = {"PATH", "HOME", "TMPDIR", "LANG", "PYTHONHASHSEED", "PYTHONDONTWRITEBYTECODE", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS",
         "MKL_NUM_THREADS", "TF_NUM_INTRAOP_THREADS", "TF_CPP_MIN_LOG_LEVEL", "MPLBACKEND",
         "TF_FORCE_GPU_ALLOW_GROWTH"}
PASSED_ON = {"OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "CUDA_VISIBLE_DEVICES", "NNLAB_DEVICE"}


@pytest.fixture
def scratch(tmp_path, monkeypatch):
    """$NNLAB_WORKDIR pointed at an empty folder: every work dir made here is visible."""
    path = tmp_path / "scratch"
    path.mkdir()
    monkeypatch.setenv("NNLAB_WORKDIR", str(path))
    return path


@pytest.fixture
def warm(scratch):
    child = prewarm.WarmChild()
    yield child
    child.discard()


def gone(pid):
    return not os.path.exists(f"/proc/{pid}")


# --------------------------------------------------------------------------- environment


def test_child_env_keeps_no_user_variable_or_secret(monkeypatch):
    for key, value in LEAKY.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("HOME", "/home/instructor")
    env = prewarm.child_env("/w")
    assert set(env) <= FIXED | PASSED_ON and not set(env) & set(LEAKY)
    assert not any("s3cret" in v or "instructor" in v for v in env.values())
    assert env["HOME"] == "/w" and env["TMPDIR"] == os.path.join("/w", "tmp")
    assert env["PATH"] == "/usr/local/bin:/usr/bin:/bin"


def test_child_env_has_one_blas_thread_and_agg_plots():
    env = prewarm.child_env("/w")
    assert [env[k] for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")] == ["1", "1", "1"]
    assert env["MPLBACKEND"] == "Agg" and env["PYTHONHASHSEED"] == "0"


def test_child_env_passes_on_the_device_and_blas_settings_only_when_set(monkeypatch):
    for key in PASSED_ON:
        monkeypatch.delenv(key, raising=False)
    assert not set(prewarm.child_env("/w")) & PASSED_ON
    monkeypatch.setenv("NNLAB_DEVICE", "cpu")
    monkeypatch.setenv("OPENBLAS_CORETYPE", "Haswell")
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "")
    env = prewarm.child_env("/w")
    assert (env["NNLAB_DEVICE"], env["OPENBLAS_CORETYPE"], env["CUDA_VISIBLE_DEVICES"]) == ("cpu", "Haswell", "")


# --------------------------------------------------------------------------- work dirs


def test_work_dirs_go_under_nnlab_workdir_private_with_the_child_files(scratch):
    workdir = prewarm.new_workdir()
    assert os.path.dirname(workdir) == str(scratch) and os.path.basename(workdir).startswith("nnlab-")
    assert os.stat(workdir).st_mode & 0o777 == 0o700
    assert sorted(os.listdir(workdir)) == ["callables.py", "child.py"]
    for name in prewarm.CHILD_FILES:
        assert filecmp.cmp(os.path.join(workdir, name), os.path.join(prewarm.HERE, name), shallow=False)


def test_work_dirs_default_to_dev_shm(monkeypatch):
    monkeypatch.delenv("NNLAB_WORKDIR", raising=False)
    if not (os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK | os.X_OK)):
        pytest.skip("no writable /dev/shm here")
    assert prewarm.work_root() == "/dev/shm"
    workdir = prewarm.new_workdir()
    try:
        assert os.path.dirname(workdir) == "/dev/shm"
    finally:
        shutil.rmtree(workdir)


def test_spawn_runs_in_the_work_dir_in_its_own_session_and_appends_output(scratch, monkeypatch):
    monkeypatch.setenv("NNLAB_SECRET", "s3cret-do-not-leak")
    workdir = prewarm.new_workdir()
    code = ("import json, os, sys; print(json.dumps([os.getcwd(), os.environ['HOME'], os.getsid(0) == os.getpid(), "
            "'NNLAB_SECRET' in os.environ, sys.stdin.read()])); print('to stderr', file=sys.stderr)")
    for _ in range(2):
        assert prewarm.spawn([sys.executable, "-c", code], workdir).wait(timeout=30) == 0
    lines = open(os.path.join(workdir, "stdout.txt")).read().splitlines()
    assert len(lines) == 2 and json.loads(lines[0]) == [workdir, workdir, True, False, ""]
    assert open(os.path.join(workdir, "stderr.txt")).read() == "to stderr\n" * 2


# --------------------------------------------------------------------------- the warm child


def test_warm_child_waits_for_its_job_with_numpy_already_imported(warm):
    pid = warm.proc.pid
    assert os.path.dirname(warm.workdir) == os.environ["NNLAB_WORKDIR"]
    assert os.getsid(pid) == pid  # its own session: the runner can kill its whole group
    deadline = time.monotonic() + 30
    while "_multiarray_umath" not in open(f"/proc/{pid}/maps").read():
        assert time.monotonic() < deadline, "the warm child never imported NumPy"
        time.sleep(0.05)
    time.sleep(0.2)
    assert warm.proc.poll() is None  # still waiting for the job on stdin


def test_a_job_sent_to_the_warm_child_runs_scrubbed_with_an_empty_stdin(warm, write, monkeypatch):
    monkeypatch.setenv("NNLAB_SECRET", "s3cret-do-not-leak")
    path = write("sub.py", "import os, sys\nimport numpy as np\n"
                           "def f(x):\n    return np.array([x * 2, 'NNLAB_SECRET' in os.environ, os.environ['HOME'] == os.getcwd(),\n"
                           "                     len(sys.stdin.read()), len(os.read(0, 100))])\n")
    result = runner.run(runner.Target(files=[path]), [encode(call("f", 2.5))], Limits(test_seconds=20), warm=warm)
    np.testing.assert_array_equal(result.outcomes[0].value, [5.0, 0, 1, 0, 0])
    assert warm.proc.returncode == 0
    assert not os.path.exists(warm.workdir)


def test_a_warm_child_that_died_while_waiting_is_an_exit_not_a_crash(warm, write):
    warm.proc.kill()
    warm.proc.wait()
    path = write("sub.py", "def f(x):\n    return x\n")
    result = runner.run(runner.Target(files=[path]), [encode(call("f", 2.5))], Limits(test_seconds=20), warm=warm)
    assert result.outcomes[0].error["kind"] == "killed"


def test_every_child_gets_tensorflow_memory_growth_and_several_workers_a_gpu_memory_cap(monkeypatch, write):
    """No GPU here: what a TF child would be told, read back from a real child."""
    monkeypatch.delenv("NNLAB_GPU_MEMORY_MB", raising=False)
    assert prewarm.child_env("/w")["TF_FORCE_GPU_ALLOW_GROWTH"] == "true"
    assert "NNLAB_GPU_MEMORY_MB" not in prewarm.child_env("/w")
    assert prewarm.child_env("/w", workers=4)["NNLAB_GPU_MEMORY_MB"] == str(prewarm.GPU_MEMORY_MB)
    monkeypatch.setenv("NNLAB_GPU_MEMORY_MB", "1500")
    assert prewarm.child_env("/w", workers=2)["NNLAB_GPU_MEMORY_MB"] == "1500"
    path = write("sub.py", "import os\nimport numpy as np\ndef f(x):\n"
                           "    return np.array([os.environ['TF_FORCE_GPU_ALLOW_GROWTH'] == 'true'], dtype=float)\n")
    result = runner.run(runner.Target(files=[path]), [encode(call("f", 1.0))], Limits(test_seconds=20))
    np.testing.assert_array_equal(result.outcomes[0].value, [1.0])


def test_discard_stops_the_child_and_removes_its_work_dir(warm, scratch):
    pid = warm.proc.pid
    warm.discard()
    assert warm.proc.returncode is not None and gone(pid)  # killed and reaped: not even a zombie
    assert os.listdir(scratch) == []
    warm.discard()  # twice (an error path, then atexit) is harmless


# --------------------------------------------------------------------------- early_child


@pytest.mark.parametrize("argv", [["nnlab"], ["nnlab", "list"], ["nnlab", "grade", "subs", "--out", "o"], ["nnlab", "doctor"],
                                  ["nnlab", "check", "exercise3", "--help"], ["nnlab", "check", "-h"], ["nnlab", "validate", "check"]])
def test_early_child_starts_nothing_but_for_check(argv, scratch):
    assert prewarm.early_child(argv) is None
    assert os.listdir(scratch) == []


def test_early_child_for_check_is_discarded_at_exit_when_unused(scratch):
    code = ("from graders.prewarm import early_child\n"
            "child = early_child(['nnlab', 'check', 'exercise3'])\n"
            "print(child.proc.pid, child.workdir, flush=True)\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
                         env={**os.environ, "NNLAB_WORKDIR": str(scratch)})
    pid, workdir = out.stdout.split()
    assert os.path.dirname(workdir) == str(scratch)
    assert gone(int(pid)) and os.listdir(scratch) == []


@pytest.mark.parametrize("args, code", [(["check", "exercise3", "--solution"], 0), (["check", "exercize3"], 2), (["list"], 0)])
def test_nnlab_leaves_no_work_dir_behind(args, code, scratch):
    result = run_nnlab(*args, env={"NNLAB_WORKDIR": str(scratch)})
    assert result.returncode == code, result.stderr
    assert os.listdir(scratch) == []


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_the_dirs_of_a_killed_process_are_swept_and_no_others(tmp_path):
    dead, old = _dead_pid(), time.time() - prewarm.STALE_SECONDS - 60
    names = {"gone": f"nnlab-{dead}-abc", "gone_sub": f"nnlab-{dead}-sub-xyz", "fresh": f"nnlab-{dead}-new",
             "alive": f"nnlab-{os.getpid()}-mine", "not_ours": "other-123-abc", "no_pid": "nnlab-probe-1-2"}
    for key, name in names.items():
        (tmp_path / name).mkdir()
        (tmp_path / name / "job.json").write_text("{}")
        if key != "fresh":
            os.utime(tmp_path / name, (old, old))
    removed = prewarm.sweep_stale(str(tmp_path))
    assert sorted(removed) == sorted(str(tmp_path / names[k]) for k in ("gone", "gone_sub"))
    assert sorted(os.listdir(tmp_path)) == sorted(names[k] for k in ("fresh", "alive", "not_ours", "no_pid"))


def test_private_dirs_carry_the_pid_and_are_private(scratch):
    path = prewarm.private_dir("sub-")
    assert os.path.basename(path).startswith(f"nnlab-{os.getpid()}-sub-")
    assert os.path.dirname(path) == str(scratch) and os.stat(path).st_mode & 0o777 == 0o700


# --------------------------------------------------------------------------- what a child leaves behind


def nest(root, depth, name="d"):
    """``depth`` nested dirs under ``root``, made relative to dir fds (deeper than PATH_MAX)."""
    fd = os.open(root, os.O_RDONLY)
    for _ in range(depth):
        os.mkdir(name, dir_fd=fd)
        nxt = os.open(name, os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        fd = nxt
    os.mkfifo("fifo", dir_fd=fd)
    os.close(fd)


def test_remove_tree_takes_3000_nested_dirs_that_shutil_cannot(scratch):
    top = scratch / "deep"
    top.mkdir()
    nest(str(top), 3000, name="x" * 20)
    with pytest.raises((RecursionError, OSError)):
        shutil.rmtree(top)  # what the runner used: RecursionError (or a path too long)
    assert prewarm.remove_tree(str(top)) is True
    assert not top.exists()


def test_remove_tree_removes_unreadable_dirs_and_never_follows_a_symlink(scratch, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("mine")
    top = scratch / "work"
    (top / "a" / "b").mkdir(parents=True)
    os.symlink(outside, top / "a" / "link")
    (top / "a" / "b" / "f").write_text("x")
    os.chmod(top / "a" / "b", 0)
    os.chmod(top / "a", 0o500)
    assert prewarm.remove_tree(str(top)) is True and not top.exists()
    assert (outside / "keep.txt").read_text() == "mine"
    assert prewarm.remove_tree(str(top)) is True  # already gone: fine
    os.symlink(outside, scratch / "lnk")
    assert prewarm.remove_tree(str(scratch / "lnk")) is True and (outside / "keep.txt").exists()


def test_the_stale_sweep_removes_a_dead_runs_deep_tree_and_never_raises(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f"nnlab-{dead.pid}-sub-x"
    stale.mkdir()
    nest(str(stale), 3000)
    old = time.time() - prewarm.STALE_SECONDS - 5
    os.utime(stale, (old, old))
    assert prewarm.sweep_stale(str(tmp_path)) == [str(stale)]
    assert os.listdir(tmp_path) == []
    assert prewarm.sweep_stale(str(tmp_path / "missing")) == []


def test_kill_orphans_kills_a_students_daemon_and_spares_this_sessions_children():
    assert prewarm.become_subreaper()
    ours = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])  # e.g. a dask worker
    daemon = subprocess.Popen([sys.executable, "-c", "import os, sys, time\n"
                               "if os.fork():\n    os._exit(0)\nos.setsid()\n"
                               "if os.fork():\n    os._exit(0)\nprint(os.getpid(), flush=True)\ntime.sleep(30)"],
                              stdout=subprocess.PIPE, text=True, start_new_session=True)
    pid = int(daemon.stdout.readline())
    daemon.wait()
    deadline = time.monotonic() + 5
    while prewarm._parents().get(pid) != os.getpid():  # reparented to this subreaper
        assert time.monotonic() < deadline
        time.sleep(0.01)
    try:
        assert prewarm.kill_orphans(keep=set()) >= 1
        assert gone(pid) and ours.poll() is None
    finally:
        ours.kill()
        ours.wait()
