# expect: softmax=0
# message: recursion
# Infinite recursion.
def softmax(z):
    return softmax(z)
