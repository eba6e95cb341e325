"""validate_newgen_config against a bare Draft7Validator.is_valid, measured in the same run.

Run: ``make bench``. The candidates run interleaved, round by round. It prints each
one's best per-call time and, for the verdict, the median over rounds of the ratio
measured within a round: a drift in machine speed hits both sides of that ratio alike.
"""

from __future__ import annotations

import copy
import os
import statistics
import sys
import timeit
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft7Validator

from stream_kernel.config._contracts import V1
from stream_kernel.config._copy import json_copy
from stream_kernel.config.validator import validate_newgen_config

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "valid" / "typical-service.yaml"
TARGET = 1.2
# Overridable so a smoke test can check the script runs; figures come from the defaults.
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "31"))
CALLS = int(os.environ.get("BENCH_CALLS", "1000"))
BASELINE = "bare Draft7Validator.is_valid"
SUBJECT = "validate_newgen_config"


def measure(work: dict[str, Callable[[], object]]) -> dict[str, list[float]]:
    """Per-call seconds of each candidate, one entry per round, the candidates interleaved."""
    rounds: dict[str, list[float]] = {name: [] for name in work}
    for _ in range(ROUNDS):
        for name, fn in work.items():
            rounds[name].append(timeit.timeit(fn, number=CALLS) / CALLS)
    return rounds


def main() -> int:
    text = EXAMPLE.read_text(encoding="utf-8")
    document: Any = yaml.safe_load(text)
    bare = Draft7Validator(dict(V1.schema()))
    assert bare.is_valid(document)
    validate_newgen_config(document)  # compile and warm up outside the timing

    rounds = measure(
        {
            BASELINE: lambda: bare.is_valid(document),
            SUBJECT: lambda: validate_newgen_config(document),
            "its schema pass alone": lambda: V1.validator().is_valid(document),
            "copy.deepcopy alone": lambda: copy.deepcopy(document),
            "json_copy alone": lambda: json_copy(document),
        }
    )
    base = min(rounds[BASELINE])
    lines = len(text.splitlines())
    print(f"document: {EXAMPLE.name} ({lines} lines); {ROUNDS} rounds x {CALLS} calls")
    for name, times in rounds.items():
        best = min(times)
        print(f"  {name:32} {best * 1e6:8.1f} us/call (best)  {best / base:5.2f}x baseline")
    ratios = [ours / bare for ours, bare in zip(rounds[SUBJECT], rounds[BASELINE], strict=True)]
    ratio = statistics.median(ratios)
    spread = f"rounds {min(ratios):.2f}x..{max(ratios):.2f}x"
    verdict = "within" if ratio <= TARGET else "OVER"
    print(f"{SUBJECT} / is_valid = {ratio:.2f}x median ({spread}; {verdict} the {TARGET}x target)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
