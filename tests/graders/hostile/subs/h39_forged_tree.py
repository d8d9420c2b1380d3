# expect: softmax=0
# Writes its own result: a tree.json whose leaf node has 3 elements, a leaf .npy of 3 values and a
# sequence of 3 where one array is expected, then exits before the child writes the real one.
import glob
import json
import os

import numpy as np


def softmax(z):
    out = os.path.join(os.getcwd(), "out")
    for d in glob.glob(os.path.join(out, "*")):
        if os.path.isdir(d):
            np.save(os.path.join(d, "r.npy"), np.ones(3))
            with open(os.path.join(d, "tree.json"), "w") as f:
                json.dump({"leaf": ["r", 1, 2], "seq": [{"leaf": "r"}] * 3, "none": True}, f)
    os._exit(0)
