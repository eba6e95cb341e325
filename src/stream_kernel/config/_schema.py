"""The bundled contract schema: read once, compiled once, resolved offline."""

from __future__ import annotations

import json
import numbers
from collections.abc import Iterator, Mapping
from functools import cache
from importlib import resources
from typing import Any, Final

from jsonschema import Draft7Validator, validators
from referencing import Registry
from referencing.jsonschema import DRAFT7

__all__ = [
    "CODE_KEYWORD",
    "SCHEMA_FILE",
    "compile_validator",
    "contract_schema",
    "contract_validator",
    "iter_subschemas",
    "schema_text",
]

#: The one schema file of contract v1; it ships inside the package.
SCHEMA_FILE: Final = "runtime-config.v1.schema.json"

#: Annotation keyword that names, per validation keyword, the error code a rule raises.
CODE_KEYWORD: Final = "x-error-code"


def schema_text() -> str:
    """The schema file exactly as shipped."""
    return resources.files(__package__).joinpath("schemas").joinpath(SCHEMA_FILE).read_text("utf-8")


@cache
def contract_schema() -> Mapping[str, Any]:
    """The parsed schema. Shared: never mutate it."""
    parsed: dict[str, Any] = json.loads(schema_text())
    return parsed


def _is_real_number(_checker: object, instance: object) -> bool:
    # Draft-07's checker takes any numbers.Number, so a complex value would reach
    # `minimum` and crash its comparison; JSON numbers are real.
    return isinstance(instance, numbers.Real) and not isinstance(instance, bool)


# types-jsonschema leaves extend() unannotated.
_ContractValidator = validators.extend(  # type: ignore[no-untyped-call]
    Draft7Validator,
    type_checker=Draft7Validator.TYPE_CHECKER.redefine("number", _is_real_number),
)


def compile_validator(schema: Mapping[str, Any]) -> Draft7Validator:
    """A draft-07 validator whose registry holds only ``schema`` itself.

    The registry has no ``retrieve`` function, so a ``$ref`` to anything outside the
    schema fails with ``referencing.exceptions.Unresolvable`` instead of reaching the
    network (jsonschema's default registry would fetch remote references).
    """
    resource = DRAFT7.create_resource(schema)
    registry: Registry[Any] = Registry().with_resource(schema.get("$id", ""), resource)
    validator: Draft7Validator = _ContractValidator(schema, registry=registry)
    return validator


@cache
def contract_validator() -> Draft7Validator:
    """The compiled contract validator, built once per process."""
    return compile_validator(contract_schema())


_BRANCHES = ("if", "then", "else")


def iter_subschemas(
    schema: Mapping[str, Any], at: tuple[str, ...] = (), where: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], tuple[str, ...], Mapping[str, Any]]]:
    """Every subschema, with the instance path it applies to and its location in the schema.

    The contract schema composes only with ``properties`` and ``if``/``then``/``else``
    (no ``$ref``, no ``allOf``): a test holds it to that, so this walk sees every rule.
    """
    yield at, where, schema
    for name, sub in schema.get("properties", {}).items():
        yield from iter_subschemas(sub, (*at, name), (*where, "properties", name))
    for branch in _BRANCHES:
        if branch in schema:
            yield from iter_subschemas(schema[branch], at, (*where, branch))
