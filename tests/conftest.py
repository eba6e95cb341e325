"""Suite-wide hooks: the property tests' example count, cache resets for mutmut, and the
session's yaml-language-server for the interop tests (tests/ide)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator

import pytest

from _budget import FUZZ, FUZZ_TOTAL, RAN
from _corpus import ROOT
from _interop import node, node_package, yaml_settings
from _lsp import LspClient


def pytest_runtest_setup(item: pytest.Item) -> None:
    # `make mutation`: our functools caches (the compiled schema, the defaults plan) are
    # filled once per process, by whichever test runs first. mutmut records which tests
    # reach each function and runs only those against its mutants, and it runs a mutant's
    # tests in a process that may have filled the caches with the original code. Emptied
    # before each test, the cached code runs in every test that needs it, mutated or not.
    if "MUTANT_UNDER_TEST" not in os.environ:
        return
    for name, module in list(sys.modules.items()):
        if name.startswith("stream_kernel."):
            for value in list(vars(module).values()):
                clear = getattr(value, "cache_clear", None)
                if callable(clear):
                    clear()


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


@pytest.fixture(scope="session")
def yaml_language_server() -> Iterator[LspClient]:
    """One yaml-language-server for the whole session (it starts in about half a second)."""
    package = node_package("yaml-language-server")
    client = LspClient(
        [node(), str(package / "bin" / "yaml-language-server"), "--stdio"],
        root=ROOT,
        settings=yaml_settings,
    )
    try:
        client.initialize(ROOT)
        yield client
    finally:
        client.shutdown()
