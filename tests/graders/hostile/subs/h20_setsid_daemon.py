# expect: full
# Leaves a setsid() double-forked daemon behind (sleeping 60 s), then answers correctly.
# The daemon must not survive the sandbox (the test looks for its marker in /proc).
import os
import sys

import numpy as np


def softmax(z):
    z = np.asarray(z, dtype=float)
    if z.ndim == 1:
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:
                os.execv(sys.executable, [sys.executable, "-c", "import time; time.sleep(60)", "nnlab-hostile-daemon"])
            os._exit(0)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
