"""Checking a source: loader, validator and lint rules together, every finding positioned."""

from __future__ import annotations

import yaml

from stream_kernel.config._yaml11 import conversion
from stream_kernel.config.check import check_text
from stream_kernel.config.validator import validate_newgen_config


def found(text: str, *, strict: bool = False) -> list[tuple[int | None, int | None, str, str]]:
    return [
        (d.line, d.column, d.code, d.severity) for d in check_text(text, strict=strict).diagnostics
    ]


STATIC_WITHOUT_SECRET = """\
runtime:
  platform:
    execution_ipc:
      auth:
        secret_mode: static
"""


def test_a_valid_config_gives_its_normalized_form() -> None:
    result = check_text("runtime:\n  platform: {}\n")

    assert result.ok
    assert result.diagnostics == ()
    assert result.config == validate_newgen_config({"runtime": {"platform": {}}})


def test_contract_errors_get_the_position_of_the_offending_value() -> None:
    text = "runtime:\n  platform:\n    bootstrap:\n      mode: fork\n"

    assert found(text) == [(4, 13, "BOOT-CFG-01", "error")]
    assert check_text(text).config is None


def test_an_unknown_key_is_located_at_the_key() -> None:
    text = "runtime:\n  platform:\n    bootstrap:\n      mode: inline\n      moed: x\n"

    assert found(text) == [(5, 7, "SK-CFG-201", "error")]


def test_a_rule_about_a_missing_block_points_at_its_parent() -> None:
    text = "runtime:\n  platform:\n    bootstrap:\n      mode: process_supervisor\n"

    assert found(text) == [(2, 3, "BOOT-CFG-05", "error")]


def test_findings_come_in_source_order() -> None:
    text = """\
runtime:
  platform:
    execution_ipc:
      bind_port: -1
      auth:
        kdf: md5
    bootstrap:
      mode: x
"""
    assert [f[0] for f in found(text)] == [4, 6, 8]


def test_a_loader_refusal_is_the_only_finding() -> None:
    text = "runtime:\n  platform:\n    bootstrap: {mode: x, mode: y}\n"

    assert found(text) == [(3, 26, "SK-CFG-302", "error")]


def test_static_secret_mode_without_a_secret_is_a_warning_not_an_error() -> None:
    result = check_text(STATIC_WITHOUT_SECRET)

    assert found(STATIC_WITHOUT_SECRET) == [(5, 22, "SK-CFG-401", "warning")]
    assert result.ok
    assert result.config is not None


def test_the_default_secret_mode_is_static_so_it_warns_too() -> None:
    text = "runtime:\n  platform:\n    execution_ipc: {}\n"

    assert found(text) == [(3, 5, "SK-CFG-401", "warning")]


def test_strict_makes_a_warning_an_error() -> None:
    result = check_text(STATIC_WITHOUT_SECRET, strict=True)

    assert found(STATIC_WITHOUT_SECRET, strict=True) == [(5, 22, "SK-CFG-401", "error")]
    assert not result.ok
    assert result.config is None


def test_no_warning_with_a_secret_a_generated_one_or_no_ipc() -> None:
    with_secret = STATIC_WITHOUT_SECRET + "        secret: s3cr3t\n"
    generated = STATIC_WITHOUT_SECRET.replace("static", "generated")
    memory = "runtime:\n  platform:\n    bootstrap: {mode: inline}\n"

    assert found(with_secret) == []
    assert found(generated) == []
    assert found(memory) == []


def test_warnings_are_not_given_for_an_invalid_config() -> None:
    text = STATIC_WITHOUT_SECRET.replace(
        "secret_mode: static", "secret_mode: static\n        kdf: x"
    )

    assert [f[2] for f in found(text)] == ["BOOT-CFG-03"]


# -- YAML 1.1 conversions ------------------------------------------------------------


def test_a_yaml_1_1_boolean_in_an_owned_field_explains_itself() -> None:
    text = "runtime:\n  platform:\n    bootstrap:\n      mode: no\n"

    (error,) = check_text(text).errors

    assert error.code == "BOOT-CFG-01"
    assert "the unquoted 'no' as the boolean false" in error.message


def test_a_yaml_1_1_boolean_under_auth_explains_itself_without_its_text() -> None:
    text = "runtime:\n  platform:\n    execution_ipc:\n      auth:\n        kdf: no\n"

    (error,) = check_text(text).errors

    assert error.code == "BOOT-CFG-03"
    assert error.message == (
        "unsupported auth kdf: got a boolean (value hidden); allowed: 'none', 'hkdf_sha256'"
        " (YAML 1.1 reads this unquoted text as a boolean; quote it if you meant the text)"
    )


def test_a_date_in_an_owned_field_explains_itself() -> None:
    text = "runtime:\n  platform:\n    bootstrap:\n      mode: 2024-01-01\n"

    (error,) = check_text(text).errors

    assert "the unquoted '2024-01-01' as a date" in error.message


def test_an_octal_number_accepted_by_a_field_is_a_warning() -> None:
    text = (
        "runtime:\n  platform:\n    execution_ipc:\n      bind_port: 010\n      auth: {secret: s}\n"
    )

    (warning,) = check_text(text).warnings

    assert (warning.code, warning.line, warning.column) == ("SK-CFG-402", 4, 18)
    assert "the unquoted '010' as the number 8" in warning.message
    assert "quote it" not in warning.message  # a quoted port would be a type error


def test_a_sexagesimal_number_accepted_by_a_field_is_a_warning() -> None:
    ipc = "      bind_port: 1:30\n      auth: {secret: s}\n"
    text = "runtime:\n  platform:\n    execution_ipc:\n" + ipc

    (warning,) = check_text(text).warnings

    assert "the unquoted '1:30' as the number 90" in warning.message


def test_a_number_converted_under_auth_is_a_warning_without_its_text() -> None:
    text = "runtime:\n  platform:\n    execution_ipc:\n      auth: {ttl_seconds: 1:30, secret: s}\n"

    (warning,) = check_text(text).warnings

    assert warning.code == "SK-CFG-402"
    assert "1:30" not in warning.message
    assert "90" not in warning.message
    assert "YAML 1.1 reads this unquoted text as a number" in warning.message


def test_the_secret_is_never_quoted_by_a_hint() -> None:
    text = "runtime:\n  platform:\n    execution_ipc:\n      auth:\n        secret: yes\n"

    (error,) = check_text(text).errors

    assert error.code == "SK-CFG-202"
    assert "yes" not in error.message
    assert "YAML 1.1" not in error.message


def test_the_secret_aliased_into_another_field_is_never_shown() -> None:
    text = "runtime:\n  platform:\n    execution_ipc:\n      auth:\n"
    text += "        secret: &s hunter2-canary\n        kdf: *s\n        ttl_seconds: *s\n"

    result = check_text(text)

    assert {d.code for d in result.errors} == {"BOOT-CFG-03", "SK-CFG-202"}
    assert all("hunter2-canary" not in d.message for d in result.diagnostics)


def test_conversions_outside_owned_fields_are_left_alone() -> None:
    assert found("other:\n  enabled: yes\n  mode: 010\n") == []


def test_an_unknown_keys_value_gets_no_hint() -> None:
    text = "runtime:\n  platform:\n    bootstrap:\n      enabled: yes\n"

    (error,) = check_text(text).errors

    assert "YAML 1.1" not in error.message


def test_text_yaml_1_2_reads_the_same_way_is_not_a_conversion() -> None:
    for text in [
        "true",
        "False",
        "10",
        "-3",
        "0x1f",
        "1.5",
        "text",
        "'no'",
        ".inf",
        "-.Inf",
        ".NaN",
    ]:
        assert conversion(yaml.compose(text), yaml.safe_load(text)) is None, text


def test_text_only_yaml_1_1_converts_is_a_conversion() -> None:
    for text in ["yes", "No", "off", "010", "1:30", "1_000", "2024-01-01", "0b101"]:
        assert conversion(yaml.compose(text), yaml.safe_load(text)) is not None, text
