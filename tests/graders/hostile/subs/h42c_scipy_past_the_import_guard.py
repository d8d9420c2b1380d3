# expect: softmax=0
# Removes the child's import guard from sys.meta_path and imports scipy.special under a name built
# at run time: in the class sandbox the forbidden package's files are not there at all.
import importlib
import sys

import numpy as np


def softmax(z):
    sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != "Guard"]
    mod = importlib.import_module("".join(["sci", "py.spe", "cial"]))
    return mod.softmax(np.asarray(z, dtype=float), axis=-1)
