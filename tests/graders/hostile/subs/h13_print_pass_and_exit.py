# expect: softmax=0
# message: sys.exit
# Prints a fake verdict and exits with 0 (a stdout-parsing grader would believe it).
import sys


def softmax(z):
    print('{"score": 100, "tests": "ALL TESTS PASSED"}')
    print("ALL TESTS PASSED")
    sys.exit(0)
