# expect: total=0
# message: not allowed
# Imports scipy.special at the top of the file and uses its softmax and log_softmax: found by the
# static check before the file runs, so the file is not graded (every task 0) and says why.
from scipy.special import log_softmax, softmax  # noqa: F401
