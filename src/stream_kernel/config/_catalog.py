"""The error catalog: every code a contract defines, read from its schema, with the codes
of the tool catalogs beside the schemas; and the one way to turn a code and a detail into
a :class:`~stream_kernel.config.diagnostics.Diagnostic`."""

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
    "TOOL_CATALOGS",
    "catalog",
    "catalog_diagnostic",
    "combined_catalog",
    "contracts_defining",
    "located_at_key",
    "merged_catalogs",
    "tool_catalog",
]

#: The files beside the schemas that hold codes of no contract (the checking tool's own,
#: the contract comparison's), each under ``x-error-catalog`` as a schema holds its codes.
#: ``catalog.json`` (the SchemaStore entry) does not match.
TOOL_CATALOGS: Final = "*-catalog.json"

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
