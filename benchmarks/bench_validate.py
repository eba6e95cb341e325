"""validate_newgen_config against a bare Draft7Validator.is_valid, measured in the same run,
for each contract.

Run: ``make bench``. The candidates run interleaved, round by round. It prints each
one's best per-call time and, for the verdict, the median over rounds of the ratio
measured within a round: a drift in machine speed hits both sides of that ratio alike.

- v1: ``examples/valid/typical-service.yaml``; the baseline validates with the schema
  file as shipped; target 1.2x.
- v2: ``examples/v2/valid/typical-service.yaml``; the baseline validates with the
  schema's rules (the annotations left out, as our own validator compiles them); target
  0.5x.
"""

from __future__ import annotations

import copy
import os
import statistics
import sys
import timeit
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft7Validator

from stream_kernel.config._contracts import V1, V2, Contract
from stream_kernel.config._copy import json_copy
from stream_kernel.config.validator import validate_newgen_config

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
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


def bench(contract: Contract, example: Path, baseline: Mapping[str, Any], target: float) -> None:
    """Time one contract on one document and print its figures and verdict."""
    text = example.read_text(encoding="utf-8")
    document: Any = yaml.safe_load(text)
    bare = Draft7Validator(dict(baseline))
    assert bare.is_valid(document)
    name = contract.name
    validate_newgen_config(document, contract=name)  # compile and warm up outside the timing

    rounds = measure(
        {
            BASELINE: lambda: bare.is_valid(document),
            SUBJECT: lambda: validate_newgen_config(document, contract=name),
            "its schema pass alone": lambda: contract.validator().is_valid(document),
            "copy.deepcopy alone": lambda: copy.deepcopy(document),
            "json_copy alone": lambda: json_copy(document),
        }
    )
    base = min(rounds[BASELINE])
    lines = len(text.splitlines())
    where = example.relative_to(EXAMPLES.parent)
    print(f"contract {name}: {where} ({lines} lines); {ROUNDS} rounds x {CALLS} calls")
    for label, times in rounds.items():
        best = min(times)
        print(f"  {label:32} {best * 1e6:8.1f} us/call (best)  {best / base:5.2f}x baseline")
    ratios = [ours / bare for ours, bare in zip(rounds[SUBJECT], rounds[BASELINE], strict=True)]
    ratio = statistics.median(ratios)
    spread = f"rounds {min(ratios):.2f}x..{max(ratios):.2f}x"
    verdict = "within" if ratio <= target else "OVER"
    print(
        f"{name}: {SUBJECT} / is_valid = {ratio:.2f}x median"
        f" ({spread}; {verdict} the {target}x target)"
    )


def main() -> int:
    bench(V1, EXAMPLES / "valid" / "typical-service.yaml", V1.schema(), 1.2)
    bench(V2, EXAMPLES / "v2" / "valid" / "typical-service.yaml", V2.rules(), 0.5)
    return 0


if __name__ == "__main__":
    sys.exit(main())
