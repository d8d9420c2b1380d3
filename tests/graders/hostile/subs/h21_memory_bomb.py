# expect: softmax=0
# message: memory
# Allocates 64 MiB blocks until something gives.
def softmax(z):
    hog = []
    while True:
        hog.append(bytearray(64 * 2**20))
