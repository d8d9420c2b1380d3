# expect: softmax=0
# A duck type defining __array_function__ (hijacks np.allclose / np.array_equal in-process).
class Duck:
    shape = (3, 4)

    def __array_function__(self, func, types, args, kwargs):
        return True


def softmax(z):
    return Duck()
