"""The Keras side of exercise7 agrees with the NumPy reference, and Keras itself is the oracle:
the model's logits are mlp_forward, its tape gradients are mlp_loss_and_grads, and one step of
Keras ``fit`` is one NumPy Adam step of the same params."""

import keras
import numpy as np
import pytest

from reference.numpy.layers import mlp_forward, mlp_loss_and_grads
from reference.numpy.optimizers import adam
from reference.numpy.training import init_params
from reference.tf.training import build_keras_model, load_numpy_params, tf_loss_and_grads

pytestmark = [pytest.mark.slow, pytest.mark.tf]


def _params(sizes, seed=0):
    rng = np.random.default_rng(seed)
    params = init_params(sizes, rng)
    return {k: v + (rng.normal(0, 0.1, v.shape) if k.startswith("b") else 0.0) for k, v in params.items()}


def test_the_notes_model_architecture_loss_and_optimizer():
    model = build_keras_model()
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    assert model.built
    assert [layer.units for layer in dense] == [25, 15, 10]
    assert [layer.activation.__name__ for layer in dense] == ["relu", "relu", "linear"]
    assert [tuple(layer.kernel.shape) for layer in dense] == [(64, 25), (25, 15), (15, 10)]
    assert isinstance(model.optimizer, keras.optimizers.Adam)
    assert isinstance(model.loss, keras.losses.SparseCategoricalCrossentropy)
    assert model.loss.get_config()["from_logits"] is True


def test_keras_logits_equal_the_numpy_forward():
    params = _params((9, 7, 6, 5, 4))
    model = load_numpy_params(build_keras_model((7, 6, 5), 4, 9), params)
    X = np.random.default_rng(1).normal(size=(13, 9))
    np.testing.assert_allclose(np.asarray(model(X)), mlp_forward(X, params), rtol=1e-12, atol=1e-12)
    with pytest.raises(ValueError):
        load_numpy_params(build_keras_model((7,), 4, 9), params)  # layer count mismatch


def test_tape_gradients_equal_numpy_backprop():
    params = _params((64, 25, 15, 10), seed=2)
    model = load_numpy_params(build_keras_model(), params)
    rng = np.random.default_rng(3)
    X, y = rng.normal(size=(20, 64)), rng.integers(0, 10, 20)
    loss, grads = tf_loss_and_grads(model, X, y)
    loss_np, grads_np = mlp_loss_and_grads(X, y, params)
    assert isinstance(loss, float) and loss == pytest.approx(loss_np, rel=1e-12)
    assert list(grads) == list(grads_np)
    for key in grads_np:
        np.testing.assert_allclose(grads[key], grads_np[key], rtol=1e-9, atol=1e-12)


def test_one_step_of_keras_fit_is_one_numpy_adam_step():
    params = _params((6, 5, 3), seed=4)
    model = load_numpy_params(build_keras_model((5,), 3, 6), params)
    rng = np.random.default_rng(5)
    X, y = rng.normal(size=(16, 6)), rng.integers(0, 3, 16)
    model.fit(X, y, batch_size=16, epochs=1, shuffle=False, verbose=0)
    _, grads = mlp_loss_and_grads(X, y, params)
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    for layer, d in enumerate(dense, start=1):
        for key, got in ((f"W{layer}", d.kernel), (f"b{layer}", d.bias)):
            expected, _ = adam(params[key], grads[key], {"learning_rate": 1e-3})
            # Keras computes 1 - beta**t in float32 (1 - 0.999 is off by 1.3e-5): compare the steps at 2e-5
            np.testing.assert_allclose(np.asarray(got) - params[key], expected - params[key], rtol=2e-5, atol=1e-12)
