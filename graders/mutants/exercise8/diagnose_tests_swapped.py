"""diagnose swaps the two tests: bias from J_val - J_train, variance from J_train - baseline."""
BREAKS = "bias_variance"


def diagnose(J_train, J_val, baseline, tol):
    bias = J_val - J_train > tol
    variance = J_train - baseline > tol
    if bias and variance:
        return "high bias and high variance"
    return "high bias" if bias else "high variance" if variance else "good"
