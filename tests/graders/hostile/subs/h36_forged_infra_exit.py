# expect: softmax=0
# message: exited
# os._exit(97), the status that used to mean "the child could not confirm its sandbox": it must be
# this test's failure only, never an infrastructure error that stops the batch.
import os


def softmax(z):
    os._exit(97)
