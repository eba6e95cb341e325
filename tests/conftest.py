"""Suite-wide hooks: the Hypothesis profile every test runs under, and cache resets for
mutmut. Each folder's own fixtures and hooks are in its ``conftest.py``."""

from __future__ import annotations

import os
import sys

import pytest

from tests.support import profiles


def pytest_configure() -> None:
    # Before collection: a test's @settings takes its unset values from the loaded profile.
    profiles.load()


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
