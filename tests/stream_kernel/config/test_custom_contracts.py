"""A contract made of any schema (a schema file given to ``diff``, or a parsed schema) is
validated, described and filled by the same code as the bundled ones, by its own rules:
its catalog, its number type, its conditions, whatever its schema's shape."""

from __future__ import annotations

import copy
import json
import locale
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from stream_kernel.config._contracts import (
    V1,
    V2,
    Contract,
    contract_from_file,
    contract_from_schema,
)
from stream_kernel.config.validator import ConfigError, validate_newgen_config

from .configs import platform


def custom(schema: dict[str, Any]) -> Contract:
    return contract_from_schema(schema, name="custom", source="custom.schema.json")


def v1_with(change: Any) -> Contract:  # noqa: ANN401 - a function of the schema
    """v1's schema, changed in place by ``change``, as a contract of its own."""
    schema = copy.deepcopy(dict(V1.schema()))
    change(schema)
    return custom(schema)


def platform_schema(schema: dict[str, Any]) -> dict[str, Any]:
    block: dict[str, Any] = schema["properties"]["runtime"]["properties"]["platform"]
    return block


def refused(raw: object, contract: Contract) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        validate_newgen_config(raw, contract=contract)
    return caught.value


FORKED = platform(bootstrap={"mode": "forked"})


# --- what the contract is made of ------------------------------------------------------


def test_a_schema_without_a_catalog_defines_no_codes() -> None:
    assert dict(custom({"type": "object"}).catalog()) == {}


def test_a_contract_made_of_a_schema_takes_finite_numbers_only() -> None:
    # As v2 does; a schema file given to diff is judged the same way.
    config = platform(execution_ipc={"transport": "ipc_local", "poll_interval_ms": float("inf")})
    made = custom(copy.deepcopy(dict(V2.schema())))

    assert made.finite_numbers
    assert ("SK-CFG-202", "runtime.platform.execution_ipc.poll_interval_ms") in {
        (d.code, d.path) for d in refused(config, made).diagnostics
    }


def test_a_contract_made_of_a_schema_file_takes_finite_numbers_only(tmp_path: Path) -> None:
    path = tmp_path / "schema.json"
    path.write_text(json.dumps({"properties": {"n": {"type": "number"}}}), encoding="utf-8")

    validator = contract_from_file(path).validator()

    assert validator.is_valid({"n": 1.5})
    assert not validator.is_valid({"n": float("inf")})


@pytest.fixture
def ascii_locale() -> Iterator[None]:
    """The C locale, whose encoding is ASCII: what ``open()`` uses when told none."""
    if sys.flags.utf8_mode:
        pytest.skip("in UTF-8 mode the locale does not choose the encoding")
    before = locale.setlocale(locale.LC_CTYPE)
    locale.setlocale(locale.LC_CTYPE, "C")
    try:
        yield
    finally:
        locale.setlocale(locale.LC_CTYPE, before)


@pytest.mark.usefixtures("ascii_locale")
def test_a_schema_file_is_read_as_utf_8_whatever_the_locale(tmp_path: Path) -> None:
    path = tmp_path / "schema.json"
    title = "Fa\u00e7ade \u2014 \u00fcber"
    path.write_bytes(json.dumps({"title": title}, ensure_ascii=False).encode("utf-8"))

    assert contract_from_file(path).schema()["title"] == title


# --- its verdicts ----------------------------------------------------------------------


def test_a_contract_the_compiled_check_cannot_read_still_refuses_a_bad_document() -> None:
    # maxProperties is no keyword of the bundled contracts: jsonschema alone judges.
    contract = v1_with(lambda s: s.update(maxProperties=5))

    assert refused(FORKED, contract).code == "BOOT-CFG-01"


def test_a_contract_that_accepts_null_still_checks_a_mapping() -> None:
    # The compiled check must judge the document itself, not some other value.
    contract = v1_with(lambda s: s.update(type=["object", "null"]))

    assert refused(FORKED, contract).code == "BOOT-CFG-01"


def test_a_property_called_property_names_is_a_field_not_a_rule_on_keys() -> None:
    def add(schema: dict[str, Any]) -> None:
        platform_schema(schema)["properties"]["propertyNames"] = {
            "type": "string",
            "x-error-code": {"type": "SK-CFG-202"},
        }

    err = refused(platform(propertyNames=5), v1_with(add))

    assert [(d.code, d.path) for d in err.diagnostics] == [
        ("SK-CFG-202", "runtime.platform.propertyNames")
    ]
    assert err.diagnostics[0].message.endswith("expected a string, got 5")


def test_a_branch_that_refuses_everything_is_reported_at_its_block() -> None:
    # A `false` schema has no keywords, so no code of its own: the error still gets one.
    def forbid(schema: dict[str, Any]) -> None:
        ipc = platform_schema(schema)["properties"]["execution_ipc"]
        ipc.update({"if": {"required": ["transport"]}, "then": False})

    err = refused(platform(execution_ipc={"transport": "tcp_local"}), v1_with(forbid))

    assert [(d.code, d.path) for d in err.diagnostics] == [
        ("SK-CFG-104", "runtime.platform.execution_ipc")
    ]


def test_a_type_without_a_word_of_ours_is_named_as_the_schema_writes_it() -> None:
    def retype(schema: dict[str, Any]) -> None:
        bootstrap = platform_schema(schema)["properties"]["bootstrap"]
        bootstrap["properties"]["mode"].update(
            {"type": "decimal", "x-error-code": {"type": "SK-CFG-202"}}
        )

    err = refused(platform(bootstrap={"mode": "inline"}), v1_with(retype))

    assert [(d.code, d.path) for d in err.diagnostics] == [
        ("SK-CFG-202", "runtime.platform.bootstrap.mode")
    ]
    assert err.diagnostics[0].message.endswith("expected decimal, got 'inline'")


def test_a_document_level_error_takes_the_contracts_own_wording() -> None:
    def reword(schema: dict[str, Any]) -> None:
        schema["x-error-catalog"]["SK-CFG-104"]["title"] = "not data, as this contract says"

    err = refused({"elsewhere": threading.Lock()}, v1_with(reword))

    assert err.code == "SK-CFG-104"
    assert err.diagnostics[0].message.startswith("not data, as this contract says: ")


# --- its defaults ----------------------------------------------------------------------


def labelled(condition: dict[str, Any], **extra: Any) -> Contract:  # noqa: ANN401
    """A contract whose ``label`` default depends on ``condition``."""
    return custom(
        {
            "type": "object",
            "properties": {"n": {}, "label": {}},
            "if": condition,
            "then": {"properties": {"label": {"default": "then"}}},
            "else": {"properties": {"label": {"default": "else"}}},
            **extra,
        }
    )


def test_a_condition_on_a_number_uses_the_contracts_finite_numbers() -> None:
    contract = labelled({"properties": {"n": {"type": "number"}}, "required": ["n"]})

    assert validate_newgen_config({"n": 2.5}, contract=contract)["label"] == "then"
    assert validate_newgen_config({"n": float("inf")}, contract=contract)["label"] == "else"


def test_a_condition_may_refer_to_the_schemas_definitions() -> None:
    contract = labelled(
        {"properties": {"n": {"$ref": "#/definitions/small"}}, "required": ["n"]},
        definitions={"small": {"type": "integer", "maximum": 9}},
    )

    assert validate_newgen_config({"n": 3}, contract=contract)["label"] == "then"
    assert validate_newgen_config({"n": 30}, contract=contract)["label"] == "else"


def test_map_entries_without_defaults_are_kept_as_written() -> None:
    contract = custom(
        {
            "type": "object",
            "properties": {"level": {"default": 1}},
            "additionalProperties": {"type": "string"},
        }
    )

    assert validate_newgen_config({"note": "kept"}, contract=contract) == {
        "level": 1,
        "note": "kept",
    }


def test_defaults_under_a_recursive_reference_are_refused_naming_the_reference() -> None:
    contract = custom(
        {
            "definitions": {
                "node": {
                    "type": "object",
                    "properties": {"child": {"$ref": "#/definitions/node"}, "size": {"default": 1}},
                }
            },
            "type": "object",
            "properties": {"tree": {"$ref": "#/definitions/node"}},
        }
    )

    with pytest.raises(ValueError, match=r"recursive \$ref \(definitions/node\)"):
        validate_newgen_config({}, contract=contract)
