# expect: softmax=0
# message: wrong
# An object whose == is always True and which converts to zeros.
class AlwaysEqual:
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    def __array__(self, dtype=None, copy=None):
        import numpy
        return numpy.zeros(3)


def softmax(z):
    return AlwaysEqual()
