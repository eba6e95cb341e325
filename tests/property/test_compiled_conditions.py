"""The compiled checks give jsonschema's verdict for any schema made of the keywords they
compile, not only the contracts' own schemas: the defaults pass's ``if`` predicates and
the validity check alike; any other schema falls back to jsonschema itself."""

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


# The keywords contract v2 added: references into the same document, combinations, maps
# and their keys, numbers with an exclusive bound, lists with a least length. Definitions
# refer only to earlier ones, so no reference loops.
NUMBERS = st.sampled_from([0, 1, 2, 1.5, -1])


def rich_schemas(depth: int, refs: tuple[str, ...]) -> st.SearchStrategy[dict[str, Any]]:
    """Schemas of every keyword the compiled check knows, references to ``refs`` included."""
    keywords: dict[str, st.SearchStrategy[Any]] = {
        "type": TYPES | st.lists(TYPES, min_size=1, max_size=3, unique=True),
        "const": WORDS,
        "enum": st.lists(WORDS, min_size=1, max_size=3, unique=True),
        "required": st.lists(NAMES, max_size=2, unique=True),
        "minimum": NUMBERS,
        "maximum": NUMBERS,
        "exclusiveMinimum": NUMBERS,
        "minLength": st.integers(0, 2),
        "minItems": st.integers(0, 2),
        "writeOnly": st.just(True),
        "x-default-from": NAMES,
    }
    if depth:
        inner = rich_schemas(depth - 1, refs)
        keywords |= {
            "properties": st.dictionaries(NAMES, inner, max_size=2),
            "additionalProperties": st.booleans() | inner,
            "propertyNames": inner,
            "allOf": st.lists(inner, min_size=1, max_size=2),
            "anyOf": st.lists(inner, min_size=1, max_size=2),
            "not": inner,
            "if": inner,
            "then": inner,
            "else": inner,
        }
    plain = st.fixed_dictionaries({}, optional=keywords)
    if not refs:
        return plain
    # Draft-07: a $ref replaces its siblings, which are drawn too, to be ignored.
    ref = st.sampled_from(refs).map(lambda name: f"#/definitions/{name}")
    return plain | st.builds(lambda sub, target: {**sub, "$ref": target}, plain, ref)


@st.composite
def documents_of_schemas(draw: st.DrawFn) -> dict[str, Any]:
    definitions: dict[str, Any] = {}
    for index in range(draw(st.integers(0, 3))):
        definitions[f"d{index}"] = draw(rich_schemas(2, tuple(definitions)))
    root = draw(rich_schemas(2, tuple(definitions)))
    return {**root, "definitions": definitions} if definitions else root


RICH_INSTANCES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-2, 2)
    | st.sampled_from([0.0, 1.0, 1.5, -0.5, float("inf"), float("nan")])
    | WORDS
    | st.just(""),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(NAMES | st.just(""), inner, max_size=3)
    ),
    max_leaves=10,
)


@pytest.mark.parametrize("finite", [False, True], ids=["reals", "finite"])
@budget(ci=120, fuzz=20_000)
@given(schema=documents_of_schemas(), instance=RICH_INSTANCES)
@counted
def test_the_compiled_check_gives_jsonschemas_verdict_with_every_v2_keyword(
    finite: bool, schema: dict[str, Any], instance: object
) -> None:
    validator = compile_validator(schema, finite=finite)
    check = compile_check(schema, finite=finite)  # every keyword here compiles

    assert check(instance) == validator.is_valid(instance)


def test_a_const_beside_an_enum_must_hold_as_well_as_the_enum() -> None:
    schema = {"const": "x", "enum": ["x", "y"]}
    check = compile_check(schema)

    assert [check(v) for v in ["x", "y", "z"]] == [True, False, False]
    assert [compile_validator(schema).is_valid(v) for v in ["x", "y", "z"]] == [True, False, False]


def test_a_reference_replaces_its_siblings_as_in_draft_07() -> None:
    schema = {"definitions": {"a": {"type": "string"}}, "$ref": "#/definitions/a", "type": "null"}
    check = compile_check(schema)

    assert check("x")
    assert not check(None)
    assert compile_validator(schema).is_valid("x")


def test_a_reference_outside_the_schema_is_not_compiled() -> None:
    with pytest.raises(UncompilableError):
        compile_check({"$ref": "https://example.com/other.json#/definitions/a"})
    with pytest.raises(UncompilableError):
        compile_check({"$ref": "#/definitions/missing"})


def test_a_schema_that_refers_to_itself_is_compiled_with_its_loop() -> None:
    schema = {"properties": {"next": {"$ref": "#"}}, "required": ["v"]}
    check = compile_check(schema)

    assert check({"v": 1, "next": {"v": 2, "next": {"v": 3}}})
    assert not check({"v": 1, "next": {"next": {"v": 3}}})


def test_numbers_that_json_cannot_write_are_no_numbers_for_a_finite_contract() -> None:
    schema = {"type": "number", "exclusiveMinimum": 0}

    assert compile_check(schema)(float("inf"))
    assert not compile_check(schema, finite=True)(float("inf"))
    assert not compile_check(schema, finite=True)(float("nan"))
    assert compile_check(schema, finite=True)(10**400)


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
