"""What the schema says about each path it owns, gathered for hover and completion.

A path can be described in several places of the schema: its ``properties`` entry and
the ``then``/``else`` branches of a condition (the kdf default, the BOOT-CFG-05 rule).
This module collects them into one :class:`Field` per path; nothing here restates a
rule, a default or a code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from .._contracts import V1, Contract
from .._schema import CODE_KEYWORD, iter_subschemas

__all__ = ["Field", "field_at", "owned_fields"]


@dataclass(frozen=True, slots=True)
class Field:
    """One owned path: its documentation, defaults, allowed values, codes and children."""

    path: tuple[str, ...]
    title: str
    description: str
    defaults: tuple[object, ...]
    allowed: tuple[object, ...]
    allowed_descriptions: tuple[str, ...]
    codes: tuple[str, ...]
    children: tuple[str, ...]
    snippets: tuple[Mapping[str, Any], ...]
    types: tuple[str, ...]
    secret: bool

    @property
    def is_block(self) -> bool:
        """A mapping of settings (it has keys of its own)."""
        return bool(self.children)


def _types(declared: object) -> tuple[str, ...]:
    if isinstance(declared, str):
        return (declared,)
    return tuple(t for t in declared if isinstance(t, str)) if isinstance(declared, list) else ()


def _unique(values: list[Any]) -> tuple[Any, ...]:
    found: list[Any] = []
    for value in values:
        if value not in found:
            found.append(value)
    return tuple(found)


@cache
def owned_fields(contract: Contract = V1) -> Mapping[tuple[str, ...], Field]:
    """Every path ``contract``'s schema describes (the document root is ``()``).

    Kept per contract: a document is described by the contract it was checked with.
    """
    places: dict[tuple[str, ...], list[Mapping[str, Any]]] = {}
    tests: dict[tuple[str, ...], list[Mapping[str, Any]]] = {}
    for at, where, schema in iter_subschemas(contract.schema()):
        places.setdefault(at, []).append(schema)
        if "if" in where:
            tests.setdefault(at, []).append(schema)
    return {at: _field(at, schemas, tests.get(at, [])) for at, schemas in places.items()}


def _field(
    at: tuple[str, ...], schemas: list[Mapping[str, Any]], tests: list[Mapping[str, Any]]
) -> Field:
    # The `properties` entry documents the path; condition branches add defaults and codes.
    main = schemas[0]
    # A contract may hold the enum only in a condition's branches (v2's transport keeps
    # it in both, so that reserved names get a code of their own): those values then,
    # never an `if`'s, which only tests a value.
    allowed = list(main.get("enum", ())) or list(
        _unique([v for s in schemas if all(s is not t for t in tests) for v in s.get("enum", ())])
    )
    return Field(
        path=at,
        title=str(main.get("title", at[-1] if at else "")),
        description=str(main.get("markdownDescription") or main.get("description", "")),
        defaults=_unique([s["default"] for s in schemas if "default" in s]),
        allowed=tuple(allowed),
        allowed_descriptions=tuple(
            main.get("markdownEnumDescriptions") or main.get("enumDescriptions") or ()
        ),
        codes=_unique([c for s in schemas for c in s.get(CODE_KEYWORD, {}).values()]),
        children=_unique([name for s in schemas for name in s.get("properties", {})]),
        snippets=tuple(main.get("defaultSnippets", ())),
        types=_types(main.get("type", ())),
        secret=any(s.get("writeOnly") is True for s in schemas),
    )


def field_at(path: tuple[object, ...], contract: Contract = V1) -> Field | None:
    """The field at ``path``, or ``None`` where ``contract`` does not own it."""
    if not all(isinstance(part, str) for part in path):
        return None
    return owned_fields(contract).get(tuple(str(part) for part in path))
