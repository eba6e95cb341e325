"""validate_newgen_config against a bare Draft7Validator.is_valid, measured in the same run.

Run: ``make bench``. Prints per-call times (best of several interleaved rounds, which
is what survives a noisy machine) and the ratios the performance budget is about.
"""

from __future__ import annotations

import copy
import os
import sys
import timeit
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft7Validator

from stream_kernel.config._copy import json_copy
from stream_kernel.config._schema import contract_schema, contract_validator
from stream_kernel.config.validator import validate_newgen_config

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "valid" / "typical-service.yaml"
TARGET = 1.2
# Overridable so a smoke test can check the script runs; figures come from the defaults.
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "15"))
CALLS = int(os.environ.get("BENCH_CALLS", "2000"))


def best_per_call(work: dict[str, Callable[[], object]]) -> dict[str, float]:
    """Interleave the candidates round by round, keep each one's best round."""
    best = dict.fromkeys(work, float("inf"))
    for _ in range(ROUNDS):
        for name, fn in work.items():
            best[name] = min(best[name], timeit.timeit(fn, number=CALLS) / CALLS)
    return best


def main() -> int:
    text = EXAMPLE.read_text(encoding="utf-8")
    document: Any = yaml.safe_load(text)
    bare = Draft7Validator(dict(contract_schema()))
    assert bare.is_valid(document)
    validate_newgen_config(document)  # compile and warm up outside the timing

    times = best_per_call(
        {
            "bare Draft7Validator.is_valid": lambda: bare.is_valid(document),
            "validate_newgen_config": lambda: validate_newgen_config(document),
            "its schema pass alone": lambda: contract_validator().is_valid(document),
            "copy.deepcopy alone": lambda: copy.deepcopy(document),
            "json_copy alone": lambda: json_copy(document),
        }
    )
    base = times["bare Draft7Validator.is_valid"]
    lines = len(text.splitlines())
    print(f"document: {EXAMPLE.name} ({lines} lines); best of {ROUNDS} rounds x {CALLS} calls")
    for name, seconds in times.items():
        print(f"  {name:32} {seconds * 1e6:8.1f} us/call  {seconds / base:5.2f}x baseline")
    ratio = times["validate_newgen_config"] / base
    verdict = "within" if ratio <= TARGET else "OVER"
    print(f"validate_newgen_config / is_valid = {ratio:.2f}x ({verdict} the {TARGET}x target)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
