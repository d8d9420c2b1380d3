"""exercise8's pictures say what their captions claim: the learning curves show high bias and high
variance, and the gradient norms vanish for deep sigmoid nets only."""

import numpy as np
import pytest

from reference.numpy import plots


def test_learning_curves_show_high_bias_and_high_variance():
    bias, variance = plots.learning_curves().values()
    _, j_train, j_val = bias
    assert j_train[-1] > 2 * 0.09 and abs(j_val[-1] - j_train[-1]) < 0.05  # both high, close together
    _, j_train, j_val = variance
    assert j_val[0] > 10 * j_train[0]  # a wide gap with little data...
    assert j_val[-1] < 1.2 * 0.09 and abs(j_val[-1] - j_train[-1]) < 0.03  # ...that closes with more


def test_gradient_norms_vanish_for_sigmoid_only():
    sigmoid, relu = plots.layer_gradient_norms().values()
    assert sigmoid[0] < 1e-4 * sigmoid[-1]
    assert relu[0] > 0.1 * relu[-1]


def test_both_pictures_are_written(tmp_path):
    pytest.importorskip("matplotlib")
    for draw in (plots.plot_learning_curves, plots.plot_gradient_norms):
        path = str(tmp_path / f"{draw.__name__}.png")
        assert draw(path) == path
        with open(path, "rb") as f:
            assert f.read(8) == b"\x89PNG\r\n\x1a\n"
    assert np.isfinite(plots.layer_gradient_norms(depth=3)["relu, he_normal"]).all()
