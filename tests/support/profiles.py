"""The suite's Hypothesis profiles: a short, fixed one for ``make test``, a long one for
``make fuzz``.

``SK_FUZZ=1`` selects the long profile (``make fuzz`` sets it). The short one is
derandomized: every run of the suite tries the same examples, so CI is reproducible
and a failure there is a failure on every machine. Every test that uses Hypothesis runs
under the profile loaded here (``tests/conftest.py`` loads it before collection).
"""

from __future__ import annotations

import os
from typing import Final

from hypothesis import settings

__all__ = ["FUZZ", "load"]

#: Whether this run uses the long profile.
FUZZ: Final = os.environ.get("SK_FUZZ", "") not in ("", "0")


def load() -> None:
    """Register both profiles and load the one this run asked for."""
    # deadline=None in both: the machine is shared with other jobs, so one slow example
    # says nothing about the code (a timing deadline is not a health check).
    settings.register_profile("sk-ci", derandomize=True, database=None, deadline=None)
    settings.register_profile("sk-fuzz", deadline=None, print_blob=True)
    settings.load_profile("sk-fuzz" if FUZZ else "sk-ci")
