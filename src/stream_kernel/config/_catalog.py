"""The error catalog: every code a contract defines, read from its schema, with the codes
of the tool catalog beside the schemas; and the one way to turn a code and a detail into
a :class:`~stream_kernel.config.diagnostics.Diagnostic`.

The codes of contract evolution (``SK-DIFF-NNN``, what ``diff`` reports between two
contracts) are a catalog of their own, in a package data file beside the schemas: they
describe schemas, not configs, and the released v1 schema is never edited to add them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from fnmatch import fnmatchcase
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Final

from ._contracts import CONTRACTS, DEFAULT_CONTRACT, Contract
from ._schema import CATALOG_KEYWORD
from .diagnostics import Diagnostic

if TYPE_CHECKING:
    # A folder of package data (importlib.resources.abc from Python 3.11 on).
    from importlib.abc import Traversable

__all__ = [
    "EVOLUTION_CATALOG_FILE",
    "HELP_URI",
    "TOOL_CATALOGS",
    "catalog",
    "catalog_diagnostic",
    "combined_catalog",
    "contracts_defining",
    "evolution_catalog",
    "explanation",
    "help_uri",
    "located_at_key",
    "merged_catalogs",
    "tool_catalog",
]

#: Where each code's catalog entry is documented, by code.
HELP_URI: Final = "https://stream-kernel.dev/config/codes/{code}"

#: The catalog of the contract diff's finding codes, shipped beside the schemas.
EVOLUTION_CATALOG_FILE: Final = "evolution-catalog.json"

#: The files beside the schemas that hold codes a config can get from no contract (the
#: checking tool's own), each under ``x-error-catalog`` as a schema holds its codes.
#: Neither ``catalog.json`` (the SchemaStore entry) nor the contract diff's catalog
#: (codes about schemas, not configs) match.
TOOL_CATALOGS: Final = "tool-catalog*.json"

_Catalog = Mapping[str, Mapping[str, str]]


def merged_catalogs(folder: Traversable) -> _Catalog:
    """Every code of the tool catalog files in ``folder``, taken in file-name order.

    :raises ValueError: two files define the same code (a code has one meaning).
    """
    files = sorted(
        (f for f in folder.iterdir() if f.is_file() and fnmatchcase(f.name, TOOL_CATALOGS)),
        key=lambda f: f.name,
    )
    merged: dict[str, Mapping[str, str]] = {}
    for file in files:
        entries: _Catalog = json.loads(file.read_text("utf-8"))[CATALOG_KEYWORD]
        if twice := sorted(set(merged) & set(entries)):
            raise ValueError(f"{file.name} defines codes defined before it: {', '.join(twice)}")
        merged.update(entries)
    return merged


@cache
def tool_catalog() -> _Catalog:
    """Every code of the tool catalogs shipped beside the schemas."""
    return merged_catalogs(resources.files(__package__).joinpath("schemas"))


@cache
def catalog(contract: Contract = DEFAULT_CONTRACT) -> _Catalog:
    """Every code ``contract`` defines, with its title, severity, explanation, example and
    fix, and then the tool catalogs' codes, which belong to no contract.

    The loader's codes (SK-CFG-3xx) read the same in every contract, so the loader uses
    the default contract's catalog.
    """
    return {**contract.catalog(), **tool_catalog()}


def combined_catalog(contracts: Iterable[Contract] = ()) -> _Catalog:
    """Every code of ``contracts`` (every bundled contract, the default first, when none
    are given), each with the entry of the first contract that defines it, and then the
    tool catalogs' codes.

    A code means the same in every contract; its wording may name what a contract adds,
    so the first contract's wording is the one shown.
    """
    chosen = list(contracts) or [DEFAULT_CONTRACT, *CONTRACTS.values()]
    merged: dict[str, Mapping[str, str]] = {}
    for contract in chosen:
        for code, entry in contract.catalog().items():
            merged.setdefault(code, entry)
    return {**merged, **tool_catalog()}


def contracts_defining(code: str) -> tuple[str, ...]:
    """The names of the bundled contracts whose schema defines ``code`` (none for a code of
    the tool catalogs, which belong to no contract)."""
    return tuple(name for name, contract in CONTRACTS.items() if code in contract.catalog())


@cache
def located_at_key(code: str) -> bool:
    """Whether a diagnostic with ``code`` points at the key rather than at its value.

    A code keeps its meaning in every contract that has it (codes are never reused), so
    the first bundled contract that defines ``code`` answers for all of them.
    """
    for contract in CONTRACTS.values():
        entry = catalog(contract).get(code)
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
    entry = catalog(contract)[code]
    return Diagnostic(
        code=code,
        path_parts=parts,
        message=f"{entry['title']}: {detail}",
        severity="warning" if entry["severity"] == "warning" else "error",
        line=line,
        column=column,
    )


@cache
def evolution_catalog() -> _Catalog:
    """Every finding code of the contract diff, with the same fields as :func:`catalog`.

    Separate from :func:`catalog` (which lists the codes a config can get); a command that
    explains any code looks in both.
    """
    text = resources.files(__package__).joinpath("schemas").joinpath(EVOLUTION_CATALOG_FILE)
    entries: _Catalog = json.loads(text.read_text("utf-8"))["codes"]
    return entries


def explanation(code: str, entry: Mapping[str, str] | None = None) -> str:
    """What ``code`` means, why it matters, an example and the fix, and where it belongs,
    as plain text (what ``stream-kernel-config explain`` prints; it reads as Markdown too).

    ``entry`` is the wording to show (a contract's); by default the first contract's that
    defines ``code``. The contract diff's codes describe a change to a schema: their
    example is one, not a failing config.

    :raises KeyError: no catalog defines ``code``.
    """
    if code in evolution_catalog() and code not in combined_catalog():
        entry, shows = entry or evolution_catalog()[code], "Example"
        where = "A code of the contract comparison (diff), not of a config."
    else:
        entry, shows = entry or combined_catalog()[code], "Fails"
        defining = contracts_defining(code)
        where = (
            f"In contracts: {', '.join(defining)}."
            if defining
            else "A code of the checking tool, whatever the contract."
        )
    example = "".join(f"    {line}\n" for line in entry["example"].splitlines())
    return (
        f"{code}: {entry['title']} ({entry['severity']})\n\n"
        f"{entry['explanation']}\n\n"
        f"{shows}:\n\n{example}\n"
        f"Fix: {entry['fix']}\n\n"
        f"{where}\n"
    )


def help_uri(code: str) -> str:
    """The address of ``code``'s documentation, for tools that link to it."""
    return HELP_URI.format(code=code)
