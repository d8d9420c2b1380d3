# expect: total=0
# message: exited
# os._exit at import time: nothing can be graded.
import os

os._exit(0)
