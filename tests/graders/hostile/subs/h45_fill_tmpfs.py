# expect: softmax=0
# Writes 300 MB into /tmp and into /dev (bwrap's tmpfs mounts, 12 GB each when unsized) and
# answers only if both writes went through.
import numpy as np


def _fill(path):
    try:
        with open(path, "wb") as f:
            for _ in range(300):
                f.write(b"\0" * 2**20)
        return True
    except OSError:
        return False


def softmax(z):
    if not (_fill("/tmp/nnlab-fill") and _fill("/dev/nnlab-fill")):
        raise OSError("the tmpfs mounts are small")
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
