"""Where TensorFlow runs: a GPU when TensorFlow sees one, else the CPU.

``NNLAB_DEVICE`` (auto | cpu | gpu) overrides the choice. TF32 matmuls are switched off so that
float32 results on Ampere and later GPUs stay within the tolerances the graders use.
"""

from __future__ import annotations

import os

import tensorflow as tf

tf.config.experimental.enable_tensor_float_32_execution(False)


def device_name(choice: str | None = None) -> str:
    """The TensorFlow device string for ``choice`` ("auto", "cpu" or "gpu")."""
    choice = (choice or os.environ.get("NNLAB_DEVICE", "auto")).lower()
    gpus = tf.config.list_logical_devices("GPU")
    if choice == "gpu":
        if not gpus:
            raise RuntimeError("NNLAB_DEVICE=gpu but TensorFlow sees no GPU")
        return gpus[0].name
    if choice == "cpu" or not gpus:
        return "/CPU:0"
    return gpus[0].name


def on_device(choice: str | None = None):
    """A context manager placing the ops inside it on the chosen device."""
    return tf.device(device_name(choice))
