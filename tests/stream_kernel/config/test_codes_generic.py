"""The code mapping reads any schema annotated with ``x-error-code``, not only today's
contract: rules the contract does not combine yet (a hidden value under a range or an
enum, several required keys, an unannotated rule) are already reported correctly.

The schemas here are small and made up; the codes are the catalog's.
"""

from __future__ import annotations

from typing import Any

import pytest

from stream_kernel.config._contracts import V1
from stream_kernel.config._messages import describe, diagnose
from stream_kernel.config._schema import CODE_KEYWORD, compile_validator


def found(schema: dict[str, Any], instance: object) -> list[tuple[str, str, str]]:
    errors = compile_validator(schema).iter_errors(instance)
    return [(d.code, d.path, d.message) for e in errors for d in diagnose(e, V1)]


def hidden_field(**rules: Any) -> dict[str, Any]:  # noqa: ANN401 - JSON Schema
    codes = dict.fromkeys(rules, "SK-CFG-203")
    return {"properties": {"key": {"writeOnly": True, **rules, CODE_KEYWORD: codes}}}


RANGE = "integer out of range"


@pytest.mark.parametrize(
    ("rules", "value", "message"),
    [
        ({"enum": ["a", "b"]}, "A", f"{RANGE}: got a string (value hidden); allowed: 'a', 'b'"),
        ({"const": "a"}, "b", f"{RANGE}: got a string (value hidden); allowed: 'a'"),
        ({"minimum": 5}, 3, f"{RANGE}: must be at least 5, got an integer (value hidden)"),
        ({"maximum": 9}, 11, f"{RANGE}: must be at most 9, got an integer (value hidden)"),
    ],
    ids=["enum", "const", "minimum", "maximum"],
)
def test_a_write_only_value_stays_hidden_whichever_rule_it_breaks(
    rules: dict[str, Any], value: object, message: str
) -> None:
    assert found(hidden_field(**rules), {"key": value}) == [("SK-CFG-203", "key", message)]


def test_each_missing_required_key_is_reported_and_only_those() -> None:
    schema = {"required": ["a", "b", "c"], CODE_KEYWORD: {"required": "BOOT-CFG-05"}}

    # jsonschema raises one error per missing key, each naming the whole list.
    assert sorted({(code, path) for code, path, _ in found(schema, {"b": 1})}) == [
        ("BOOT-CFG-05", "a"),
        ("BOOT-CFG-05", "c"),
    ]


def test_a_block_that_allows_no_keys_at_all_names_the_unknown_one() -> None:
    schema = {"additionalProperties": False, CODE_KEYWORD: {"additionalProperties": "SK-CFG-201"}}

    assert found(schema, {"k": 1}) == [("SK-CFG-201", "k", "unknown key: 'k'; allowed keys: ")]


def test_a_longer_minimum_length_is_stated() -> None:
    schema = {"minLength": 3, CODE_KEYWORD: {"minLength": "SK-CFG-205"}}

    assert found(schema, "ab") == [
        (
            "SK-CFG-205",
            "",
            "the static secret must not be empty: must be at least 3 characters long",
        )
    ]


def test_a_rule_without_a_code_is_reported_as_not_plain_data() -> None:
    assert found({"type": "object"}, []) == [
        ("SK-CFG-104", "",
         "the document holds a value that is not plain data:"
         " a value could not be compared or shown"),
    ]  # fmt: skip


class _LoudInt(int):
    def __repr__(self) -> str:
        raise RuntimeError("no repr")


def test_a_number_whose_repr_fails_is_named_by_its_type() -> None:
    assert describe(_LoudInt(3)) == "a value of type _LoudInt"
