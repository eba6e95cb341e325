"""Which name someone meant: the "did you mean" of every message, and what counts as a
near miss of a name the contract owns.

A suggestion is ranked by meaning before spelling. Config names are words joined by
``_``, so a name that shares a word with what was written comes first (``port`` means
``bind_port``, not the similarly spelt ``transport``); then the closer spelling; then
the alphabet, so the same input always gets the same answer.

>>> closest("port", ["transport", "bind_host", "bind_port", "max_payload_bytes", "auth"])
'bind_port'
>>> closest("hkdf-sha256", ["none", "hkdf_sha256"])
'hkdf_sha256'
>>> near_miss("platfrom", "platform"), near_miss("Execution-IPC", "execution_ipc")
(True, True)
>>> near_miss("kv", "kdf"), near_miss("readiness", "bootstrap")
(False, False)
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Final

__all__ = ["closest", "folded", "near_miss", "words"]

#: How alike two spellings must be (difflib's ratio) to suggest one for the other when
#: they share no word.
SIMILAR: Final = 0.6


def folded(name: str) -> str:
    """``name`` as a comparison sees it: case folded, ``-`` and spaces read as ``_``."""
    return name.casefold().replace("-", "_").replace(" ", "_")


def words(name: str) -> frozenset[str]:
    """The ``_``-separated words of ``name`` (after :func:`folded`), empty ones dropped."""
    return frozenset(w for w in folded(name).split("_") if w)


def closest(got: str, candidates: Iterable[str]) -> str | None:
    """The candidate ``got`` most likely meant, or ``None`` when none is close.

    The same name up to case and separators wins outright. Otherwise a candidate is
    close when it shares a word with ``got`` or is spelt alike; of those, more shared
    words first, then the closer spelling, then the alphabet.
    """
    names = sorted(set(candidates))
    key = folded(got)
    same = [name for name in names if folded(name) == key]
    if same:
        return same[0]
    wanted = words(got)
    ranked = []
    for name in names:
        shared = len(wanted & words(name))
        ratio = difflib.SequenceMatcher(None, key, folded(name)).ratio()
        if shared or ratio >= SIMILAR:
            ranked.append((-shared, -ratio, name))
    return min(ranked)[2] if ranked else None


def near_miss(got: str, name: str) -> bool:
    """Whether ``got`` is ``name`` misspelt: the same up to case and separators, or a
    few edits away (one for a name of 5 to 8 characters, two beyond; none below 5,
    where one edit makes another word: ``kv``, ``web``)."""
    a, b = folded(got), folded(name)
    if a == b:
        return True
    allowed = 0 if len(b) < 5 else 1 if len(b) <= 8 else 2
    return allowed > 0 and _edits(a, b, allowed) <= allowed


def _edits(a: str, b: str, most: int) -> int:
    """Edits from ``a`` to ``b`` (insert, delete, replace, swap two neighbours), counted
    up to ``most + 1``: the optimal-string-alignment distance, cut short."""
    if abs(len(a) - len(b)) > most:
        return most + 1
    before: list[int] | None = None
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(
                row[j] + 1,
                current[j - 1] + 1,
                row[j - 1] + (ca != cb),
            )
            if before is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], before[j - 2] + 1)
        before, row = row, current
        if min(row) > most:
            return most + 1
    return row[-1]
