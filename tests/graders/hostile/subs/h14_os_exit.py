# expect: softmax=0
# message: exited
# os._exit(0) inside the function: exit code 0, no output.
import os


def softmax(z):
    os._exit(0)
