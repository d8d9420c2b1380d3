# expect: softmax=0
# Reads the reference, another student's submission and the parent's /proc entries; earns
# points only if any of them is readable (or the course secret shows up anywhere).
import os

import numpy as np

PATHS = ["@@REFERENCE@@", "@@OTHER@@", f"/proc/{os.getppid()}/environ", f"/proc/{os.getppid()}/mem",
         "/proc/1/environ", "/proc/self/environ"]


def softmax(z):
    found = False
    for path in PATHS:
        try:
            with open(path, "rb") as f:
                data = f.read(1 << 20)
            if path.startswith("/proc/"):
                found |= b"@@SECRET@@" in data
            else:
                found = True
        except OSError:
            pass
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open(f"/proc/{pid}/environ", "rb") as f:
                    found |= b"@@SECRET@@" in f.read()
            except OSError:
                pass
    if not found:
        raise PermissionError("nothing readable")
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
