"""The defaults post-pass reads any schema built from properties, defaults and
if/then/else, not only today's contract: a later contract version relies on that.

These schemas are small and made up; each exercises one shape that the contract
schema does not have today.
"""

from __future__ import annotations

from typing import Any

import pytest

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


def test_a_reference_is_followed_to_its_defaults() -> None:
    schema = {
        "definitions": {"port": {"type": "integer", "default": 9}},
        "properties": {"a": {"$ref": "#/definitions/port"}, "b": {"$ref": "#/definitions/port"}},
    }

    document = filled(schema, {"b": 3.0})

    assert repr(document) == repr({"b": 3, "a": 9})


def test_a_map_fills_every_entry_and_drops_the_empty_ones() -> None:
    entry = {"type": ["object", "null"], "properties": {"size": {"default": 1}}}
    schema = {"properties": {"map": {"default": {}, "additionalProperties": entry}}}

    assert filled(schema, {"map": {"a": {}, "b": None, "c": {"size": 2}}}) == {
        "map": {"a": {"size": 1}, "c": {"size": 2}}
    }
    assert filled(schema, {}) == {"map": {}}


def test_a_declared_key_of_a_map_is_not_an_entry() -> None:
    schema = {
        "properties": {"kind": {"default": "k"}},
        "additionalProperties": {"properties": {"size": {"default": 1}}},
    }

    assert filled(schema, {"kind": "x", "e": {}}) == {"kind": "x", "e": {"size": 1}}


def test_a_default_from_a_sibling_is_filled_after_the_siblings_own_default() -> None:
    schema = {
        "properties": {
            "rate": {"type": "number", "default": 10},
            "burst": {"type": "number", "x-default-from": "rate"},
        }
    }

    assert filled(schema, {}) == {"rate": 10, "burst": 10}
    assert repr(filled(schema, {"rate": 2.5})) == repr({"rate": 2.5, "burst": 2.5})
    assert filled(schema, {"burst": 1}) == {"burst": 1, "rate": 10}


def test_a_default_from_an_absent_sibling_leaves_the_field_absent() -> None:
    schema = {"properties": {"rate": {}, "burst": {"x-default-from": "rate"}}}

    assert filled(schema, {}) == {}


def test_the_items_of_an_all_of_are_filled_like_branches_that_always_apply() -> None:
    schema = {
        "properties": {"kind": {}},
        "allOf": [
            {"properties": {"size": {"default": 1}}},
            {
                "if": {"properties": {"kind": {"const": "a"}}, "required": ["kind"]},
                "then": {"properties": {"extra": {"default": 2}}},
            },
        ],
    }

    assert filled(schema, {"kind": "a"}) == {"kind": "a", "size": 1, "extra": 2}
    assert filled(schema, {}) == {"size": 1}


def test_a_default_on_an_ancestors_branch_is_filled_once_the_block_exists() -> None:
    # v2's bootstrap mode: its default sits in a branch of the platform, one level up.
    block = {"type": ["object", "null"], "properties": {"mode": {"default": "on"}}}
    schema = {
        "properties": {"block": {"type": ["object", "null"], "default": {}}},
        "if": {"properties": {"block": {"type": ["object", "null"]}}},
        "then": {"properties": {"block": block}},
    }

    assert filled(schema, {}) == {"block": {"mode": "on"}}
    assert filled(schema, {"block": None}) == {"block": {"mode": "on"}}


def test_a_schema_whose_defaults_refer_to_themselves_is_refused() -> None:
    schema = {"properties": {"next": {"$ref": "#"}, "size": {"default": 1}}}

    with pytest.raises(ValueError, match="recursive"):
        _Planner(schema, finite=False).plan(schema)
