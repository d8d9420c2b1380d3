"""early_stopping comparing with the previous epoch's loss instead of the best loss so far."""

BREAKS = "early_stopping"


def early_stopping(val_losses, patience, min_delta=0.0):
    previous, best, best_epoch, wait = None, None, 0, 0
    for epoch, loss in enumerate(val_losses):
        improved = previous is None or loss < previous - min_delta
        previous = loss
        if improved:
            wait = 0
            if best is None or loss < best:
                best, best_epoch = loss, epoch
            continue
        wait += 1
        if wait >= patience:
            return epoch, best_epoch
    return len(val_losses) - 1, best_epoch
