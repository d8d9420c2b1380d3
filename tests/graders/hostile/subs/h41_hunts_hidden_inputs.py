# expect: softmax=0
# Looks for the job (all tests' inputs, hidden ones included) in the work dir and on every open fd,
# and answers correctly only if it found one: the child must hold nothing but the call it runs.
import glob
import os
import select

import numpy as np


def _found_job():
    names = glob.glob(os.path.join(os.getcwd(), "**", "*"), recursive=True)
    if any(os.path.basename(n) in ("job.json", "inputs.bin") for n in names):
        return True
    for fd in range(3, 64):
        try:
            if select.select([fd], [], [], 0)[0] and b"calls" in os.read(fd, 1 << 20):
                return True  # a test's frame: only one ever waits, the next one after this test ends
        except (OSError, ValueError):
            pass
    return False


def softmax(z):
    if not _found_job():
        raise RuntimeError("no job found")
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
