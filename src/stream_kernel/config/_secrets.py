"""The secret's value is never shown, wherever in the document it turns up.

A diagnostic never renders the value of a ``writeOnly`` field, but the same value can
reach another field: a YAML alias (``kdf: *secret``) or a copy by hand. So, before any
message leaves the package, every rendering of the secret in it is replaced.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from functools import cache
from typing import Final

from ._contracts import Contract
from ._document import paths_matching, value_at
from ._messages import describe
from ._schema import iter_subschemas
from .diagnostics import Diagnostic

__all__ = ["HIDDEN", "redact", "secret_paths", "secret_renderings"]

HIDDEN: Final = "a value (hidden: it is the secret)"


@cache
def secret_paths(contract: Contract) -> frozenset[tuple[str, ...]]:
    """Where ``contract``'s schema puts a secret (``writeOnly``), wherever it is reached
    from (a ``$ref`` used in two blocks gives two paths; a map entry's key is ``ANY_KEY``)."""
    return frozenset(
        at for at, _, s in iter_subschemas(contract.schema()) if s.get("writeOnly") is True
    )


def secret_renderings(document: object, contract: Contract) -> set[str]:
    """How a message would show each secret in ``document`` (empty ones show nothing)."""
    found: set[str] = set()
    for path in (
        p for pattern in secret_paths(contract) for p in paths_matching(document, pattern)
    ):
        value = value_at(document, path)
        if isinstance(value, str) and value:
            found.add(describe(value))
            found.add(repr(value))
    return found


def redact(diagnostics: Iterable[Diagnostic], renderings: Iterable[str]) -> list[Diagnostic]:
    """``diagnostics`` with every rendering of a secret in their messages replaced."""
    shown = sorted(set(renderings), key=len, reverse=True)  # longest first: no partial leftovers
    if not shown:
        return list(diagnostics)
    cleaned = []
    for diagnostic in diagnostics:
        message = diagnostic.message
        for rendering in shown:
            message = message.replace(rendering, HIDDEN)
        cleaned.append(
            diagnostic if message == diagnostic.message else replace(diagnostic, message=message)
        )
    return cleaned
