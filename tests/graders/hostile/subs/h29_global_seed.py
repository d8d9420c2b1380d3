# expect: full
# Seeds and drains NumPy's global RNG at import: grader inputs and hidden seeds are unaffected.
import random

import numpy as np

np.random.seed(0)
np.random.random(1000)
random.seed(0)
