"""Training the notes' digits model: the NumPy reference ``train_mlp`` vs Keras ``fit``, side by side.

The same model (64 -> Dense 25 ReLU -> Dense 15 ReLU -> Dense 10 linear, Glorot-uniform weights,
zero biases), the same data (scikit-learn's bundled 8x8 digits, pixels / 16, the same 80/20
split), the same optimizer (Adam, learning_rate 1e-2), epochs and batch size, in one process.
Keras runs the notes' default float32 model; the NumPy loop runs in float64. Each side is
timed with time.perf_counter over --repeats runs after one untimed warm-up run (Keras traces
its train step on the first fit); the medians, the held-out accuracies and their ratio are
printed.

    .venv/bin/python benchmarks/bench_train.py [--epochs 20] [--batch-size 32] [--repeats 5]
                                               [--device auto|cpu|gpu] [--json]

--device picks where Keras runs (auto: a GPU when TensorFlow sees one); it sets NNLAB_DEVICE
before TensorFlow is imported. The NumPy loop always runs on the CPU. Target: NumPy at least
10x faster than Keras fit on the CPU.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=1e-2)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--device", choices=("auto", "cpu", "gpu"), default=None,
                        help="where Keras runs (default: NNLAB_DEVICE, else auto)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    args = parser.parse_args()
    if args.device:
        os.environ["NNLAB_DEVICE"] = args.device
    if os.environ.get("NNLAB_DEVICE", "").lower() == "cpu":
        os.environ["CUDA_VISIBLE_DEVICES"] = "-1"  # hide GPUs before TensorFlow starts
    sys.path.insert(0, ROOT)

    import numpy as np
    from sklearn.datasets import load_digits

    from reference.numpy.layers import mlp_forward
    from reference.numpy.training import accuracy, train_mlp, train_test_split

    digits = load_digits()
    X_train, X_test, y_train, y_test = train_test_split(digits.data / 16.0, digits.target, 0.2,
                                                        np.random.default_rng(0))
    settings = {"hidden": (25, 15), "epochs": args.epochs, "lr": args.lr, "batch_size": args.batch_size}

    def numpy_run(seed):
        params = train_mlp(X_train, y_train, rng=np.random.default_rng(seed), **settings)
        return accuracy(mlp_forward(X_test, params), y_test)

    started = time.perf_counter()
    import keras

    from reference.tf.device import describe, on_device
    from reference.tf.training import _keras_mlp
    tf_import = time.perf_counter() - started

    X32, y32 = X_train.astype(np.float32), y_train.astype(np.int32)

    def keras_run(seed):
        keras.utils.set_random_seed(seed)
        with on_device():
            model = _keras_mlp(settings["hidden"], 10, 64, "float32")
            model.optimizer.learning_rate.assign(args.lr)
            model.fit(X32, y32, epochs=args.epochs, batch_size=args.batch_size, shuffle=True, verbose=0)
            return accuracy(np.asarray(model(X_test.astype(np.float32))), y_test)

    def timed(run):
        run(999)  # warm-up: imports, Keras tracing, caches
        seconds, accuracies = [], []
        for seed in range(args.repeats):
            t0 = time.perf_counter()
            accuracies.append(run(seed))
            seconds.append(time.perf_counter() - t0)
        return statistics.median(seconds), statistics.median(accuracies)

    np_seconds, np_acc = timed(numpy_run)
    keras_seconds, keras_acc = timed(keras_run)
    device = describe()
    result = {
        "epochs": args.epochs, "batch_size": args.batch_size, "repeats": args.repeats,
        "train_examples": int(len(X_train)), "device": device.get("device"), "gpus": device["gpus"],
        "numpy_seconds": np_seconds, "keras_seconds": keras_seconds, "ratio": keras_seconds / np_seconds,
        "numpy_ms_per_epoch": 1000 * np_seconds / args.epochs, "keras_ms_per_epoch": 1000 * keras_seconds / args.epochs,
        "numpy_accuracy": np_acc, "keras_accuracy": keras_acc, "tensorflow_import_seconds": tf_import,
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"digits {len(X_train)} train / {len(X_test)} held out; 64-25-15-10, Adam lr {args.lr}, "
              f"{args.epochs} epochs, batch {args.batch_size}; medians of {args.repeats} runs")
        print(f"  NumPy train_mlp (float64, CPU) : {np_seconds:7.3f} s  ({result['numpy_ms_per_epoch']:6.1f} ms/epoch)"
              f"  held-out accuracy {np_acc:.3f}")
        print(f"  Keras fit (float32, {result['device']}) : {keras_seconds:7.3f} s  "
              f"({result['keras_ms_per_epoch']:6.1f} ms/epoch)  held-out accuracy {keras_acc:.3f}")
        print(f"  ratio: NumPy is {result['ratio']:.1f}x faster than Keras fit "
              f"(target >= 10x on the CPU){'' if result['ratio'] >= 10 else '  [BELOW TARGET]'}")
        print(f"  (TensorFlow import: {tf_import:.1f} s, not counted)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
