# expect: softmax=0
# message: does not match
# Writes forged outputs where the child writes its own (a lying .npy header claiming 10**12
# elements, a truncated body, a tree.json pointing at them) for every test id, and exits: the
# running test fails, and the forgeries for tests not yet run are wiped with its out/ dir.
import os


def softmax(z):
    header = b"{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000000,), }"
    header += b" " * (118 - len(header)) + b"\n"
    for root in ("out", os.path.join(os.getcwd(), "out")):
        for tid in range(200):
            d = os.path.join(root, str(tid))
            try:
                os.makedirs(d, exist_ok=True)
                with open(os.path.join(d, "r.npy"), "wb") as f:
                    f.write(b"\x93NUMPY\x01\x00v\x00" + header + b"\x00" * 64)
                with open(os.path.join(d, "tree.json"), "w") as f:
                    f.write('{"leaf": "r"}')
            except OSError:
                pass
    os._exit(0)
