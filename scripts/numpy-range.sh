#!/usr/bin/env bash
# The fixture, reference and validate checks against the oldest NumPy nnlab supports (the floor in
# pyproject.toml) and the newest on PyPI today, each in a small venv of its own (no TensorFlow).
# A change of NumPy that moves a graded value past its tolerance fails here, by name.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
oldest=$(sed -n 's/^ *"numpy>=\([0-9.]*\)".*/\1/p' pyproject.toml | head -n 1)
[ -n "$oldest" ] || { echo "numpy-range: no numpy floor in pyproject.toml" >&2; exit 2; }
export PYTHONWARNINGS=ignore PIP_DISABLE_PIP_VERSION_CHECK=1
status=0
for which in oldest newest; do
  venv=.venv-numpy-$which
  if [ "$which" = oldest ]; then want="numpy==$oldest.*"; else want="numpy"; fi
  [ -x "$venv/bin/python" ] || "$PYTHON" -m venv "$venv"
  # nnlab's other dependencies at their locked versions; NumPy is the one thing that varies
  grep -v '^numpy==' constraints.txt > "$venv/constraints.txt"
  "$venv/bin/python" -m pip install --quiet --upgrade --constraint "$venv/constraints.txt" \
      --config-settings editable_mode=compat -e '.[data]' "$want" matplotlib pytest pytest-xdist
  version=$("$venv/bin/python" -c 'import numpy; print(numpy.__version__)')
  echo "numpy-range: NumPy $version ($which)"
  if ! "$venv/bin/python" -m pytest -q -p no:cacheprovider -n 2 \
        tests/graders/test_fixtures.py tests/reference/numpy tests/graders/test_judge.py; then
    echo "numpy-range: FAILED on NumPy $version: the tests above" >&2; status=1
  fi
  if ! "$venv/bin/nnlab" validate --no-tf exercise1 exercise2 exercise3 exercise4 exercise5 exercise6; then
    echo "numpy-range: FAILED on NumPy $version: nnlab validate" >&2; status=1
  fi
done
exit $status
