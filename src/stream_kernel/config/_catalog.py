"""The error catalog: every code a contract defines, read from its schema, and the one
way to turn a code and a detail into a :class:`~stream_kernel.config.diagnostics.Diagnostic`.

The codes of contract evolution (``SK-DIFF-NNN``, what ``diff`` reports between two
contracts) are a catalog of their own, in a package data file beside the schema: they
describe schemas, not configs, and the released v1 schema is never edited to add them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Final

from ._contracts import CONTRACTS, DEFAULT_CONTRACT, Contract
from .diagnostics import Diagnostic

__all__ = [
    "EVOLUTION_CATALOG_FILE",
    "HELP_URI",
    "catalog",
    "catalog_diagnostic",
    "evolution_catalog",
    "explanation",
    "help_uri",
    "located_at_key",
]

#: Where each code's catalog entry is documented, by code.
HELP_URI: Final = "https://stream-kernel.dev/config/codes/{code}"

#: The catalog of the contract diff's finding codes, shipped beside the schema.
EVOLUTION_CATALOG_FILE: Final = "evolution-catalog.json"


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


@cache
def evolution_catalog() -> Mapping[str, Mapping[str, str]]:
    """Every finding code of the contract diff, with the same fields as :func:`catalog`.

    Separate from :func:`catalog` (which lists the codes a config can get); a command that
    explains any code looks in both.
    """
    text = resources.files(__package__).joinpath("schemas").joinpath(EVOLUTION_CATALOG_FILE)
    entries: Mapping[str, Mapping[str, str]] = json.loads(text.read_text("utf-8"))["codes"]
    return entries


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


def explanation(code: str) -> str:
    """What ``code`` means, why it matters, a failing example and the fix, as plain text
    (what ``stream-kernel-config explain`` prints; it reads as Markdown too).

    ``code`` is a config's code or a contract diff's: the diff's example is a change to
    a schema, not a failing config.
    """
    entry, shows = (
        (catalog()[code], "Fails")
        if code in catalog()
        else (
            evolution_catalog()[code],
            "Example",
        )
    )
    example = "".join(f"    {line}\n" for line in entry["example"].splitlines())
    return (
        f"{code}: {entry['title']} ({entry['severity']})\n\n"
        f"{entry['explanation']}\n\n"
        f"{shows}:\n\n{example}\n"
        f"Fix: {entry['fix']}\n"
    )


def help_uri(code: str) -> str:
    """The address of ``code``'s documentation, for tools that link to it."""
    return HELP_URI.format(code=code)
