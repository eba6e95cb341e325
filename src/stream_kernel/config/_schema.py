"""JSON Schema as the contracts use it: the keywords, the walk over subschemas, the
rules-only view, and validators compiled offline.

Which schema file a contract is, and what is read from it once, is ``_contracts.py``.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any, Final, NamedTuple
from urllib.parse import unquote

from ._document import ANY_KEY

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
    "DEFAULT_FROM_KEYWORD",
    "UNDERSTOOD_KEYWORDS",
    "UnresolvableRefError",
    "compile_guarded",
    "compile_validator",
    "is_finite_number",
    "is_real_number",
    "iter_subschemas",
    "number_type",
    "resolve_ref",
    "rules_view",
    "subschema_validator",
    "type_names",
]

#: Annotation keyword that names, per validation keyword, the error code a rule raises.
CODE_KEYWORD: Final = "x-error-code"

#: Root annotation holding every code's title, severity, explanation, example and fix.
CATALOG_KEYWORD: Final = "x-error-catalog"

#: Annotation on a property without a ``default``: the name of a sibling property whose
#: value, once the mapping's other defaults are filled in, is this property's default.
DEFAULT_FROM_KEYWORD: Final = "x-default-from"

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
        DEFAULT_FROM_KEYWORD,
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
    | {"type", "enum", "const", "minimum", "maximum", "exclusiveMinimum", "minLength"}
    | {"required", "properties", "additionalProperties", "propertyNames", "minItems"}
    | {"$ref", "definitions", "allOf", "anyOf", "not"}
)

# Keywords whose value is one subschema, a list of them, or a map of names to them: the
# places a walk over a schema descends into. ``additionalProperties`` only when a schema.
_ONE: Final = ("additionalProperties", "propertyNames", "not", *BRANCHES)
_LISTS: Final = ("allOf", "anyOf", "oneOf")
_MAPS: Final = ("properties", "definitions")


def type_names(declared: str | Iterable[str]) -> tuple[str, ...]:
    """The type names of a ``type`` keyword's value, which is one name or a list of them."""
    return (declared,) if isinstance(declared, str) else tuple(declared)


class UnresolvableRefError(ValueError):
    """A ``$ref`` that does not point into the schema that holds it."""


def resolve_ref(root: Mapping[str, Any], ref: str) -> tuple[tuple[str, ...], Mapping[str, Any]]:
    """The location and the subschema that ``ref`` (a JSON pointer into ``root``) names.

    Only references inside the same document are followed: ``#/...``, or the document's
    own ``$id`` followed by one. Anything else is not the contract's to fetch.

    >>> resolve_ref({"definitions": {"a/b": {"type": "string"}}}, "#/definitions/a~1b")
    (('definitions', 'a/b'), {'type': 'string'})

    :raises UnresolvableRefError: ``ref`` points elsewhere, or at nothing.
    """
    document, _, pointer = ref.partition("#")
    if document not in ("", root.get("$id", "")):
        raise UnresolvableRefError(f"{ref!r} points outside the schema")
    where: list[str] = []
    node: Any = root
    for raw in pointer.split("/")[1:] if pointer else ():
        part = unquote(raw).replace("~1", "/").replace("~0", "~")
        if isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        elif isinstance(node, Mapping) and part in node:
            node = node[part]
        else:
            raise UnresolvableRefError(f"{ref!r} points at nothing in the schema")
        where.append(part)
    if not isinstance(node, Mapping):
        raise UnresolvableRefError(f"{ref!r} does not point at a schema")
    return tuple(where), node


def iter_subschemas(
    schema: Mapping[str, Any],
    at: tuple[str, ...] = (),
    where: tuple[str, ...] = (),
    *,
    root: Mapping[str, Any] | None = None,
) -> Iterator[tuple[tuple[str, ...], tuple[str, ...], Mapping[str, Any]]]:
    """Every subschema that applies to some part of a document, with the instance path it
    applies to and its location in the schema.

    A ``$ref`` is followed into ``root`` (the whole schema; ``schema`` itself by default),
    and the location given is the target's, so a definition used in two blocks is seen
    at both paths; a reference back into itself is not followed again. ``definitions``
    apply nowhere by themselves and are reached only through references. A map's entries
    (``additionalProperties`` as a schema) and its keys (``propertyNames``) are at the
    path of an entry, with :data:`~stream_kernel.config._document.ANY_KEY` for its key.
    """
    yield from _walk(schema, at, where, schema if root is None else root, ())


def _walk(
    schema: Mapping[str, Any],
    at: tuple[str, ...],
    where: tuple[str, ...],
    root: Mapping[str, Any],
    following: tuple[tuple[str, ...], ...],
) -> Iterator[tuple[tuple[str, ...], tuple[str, ...], Mapping[str, Any]]]:
    if "$ref" in schema:
        # Draft-07: a reference replaces its siblings.
        target_at, target = resolve_ref(root, schema["$ref"])
        if target_at not in following:
            yield from _walk(target, at, target_at, root, (*following, target_at))
        return
    yield at, where, schema
    for name, sub in schema.get("properties", {}).items():
        yield from _walk(sub, (*at, name), (*where, "properties", name), root, following)
    for keyword in _ONE:
        sub = schema.get(keyword)
        if isinstance(sub, Mapping):
            inner = (*at, ANY_KEY) if keyword in ("additionalProperties", "propertyNames") else at
            yield from _walk(sub, inner, (*where, keyword), root, following)
    for keyword in _LISTS:
        for index, sub in enumerate(schema.get(keyword, ())):
            yield from _walk(sub, at, (*where, keyword, str(index)), root, following)


def rules_view(schema: Mapping[str, Any]) -> dict[str, Any]:
    """``schema`` without its annotations: the same verdicts, less for jsonschema to walk.

    jsonschema visits every keyword of every subschema it descends into, annotations
    included; the documented schema carries several per property. The structure is
    kept, so a ``$ref`` points at the same place in the view.
    """
    view = {k: v for k, v in schema.items() if k not in ANNOTATIONS}
    for keyword in _MAPS:
        if isinstance(view.get(keyword), Mapping):
            view[keyword] = {name: rules_view(sub) for name, sub in view[keyword].items()}
    for keyword in _ONE:
        if isinstance(view.get(keyword), Mapping):
            view[keyword] = rules_view(view[keyword])
    for keyword in _LISTS:
        if isinstance(view.get(keyword), list):
            view[keyword] = [rules_view(sub) for sub in view[keyword]]
    return view


def is_real_number(value: object) -> bool:
    """The contract's ``number`` type: a real number, never a bool.

    Draft-07's checker takes any ``numbers.Number``, so a complex value would reach
    ``minimum`` and crash its comparison; JSON numbers are real.
    """
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def is_finite_number(value: object) -> bool:
    """A contract's ``number`` type when it takes finite numbers only: a real number that
    JSON can write (YAML's ``.inf`` and ``.nan`` are not; no range keyword can refuse NaN,
    which fails no comparison). An int is finite whatever its size."""
    if isinstance(value, float):
        return math.isfinite(value)
    return is_real_number(value)


def number_type(*, finite: bool) -> Callable[[object], bool]:
    """The ``number`` type of a contract: finite numbers only, or any real number."""
    return is_finite_number if finite else is_real_number


_Keyword = Callable[[object, object, object, object], "Iterator[ValidationError]"]


class _ValidatorClasses(NamedTuple):
    """A contract's validator classes (jsonschema's, so typed ``Any`` here)."""

    contract: Any  # draft-07 with the contract's type checker (real numbers only)
    guarded: Any  # the same, turning a failure inside a keyword into an error of it


@cache
def _classes(*, finite: bool) -> _ValidatorClasses:
    """A contract's validator class and its guarded twin, made on first use."""
    from jsonschema import Draft7Validator, validators  # noqa: PLC0415 - see TYPE_CHECKING
    from jsonschema.exceptions import ValidationError  # noqa: PLC0415

    is_number = number_type(finite=finite)
    contract = validators.extend(  # type: ignore[no-untyped-call]
        Draft7Validator,
        type_checker=Draft7Validator.TYPE_CHECKER.redefine(
            "number", lambda _checker, instance: is_number(instance)
        ),
    )

    def guard(keyword: _Keyword) -> _Keyword:
        def guarded(
            validator: object, value: object, instance: object, schema: object
        ) -> Iterator[ValidationError]:
            try:
                yield from keyword(validator, value, instance, schema)
            except RecursionError:
                raise
            except Exception:  # noqa: BLE001 - see compile_guarded
                yield ValidationError("the value could not be compared or shown")

        return guarded

    # jsonschema formats every error message eagerly with repr(instance). For an int beyond
    # Python's 4300-digit str limit (reachable from YAML through hex literals) or a caller's
    # object whose __repr__ or __eq__ raises, that raises inside iter_errors. The guarded
    # class turns such a failure into an ordinary error of that keyword; our own messages
    # never use jsonschema's text.
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


def compile_validator(schema: Mapping[str, Any], *, finite: bool = False) -> Draft7Validator:
    """A draft-07 validator whose registry holds only ``schema`` itself.

    The registry has no ``retrieve`` function, so a ``$ref`` to anything outside the
    schema fails with ``referencing.exceptions.Unresolvable`` instead of reaching the
    network (jsonschema's default registry would fetch remote references). Each call
    makes a registry of its own: two schemas with the same ``$id`` never see each other.
    ``finite`` takes finite numbers only as ``number`` (:func:`is_finite_number`).
    """
    validator: Draft7Validator = _classes(finite=finite).contract(
        schema, registry=_registry(schema)
    )
    return validator


def compile_guarded(schema: Mapping[str, Any], *, finite: bool = False) -> Draft7Validator:
    """:func:`compile_validator`'s twin for values that break jsonschema's message
    formatting: a failure inside a keyword becomes an error of that keyword."""
    validator: Draft7Validator = _classes(finite=finite).guarded(schema, registry=_registry(schema))
    return validator


def subschema_validator(
    root: Mapping[str, Any], schema: Mapping[str, Any], *, finite: bool = False
) -> Draft7Validator:
    """A validator of ``schema``, a part of ``root`` whose references point into ``root``."""
    whole: Any = compile_validator(root, finite=finite)  # evolve() is typed as a protocol's
    validator: Draft7Validator = whole.evolve(schema=schema)
    return validator
