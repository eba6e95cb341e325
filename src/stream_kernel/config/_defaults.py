"""The defaults post-pass: fills a valid document from the schema's ``default`` values.

Nothing here restates a default: the plan is read from the contract's schema, once per
contract. What the schema says, and how the pass reads it:

- a property's ``default`` fills it when it is absent or empty (null); a block is then
  filled in turn (a ``$ref`` is followed to the schema it names);
- the ``then``/``else`` of an ``if`` on a block hold the defaults that depend on other
  values (the kdf on the secret mode; in v2 the port on the transport, and the
  bootstrap mode on the process groups, one level up): the ``if`` is evaluated once the
  block's own fields are filled, and the chosen branch is filled like a block; so is
  every item of an ``allOf``;
- ``additionalProperties`` as a schema makes the block a map (v2's ``per_group``): each
  entry not declared in ``properties`` is filled with that schema's plan, and an empty
  (null) entry with no default is no entry: it is removed, as an empty block is;
- ``x-default-from`` on a property without a ``default`` names a sibling: once the
  block is otherwise filled, an absent property gets a copy of that sibling's value
  (absent when the sibling is).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Final

from ._compiled import compile_predicate
from ._contracts import Contract
from ._copy import json_copy
from ._schema import DEFAULT_FROM_KEYWORD, resolve_ref

__all__ = ["fill_defaults"]

_ABSENT: Final = object()


@dataclass(frozen=True, slots=True)
class _FieldPlan:
    """What the post-pass does for one key of a block (or for every entry of a map)."""

    name: str
    default: object  # _ABSENT when the schema declares none
    integer: bool  # declared "type": "integer": an integral float becomes an int
    block: _BlockPlan | None  # the plan for the value, when the field is a block itself


@dataclass(frozen=True, slots=True)
class _BlockPlan:
    """What the post-pass does for one mapping: its fields, its map entries, then its
    conditional branch and its ``allOf`` items, then the defaults taken from siblings."""

    fields: tuple[_FieldPlan, ...]
    entries: _FieldPlan | None  # every key not among the fields (additionalProperties)
    declared: frozenset[str]  # the names of `properties`: keys that are not entries
    condition: Callable[[object], bool] | None  # the block's `if`, compiled
    then: _BlockPlan | None
    otherwise: _BlockPlan | None
    always: tuple[_BlockPlan, ...]  # the plans of the block's `allOf` items
    derived: tuple[tuple[str, str], ...]  # (field, the sibling whose value is its default)


class _Planner:
    """Reads the plan of one schema (``root``), following each ``$ref`` into it."""

    def __init__(self, root: Mapping[str, Any], *, finite: bool) -> None:
        self.root = root
        self.finite = finite
        self.following: list[tuple[str, ...]] = []

    def resolved(self, schema: Mapping[str, Any]) -> Mapping[str, Any]:
        while "$ref" in schema:
            where, schema = resolve_ref(self.root, schema["$ref"])
            if where in self.following:
                # A schema that contains itself could only be filled without end.
                raise ValueError(f"the defaults of a recursive $ref ({'/'.join(where)})")
        return schema

    def field(self, name: str, schema: Mapping[str, Any]) -> _FieldPlan:
        reference = schema.get("$ref")
        target = self.resolved(schema)
        if reference is not None:
            self.following.append(resolve_ref(self.root, reference)[0])
        try:
            block = self.plan(target)
        finally:
            if reference is not None:
                self.following.pop()
        return _FieldPlan(
            name=name,
            default=target.get("default", _ABSENT),
            integer=target.get("type") == "integer",
            block=block,
        )

    def plan(self, schema: Mapping[str, Any]) -> _BlockPlan | None:
        schema = self.resolved(schema)
        properties: Mapping[str, Mapping[str, Any]] = schema.get("properties", {})
        fields = tuple(self.field(name, sub) for name, sub in properties.items())
        others = schema.get("additionalProperties")
        entries = self.field("", others) if isinstance(others, Mapping) else None
        if entries is not None and not _acts(entries):
            entries = None
        then = self.plan(schema.get("then", {})) if "if" in schema else None
        otherwise = self.plan(schema.get("else", {})) if "if" in schema else None
        # A condition whose branches fill nothing (the BOOT-CFG-05 rule) is never evaluated.
        # Compiled to closures with jsonschema's semantics, without importing jsonschema.
        condition = (
            compile_predicate(schema["if"], root=self.root, finite=self.finite)
            if then or otherwise
            else None
        )
        always = tuple(p for p in map(self.plan, schema.get("allOf", ())) if p is not None)
        derived = tuple(
            (name, sub[DEFAULT_FROM_KEYWORD])
            for name, sub in ((n, self.resolved(s)) for n, s in properties.items())
            if DEFAULT_FROM_KEYWORD in sub
        )
        if not (condition or always or derived or entries or any(_acts(f) for f in fields)):
            return None
        return _BlockPlan(
            fields, entries, frozenset(properties), condition, then, otherwise, always, derived
        )


def _acts(spec: _FieldPlan) -> bool:
    return spec.block is not None or spec.integer or spec.default is not _ABSENT


@cache
def _contract_plan(contract: Contract) -> _BlockPlan:
    plan = _Planner(contract.schema(), finite=contract.finite_numbers).plan(contract.schema())
    assert plan is not None, "a contract schema declares properties"
    return plan


def _fill_value(mapping: dict[Any, Any], key: object, value: object, spec: _FieldPlan) -> None:
    """Fill one present key: ``value`` is ``mapping[key]``, or _ABSENT."""
    if value is None or value is _ABSENT:
        # Only blocks may be null in a valid document, and an empty block means absent;
        # a null block with a default is filled where it stands, keeping the key order.
        if spec.default is not _ABSENT:
            value = mapping[key] = json_copy(spec.default)
        elif value is None:
            del mapping[key]
            return
        else:
            return
    if spec.block is not None and type(value) is dict:
        _fill(value, spec.block)
    elif spec.integer and isinstance(value, float):
        mapping[key] = int(value)


def _fill(mapping: dict[Any, Any], plan: _BlockPlan) -> None:
    for spec in plan.fields:
        _fill_value(mapping, spec.name, mapping.get(spec.name, _ABSENT), spec)
    entries = plan.entries
    if entries is not None:
        for key, value in list(mapping.items()):
            if key not in plan.declared:
                _fill_value(mapping, key, value, entries)
    if plan.condition is not None:
        branch = plan.then if plan.condition(mapping) else plan.otherwise
        if branch is not None:
            _fill(mapping, branch)
    for item in plan.always:
        _fill(mapping, item)
    for name, source in plan.derived:
        if name not in mapping and source in mapping:
            mapping[name] = json_copy(mapping[source])


def fill_defaults(document: dict[Any, Any], contract: Contract) -> None:
    """Fill ``document`` (valid under ``contract``, already a private copy) in place."""
    _fill(document, _contract_plan(contract))
