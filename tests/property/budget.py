"""How many examples each property runs (a short budget in ``make test``, a long one in
``make fuzz``), and a count of what actually ran, which ``conftest.py`` reports.

The profiles themselves (derandomized or not, no deadline) are the whole suite's:
``tests/support/profiles.py``.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable
from typing import Final, ParamSpec

from hypothesis import settings

from tests.support.profiles import FUZZ

__all__ = ["FUZZ", "FUZZ_TOTAL", "RAN", "budget", "counted"]

P = ParamSpec("P")

#: What the long profile runs at least, summed over the properties.
FUZZ_TOTAL: Final = 100_000

#: Test function name -> examples its body ran (generation, replays and shrinking alike).
RAN: Final[Counter[str]] = Counter()


def budget(*, ci: int, fuzz: int) -> settings:
    """Settings running ``ci`` examples in ``make test`` and ``fuzz`` in ``make fuzz``."""
    return settings(max_examples=fuzz if FUZZ else ci)


def counted(test: Callable[P, None]) -> Callable[P, None]:
    """Count the examples ``test`` runs (put it under ``@given``)."""

    @functools.wraps(test)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        RAN[test.__name__] += 1
        test(*args, **kwargs)

    return run
