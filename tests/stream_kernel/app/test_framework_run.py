"""Step A runtime summary tests: the spec's TDD mapping, verbatim, plus the summary contract."""

from __future__ import annotations

import json
from typing import Any

import pytest

from stream_kernel.app.runtime import runtime_contract_summary
from stream_kernel.config.validator import ConfigError, validate_newgen_config

IPC_KEYS = [
    "enabled",
    "transport",
    "bind_host",
    "bind_port",
    "auth_mode",
    "secret_mode",
    "kdf",
    "ttl_seconds",
    "nonce_cache_size",
    "max_payload_bytes",
]


def test_runtime_contract_summary_defaults_for_memory_profile() -> None:
    summary = runtime_contract_summary({"app": {"name": "orders"}})

    assert summary == {
        "bootstrap_mode": "inline",
        "execution_transport_profile": "memory",
        "execution_ipc": {key: (False if key == "enabled" else None) for key in IPC_KEYS},
    }
    assert list(summary["execution_ipc"]) == IPC_KEYS


def test_runtime_contract_summary_normalizes_runtime_sections() -> None:
    raw = {
        "runtime": {
            "platform": {
                "bootstrap": {"mode": "process_supervisor"},
                "execution_ipc": {
                    "transport": "tcp_local",
                    "bind_port": 47100.0,
                    "auth": {"mode": "hmac", "secret_mode": "generated"},
                },
            }
        }
    }

    summary = runtime_contract_summary(raw)

    assert summary == {
        "bootstrap_mode": "process_supervisor",
        "execution_transport_profile": "tcp_local",
        "execution_ipc": {
            "enabled": True,
            "transport": "tcp_local",
            "bind_host": "127.0.0.1",
            "bind_port": 47100,
            "auth_mode": "hmac",
            "secret_mode": "generated",
            "kdf": "hkdf_sha256",
            "ttl_seconds": 30,
            "nonce_cache_size": 100000,
            "max_payload_bytes": 1048576,
        },
    }
    assert type(summary["execution_ipc"]["bind_port"]) is int


def test_summary_of_the_static_secret_defaults_reflects_the_normalized_auth() -> None:
    summary = runtime_contract_summary(
        {
            "runtime": {
                "platform": {"execution_ipc": {"transport": "tcp_local", "auth": {"mode": "hmac"}}}
            }
        }
    )

    assert summary["bootstrap_mode"] == "inline"
    assert summary["execution_ipc"]["secret_mode"] == "static"
    assert summary["execution_ipc"]["kdf"] == "none"


def test_summary_is_the_same_for_a_raw_and_a_normalized_config() -> None:
    raw: dict[str, Any] = {"runtime": {"platform": {"execution_ipc": {"auth": None}}}}

    assert runtime_contract_summary(raw) == runtime_contract_summary(validate_newgen_config(raw))


def test_summary_never_contains_the_secret() -> None:
    canary = "canary-7f3e9b2d-secret"
    raw = {
        "runtime": {
            "platform": {"execution_ipc": {"auth": {"secret_mode": "static", "secret": canary}}}
        }
    }

    text = json.dumps(runtime_contract_summary(raw))

    assert canary not in text


def test_summary_is_json_serializable() -> None:
    summary = runtime_contract_summary({"runtime": {"platform": {"execution_ipc": {}}}})

    assert json.loads(json.dumps(summary)) == summary


def test_summary_of_an_invalid_config_raises_config_error() -> None:
    with pytest.raises(ConfigError) as caught:
        runtime_contract_summary(
            {"runtime": {"platform": {"bootstrap": {"mode": "process_supervisor"}}}}
        )

    assert caught.value.code == "BOOT-CFG-05"
