"""A contract schema with its ``$ref`` s written out in place: one tree to walk.

Contract schemas share blocks through ``definitions`` (the same block under two paths).
Tools that walk a schema by instance path (the defaults plan, the contract diff) need
each block where it applies. Only references inside the schema itself are followed:
nothing is fetched, and two schemas with the same ``$id`` never meet in one registry.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

__all__ = ["UnsupportedSchemaError", "inline_refs"]

# Keywords that only hold reference targets: once every reference is written out, the
# targets are no longer needed where they were declared.
_TARGETS: Final = frozenset({"definitions", "$defs"})

# Where draft-07 puts subschemas; every other keyword's value is data ("enum", "default",
# annotations), where a "$ref" key is only a key.
_NAMED: Final = frozenset({"properties", "patternProperties", "dependencies"})
_ONE: Final = frozenset(
    {"additionalProperties", "additionalItems", "items", "contains", "propertyNames"}
    | {"if", "then", "else", "not"}
)
_MANY: Final = frozenset({"allOf", "anyOf", "oneOf", "items"})


class UnsupportedSchemaError(ValueError):
    """The schema uses something a schema-walking tool cannot follow; the message says what."""


def _pointer(root: Mapping[str, Any], ref: str) -> Any:  # noqa: ANN401 - any schema value
    if not ref.startswith("#"):
        raise UnsupportedSchemaError(f"$ref {ref!r} leaves the schema; only '#/...' is followed")
    node: Any = root
    for raw in filter(None, ref[1:].split("/")):
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, Mapping) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            raise UnsupportedSchemaError(f"$ref {ref!r} names nothing in the schema")
    return node


def _schema(root: Mapping[str, Any], value: object, seen: tuple[str, ...]) -> Any:  # noqa: ANN401
    if not isinstance(value, Mapping):
        return value  # a boolean schema
    ref = value.get("$ref")
    if isinstance(ref, str):
        if ref in seen:
            raise UnsupportedSchemaError(f"$ref {ref!r} refers to itself: {' -> '.join(seen)}")
        # Draft-07: a $ref replaces its whole subschema; keywords beside it are ignored.
        return _schema(root, _pointer(root, ref), (*seen, ref))
    out: dict[str, Any] = {}
    for key, sub in value.items():
        if key in _TARGETS and value is root:
            continue
        if key in _NAMED and isinstance(sub, Mapping):
            out[key] = {name: _schema(root, s, seen) for name, s in sub.items()}
        elif key in _MANY and isinstance(sub, list):
            out[key] = [_schema(root, s, seen) for s in sub]
        elif key in _ONE:
            out[key] = _schema(root, sub, seen)
        else:
            out[key] = sub
    return out


def inline_refs(schema: Mapping[str, Any]) -> dict[str, Any]:
    """A new schema with every ``$ref`` replaced by what it points at; ``schema`` is unchanged.

    Raises :class:`UnsupportedSchemaError` for a reference outside the schema, to
    nothing, or to itself (a recursive block has no finite tree).
    """
    inlined: dict[str, Any] = _schema(schema, schema, ())
    return inlined
