# expect: softmax=0
# Names its exception class after its inputs: a hidden test must not show the class name.
import numpy as np


def softmax(z):
    digits = "_".join(str(abs(int(v * 1e4))) for v in np.asarray(z).ravel()[:3])
    raise type("INPUT_ECHO_" + digits, (Exception,), {})("x")
