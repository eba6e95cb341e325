"""The benchmark script still runs (a smoke check of its output, never of its timings)."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from _corpus import ROOT


def test_the_validate_benchmark_runs_and_prints_its_ratio() -> None:
    env = {**os.environ, "BENCH_ROUNDS": "1", "BENCH_CALLS": "3"}

    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_validate.py")],
        capture_output=True, text=True, env=env, check=False, timeout=120,
    )  # fmt: skip

    assert done.returncode == 0, done.stderr
    assert re.search(r"validate_newgen_config / is_valid = \d+\.\d\dx", done.stdout)
