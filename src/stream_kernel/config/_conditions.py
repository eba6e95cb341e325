"""Fast predicates for the schema's ``if`` subschemas, used by the defaults post-pass.

jsonschema spends about 5 us building sub-validators for even a one-property ``if``;
the post-pass evaluates one per normalized document, which alone was a fifth of the
performance budget. The ``if`` subschemas of the contract use a handful of keywords
with plain semantics, so they compile to closures here. Any other keyword, or a
non-string ``const``/``enum``, falls back to jsonschema itself: the verdict is always
jsonschema's (a property test holds the two to agreement).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jsonschema import Draft7Validator

from ._fast import all_of, properties_hold
from ._schema import ANNOTATIONS

__all__ = ["Predicate", "compile_condition"]

Predicate = Callable[[object], bool]

_SIMPLE = frozenset({"properties", "required", "const", "enum", "type"})


def _all_strings(values: object) -> bool:
    return isinstance(values, list) and all(isinstance(v, str) for v in values)


def _compilable(schema: Mapping[str, Any]) -> bool:
    if not set(schema) - ANNOTATIONS <= _SIMPLE:
        return False
    if "const" in schema and not isinstance(schema["const"], str):
        return False
    if "enum" in schema and not _all_strings(schema["enum"]):
        return False
    properties = schema.get("properties", {})
    return all(isinstance(s, Mapping) and _compilable(s) for s in properties.values())


def _compile(schema: Mapping[str, Any], validator: Draft7Validator) -> Predicate:
    checks: list[Predicate] = []
    if "type" in schema:
        declared = schema["type"]
        wanted = [declared] if isinstance(declared, str) else list(declared)
        is_type = validator.is_type
        checks.append(lambda v: any(is_type(v, t) for t in wanted))
    if "const" in schema or "enum" in schema:
        # jsonschema compares with == whenever one side is a string, as these all are.
        allowed = tuple([schema["const"]] if "const" in schema else schema["enum"])
        if len(allowed) == 1:
            (only,) = allowed
            checks.append(lambda v: bool(v == only))
        else:
            checks.append(lambda v: any(v == a for a in allowed))
    if "required" in schema:
        names = tuple(schema["required"])
        checks.append(lambda v: not isinstance(v, dict) or all(n in v for n in names))
    if "properties" in schema:
        subs = tuple((n, _compile(s, validator)) for n, s in schema["properties"].items())
        checks.append(lambda v: not isinstance(v, dict) or properties_hold(v, subs))
    return all_of(tuple(checks))


def compile_condition(schema: Mapping[str, Any], validator: Draft7Validator) -> Predicate:
    """A predicate equal to ``validator.is_valid`` (``validator`` is compiled from ``schema``)."""
    if _compilable(schema):
        return _compile(schema, validator)
    return validator.is_valid
