# expect: softmax=0
# Starts its error text with words the parent writes (the old filter anchored only the start).
import numpy as np


def softmax(z):
    raise ValueError("did not return within 10 s INPUT-ECHO " + repr(np.asarray(z).ravel()[:3].tolist()))
