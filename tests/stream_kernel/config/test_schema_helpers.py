"""The schema helpers every reader of a contract relies on, on any schema: the walk over
subschemas (where each applies and where it is), references, paths with a wildcard, and
the compiled and jsonschema checks with a contract's number type."""

from __future__ import annotations

import contextlib
import urllib.request
import warnings
from collections.abc import Callable, Mapping
from typing import Any, Final

import pytest
from referencing.exceptions import Unresolvable

from stream_kernel.config import _compiled
from stream_kernel.config._compiled import compile_check, compile_predicate
from stream_kernel.config._contracts import CONTRACTS, Contract
from stream_kernel.config._document import ANY_KEY, path_matches, paths_matching
from stream_kernel.config._schema import (
    UnresolvableRefError,
    compile_guarded,
    compile_validator,
    iter_subschemas,
    resolve_ref,
    subschema_validator,
)

EACH: Final = pytest.mark.parametrize("contract", list(CONTRACTS.values()), ids=list(CONTRACTS))
INF: Final = float("inf")


def pointer(where: tuple[str, ...]) -> str:
    return "#" + "".join("/" + p.replace("~", "~0").replace("/", "~1") for p in where)


# --- the walk --------------------------------------------------------------------------


@EACH
def test_each_subschema_is_found_at_the_location_the_walk_gives(contract: Contract) -> None:
    root = contract.schema()
    seen = 0
    for _, where, schema in iter_subschemas(root):
        assert resolve_ref(root, pointer(where)) == (where, schema)
        seen += 1
    assert seen > 1


def test_a_location_names_the_item_of_a_list_of_subschemas() -> None:
    root = {"anyOf": [{"type": "string"}, {"type": "integer"}]}

    located = {where: schema for _, where, schema in iter_subschemas(root)}

    assert located[("anyOf", "1")] == {"type": "integer"}


def test_the_rule_on_a_maps_keys_applies_at_the_path_of_an_entry() -> None:
    names = {"type": "string", "minLength": 1}
    root = {"properties": {"groups": {"type": "object", "propertyNames": names}}}

    at_of = {where: at for at, where, _ in iter_subschemas(root)}

    assert at_of[("properties", "groups", "propertyNames")] == ("groups", ANY_KEY)


def test_a_part_of_a_schema_follows_its_references_into_the_whole() -> None:
    root: dict[str, Any] = {
        "definitions": {"port": {"type": "integer"}},
        "properties": {"ipc": {"properties": {"port": {"$ref": "#/definitions/port"}}}},
    }
    part = root["properties"]["ipc"]

    found = {at: where for at, where, _ in iter_subschemas(part, ("ipc",), root=root)}

    assert found[("ipc", "port")] == ("definitions", "port")


# --- references ------------------------------------------------------------------------


def test_a_reference_may_name_the_schemas_own_id() -> None:
    root = {"$id": "urn:example:contract", "definitions": {"mode": {"enum": ["a"]}}}

    assert resolve_ref(root, "urn:example:contract#/definitions/mode") == (
        ("definitions", "mode"),
        {"enum": ["a"]},
    )
    with pytest.raises(UnresolvableRefError, match="points outside the schema"):
        resolve_ref(root, "urn:example:other#/definitions/mode")


@pytest.mark.parametrize(
    ("name", "escaped"),
    [("a/b", "a~1b"), ("c~d", "c~0d"), ("~1", "~01"), ("e f", "e%20f")],
)
def test_a_reference_reads_json_pointer_escapes(name: str, escaped: str) -> None:
    root = {"definitions": {name: {"type": "string"}}}

    assert resolve_ref(root, f"#/definitions/{escaped}") == (
        ("definitions", name),
        {"type": "string"},
    )


def test_a_reference_may_name_an_item_of_a_list_or_a_name_made_of_digits() -> None:
    root = {"anyOf": [{"type": "string"}, {"type": "null"}], "definitions": {"7": {"const": 7}}}

    assert resolve_ref(root, "#/anyOf/1") == (("anyOf", "1"), {"type": "null"})
    assert resolve_ref(root, "#/definitions/7") == (("definitions", "7"), {"const": 7})


@pytest.mark.parametrize(
    ("ref", "why"),
    [
        ("#/anyOf/2", "points at nothing in the schema"),
        ("#/anyOf/first", "points at nothing in the schema"),
        ("#/definitions/missing", "points at nothing in the schema"),
        ("#/anyOf", "does not point at a schema"),
    ],
)
def test_a_reference_to_nothing_or_to_no_schema_is_refused_saying_so(ref: str, why: str) -> None:
    root = {"anyOf": [{"type": "string"}, {"type": "null"}], "definitions": {}}

    with pytest.raises(UnresolvableRefError, match=why):
        resolve_ref(root, ref)


def test_only_the_first_hash_ends_the_document_part_of_a_reference() -> None:
    root = {"definitions": {"a#b": {"type": "string"}}}

    assert resolve_ref(root, "#/definitions/a#b") == (("definitions", "a#b"), {"type": "string"})


# --- paths with a wildcard -------------------------------------------------------------


def test_a_pattern_may_hold_a_wildcard_under_a_wildcard() -> None:
    document = {"groups": {"g1": {"ports": {"in": 1, "out": 2}}, "g2": {"ports": None}}}

    found = list(paths_matching(document, ("groups", ANY_KEY, "ports", ANY_KEY)))

    assert found == [("groups", "g1", "ports", "in"), ("groups", "g1", "ports", "out")]


class _Uncomparable:
    def __eq__(self, other: object) -> bool:
        raise RuntimeError("no eq")

    __hash__ = object.__hash__


def test_a_key_that_cannot_be_compared_matches_no_name_but_the_wildcard() -> None:
    key = _Uncomparable()

    assert not path_matches(("groups", "main"), ("groups", key))
    assert path_matches(("groups", ANY_KEY), ("groups", key))


# --- checks and the number type --------------------------------------------------------

Numbers = Callable[[Mapping[str, Any]], Callable[[object], bool]]

# Each way of checking a schema, without saying which number type: draft-07's (reals,
# .inf included), as compile_validator and compile_check take it.
DEFAULT_NUMBERS: Final[dict[str, Numbers]] = {
    "compile_validator": lambda s: compile_validator(s).is_valid,
    "compile_guarded": lambda s: compile_guarded(s).is_valid,
    "compile_check": compile_check,
    "compile_predicate": compile_predicate,
    "subschema_validator": lambda s: subschema_validator(s, s).is_valid,
}


@pytest.mark.parametrize("check", list(DEFAULT_NUMBERS.values()), ids=list(DEFAULT_NUMBERS))
def test_every_check_takes_draft_07s_numbers_unless_told_otherwise(check: Numbers) -> None:
    assert check({"type": "number"})(INF)


# maxLength is no keyword the compiled check knows: jsonschema decides that condition.
CONDITIONS: Final = {
    "compiled": {"properties": {"n": {"type": "number"}}},
    "jsonschema": {"properties": {"n": {"type": "number", "maxLength": 3}}},
}


@pytest.mark.parametrize("condition", list(CONDITIONS.values()), ids=list(CONDITIONS))
def test_a_condition_of_a_finite_contract_sees_infinity_as_no_number(
    condition: dict[str, Any],
) -> None:
    holds = compile_predicate(condition, finite=True)

    assert holds({"n": 1.5})
    assert not holds({"n": INF})
    assert not subschema_validator(condition, condition, finite=True).is_valid({"n": INF})


def test_a_condition_the_compiled_check_reads_never_reaches_jsonschema(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("jsonschema asked for a condition the compiled check reads")

    monkeypatch.setattr(_compiled, "subschema_validator", refuse)
    holds = compile_predicate({"properties": {"mode": {"const": "generated"}}})

    assert holds({"mode": "generated"})
    assert not holds({"mode": "static"})


def test_a_reference_in_a_condition_points_into_the_whole_schema() -> None:
    # "#" is the whole schema, not the condition it is written in.
    whole = {"type": "object", "required": ["name"]}
    condition = {"properties": {"group": {"$ref": "#"}}}

    holds = compile_predicate(condition, root=whole)

    assert holds({"group": {"name": "w"}})
    assert not holds({"group": {}})


@pytest.mark.parametrize("value", ["text", None, 3])
def test_not_negates_the_verdict_on_the_value_itself(value: object) -> None:
    schema = {"not": {"type": "string"}}

    assert compile_check(schema)(value) is compile_validator(schema).is_valid(value)
    assert compile_check(schema)(value) is not isinstance(value, str)


def test_a_recursive_schema_is_checked_at_every_depth() -> None:
    node = {"type": "object", "properties": {"child": {"$ref": "#"}, "size": {"type": "integer"}}}
    check = compile_check(node)

    valid: list[dict[str, Any]] = [{"child": {"child": {}}}, {"child": {"size": 1}}]
    for document in valid:
        assert check(document) is compile_validator(node).is_valid(document) is True
    assert not check({"child": {"child": {"size": "big"}}})


@pytest.mark.parametrize("compile_", [compile_validator, compile_guarded], ids=lambda f: f.__name__)
def test_no_validator_ever_fetches_a_remote_reference(
    compile_: Callable[[Mapping[str, Any]], Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    fetched: list[object] = []

    def fetch(*args: object, **_: object) -> object:
        fetched.append(args)
        raise OSError("no network in tests")

    monkeypatch.setattr(urllib.request, "urlopen", fetch)
    validator = compile_({"$id": "urn:test", "$ref": "https://example.invalid/x.json"})

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with contextlib.suppress(Unresolvable):
            assert not validator.is_valid({})

    assert fetched == []
    assert [str(w.message) for w in caught] == []
