"""The defaults post-pass: fills a valid document from the schema's ``default`` values.

Nothing here restates a default: the plan is read from the schema, including the
``if``/``then``/``else`` branches that make the kdf default depend on the secret mode.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Final

from ._compiled import compile_predicate
from ._copy import json_copy
from ._schema import contract_schema

__all__ = ["defaults_filler", "fill_defaults"]

_ABSENT: Final = object()

#: Annotation on a property without ``default``: the name of a sibling property whose
#: value, once the block's other defaults are filled in, is this property's default.
DEFAULT_FROM: Final = "x-default-from"


@dataclass(frozen=True, slots=True)
class _FieldPlan:
    """What the post-pass does for one key of a block."""

    name: str
    default: object  # _ABSENT when the schema declares none
    integer: bool  # declared "type": "integer": an integral float becomes an int
    block: _BlockPlan | None  # the plan for the value, when the field is a block itself
    default_from: str | None = None  # x-default-from: a sibling whose value is the default


@dataclass(frozen=True, slots=True)
class _BlockPlan:
    """What the post-pass does for one mapping: its fields, then its conditional branch."""

    fields: tuple[_FieldPlan, ...]
    condition: Callable[[object], bool] | None  # the block's `if`, compiled
    then: _BlockPlan | None
    otherwise: _BlockPlan | None


def _plan(schema: Mapping[str, Any]) -> _BlockPlan | None:
    properties: Mapping[str, Mapping[str, Any]] = schema.get("properties", {})
    fields = tuple(
        _FieldPlan(
            name=name,
            default=sub.get("default", _ABSENT),
            integer=sub.get("type") == "integer",
            block=_plan(sub),
            default_from=sub.get(DEFAULT_FROM),
        )
        for name, sub in properties.items()
    )
    then = _plan(schema.get("then", {})) if "if" in schema else None
    otherwise = _plan(schema.get("else", {})) if "if" in schema else None
    # A condition whose branches fill nothing (the BOOT-CFG-05 rule) is never evaluated.
    # Compiled to closures with jsonschema's semantics, without importing jsonschema.
    condition = compile_predicate(schema["if"]) if then or otherwise else None
    if condition is None and not any(
        f.block or f.integer or f.default is not _ABSENT or f.default_from for f in fields
    ):
        return None
    return _BlockPlan(fields, condition, then, otherwise)


@cache
def _contract_plan() -> _BlockPlan:
    plan = _plan(contract_schema())
    assert plan is not None, "the contract schema declares properties"
    return plan


def _fill(mapping: dict[Any, Any], plan: _BlockPlan) -> None:
    for spec in plan.fields:
        value = mapping.get(spec.name, _ABSENT)
        if value is None or value is _ABSENT:
            # Only blocks may be null in a valid document, and an empty block means absent;
            # a null block with a default is filled where it stands, keeping the key order.
            if spec.default is not _ABSENT:
                value = mapping[spec.name] = json_copy(spec.default)
            elif value is None:
                del mapping[spec.name]
                continue
            else:
                continue
        if spec.block is not None and type(value) is dict:
            # The copy keeps aliased branches shared: fill a block of its own, so that
            # another place referring to the same mapping stays as it was written.
            value = mapping[spec.name] = dict(value)
            _fill(value, spec.block)
        elif spec.integer and isinstance(value, float):
            mapping[spec.name] = int(value)
    for spec in plan.fields:
        if spec.default_from is not None and spec.default_from in mapping:
            mapping.setdefault(spec.name, json_copy(mapping[spec.default_from]))
    if plan.condition is not None:
        branch = plan.then if plan.condition(mapping) else plan.otherwise
        if branch is not None:
            _fill(mapping, branch)


def fill_defaults(document: dict[Any, Any]) -> None:
    """Fill ``document`` (already valid, already a private copy) in place."""
    _fill(document, _contract_plan())


def defaults_filler(schema: Mapping[str, Any]) -> Callable[[dict[Any, Any]], None]:
    """The defaults pass planned from any schema of the same shape (no ``$ref`` left).

    For tools that compare contracts: each schema gets its own plan, built once here.
    """
    plan = _plan(schema)

    def fill(document: dict[Any, Any]) -> None:
        if plan is not None:
            _fill(document, plan)

    return fill
