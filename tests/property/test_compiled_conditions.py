"""The defaults pass's compiled ``if`` predicates give jsonschema's verdict for any
schema made of the keywords they compile, not only the contract's two conditions; any
other schema falls back to jsonschema itself."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft7Validator

from stream_kernel.config._compiled import UncompilableError, compile_check, compile_predicate
from stream_kernel.config._schema import compile_validator

from .budget import budget, counted

NAMES = st.sampled_from(["a", "b", "mode"])
WORDS = st.sampled_from(["x", "y", "generated"])
TYPES = st.sampled_from(["object", "string", "integer", "number", "boolean", "null", "array"])


def simple_schemas(depth: int) -> st.SearchStrategy[dict[str, Any]]:
    """Schemas of only the keywords the conditions compile, with string constants."""
    keywords: dict[str, st.SearchStrategy[Any]] = {
        "type": TYPES | st.lists(TYPES, min_size=1, max_size=3, unique=True),
        "const": WORDS,
        "enum": st.lists(WORDS, min_size=1, max_size=3, unique=True),
        "required": st.lists(NAMES, max_size=2, unique=True),
        "title": st.just("an annotation, ignored"),
    }
    if depth:
        keywords["properties"] = st.dictionaries(NAMES, simple_schemas(depth - 1), max_size=2)
    return st.fixed_dictionaries({}, optional=keywords)


INSTANCES = st.recursive(
    st.none() | st.booleans() | st.integers(-2, 2) | st.sampled_from([1.0, 1.5]) | WORDS,
    lambda inner: st.lists(inner, max_size=2) | st.dictionaries(NAMES, inner, max_size=3),
    max_leaves=8,
)


@budget(ci=150, fuzz=5_000)
@given(schema=simple_schemas(2), instance=INSTANCES)
@counted
def test_a_compiled_predicate_gives_jsonschemas_verdict(
    schema: dict[str, Any], instance: object
) -> None:
    validator = compile_validator(schema)
    predicate = compile_check(schema)  # every keyword here compiles

    assert predicate(instance) == validator.is_valid(instance)


@pytest.mark.parametrize(
    "schema",
    [
        {"const": 1},
        {"const": None},
        {"enum": ["x", 1]},
        {"enum": [True]},
        {"properties": {"a": {"const": 1}}},
        {"properties": {"a": {"enum": ["x", None]}}},
        {"properties": {"a": {"pattern": "^x"}}},
    ],
    ids=repr,
)
def test_other_schemas_fall_back_to_jsonschema(schema: dict[str, Any]) -> None:
    validator = compile_validator(schema)
    values: list[object] = [1, None, "x", {"a": 1}, {"a": "x"}, {"a": None}, True]

    with pytest.raises(UncompilableError):
        compile_check(schema)
    assert [compile_predicate(schema)(v) for v in values] == [validator.is_valid(v) for v in values]


def test_a_schema_using_every_compiled_keyword_at_once_compiles() -> None:
    schema = {
        "type": ["object", "string"],
        "const": "x",
        "enum": ["x", "y"],
        "required": [],
        "properties": {},
    }
    predicate = compile_check(schema)

    values: list[object] = ["x", "y", {}, 1]
    assert [predicate(v) for v in values] == [True, False, False, False]


@pytest.mark.parametrize(
    ("schema", "instance"),
    [
        # Found by `make fuzz`: the compiler read `const` and ignored `enum` beside it.
        ({"const": "generated", "properties": {}, "enum": ["x"]}, "generated"),
        ({"enum": ["x"], "const": "generated"}, "x"),
        ({"type": "string", "enum": ["x", "y"], "const": "y"}, "x"),
        ({"type": "integer", "const": "x"}, "x"),
        ({"required": ["a"], "properties": {"a": {"const": "x"}}}, {}),
        ({"properties": {"a": False}}, {"a": 1}),
        ({"properties": {"a": True}}, {"a": 1}),
        ({"if": True, "then": False}, "x"),
        ({"if": False, "then": False, "else": {"const": "x"}}, "y"),
    ],
    ids=repr,
)
def test_every_keyword_of_a_subschema_applies(schema: dict[str, Any], instance: object) -> None:
    assert compile_check(schema)(instance) == Draft7Validator(schema).is_valid(instance)


def test_a_type_draft_07_does_not_define_falls_back_to_jsonschema() -> None:
    with pytest.raises(UncompilableError):
        compile_check({"type": "float"})


LIMITS = st.integers(-2, 2) | st.sampled_from([0.5, 1.5])
BOUNDED = {
    "minimum": LIMITS,
    "maximum": LIMITS,
    "exclusiveMinimum": LIMITS,
    "exclusiveMaximum": LIMITS,
    "minLength": st.integers(0, 3),
    "maxLength": st.integers(0, 3),
    "additionalProperties": st.just(False),
    "type": TYPES | st.lists(TYPES, min_size=1, max_size=3, unique=True),
    "const": WORDS | INSTANCES,
    "enum": st.lists(WORDS | INSTANCES, min_size=1, max_size=3),
}


@budget(ci=150, fuzz=5_000)
@given(
    schema=st.fixed_dictionaries(
        {},
        optional={
            **BOUNDED,
            "properties": st.dictionaries(
                NAMES, st.fixed_dictionaries({}, optional=BOUNDED), max_size=2
            ),
        },
    ),
    instance=INSTANCES | st.text(max_size=4),
)
@counted
def test_the_keywords_with_bounded_messages_decide_as_jsonschemas_own(
    schema: dict[str, Any], instance: object
) -> None:
    # The contract's validator replaces the keywords whose messages render the instance.
    assert compile_validator(schema).is_valid(instance) == Draft7Validator(schema).is_valid(
        instance
    )
