"""One test per edge of the contract the Step A spec leaves open ("The contract's edges"
in docs/decisions.md)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from stream_kernel.config.validator import ConfigError, validate_newgen_config

from .configs import codes_at, platform


def normalized_platform(raw: object) -> dict[str, Any]:
    result: dict[str, Any] = validate_newgen_config(raw)["runtime"]["platform"]
    return result


# Absent execution_ipc is the memory profile; a present block gets every default.


def test_absent_execution_ipc_adds_nothing() -> None:
    assert normalized_platform(platform()) == {"bootstrap": {"mode": "inline"}}


def test_bootstrap_is_created_when_missing() -> None:
    assert validate_newgen_config({}) == {
        "runtime": {"platform": {"bootstrap": {"mode": "inline"}}}
    }


# A block left empty (null) means the same as the block being absent.


@pytest.mark.parametrize(
    "raw",
    [
        {"runtime": None},
        platform(bootstrap=None),
        platform(bootstrap=None, execution_ipc=None),
        {"runtime": {"platform": None}},
    ],
)
def test_empty_blocks_normalize_exactly_as_absent_ones(raw: dict[str, Any]) -> None:
    assert validate_newgen_config(raw) == validate_newgen_config({})


def test_empty_auth_block_normalizes_as_an_absent_one() -> None:
    assert validate_newgen_config(platform(execution_ipc={"auth": None})) == validate_newgen_config(
        platform(execution_ipc={})
    )


@pytest.mark.parametrize("value", ["", "yes", 0, False, [], ["mode"]])
@pytest.mark.parametrize("block", ["bootstrap", "execution_ipc"])
def test_any_other_non_mapping_block_is_an_error(block: str, value: object) -> None:
    assert codes_at(platform(**{block: value})) == {("SK-CFG-102", f"runtime.platform.{block}")}


def test_non_mapping_auth_is_an_error() -> None:
    assert codes_at(platform(execution_ipc={"auth": "hmac"})) == {
        ("SK-CFG-102", "runtime.platform.execution_ipc.auth")
    }


# BOOT-CFG-05: process_supervisor needs a block whose transport is (or defaults to) tcp_local.


def test_process_supervisor_with_an_omitted_transport_is_accepted() -> None:
    result = normalized_platform(
        platform(bootstrap={"mode": "process_supervisor"}, execution_ipc={})
    )

    assert result["execution_ipc"]["transport"] == "tcp_local"


@pytest.mark.parametrize("transport", [None, "TCP_LOCAL", "uds", 1])
def test_process_supervisor_with_another_transport_is_boot_cfg_05(transport: object) -> None:
    raw = platform(bootstrap={"mode": "process_supervisor"}, execution_ipc={"transport": transport})

    assert ("BOOT-CFG-05", "runtime.platform.execution_ipc.transport") in codes_at(raw)


def test_inline_mode_needs_no_execution_ipc() -> None:
    assert "execution_ipc" not in normalized_platform(platform(bootstrap={"mode": "inline"}))


# Enums are case-sensitive; anything outside the set (wrong type, null) gets the field's code.

ENUM_FIELDS = [
    ("BOOT-CFG-01", "runtime.platform.bootstrap.mode", lambda v: platform(bootstrap={"mode": v})),
    (
        "BOOT-CFG-02",
        "runtime.platform.execution_ipc.auth.secret_mode",
        lambda v: platform(execution_ipc={"auth": {"secret_mode": v}}),
    ),
    (
        "BOOT-CFG-03",
        "runtime.platform.execution_ipc.auth.kdf",
        lambda v: platform(execution_ipc={"auth": {"kdf": v}}),
    ),
]


@pytest.mark.parametrize(("code", "path", "build"), ENUM_FIELDS, ids=[f[0] for f in ENUM_FIELDS])
@pytest.mark.parametrize("value", ["INLINE", "Static", "HKDF_SHA256", None, 0, True, [], {}])
def test_unsupported_enum_values_get_the_fields_code(
    code: str, path: str, build: Callable[[object], dict[str, Any]], value: object
) -> None:
    assert codes_at(build(value)) == {(code, path)}


def test_explicit_null_is_never_omitted() -> None:
    assert codes_at(platform(execution_ipc={"auth": {"kdf": None}})) == {
        ("BOOT-CFG-03", "runtime.platform.execution_ipc.auth.kdf")
    }


@pytest.mark.parametrize("value", [True, False])
def test_booleans_are_not_integers(value: bool) -> None:
    assert codes_at(platform(execution_ipc={"bind_port": value})) == {
        ("SK-CFG-202", "runtime.platform.execution_ipc.bind_port")
    }


def test_an_integral_float_is_normalized_to_int() -> None:
    ipc = normalized_platform(
        platform(execution_ipc={"bind_port": 8080.0, "auth": {"ttl_seconds": 5.0}})
    )

    assert ipc["execution_ipc"]["bind_port"] == 8080
    assert type(ipc["execution_ipc"]["bind_port"]) is int
    assert type(ipc["execution_ipc"]["auth"]["ttl_seconds"]) is int


@pytest.mark.parametrize("value", [8080.5, float("nan"), float("inf")])
def test_a_non_integral_float_is_rejected(value: float) -> None:
    # (inf is also above the port range, so it may get SK-CFG-203 beside the type error)
    assert ("SK-CFG-202", "runtime.platform.execution_ipc.bind_port") in codes_at(
        platform(execution_ipc={"bind_port": value})
    )


# Unknown keys inside owned blocks are errors, with the closest key suggested.


@pytest.mark.parametrize(
    ("raw", "path", "suggestion"),
    [
        (platform(bootstrap={"mdoe": "inline"}), "runtime.platform.bootstrap.mdoe", "'mode'"),
        (
            platform(execution_ipc={"transprot": "tcp_local"}),
            "runtime.platform.execution_ipc.transprot",
            "'transport'",
        ),
        (
            platform(execution_ipc={"auth": {"secert_mode": "generated"}}),
            # A key under auth is never shown (it may be the secret): named by its kind.
            "runtime.platform.execution_ipc.auth.<an 11-character string>",
            "'secret_mode'",
        ),
    ],
)
def test_unknown_keys_in_owned_blocks_are_errors_with_a_suggestion(
    raw: dict[str, Any], path: str, suggestion: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        validate_newgen_config(raw)

    assert (caught.value.code, caught.value.path) == ("SK-CFG-201", path)
    assert f"did you mean {suggestion}?" in str(caught.value)


# Everything outside the owned blocks passes through untouched.


def test_unowned_sections_pass_through_untouched() -> None:
    raw = {
        "app": {"name": "x", "anything": [1, {"nested": None}]},
        "runtime": {"scheduler": {"tick": 5}, "platform": {"workers": {"count": 3}, "other": None}},
        7: "a non-string key outside the contract",
    }

    result = validate_newgen_config(raw)

    assert result["app"] == raw["app"]
    assert result[7] == raw[7]  # type: ignore[index]
    assert result["runtime"]["scheduler"] == {"tick": 5}
    assert result["runtime"]["platform"]["workers"] == {"count": 3}
    assert result["runtime"]["platform"]["other"] is None


@pytest.mark.parametrize("root", [None, [], "runtime", 3, True])
def test_the_root_must_be_a_mapping(root: object) -> None:
    assert codes_at(root) == {("SK-CFG-101", "")}


@pytest.mark.parametrize("raw", [{"runtime": []}, {"runtime": "x"}, {"runtime": {"platform": 1}}])
def test_runtime_and_platform_must_be_mappings_when_present(raw: dict[str, Any]) -> None:
    ((code, _),) = codes_at(raw)

    assert code == "SK-CFG-102"


# A static secret without auth.secret is a lint warning, never a ConfigError.


def test_static_secret_without_a_secret_is_accepted_by_the_validator() -> None:
    result = normalized_platform(platform(execution_ipc={"auth": {"secret_mode": "static"}}))

    assert "secret" not in result["execution_ipc"]["auth"]
