"""Step A validator tests: the spec's TDD mapping, verbatim, plus the public contract."""

from __future__ import annotations

import copy
import pickle
from typing import Any

from stream_kernel.config.validator import Diagnostic, validate_newgen_config

from .configs import platform, rejected

# --- the spec's TDD mapping (Step A) -----------------------------------------------------


def test_validate_newgen_config_rejects_unknown_bootstrap_mode() -> None:
    err = rejected(platform(bootstrap={"mode": "fork"}))

    assert err.code == "BOOT-CFG-01"
    assert err.path == "runtime.platform.bootstrap.mode"
    assert "'inline'" in str(err)
    assert "'process_supervisor'" in str(err)


def test_validate_newgen_config_rejects_unknown_execution_ipc_secret_mode() -> None:
    err = rejected(
        platform(execution_ipc={"transport": "tcp_local", "auth": {"secret_mode": "random"}})
    )

    assert err.code == "BOOT-CFG-02"
    assert err.path == "runtime.platform.execution_ipc.auth.secret_mode"
    assert "'static'" in str(err)
    assert "'generated'" in str(err)


def test_validate_newgen_config_rejects_unknown_execution_ipc_kdf() -> None:
    err = rejected(
        platform(
            execution_ipc={
                "transport": "tcp_local",
                "auth": {"mode": "hmac", "secret_mode": "generated", "kdf": "bad_kdf"},
            }
        )
    )

    assert err.code == "BOOT-CFG-03"
    assert err.path == "runtime.platform.execution_ipc.auth.kdf"
    assert "'none'" in str(err)
    assert "'hkdf_sha256'" in str(err)


def test_validate_newgen_config_defaults_runtime_platform_bootstrap_mode_to_inline() -> None:
    raws: list[dict[str, Any]] = [
        {},
        {"runtime": {}},
        platform(),
        platform(bootstrap={}),
        platform(bootstrap=None),
    ]
    for raw in raws:
        normalized = validate_newgen_config(raw)

        assert normalized["runtime"]["platform"]["bootstrap"]["mode"] == "inline", raw


def test_validate_newgen_config_requires_tcp_local_transport_for_process_supervisor_mode() -> None:
    supervisor = {"mode": "process_supervisor"}

    absent = rejected(platform(bootstrap=supervisor))
    assert (absent.code, absent.path) == ("BOOT-CFG-05", "runtime.platform.execution_ipc")
    assert "tcp_local" in str(absent)

    empty = rejected(platform(bootstrap=supervisor, execution_ipc=None))
    assert (empty.code, empty.path) == ("BOOT-CFG-05", "runtime.platform.execution_ipc")

    other = rejected(platform(bootstrap=supervisor, execution_ipc={"transport": "uds"}))
    assert (other.code, other.path) == ("BOOT-CFG-05", "runtime.platform.execution_ipc.transport")


def test_validate_newgen_config_accepts_process_supervisor_mode_with_valid_execution_ipc() -> None:
    raw = platform(
        bootstrap={"mode": "process_supervisor"},
        execution_ipc={
            "transport": "tcp_local",
            "bind_host": "127.0.0.1",
            "bind_port": 0,
            "auth": {
                "mode": "hmac",
                "secret_mode": "generated",
                "kdf": "hkdf_sha256",
                "ttl_seconds": 30,
                "nonce_cache_size": 100000,
            },
            "max_payload_bytes": 1048576,
        },
    )

    assert validate_newgen_config(raw) == raw


# --- the public contract around it ----------------------------------------------------------


def test_kdf_defaults_to_hkdf_sha256_for_a_generated_secret() -> None:
    normalized = validate_newgen_config(
        platform(execution_ipc={"auth": {"secret_mode": "generated"}})
    )

    assert normalized["runtime"]["platform"]["execution_ipc"]["auth"]["kdf"] == "hkdf_sha256"


def test_kdf_defaults_to_none_for_a_static_secret() -> None:
    for auth in ({"secret_mode": "static"}, {}, None):
        normalized = validate_newgen_config(platform(execution_ipc={"auth": auth}))

        assert normalized["runtime"]["platform"]["execution_ipc"]["auth"]["kdf"] == "none", auth


def test_a_present_execution_ipc_block_gets_every_default() -> None:
    normalized = validate_newgen_config(platform(execution_ipc={}))

    assert normalized["runtime"]["platform"]["execution_ipc"] == {
        "transport": "tcp_local",
        "bind_host": "127.0.0.1",
        "bind_port": 0,
        "max_payload_bytes": 1048576,
        "auth": {
            "mode": "hmac",
            "secret_mode": "static",
            "kdf": "none",
            "ttl_seconds": 30,
            "nonce_cache_size": 100000,
        },
    }


def test_returns_a_new_dict_and_never_mutates_the_input() -> None:
    raw = platform(execution_ipc={"auth": {"secret_mode": "generated"}}, extra=[{"a": 1}])
    before = copy.deepcopy(raw)

    normalized = validate_newgen_config(raw)

    assert raw == before
    assert normalized is not raw
    normalized["runtime"]["platform"]["extra"][0]["a"] = 2
    normalized["runtime"]["platform"]["execution_ipc"]["auth"]["kdf"] = "none"
    assert raw == before


def test_validating_the_result_again_changes_nothing() -> None:
    raw = platform(bootstrap=None, execution_ipc={"bind_port": 8080.0, "auth": None})

    once = validate_newgen_config(raw)

    assert validate_newgen_config(once) == once


def test_config_error_is_a_value_error_carrying_every_diagnostic_in_order() -> None:
    err = rejected(
        platform(
            bootstrap={"mode": "fork"},
            execution_ipc={"bind_port": -1, "auth": {"kdf": "md5"}},
        )
    )

    assert isinstance(err, ValueError)
    assert all(isinstance(d, Diagnostic) for d in err.diagnostics)
    assert [(d.code, d.path) for d in err.diagnostics] == [
        ("BOOT-CFG-01", "runtime.platform.bootstrap.mode"),
        ("BOOT-CFG-03", "runtime.platform.execution_ipc.auth.kdf"),
        ("SK-CFG-203", "runtime.platform.execution_ipc.bind_port"),
    ]
    assert (err.code, err.path) == (err.diagnostics[0].code, err.diagnostics[0].path)


def test_diagnostics_are_errors_without_a_source_position() -> None:
    (diagnostic,) = rejected(platform(bootstrap={"mode": "fork"})).diagnostics

    assert diagnostic.severity == "error"
    assert (diagnostic.line, diagnostic.column) == (None, None)
    assert diagnostic.path_parts == ("runtime", "platform", "bootstrap", "mode")


def test_the_message_names_every_path_and_the_requirement() -> None:
    err = rejected(
        platform(bootstrap={"mode": "process_supervisor"}, execution_ipc={"bind_port": "x"})
    )
    text = str(err)

    assert "runtime.platform.execution_ipc.bind_port: SK-CFG-202" in text
    assert "expected an integer" in text
    # An omitted transport defaults to tcp_local, so only the type error is reported.
    assert "BOOT-CFG-05" not in text


def test_the_same_input_gives_the_same_diagnostics_every_time() -> None:
    raw = platform(
        bootstrap={"mode": 3},
        execution_ipc={"auth": {"zz": 1, "aa": 2, "secret_mode": None}, "x": 0},
    )

    first = rejected(raw).diagnostics

    assert all(rejected(copy.deepcopy(raw)).diagnostics == first for _ in range(5))
    assert [d.path for d in first] == sorted(d.path for d in first)


def test_config_error_survives_pickling() -> None:
    err = rejected(platform(bootstrap={"mode": "fork"}))

    clone = pickle.loads(pickle.dumps(err))  # noqa: S301 - our own bytes

    assert (clone.code, clone.path, clone.diagnostics) == (err.code, err.path, err.diagnostics)
    assert str(clone) == str(err)
