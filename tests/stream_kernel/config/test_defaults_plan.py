"""The defaults post-pass reads any schema built from properties, defaults and
if/then/else, not only today's contract: a later contract version relies on that.

These schemas are small and made up; each exercises one shape that the contract
schema does not have today.
"""

from __future__ import annotations

from typing import Any

from stream_kernel.config._defaults import _fill, _Planner


def filled(schema: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:
    plan = _Planner(schema, finite=False).plan(schema)
    assert plan is not None
    _fill(document, plan)
    return document


def test_an_if_with_only_an_else_fills_the_else_default() -> None:
    schema = {
        "properties": {"kind": {}},
        "if": {"properties": {"kind": {"const": "a"}}, "required": ["kind"]},
        "else": {"properties": {"size": {"default": 1}}},
    }

    assert filled(schema, {"kind": "b"}) == {"kind": "b", "size": 1}
    assert filled(schema, {"kind": "a"}) == {"kind": "a"}


def test_an_if_with_only_a_then_fills_the_then_default() -> None:
    schema = {
        "properties": {"kind": {}},
        "if": {"properties": {"kind": {"const": "a"}}, "required": ["kind"]},
        "then": {"properties": {"size": {"default": 2}}},
    }

    assert filled(schema, {"kind": "a"}) == {"kind": "a", "size": 2}
    assert filled(schema, {"kind": "b"}) == {"kind": "b"}


def test_a_condition_on_a_block_without_properties_is_kept() -> None:
    schema = {"if": {"required": ["kind"]}, "then": {"properties": {"size": {"default": 8}}}}

    assert filled(schema, {"kind": 1}) == {"kind": 1, "size": 8}
    assert filled(schema, {}) == {}


def test_a_condition_on_a_type_is_evaluated() -> None:
    schema = {
        "properties": {"kind": {}},
        "if": {"properties": {"kind": {"type": "string"}}},
        "then": {"properties": {"size": {"default": 3}}},
        "else": {"properties": {"size": {"default": 4}}},
    }

    assert filled(schema, {"kind": "x"})["size"] == 3
    assert filled(schema, {"kind": 5})["size"] == 4


def test_a_block_whose_only_defaults_are_nested_is_filled() -> None:
    schema = {"properties": {"outer": {"properties": {"inner": {"default": 5}}}}}

    assert filled(schema, {"outer": {}}) == {"outer": {"inner": 5}}


def test_fields_after_an_empty_block_without_a_default_are_still_filled() -> None:
    schema = {"properties": {"block": {"type": ["object", "null"]}, "after": {"default": 6}}}

    assert filled(schema, {"block": None}) == {"after": 6}


def test_a_mapping_in_a_field_without_a_plan_is_left_alone() -> None:
    schema = {"properties": {"free": {}, "after": {"default": 7}}}

    assert filled(schema, {"free": {"k": None}}) == {"free": {"k": None}, "after": 7}


def test_only_integer_fields_turn_integral_floats_into_ints() -> None:
    schema = {"properties": {"number": {"type": "number"}, "count": {"type": "integer"}}}

    document = filled(schema, {"number": 2.0, "count": 3.0})

    assert repr(document) == repr({"number": 2.0, "count": 3})
