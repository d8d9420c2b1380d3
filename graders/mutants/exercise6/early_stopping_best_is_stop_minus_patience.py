"""early_stopping returning best_epoch = stop_epoch - patience (the notes' "model stored at step k - p")."""

BREAKS = "early_stopping"


def early_stopping(val_losses, patience, min_delta=0.0):
    best, wait = None, 0
    for epoch, loss in enumerate(val_losses):
        if best is None or loss < best - min_delta:
            best, wait = loss, 0
            continue
        wait += 1
        if wait >= patience:
            return epoch, epoch - patience
    return len(val_losses) - 1, len(val_losses) - 1 - patience
