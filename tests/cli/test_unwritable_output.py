"""Output that cannot be written: a closed stdout (`>&-`) or a full disk exits 2, says so
on stderr, and never shows a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Final

import pytest

from tests.support.corpus import EXAMPLES

GOOD: Final = EXAMPLES / "valid" / "typical-service.yaml"
COMMANDS: Final = {
    "check": ["check", str(GOOD)],
    "check-json": ["check", "--format", "json", str(GOOD)],
    "summary": ["summary", str(GOOD)],
    "explain-all": ["explain", "--all"],
    "explain-one": ["explain", "BOOT-CFG-01"],
    "schema": ["schema"],
    "version": ["--version"],
    "help": ["--help"],
    "check-help": ["check", "--help"],
}
needs_dev_full = pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")


def run_with_stdout(redirect: str, *args: str) -> subprocess.CompletedProcess[str]:
    """The command with its stdout redirected by the shell (``>&-``, ``>/dev/full``)."""
    command = [sys.executable, "-m", "stream_kernel.config", *args]
    return subprocess.run(
        ["/bin/sh", "-c", f'exec "$@" {redirect}', "sh", *command],
        stderr=subprocess.PIPE,
        text=True,
        check=False,
        timeout=60,
    )


def assert_refused(done: subprocess.CompletedProcess[str], reason: str) -> None:
    assert done.returncode == 2, done.stderr
    assert f"stream-kernel-config: cannot write the report: {reason}" in done.stderr
    assert "Traceback" not in done.stderr
    # The interpreter's own last flush must not fail again either.
    assert "Exception ignored" not in done.stderr


@pytest.mark.parametrize("args", COMMANDS.values(), ids=COMMANDS.keys())
def test_a_closed_stdout_exits_2_and_says_so(args: list[str]) -> None:
    assert_refused(run_with_stdout(">&-", *args), "standard output is closed")


@needs_dev_full
@pytest.mark.parametrize("args", COMMANDS.values(), ids=COMMANDS.keys())
def test_a_full_disk_exits_2_and_says_so(args: list[str]) -> None:
    assert_refused(run_with_stdout(">/dev/full", *args), "No space left on device")


def test_with_stderr_closed_too_the_status_still_says_it(tmp_path: Path) -> None:
    done = run_with_stdout(">&- 2>&-", "check", str(GOOD))

    assert done.returncode == 2


def test_a_usage_error_with_stdout_closed_is_still_a_usage_error() -> None:
    done = run_with_stdout(">&-", "check", "--format", "xml", str(GOOD))

    assert done.returncode == 2
    assert "usage: stream-kernel-config" in done.stderr
    assert "Traceback" not in done.stderr
