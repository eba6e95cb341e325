"""The error catalog: every code a contract defines, read from its schema, and the one
way to turn a code and a detail into a :class:`~stream_kernel.config.diagnostics.Diagnostic`."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from ._contracts import CONTRACTS, DEFAULT_CONTRACT, Contract
from .diagnostics import Diagnostic

__all__ = ["catalog", "catalog_diagnostic", "located_at_key"]


def catalog(contract: Contract = DEFAULT_CONTRACT) -> Mapping[str, Mapping[str, str]]:
    """Every code ``contract`` defines, with its title, severity, explanation, example and fix.

    The loader's codes (SK-CFG-3xx) read the same in every contract, so the loader uses
    the default contract's catalog.
    """
    return contract.catalog()


@cache
def located_at_key(code: str) -> bool:
    """Whether a diagnostic with ``code`` points at the key rather than at its value.

    A code keeps its meaning in every contract that has it (codes are never reused), so
    the first bundled contract that defines ``code`` answers for all of them.
    """
    for contract in CONTRACTS.values():
        entry = contract.catalog().get(code)
        if entry is not None:
            return entry.get("located_at") == "key"
    return False


def catalog_diagnostic(  # noqa: PLR0913 - the position and contract are keywords
    code: str,
    detail: str,
    parts: tuple[object, ...] = (),
    *,
    contract: Contract = DEFAULT_CONTRACT,
    line: int | None = None,
    column: int | None = None,
) -> Diagnostic:
    """A diagnostic whose message leads with the code's catalog title and whose severity
    is the catalog's."""
    entry = contract.catalog()[code]
    return Diagnostic(
        code=code,
        path_parts=parts,
        message=f"{entry['title']}: {detail}",
        severity="warning" if entry["severity"] == "warning" else "error",
        line=line,
        column=column,
    )
