# expect: softmax=0
# Replaces its result files and the old progress file with FIFOs, then dies: a reader that opens
# them without O_NONBLOCK hangs forever, and the wall clock with it.
import glob
import os


def softmax(z):
    out = os.path.join(os.getcwd(), "out")
    targets = [os.path.join(out, "progress"), os.path.join(out, "load_error.json")]
    for d in glob.glob(os.path.join(out, "*")):
        if os.path.isdir(d):
            targets += [os.path.join(d, "tree.json"), os.path.join(d, "error.json"), os.path.join(d, "r.npy")]
    for path in targets:
        try:
            if os.path.lexists(path):
                os.unlink(path)
            os.mkfifo(path)
        except OSError:
            pass
    os._exit(0)
