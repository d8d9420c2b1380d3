# expect: softmax=0
# Puts its inputs in the exception message and on stdout: hidden tests must echo neither.
import numpy as np


def softmax(z):
    print("STDOUT-ECHO", np.asarray(z).tolist())
    raise ValueError("INPUT-ECHO " + repr(np.asarray(z).tolist()))
