"""diagnose returns at the first test that holds and never says 'high bias and high variance'."""
BREAKS = "bias_variance"


def diagnose(J_train, J_val, baseline, tol):
    if J_train - baseline > tol:
        return "high bias"
    if J_val - J_train > tol:
        return "high variance"
    return "good"
