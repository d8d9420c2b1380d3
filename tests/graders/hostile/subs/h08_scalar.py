# expect: softmax=0
# message: shape
# A scalar where an array is expected (np.allclose would broadcast it).
def softmax(z):
    return 0.25
