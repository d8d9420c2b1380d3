# expect: softmax=0
# message: not allowed
# scipy.special.softmax instead of the exercise's own softmax: the import is refused (statically
# and by the child's import hook), so only the functions that need it lose their points.
import numpy as np


def softmax(z):
    mod = __import__("importlib").import_module("scipy." + "special")
    return mod.softmax(np.asarray(z, dtype=float), axis=-1)
