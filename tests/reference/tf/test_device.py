"""Device choice: auto picks a GPU only when TensorFlow sees one; cpu/gpu are explicit; TF32 is off."""

import pytest
import tensorflow as tf

from reference.tf import device

pytestmark = [pytest.mark.slow, pytest.mark.tf]


def test_choice_comes_from_the_argument_then_the_environment(monkeypatch):
    monkeypatch.delenv("NNLAB_DEVICE", raising=False)
    assert device.device_choice() == "auto"
    monkeypatch.setenv("NNLAB_DEVICE", " CPU ")
    assert device.device_choice() == "cpu"
    assert device.device_choice("gpu") == "gpu"
    monkeypatch.setenv("NNLAB_DEVICE", "tpu")
    with pytest.raises(ValueError, match="auto, cpu, gpu"):
        device.device_choice()


def test_cpu_is_always_available_and_auto_falls_back_to_it():
    assert device.device_name("cpu") == "/CPU:0"
    if device.gpus():
        assert device.device_name("auto") == device.gpus()[0]
        assert device.device_name("gpu") == device.gpus()[0]
    else:
        assert device.device_name("auto") == "/CPU:0"
        with pytest.raises(RuntimeError, match="no GPU"):
            device.device_name("gpu")


def test_ops_run_where_asked_and_tf32_is_off():
    with device.on_device("cpu"):
        x = tf.constant([[1.0, 2.0]]) @ tf.constant([[3.0], [4.0]])
    assert "CPU" in x.device and float(x[0, 0]) == 11.0
    assert device.tf32_enabled() is False
    info = device.describe("cpu")
    assert info["device"] == "/CPU:0" and info["tf32"] is False and info["choice"] == "cpu"
    assert isinstance(info["gpus"], list)
