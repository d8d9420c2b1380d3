"""Where TensorFlow runs: a GPU when TensorFlow sees one, else the CPU.

The choice is "auto" (a GPU if there is one, else the CPU), "cpu" or "gpu" (an error without a
GPU); it comes from the caller (e.g. ``--device`` of a benchmark) or from ``NNLAB_DEVICE``,
which the grader also passes to its child process. TF32 matmuls are switched off so that
float32 results on Ampere and later GPUs stay within the tolerances the graders use (the
reference computes in float64 anyway, where TF32 never applies).

GPU support needs TensorFlow's CUDA build: ``pip install "tensorflow[and-cuda]"`` (Linux) in
place of ``tensorflow-cpu``. Everything here works, and the test suite passes, without a GPU.
"""

from __future__ import annotations

import os

import tensorflow as tf

CHOICES = ("auto", "cpu", "gpu")

tf.config.experimental.enable_tensor_float_32_execution(False)


def device_choice(choice: str | None = None) -> str:
    """The validated choice: ``choice``, else ``NNLAB_DEVICE``, else "auto"."""
    value = (choice or os.environ.get("NNLAB_DEVICE") or "auto").strip().lower()
    if value not in CHOICES:
        raise ValueError(f"device must be one of {', '.join(CHOICES)}, got {value!r} (from --device or NNLAB_DEVICE)")
    return value


def gpus() -> list:
    """The names of the GPUs TensorFlow sees (an empty list on a CPU-only machine)."""
    return [d.name for d in tf.config.list_logical_devices("GPU")]


def device_name(choice: str | None = None) -> str:
    """The TensorFlow device string for ``choice`` ("auto", "cpu" or "gpu")."""
    choice = device_choice(choice)
    found = gpus()
    if choice == "gpu":
        if not found:
            raise RuntimeError("device 'gpu' was asked for but TensorFlow sees no GPU "
                               "(install tensorflow[and-cuda] and check nvidia-smi)")
        return found[0]
    if choice == "cpu" or not found:
        return "/CPU:0"
    return found[0]


def on_device(choice: str | None = None):
    """A context manager placing the ops (and variables) created inside it on the chosen device."""
    return tf.device(device_name(choice))


def tf32_enabled() -> bool:
    """Whether TensorFlow may use TF32 for float32 matmuls (always False after importing this module)."""
    return bool(tf.config.experimental.tensor_float_32_execution_enabled())


def describe(choice: str | None = None) -> dict:
    """What ``nnlab doctor`` reports: the choice, the device used, the GPUs seen, TF32."""
    info = {"choice": device_choice(choice), "gpus": gpus(), "tf32": tf32_enabled(), "tensorflow": tf.__version__}
    try:
        info["device"] = device_name(choice)
    except RuntimeError as exc:
        info["device"], info["error"] = None, str(exc)
    return info
