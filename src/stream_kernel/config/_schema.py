"""The bundled contract schema: read once, compiled once, resolved offline."""

from __future__ import annotations

import json
import numbers
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from ._keywords import bounded_keywords

if TYPE_CHECKING:
    # jsonschema takes longer to import than all the rest: only an invalid config needs it.
    from jsonschema import Draft7Validator
    from jsonschema.exceptions import ValidationError
    from referencing import Registry

__all__ = [
    "ANNOTATIONS",
    "BRANCHES",
    "CATALOG_KEYWORD",
    "CODE_KEYWORD",
    "SCHEMA_FILE",
    "UNDERSTOOD_KEYWORDS",
    "compile_validator",
    "contract_schema",
    "contract_validator",
    "guarded_validator",
    "is_real_number",
    "iter_subschemas",
    "rules_view",
    "schema_text",
    "type_names",
]

#: The one schema file of contract v1; it ships inside the package.
SCHEMA_FILE: Final = "runtime-config.v1.schema.json"

#: Annotation keyword that names, per validation keyword, the error code a rule raises.
CODE_KEYWORD: Final = "x-error-code"

#: Root annotation holding every code's title, severity, explanation, example and fix.
CATALOG_KEYWORD: Final = "x-error-catalog"

#: Keywords for people and editors only: they never change a verdict.
ANNOTATIONS: Final = frozenset(
    {
        "title",
        "description",
        "markdownDescription",
        "enumDescriptions",
        "markdownEnumDescriptions",
        "default",
        "examples",
        "defaultSnippets",
        "errorMessage",
        "deprecationMessage",
        "$comment",
        CATALOG_KEYWORD,
    }
)

#: The conditional keywords: ``if`` chooses which of ``then`` and ``else`` applies.
BRANCHES: Final = ("if", "then", "else")

#: Every other keyword the contract schema may use: those the package reads itself
#: (the code annotation, ``writeOnly`` for the secret) and the validation keywords with
#: plain semantics. The compiled check compiles exactly these and the strategies know
#: how to satisfy and break exactly these, so one set serves both: a keyword added to
#: the schema and not here sends every document through jsonschema and makes the
#: strategies refuse to build, until both learn it.
UNDERSTOOD_KEYWORDS: Final = frozenset(
    {"$schema", "$id", CODE_KEYWORD, "writeOnly", *BRANCHES}
    | {"type", "enum", "const", "minimum", "maximum", "minLength"}
    | {"required", "properties", "additionalProperties"}
)


def type_names(declared: str | Iterable[str]) -> tuple[str, ...]:
    """The type names of a ``type`` keyword's value, which is one name or a list of them."""
    return (declared,) if isinstance(declared, str) else tuple(declared)


def schema_text() -> str:
    """The schema file exactly as shipped."""
    return resources.files(__package__).joinpath("schemas").joinpath(SCHEMA_FILE).read_text("utf-8")


@cache
def contract_schema() -> Mapping[str, Any]:
    """The parsed schema. Shared: never mutate it."""
    parsed: dict[str, Any] = json.loads(schema_text())
    return parsed


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
    for branch in BRANCHES:
        if branch in schema:
            yield from iter_subschemas(schema[branch], at, (*where, branch))


def rules_view(schema: Mapping[str, Any]) -> dict[str, Any]:
    """``schema`` without its annotations: the same verdicts, less for jsonschema to walk.

    jsonschema visits every keyword of every subschema it descends into, annotations
    included; the documented schema carries several per property.
    """
    view = {k: v for k, v in schema.items() if k not in ANNOTATIONS}
    if "properties" in view:
        view["properties"] = {name: rules_view(sub) for name, sub in view["properties"].items()}
    for branch in BRANCHES:
        if branch in view:
            view[branch] = rules_view(view[branch])
    return view


def is_real_number(value: object) -> bool:
    """The contract's ``number`` type: a real number, never a bool.

    Draft-07's checker takes any ``numbers.Number``, so a complex value would reach
    ``minimum`` and crash its comparison; JSON numbers are real.
    """
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _number_type(_checker: object, instance: object) -> bool:
    return is_real_number(instance)


_Keyword = Callable[[object, object, object, object], "Iterator[ValidationError]"]


class _ValidatorClasses(NamedTuple):
    """The contract's validator classes (jsonschema's, so typed ``Any`` here)."""

    contract: Any  # draft-07 with the contract's type checker (real numbers only)
    guarded: Any  # the same, turning a failure inside a keyword into an error of it


@cache
def _classes() -> _ValidatorClasses:
    """The contract's validator class and its guarded twin, made on first use."""
    from jsonschema import Draft7Validator, validators  # noqa: PLC0415 - see TYPE_CHECKING
    from jsonschema.exceptions import ValidationError  # noqa: PLC0415

    # Keywords whose messages never render the instance: a shared (aliased) value can be
    # small as YAML and enormous as text (see _keywords).
    contract = validators.extend(  # type: ignore[no-untyped-call]
        Draft7Validator,
        validators=dict(bounded_keywords()),
        type_checker=Draft7Validator.TYPE_CHECKER.redefine("number", _number_type),
    )

    def guard(keyword: _Keyword) -> _Keyword:
        def guarded(
            validator: object, value: object, instance: object, schema: object
        ) -> Iterator[ValidationError]:
            try:
                yield from keyword(validator, value, instance, schema)
            except RecursionError:
                raise
            except Exception:  # noqa: BLE001 - see guarded_validator
                yield ValidationError("the value could not be compared or shown")

        return guarded

    # A caller's object whose __eq__ (or a keyword's other dunder) raises fails inside
    # iter_errors. The guarded class turns such a failure into an ordinary error of that
    # keyword; our own messages never use jsonschema's text.
    guarded = validators.extend(  # type: ignore[no-untyped-call]
        contract, validators={name: guard(fn) for name, fn in contract.VALIDATORS.items()}
    )
    return _ValidatorClasses(contract=contract, guarded=guarded)


def _registry(schema: Mapping[str, Any]) -> Registry[Any]:
    from referencing import Registry  # noqa: PLC0415
    from referencing.jsonschema import DRAFT7  # noqa: PLC0415

    resource = DRAFT7.create_resource(schema)
    registry: Registry[Any] = Registry().with_resource(schema.get("$id", ""), resource)
    return registry


def compile_validator(schema: Mapping[str, Any]) -> Draft7Validator:
    """A draft-07 validator whose registry holds only ``schema`` itself.

    The registry has no ``retrieve`` function, so a ``$ref`` to anything outside the
    schema fails with ``referencing.exceptions.Unresolvable`` instead of reaching the
    network (jsonschema's default registry would fetch remote references).
    """
    validator: Draft7Validator = _classes().contract(schema, registry=_registry(schema))
    return validator


@cache
def contract_validator() -> Draft7Validator:
    """The compiled contract validator (rules only), built once per process."""
    return compile_validator(rules_view(contract_schema()))


@cache
def guarded_validator() -> Draft7Validator:
    """The contract validator for values that break jsonschema's message formatting."""
    schema = rules_view(contract_schema())
    validator: Draft7Validator = _classes().guarded(schema, registry=_registry(schema))
    return validator
