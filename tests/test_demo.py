"""`make demo` shows what the README says: a valid config's summary, an invalid one's codes."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.support.corpus import ROOT


def test_the_demo_prints_a_summary_and_coded_diagnostics() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "demo.py")],
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip

    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert '"bootstrap_mode": "process_supervisor"' in done.stdout
    assert '"kdf": "hkdf_sha256"' in done.stdout
    for code in ("BOOT-CFG-01", "BOOT-CFG-02", "BOOT-CFG-03", "SK-CFG-201", "SK-CFG-206"):
        assert f": {code} " in done.stdout
    assert "Traceback" not in done.stdout


def test_the_demo_summary_is_json() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "demo.py")],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    start = done.stdout.index("  {")
    end = done.stdout.index("\n  }\n", start) + len("\n  }")

    assert json.loads(done.stdout[start:end])["execution_transport_profile"] == "tcp_local"
