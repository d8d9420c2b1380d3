# expect: full
# Leaves 3000 nested directories in out/ (deeper than PATH_MAX, deeper than shutil.rmtree's
# recursion) and answers correctly: its work dir must still be removed, and later runs' stale-dir
# sweeps must not trip over anything.
import os

import numpy as np

_done = []


def softmax(z):
    if not _done:
        _done.append(1)
        fd = os.open(os.path.join(os.getcwd(), "out"), os.O_RDONLY)
        for _ in range(3000):
            try:
                os.mkdir("deep", dir_fd=fd)
            except FileExistsError:
                pass
            nxt = os.open("deep", os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = nxt
        os.close(fd)
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
