"""The benchmark scripts still run (a smoke check of their output, never of their timings)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.corpus import ROOT


def test_the_validate_benchmark_runs_and_prints_its_ratio() -> None:
    env = {**os.environ, "BENCH_ROUNDS": "1", "BENCH_CALLS": "3"}

    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_validate.py")],
        capture_output=True, text=True, env=env, check=False, timeout=120,
    )  # fmt: skip

    assert done.returncode == 0, done.stderr
    for contract in ("v1", "v2"):
        found = rf"{contract}: validate_newgen_config / is_valid = \d+\.\d\dx"
        assert re.search(found, done.stdout), contract


_TINY = {"BENCH_ROUNDS": "1", "BENCH_SINGLE_ROUNDS": "1", "BENCH_FILES": "10"}
_RATIO = r" = \d+\.\d\dx median \(rounds \d+\.\d\dx\.\.\d+\.\d\dx; "


def _run_cli_benchmark(**env: str) -> str:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_cli.py")],
        capture_output=True, text=True, env={**os.environ, **_TINY, **env}, check=False,
        timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "WARNING" not in done.stdout
    return done.stdout


def test_the_cli_benchmark_without_its_peer_says_so_and_still_measures_the_floor(
    tmp_path: Path,
) -> None:
    out = _run_cli_benchmark(BENCH_PEER=str(tmp_path / "no-check-jsonschema"))

    assert re.search(r"one file: ours / check-jsonschema = not installed", out)
    assert re.search(r"10 files: ours / check-jsonschema = not installed", out)
    assert re.search(r"10 files: ours / floor" + _RATIO + r"target <= 1\.30x: (met|MISSED)\)", out)
    assert re.search(r"in-process: check_text / floor" + _RATIO, out)
    assert re.search(r"start-up: our imports / floor's" + _RATIO, out)


def test_the_cli_benchmark_prints_its_ratios_to_check_jsonschema() -> None:
    peer = Path(sys.executable).parent / "check-jsonschema"
    if not peer.exists() and shutil.which("check-jsonschema") is None:
        pytest.skip("check-jsonschema is not installed here (it is in the bench extra)")

    out = _run_cli_benchmark()

    assert re.search(r"one file: ours / check-jsonschema" + _RATIO + r"target <= 0\.50x", out)
    assert re.search(r"10 files: ours / check-jsonschema" + _RATIO + r"target <= 0\.12x", out)
    assert re.search(r"check-jsonschema: 1 invalid, 0 parse errors", out)
