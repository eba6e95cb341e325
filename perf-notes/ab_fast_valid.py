"""In-process: the compiled validity check against a bare is_valid, over the bench corpus.

Usage: PYTHONPATH=<src with fast-valid.patch applied> .venv/bin/python perf-notes/ab_fast_valid.py
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import yaml
from jsonschema import Draft7Validator

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import bench_cli as b  # noqa: E402
from stream_kernel.config._fast import known_valid  # noqa: E402
from stream_kernel.config._schema import contract_validator  # noqa: E402

with tempfile.TemporaryDirectory() as temp:
    names, _ = b.make_corpus(Path(temp), b.FILES)
    docs = [yaml.load((Path(temp) / n).read_text(), Loader=yaml.CSafeLoader) for n in names]
bare = Draft7Validator(json.loads(b.SCHEMA.read_text()))
rules = contract_validator()
assert [known_valid(d) for d in docs] == [bare.is_valid(d) for d in docs]
t = b.interleave(
    {
        "bare is_valid (floor's validation)": lambda: [bare.is_valid(d) for d in docs],
        "contract_validator().is_valid": lambda: [rules.is_valid(d) for d in docs],
        "known_valid (compiled)": lambda: [known_valid(d) for d in docs],
    },
    b.ROUNDS * 3,
)
for name, spent in t.items():
    print(f"  {name:40} {min(spent) / len(docs) * 1e6:7.1f} us/doc (best)")
print(b.ratio(t, "known_valid (compiled)", "bare is_valid (floor's validation)", "known_valid / bare is_valid").line())
