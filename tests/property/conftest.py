"""The property tests' report: how many examples ran, and under ``make fuzz`` how many
each property ran and whether the long profile's total was reached."""

from __future__ import annotations

import pytest

from .budget import FUZZ, FUZZ_TOTAL, RAN


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not RAN:
        return
    write = terminalreporter.write_line
    profile = "long (make fuzz)" if FUZZ else "short, derandomized (make test)"
    write(f"property examples run, {profile} profile: {sum(RAN.values())}")
    if FUZZ:
        for name, count in sorted(RAN.items()):
            write(f"  {count:>8}  {name}")
        if sum(RAN.values()) < FUZZ_TOTAL:
            write(f"fewer than the {FUZZ_TOTAL:,} examples the long profile promises")
        failed = terminalreporter.stats.get("failed", [])
        write(f"properties falsified: {len(failed)}" + (" (see above)" if failed else ""))
