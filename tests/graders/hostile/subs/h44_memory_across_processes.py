# expect: softmax=0
# Three processes of 500 MB resident each (1.5 GB): each under the 1 GB per-process address-space
# limit, together over the submission's memory budget. It answers only if all three held their
# memory at once: the memory cgroup around the submission must stop that.
import os
import time

import numpy as np


def _hold(mb):
    block = np.ones(mb * 2**20 // 8)
    time.sleep(1.0)
    return float(block[0])


def softmax(z):
    kids = []
    for _ in range(2):
        pid = os.fork()
        if pid == 0:
            _hold(500)
            os._exit(0)
        kids.append(pid)
    _hold(500)
    if not all(os.waitpid(pid, 0)[1] == 0 for pid in kids):
        raise MemoryError("a process was killed")
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
