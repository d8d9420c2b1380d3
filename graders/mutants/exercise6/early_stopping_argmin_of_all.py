"""early_stopping taking best_epoch as the argmin of all losses, including epochs after the stop."""
import numpy as np

BREAKS = "early_stopping"


def early_stopping(val_losses, patience, min_delta=0.0):
    best, wait = None, 0
    for epoch, loss in enumerate(val_losses):
        if best is None or loss < best - min_delta:
            best, wait = loss, 0
            continue
        wait += 1
        if wait >= patience:
            return epoch, int(np.argmin(val_losses))
    return len(val_losses) - 1, int(np.argmin(val_losses))
