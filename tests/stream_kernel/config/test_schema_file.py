"""The schema file: the single source of rules, defaults and codes, and well-formed as such."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator
from referencing.exceptions import Unresolvable

from stream_kernel.config import _schema
from stream_kernel.config._catalog import catalog
from stream_kernel.config._contracts import V1
from stream_kernel.config._schema import (
    BRANCHES,
    CATALOG_KEYWORD,
    CODE_KEYWORD,
    compile_validator,
    iter_subschemas,
)
from stream_kernel.config.validator import ConfigError, validate_newgen_config

SCHEMA = V1.schema()
# Keywords that make a rule (each needs a code) and keywords that only annotate.
RULES = {
    "type",
    "enum",
    "const",
    "required",
    "additionalProperties",
    "minimum",
    "maximum",
    "minLength",
}
ANNOTATIONS = {
    "$schema", "$id", "title", "description", "default", "examples", "writeOnly",
    "properties", "if", "then", "else", CODE_KEYWORD, CATALOG_KEYWORD,
}  # fmt: skip
# Raised by the validator itself, not by a schema rule (the document cannot be copied),
# by the YAML loader before validation, or by a lint rule after it.
RAISED_BY = {
    origin: {code for code, entry in catalog().items() if entry.get("raised_by") == origin}
    for origin in ("validator", "loader", "lint")
}
VALIDATOR_CODES = RAISED_BY["validator"]
NOT_SCHEMA_RULES = set().union(*RAISED_BY.values())


def rule_schemas() -> list[tuple[tuple[str, ...], tuple[str, ...], Mapping[str, Any]]]:
    # `if` subschemas only select a branch; they never raise.
    return [s for s in iter_subschemas(SCHEMA) if "if" not in s[1]]


def test_the_schema_is_valid_draft_07() -> None:
    assert SCHEMA["$schema"] == "http://json-schema.org/draft-07/schema#"
    Draft7Validator.check_schema(SCHEMA)


def test_file_name_and_id_carry_the_same_major_version() -> None:
    file_major = re.fullmatch(r"runtime-config\.v(\d+)\.schema\.json", V1.schema_file)
    id_major = re.search(r"/v(\d+)\.json$", SCHEMA["$id"])

    assert file_major is not None
    assert id_major is not None
    assert file_major[1] == id_major[1] == "1"


def test_the_schema_uses_only_keywords_this_package_understands() -> None:
    for _, where, schema in iter_subschemas(SCHEMA):
        # _schema.ANNOTATIONS: the editor keywords rules_view strips (markdownDescription, ...).
        unknown = set(schema) - RULES - ANNOTATIONS - _schema.ANNOTATIONS
        assert not unknown, (where, unknown)


def test_every_rule_declares_its_code_next_to_it() -> None:
    for _, where, schema in rule_schemas():
        rules = set(schema) & RULES
        if schema.get("additionalProperties") is not False:
            rules.discard("additionalProperties")
        assert set(schema.get(CODE_KEYWORD, {})) == rules, where


def test_every_declared_code_is_in_the_catalog() -> None:
    for _, where, schema in iter_subschemas(SCHEMA):
        for code in schema.get(CODE_KEYWORD, {}).values():
            assert code in catalog(), (where, code)


def test_every_catalog_code_is_reachable() -> None:
    declared = {c for _, _, s in iter_subschemas(SCHEMA) for c in s.get(CODE_KEYWORD, {}).values()}

    assert {"SK-CFG-103", "SK-CFG-104"} == VALIDATOR_CODES
    assert set(catalog()) == declared | NOT_SCHEMA_RULES
    assert not declared & NOT_SCHEMA_RULES


def test_the_spec_catalog_codes_are_declared_and_boot_cfg_04_is_reserved() -> None:
    assert {"BOOT-CFG-01", "BOOT-CFG-02", "BOOT-CFG-03", "BOOT-CFG-05"} <= set(catalog())
    assert "BOOT-CFG-04" not in catalog()


@pytest.mark.parametrize("code", sorted(catalog()))
def test_every_catalog_entry_explains_itself(code: str) -> None:
    entry = catalog()[code]

    assert set(entry) - {"raised_by", "located_at"} == {
        "title", "severity", "explanation", "example", "fix"
    }  # fmt: skip
    assert entry.get("raised_by", "validator") in RAISED_BY
    assert entry.get("located_at", "value") in {"key", "value"}
    assert entry["severity"] in {"error", "warning"}
    assert all(entry[k].strip() for k in entry)


def test_only_lint_rules_are_warnings() -> None:
    warnings = {code for code, entry in catalog().items() if entry["severity"] == "warning"}

    assert warnings == RAISED_BY["lint"]


@pytest.mark.parametrize(
    "code", sorted(set(catalog()) - {"SK-CFG-104"} - RAISED_BY["loader"] - RAISED_BY["lint"])
)
def test_every_catalog_example_fails_with_its_code(code: str) -> None:
    example = yaml.safe_load(catalog()[code]["example"])

    with pytest.raises(ConfigError) as caught:
        validate_newgen_config(example)

    assert code in {d.code for d in caught.value.diagnostics}


def test_every_property_is_documented() -> None:
    for at, where, schema in iter_subschemas(SCHEMA):
        if at and not set(BRANCHES) & set(where):
            assert schema.get("title"), where
            assert schema.get("description"), where
            assert schema.get("examples"), where


def test_every_default_and_example_validates_against_its_field() -> None:
    # Branch defaults (then/else) are checked against the field's own subschema.
    fields = {at: s for at, where, s in iter_subschemas(SCHEMA) if not set(BRANCHES) & set(where)}
    for at, where, schema in iter_subschemas(SCHEMA):
        check = compile_validator({k: v for k, v in fields[at].items() if k not in ("if", "then")})
        if "default" in schema:
            assert check.is_valid(schema["default"]), where
        if not schema.get("writeOnly"):
            for value in schema.get("examples", []) if at else []:
                assert check.is_valid(value), (where, value)


def test_every_enum_value_is_explained_in_the_description() -> None:
    for _, where, schema in rule_schemas():
        for value in schema.get("enum", []):
            assert f"`{value}`" in schema["description"], (where, value)


def test_the_shipped_text_is_the_schema_the_validator_uses() -> None:
    assert json.loads(V1.schema_text()) == SCHEMA


def test_a_remote_ref_is_refused_without_touching_the_network() -> None:
    validator = compile_validator(
        {"$id": "urn:test", "$ref": "https://example.invalid/never-fetched.json"}
    )

    with pytest.raises(Unresolvable):
        validator.is_valid({})
