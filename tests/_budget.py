"""How many examples each property runs: a short, fixed profile for ``make test``, a long
one for ``make fuzz``, and a count of what actually ran.

``SK_FUZZ=1`` selects the long profile (``make fuzz`` sets it). The short one is
derandomized: every run of the suite tries the same examples, so CI is reproducible
and a failure there is a failure on every machine.
"""

from __future__ import annotations

import functools
import os
from collections import Counter
from collections.abc import Callable
from typing import Final, ParamSpec

from hypothesis import settings

P = ParamSpec("P")

FUZZ: Final = os.environ.get("SK_FUZZ", "") not in ("", "0")

# deadline=None in both: the machine is shared with other jobs, so one slow example
# says nothing about the code (a timing deadline is not a health check).
settings.register_profile("sk-ci", derandomize=True, database=None, deadline=None)
settings.register_profile("sk-fuzz", deadline=None, print_blob=True)
settings.load_profile("sk-fuzz" if FUZZ else "sk-ci")

#: What the long profile runs at least, summed over the properties (issue 5).
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
