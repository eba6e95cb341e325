"""benchmarks/bench_lsp.py still runs (a smoke check of its output, never of its timings)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.support.corpus import ROOT

_TINY = {"BENCH_ROUNDS": "1", "BENCH_CHANGES": "3", "BENCH_WARM_UP": "1", "BENCH_PEER_CHANGES": "1"}
_RATIO = r" = \d+\.\d\dx median \(rounds \d+\.\d\dx\.\.\d+\.\d\dx; "


def test_the_lsp_benchmark_prints_its_ratios(tmp_path: Path) -> None:
    env = {**os.environ, **_TINY, "BENCH_NODE_MODULES": str(tmp_path / "none")}
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_lsp.py")],
        capture_output=True, text=True, env=env, check=False, timeout=120,
    )  # fmt: skip

    assert done.returncode == 0, done.stderr
    for edit in ("valid edit", "edit with a finding"):
        assert re.search(
            edit + r": ours / check_text" + _RATIO + r".*target <= 1\.50x: (met|MISSED)\)",
            done.stdout,
        ), done.stdout
    assert "ours / yaml-language-server = not installed" in done.stdout
