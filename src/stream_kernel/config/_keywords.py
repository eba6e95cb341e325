"""jsonschema keywords whose error messages never render the instance.

jsonschema formats every error message eagerly, with ``repr(instance)``. A YAML alias
shares one list or mapping between many places, so a 300-byte document can hold a value
whose ``repr`` is gigabytes long, and the ``if`` conditions of the contract build such
an error just to learn that a branch does not apply. Our diagnostics never use
jsonschema's text (``_messages`` builds its own from the error's data), so these keyword
functions decide exactly as jsonschema's do and say only which rule failed: the cost of
a check follows the document, not its expansion.

Each function has jsonschema's keyword signature ``(validator, rule, instance, schema)``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

__all__ = ["UNRENDERED", "bounded_keywords"]

_Errors = Iterator["ValidationError"]
_Keyword = Callable[[Any, Any, Any, Any], _Errors]


def bounded_keywords() -> Mapping[str, _Keyword]:
    """Keyword name -> function, for every keyword whose jsonschema message shows the instance
    that the contract schema uses (a test holds the schema to this set)."""
    # Imported here, like every jsonschema import: a valid config never needs it.
    from jsonschema import Draft7Validator  # noqa: PLC0415
    from jsonschema._utils import equal, find_additional_properties  # noqa: PLC0415 - its own rules
    from jsonschema.exceptions import ValidationError  # noqa: PLC0415

    descend_into_unknown_keys = Draft7Validator.VALIDATORS["additionalProperties"]

    def type_(validator: Any, types: Any, instance: Any, _: Any) -> _Errors:  # noqa: ANN401
        wanted = [types] if isinstance(types, str) else types
        if not any(validator.is_type(instance, kind) for kind in wanted):
            yield ValidationError(f"is not of type {', '.join(map(repr, wanted))}")

    def enum(_: Any, allowed: Any, instance: Any, __: Any) -> _Errors:  # noqa: ANN401
        # `equal` walks only as far as the allowed value, which is the schema's own data.
        if all(not equal(each, instance) for each in allowed):
            yield ValidationError("is not one of the allowed values")

    def const(_: Any, allowed: Any, instance: Any, __: Any) -> _Errors:  # noqa: ANN401
        if not equal(instance, allowed):
            yield ValidationError("is not the one allowed value")

    def additional(validator: Any, rule: Any, instance: Any, schema: Any) -> _Errors:  # noqa: ANN401
        if rule is not False:  # a schema for the other keys: jsonschema descends into them
            yield from descend_into_unknown_keys(validator, rule, instance, schema)
        elif validator.is_type(instance, "object"):
            # jsonschema's message would list every unknown key's repr; a key can be anything.
            for _ in find_additional_properties(instance, schema):
                yield ValidationError("has keys the schema does not allow")
                return

    def any_of(validator: Any, options: Any, instance: Any, _: Any) -> _Errors:  # noqa: ANN401
        # Like jsonschema's: the first option that holds settles it; otherwise every
        # option's errors are the context of one error that names no value.
        found = []
        for index, option in enumerate(options):
            errors = list(validator.descend(instance, option, schema_path=index))
            if not errors:
                return
            found.extend(errors)
        yield ValidationError("is not valid under any of the given schemas", context=found)

    def not_(validator: Any, negated: Any, instance: Any, _: Any) -> _Errors:  # noqa: ANN401
        if validator.evolve(schema=negated).is_valid(instance):
            yield ValidationError("is valid under a schema it must not match")

    def bound(kind: str, fails: Callable[[Any, Any], bool], words: str) -> _Keyword:
        def keyword(validator: Any, limit: Any, instance: Any, _: Any) -> _Errors:  # noqa: ANN401
            if validator.is_type(instance, kind) and fails(instance, limit):
                yield ValidationError(f"{words} {limit!r}")

        return keyword

    return {
        "type": type_,
        "enum": enum,
        "const": const,
        "additionalProperties": additional,
        "minimum": bound("number", lambda v, limit: v < limit, "is less than the minimum of"),
        "maximum": bound("number", lambda v, limit: v > limit, "is more than the maximum of"),
        "exclusiveMinimum": bound("number", lambda v, limit: v <= limit, "is not above"),
        "exclusiveMaximum": bound("number", lambda v, limit: v >= limit, "is not below"),
        "minLength": bound("string", lambda v, limit: len(v) < limit, "is shorter than"),
        "minItems": bound("array", lambda v, limit: len(v) < limit, "has fewer items than"),
        "anyOf": any_of,
        "not": not_,
        "maxLength": bound("string", lambda v, limit: len(v) > limit, "is longer than"),
    }


#: Keywords whose jsonschema messages name only schema data (a property name) or that
#: only descend: they need no bounded twin.
UNRENDERED: Final = frozenset(
    {
        "properties",
        "required",
        "if",
        "then",
        "else",
        "$ref",
        "allOf",
        "propertyNames",
        "definitions",
    }
)
