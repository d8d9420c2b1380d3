# expect: softmax=0
# Returns an object whose __reduce__ would run code in whoever unpickles it (the parent never does).
class Payload:
    def __reduce__(self):
        return (eval, ("open('@@MARKER_DIR@@/unpickled', 'w').write('x')",))

    def __array__(self, dtype=None, copy=None):
        raise TypeError("not an array")


def softmax(z):
    return Payload()
