# expect: full
# Tries to write outside its work dir (user site, /tmp, the marker dir of the test, the submissions),
# swallowing the errors, then answers correctly. Nothing outside may change.
import os

import numpy as np

TARGETS = ["@@MARKER_DIR@@/written_by_student", "@@OTHER@@.pwned",
           os.path.expanduser("~/.local/lib/python3.11/site-packages/usercustomize.py"), "/tmp/nnlab-pwned"]


def softmax(z):
    for path in TARGETS:
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write("import os; os.system('touch @@MARKER_DIR@@/usercustomize_ran')\n")
        except OSError:
            pass
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
