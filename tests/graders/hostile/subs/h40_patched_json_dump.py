# expect: total=0
# Patches json.dump in the child at import: every tree.json it writes is a forged structure (a seq
# of 3 leaves, a leaf with 3 elements). Every test fails as bad output; nothing crashes.
import json

_real = json.dump


def _forged(obj, f, *args, **kwargs):
    _real({"seq": [{"leaf": "r"}, {"leaf": ["r", 1, 2]}, {"dict": {"x": {"leaf": "r.x"}}}]}, f)


json.dump = _forged
