# expect: softmax=0
# Fills the disk: a file in the working directory (read-only in the sandbox), then TMPDIR (a small tmpfs).
import os
import tempfile


def softmax(z):
    block = b"\0" * (1 << 20)
    try:
        with open("fill.bin", "wb") as f:
            while True:
                f.write(block)
    except OSError:
        pass
    with open(os.path.join(tempfile.gettempdir(), "fill.bin"), "wb") as f:
        while True:
            f.write(block)
