# expect: softmax=0
# Monkeypatches NumPy's comparisons at import (only the child's copy is patched).
import numpy as np
import numpy.testing

np.allclose = lambda *a, **k: True
np.array_equal = lambda *a, **k: True
np.isclose = lambda *a, **k: np.True_
numpy.testing.assert_allclose = lambda *a, **k: None


def softmax(z):
    return np.zeros(np.shape(z))
