"""Each contract's schema file: the single source of its rules, defaults and codes, and
well-formed as such. Every test runs on every bundled contract (v1 and v2)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any, Final

import pytest
import yaml
from jsonschema import Draft7Validator
from referencing.exceptions import Unresolvable

from stream_kernel.config import _schema
from stream_kernel.config._catalog import tool_catalog
from stream_kernel.config._contracts import CONTRACTS, Contract
from stream_kernel.config._schema import (
    BRANCHES,
    CATALOG_KEYWORD,
    CODE_KEYWORD,
    DEFAULT_FROM_KEYWORD,
    compile_validator,
    iter_subschemas,
    rules_view,
    subschema_validator,
)
from stream_kernel.config.validator import ConfigError, validate_newgen_config

#: Every bundled contract, by name: the tests below run on each.
EACH: Final = pytest.mark.parametrize("contract", list(CONTRACTS.values()), ids=list(CONTRACTS))
# Keywords that make a rule (each needs a code) and keywords that only annotate or compose.
RULES = {
    "type",
    "enum",
    "const",
    "required",
    "additionalProperties",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "minLength",
}
#: Keywords that only appear in conditions (an `if`), where they select and never raise.
CONDITIONS = {"minItems", "anyOf", "not"}
ANNOTATIONS = {
    "$schema", "$id", "title", "description", "default", "examples", "writeOnly",
    "properties", "if", "then", "else", "allOf", "propertyNames", "definitions",
    CODE_KEYWORD, CATALOG_KEYWORD, DEFAULT_FROM_KEYWORD,
}  # fmt: skip
#: Where a subschema is a condition, a rule's branch or a key rule, not a field.
NOT_FIELDS = {*BRANCHES, "allOf", "anyOf", "not", "propertyNames"}
#: Who raises a code that no schema rule raises: the validator itself (the document
#: cannot be copied), the YAML loader before validation, or a lint rule after it.
ORIGINS = ("validator", "loader", "lint")


def codes_raised_by(contract: Contract, origin: str) -> set[str]:
    return {c for c, entry in contract.catalog().items() if entry.get("raised_by") == origin}


def not_schema_rules(contract: Contract) -> set[str]:
    return set().union(*(codes_raised_by(contract, o) for o in ORIGINS))


def rule_schemas(
    contract: Contract,
) -> list[tuple[tuple[str, ...], tuple[str, ...], Mapping[str, Any]]]:
    # `if` subschemas only select a branch; they never raise.
    return [s for s in iter_subschemas(contract.schema()) if "if" not in s[1]]


def fields(contract: Contract) -> list[tuple[tuple[str, ...], tuple[str, ...], Mapping[str, Any]]]:
    return [s for s in iter_subschemas(contract.schema()) if not NOT_FIELDS & set(s[1])]


@EACH
def test_the_schema_is_valid_draft_07(contract: Contract) -> None:
    schema = contract.schema()

    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    Draft7Validator.check_schema(schema)


@EACH
def test_file_name_and_id_carry_the_contract_s_major_version(contract: Contract) -> None:
    file_major = re.fullmatch(r"runtime-config\.v(\d+)\.schema\.json", contract.schema_file)
    id_major = re.search(r"/v(\d+)\.json$", contract.schema()["$id"])

    assert file_major is not None
    assert id_major is not None
    assert f"v{file_major[1]}" == f"v{id_major[1]}" == contract.name


@EACH
def test_the_schema_uses_only_keywords_this_package_understands(contract: Contract) -> None:
    for _, where, schema in iter_subschemas(contract.schema()):
        # _schema.ANNOTATIONS: the editor keywords rules_view strips (markdownDescription, ...).
        unknown = set(schema) - RULES - CONDITIONS - ANNOTATIONS - _schema.ANNOTATIONS
        assert not unknown, (where, unknown)
        if "if" not in where:
            assert not CONDITIONS & set(schema), where


@EACH
def test_every_rule_declares_its_code_next_to_it(contract: Contract) -> None:
    for _, where, schema in rule_schemas(contract):
        rules = set(schema) & RULES
        if schema.get("additionalProperties") is not False:
            rules.discard("additionalProperties")
        assert set(schema.get(CODE_KEYWORD, {})) == rules, where


@EACH
def test_every_declared_code_is_in_the_contract_s_catalog(contract: Contract) -> None:
    for _, where, schema in iter_subschemas(contract.schema()):
        for code in schema.get(CODE_KEYWORD, {}).values():
            assert code in contract.catalog(), (where, code)


@EACH
def test_every_catalog_code_is_reachable(contract: Contract) -> None:
    declared = {
        c
        for _, _, s in iter_subschemas(contract.schema())
        for c in s.get(CODE_KEYWORD, {}).values()
    }

    assert codes_raised_by(contract, "validator") == {"SK-CFG-103", "SK-CFG-104"}
    assert set(contract.catalog()) == declared | not_schema_rules(contract)
    assert not declared & not_schema_rules(contract)


@EACH
def test_the_spec_catalog_codes_are_declared_and_the_default_codes_reserved(
    contract: Contract,
) -> None:
    assert {"BOOT-CFG-01", "BOOT-CFG-02", "BOOT-CFG-03", "BOOT-CFG-05"} <= set(contract.catalog())
    assert not {"BOOT-CFG-04", "BOOT-CFG-11"} & set(contract.catalog())


def test_every_v1_code_is_a_v2_code_with_the_same_fields() -> None:
    v1, v2 = CONTRACTS["v1"].catalog(), CONTRACTS["v2"].catalog()

    for code, entry in v1.items():
        assert set(v2[code]) == set(entry), code
        for key in ("title", "severity", "raised_by", "located_at"):
            if key != "title" or code != "BOOT-CFG-05":  # v2's names both transports
                assert v2[code].get(key) == entry.get(key), (code, key)


def test_no_code_is_defined_twice_across_the_tool_catalogs_and_the_contracts() -> None:
    for contract in CONTRACTS.values():
        assert not set(tool_catalog()) & set(contract.catalog()), contract.name


CATALOG_ENTRIES: Final = [
    *((name, code) for name, c in CONTRACTS.items() for code in c.catalog()),
    *(("tool", code) for code in tool_catalog()),
]


@pytest.mark.parametrize(("where", "code"), CATALOG_ENTRIES, ids=lambda v: v)
def test_every_catalog_entry_explains_itself(where: str, code: str) -> None:
    entry = (tool_catalog() if where == "tool" else CONTRACTS[where].catalog())[code]

    assert set(entry) - {"raised_by", "located_at"} == {
        "title", "severity", "explanation", "example", "fix"
    }  # fmt: skip
    # The tool catalogs' codes are raised by the check itself or its lint rules (a lint rule
    # that reads any contract's names belongs to no contract), the others as above.
    origins = ("check", "lint") if where == "tool" else ORIGINS
    assert entry.get("raised_by", "validator") in origins
    assert entry.get("located_at", "value") in {"key", "value"}
    assert entry["severity"] in {"error", "warning"}
    assert all(entry[k].strip() for k in entry)


@EACH
def test_only_lint_rules_are_warnings(contract: Contract) -> None:
    warnings = {code for code, e in contract.catalog().items() if e["severity"] == "warning"}

    assert warnings == codes_raised_by(contract, "lint")
    assert all(
        e["severity"] == "error" or e.get("raised_by") == "lint" for e in tool_catalog().values()
    )


EXAMPLES: Final = [
    (contract, code)
    for contract in CONTRACTS.values()
    for code in contract.catalog()
    if code != "SK-CFG-104" and contract.catalog()[code].get("raised_by") not in {"loader", "lint"}
]


@pytest.mark.parametrize(
    ("contract", "code"), EXAMPLES, ids=[f"{c.name}-{code}" for c, code in EXAMPLES]
)
def test_every_catalog_example_fails_with_its_code(contract: Contract, code: str) -> None:
    example = yaml.safe_load(contract.catalog()[code]["example"])

    with pytest.raises(ConfigError) as caught:
        validate_newgen_config(example, contract=contract)

    assert code in {d.code for d in caught.value.diagnostics}


@EACH
def test_every_property_is_documented(contract: Contract) -> None:
    for at, where, schema in fields(contract):
        if at:
            assert schema.get("title"), where
            assert schema.get("description"), where
            assert schema.get("examples"), where


@EACH
def test_every_default_and_example_validates_against_its_field(contract: Contract) -> None:
    # Branch defaults (then/else) are checked against the field's own subschema, without
    # its conditions; references resolve in the whole schema.
    root = contract.schema()
    by_path = {at: s for at, _, s in fields(contract)}
    checked = 0
    for at, where, schema in iter_subschemas(root):
        if "if" in where:
            continue  # a condition: it selects a branch, and has no default
        field = {k: v for k, v in by_path[at].items() if k not in ("if", "then", "else", "allOf")}
        check = subschema_validator(root, field, finite=contract.finite_numbers)
        if "default" in schema:
            assert check.is_valid(schema["default"]), where
            checked += 1
        if not schema.get("writeOnly"):
            for value in schema.get("examples", []) if at else []:
                assert check.is_valid(value), (where, value)
                checked += 1
    assert checked >= 20


@EACH
def test_a_default_from_a_sibling_names_a_sibling_and_has_no_default_of_its_own(
    contract: Contract,
) -> None:
    for _, where, schema in iter_subschemas(contract.schema()):
        for name, field in schema.get("properties", {}).items():
            if DEFAULT_FROM_KEYWORD in field:
                assert field[DEFAULT_FROM_KEYWORD] in schema["properties"], (where, name)
                assert "default" not in field, (where, name)


@EACH
def test_every_enum_value_is_explained_in_the_description(contract: Contract) -> None:
    for _, where, schema in fields(contract):
        for value in schema.get("enum", []):
            assert f"`{value}`" in schema["description"], (where, value)


@EACH
def test_the_shipped_text_is_the_schema_the_validator_uses(contract: Contract) -> None:
    assert json.loads(contract.schema_text()) == contract.schema()


def test_a_remote_ref_is_refused_without_touching_the_network() -> None:
    validator = compile_validator(
        {"$id": "urn:test", "$ref": "https://example.invalid/never-fetched.json"}
    )

    with pytest.raises(Unresolvable):
        validator.is_valid({})


def test_v2_control_has_every_field_rule_and_default_of_execution_ipc_but_control() -> None:
    # The v2 schema writes the block-level if/then twice (execution_ipc and control):
    # holding the two equal keeps "everything of execution_ipc except control" true.
    platform = CONTRACTS["v2"].schema()["properties"]["runtime"]["properties"]["platform"]
    ipc = platform["properties"]["execution_ipc"]
    control = ipc["properties"]["control"]
    without_control = {
        **ipc,
        "properties": {k: v for k, v in ipc["properties"].items() if k != "control"},
    }

    assert rules_view(control) == rules_view(without_control)
    assert {k: v for k, v in control.items() if k in ("default",)} == {
        k: v for k, v in ipc.items() if k in ("default",)
    }
