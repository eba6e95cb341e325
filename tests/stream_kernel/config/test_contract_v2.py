"""Contract v2 through the library: choosing it, what it reads from its schema (defaults,
codes, secrets), and what it keeps apart from v1."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any, Final

import pytest

from stream_kernel.app.runtime import runtime_contract_summary
from stream_kernel.config import check_file, check_loaded, check_text, load_yaml
from stream_kernel.config._contracts import (
    V1,
    V2,
    Contract,
    contract_from_file,
    contract_from_schema,
    contract_named,
    resolve_contract,
)
from stream_kernel.config._schema import ANNOTATIONS, CODE_KEYWORD
from stream_kernel.config._secrets import secret_paths
from stream_kernel.config.validator import ConfigError, validate_newgen_config

IPC: Final = ("runtime", "platform", "execution_ipc")
UNKNOWN: Final = "unknown contract 'v3'; choose one of: v1, v2"


def platform(**blocks: Any) -> dict[str, Any]:  # noqa: ANN401 - YAML data
    return {"runtime": {"platform": blocks}}


def refused(raw: object, contract: str | Contract = "v2") -> set[tuple[str, str]]:
    with pytest.raises(ConfigError) as caught:
        validate_newgen_config(raw, contract=contract)
    return {(d.code, d.path) for d in caught.value.diagnostics}


# --- choosing a contract ---------------------------------------------------------------


def test_contracts_are_named_values() -> None:
    assert contract_named("v1") is V1
    assert contract_named("v2") is V2
    assert resolve_contract(V2) is V2
    assert V2.schema_file == "runtime-config.v2.schema.json"
    assert V2.schema()["$id"].endswith("/v2.json")
    # One compiled validator per contract per process.
    assert V2.validator() is V2.validator()
    assert V1.validator() is not V2.validator()


@pytest.mark.parametrize("name", ["v3", "V2", "", "runtime-config.v2.schema.json"])
def test_an_unknown_contract_name_is_a_value_error_naming_the_contracts(name: str) -> None:
    with pytest.raises(ValueError, match=r"choose one of: v1, v2") as caught:
        contract_named(name)

    assert f"unknown contract {name!r}" in str(caught.value)


@pytest.mark.parametrize(
    "call",
    [
        lambda: validate_newgen_config({}, contract="v3"),
        lambda: runtime_contract_summary({}, contract="v3"),
        lambda: check_text("runtime: {}", contract="v3"),
        lambda: check_file("does-not-matter.yaml", contract="v3"),
        lambda: check_loaded(load_yaml("runtime: {}"), contract="v3"),
    ],
    ids=["validate", "summary", "check_text", "check_file", "check_loaded"],
)
def test_every_public_function_refuses_an_unknown_contract(call: Any) -> None:  # noqa: ANN401
    with pytest.raises(ValueError, match=UNKNOWN) as caught:
        call()

    # Not a ConfigError: the config was never looked at.
    assert type(caught.value) is ValueError


def test_v1_stays_the_default() -> None:
    ipc_local = platform(execution_ipc={"transport": "ipc_local"})

    assert ("SK-CFG-204", "runtime.platform.execution_ipc.transport") in refused(ipc_local, "v1")
    with pytest.raises(ConfigError):
        validate_newgen_config(ipc_local)
    assert validate_newgen_config(ipc_local, contract="v2")


def test_a_contract_made_of_a_schema_with_the_same_id_keeps_its_own_references() -> None:
    schema = copy.deepcopy(dict(V2.schema()))
    schema["definitions"]["codec"]["enum"] = ["bytes", "pickle", "json"]
    custom = contract_from_schema(schema, name="custom", source="custom.schema.json")
    config = platform(execution_ipc={"transport": "ipc_local", "codec": "json"})

    assert custom.schema()["$id"] == V2.schema()["$id"]
    assert validate_newgen_config(config, contract=custom)
    assert ("SK-CFG-204", "runtime.platform.execution_ipc.codec") in refused(config)
    # The jsonschema path too: the custom enum is the one its message lists.
    wrong = platform(execution_ipc={"transport": "ipc_local", "codec": "xml"})
    with pytest.raises(ConfigError, match="'json'"):
        validate_newgen_config(wrong, contract=custom)
    with pytest.raises(ConfigError) as caught:
        validate_newgen_config(wrong, contract="v2")
    assert "'json'" not in str(caught.value)


def test_a_contract_made_of_a_schema_takes_only_json_data() -> None:
    with pytest.raises(ValueError, match="Out of range float values"):
        contract_from_schema({"minimum": float("nan")}, name="x", source="x.json")


# --- the schema, not Python, holds the rules -------------------------------------------


def stripped(schema: Any) -> Any:  # noqa: ANN401 - JSON Schema
    """``schema`` without what is for people and editors (and the codes' words)."""
    if isinstance(schema, dict):
        return {k: stripped(v) for k, v in schema.items() if k not in ANNOTATIONS}
    if isinstance(schema, list):
        return [stripped(v) for v in schema]
    return schema


def test_control_is_execution_ipc_without_control() -> None:
    ipc = V2.schema()["properties"]["runtime"]["properties"]["platform"]["properties"][
        "execution_ipc"
    ]
    without_control = {**ipc, "properties": {**ipc["properties"]}}
    del without_control["properties"]["control"]

    assert stripped(ipc["properties"]["control"]) == stripped(without_control)
    # Annotations may differ, but never the codes.
    assert ipc["properties"]["control"][CODE_KEYWORD] == ipc[CODE_KEYWORD]


def with_default(schema: dict[str, Any], branch: str, default: str) -> Contract:
    changed = copy.deepcopy(schema)
    platform_schema = changed["properties"]["runtime"]["properties"]["platform"]
    mode = platform_schema["then"][branch]["properties"]["bootstrap"]["properties"]["mode"]
    mode["default"] = default
    return contract_from_schema(changed, name="changed", source="changed.schema.json")


def test_the_process_groups_default_and_its_supervisor_rule_come_from_the_schema() -> None:
    groups = platform(process_groups=[{"name": "w"}], execution_ipc={"transport": "ipc_local"})
    no_ipc = platform(process_groups=[{"name": "w"}])

    normalized = validate_newgen_config(groups, contract="v2")
    assert normalized["runtime"]["platform"]["bootstrap"] == {"mode": "process_supervisor"}
    assert refused(no_ipc) == {("BOOT-CFG-05", "runtime.platform.execution_ipc")}
    # The same schema with another default: the pass follows it.
    changed = with_default(dict(V2.schema()), "then", "inline")
    assert validate_newgen_config(groups, contract=changed)["runtime"]["platform"]["bootstrap"] == {
        "mode": "inline"
    }


def test_a_sibling_default_is_a_copy_of_the_sibling_as_written() -> None:
    flow = {"token_bucket": {"rate_per_sec": 2500.5}, "per_group": {"a": {"token_bucket": None}}}
    config = platform(execution_ipc={"transport": "ipc_local", "flow_control": flow})

    got = validate_newgen_config(config, contract="v2")["runtime"]["platform"]["execution_ipc"]

    bucket = got["flow_control"]["token_bucket"]
    assert repr(bucket) == repr({"rate_per_sec": 2500.5, "burst": 2500.5})
    # An override's own bucket: its own rate's default, not the parent's rate.
    assert got["flow_control"]["per_group"]["a"]["token_bucket"] == {
        "rate_per_sec": 20000,
        "burst": 20000,
    }


def test_a_written_sibling_default_is_kept() -> None:
    bucket = {"rate_per_sec": 100, "burst": 7}
    config = platform(
        execution_ipc={"transport": "ipc_local", "flow_control": {"token_bucket": bucket}}
    )

    got = validate_newgen_config(config, contract="v2")["runtime"]["platform"]["execution_ipc"]

    assert got["flow_control"]["token_bucket"] == bucket


# --- numbers ---------------------------------------------------------------------------


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan")], ids=repr)
def test_v2_numbers_are_finite(value: float) -> None:
    config = platform(execution_ipc={"transport": "ipc_local", "poll_interval_ms": value})

    assert refused(config) == {("SK-CFG-202", "runtime.platform.execution_ipc.poll_interval_ms")}


def test_v1_keeps_its_diagnostics_for_an_infinite_port() -> None:
    # Contract v1 keeps draft-07's real numbers: an infinite port is not an integer and
    # above the maximum, as it always was.
    config = platform(execution_ipc={"bind_port": float("inf")})

    assert refused(config, "v1") == {
        ("SK-CFG-202", "runtime.platform.execution_ipc.bind_port"),
        ("SK-CFG-203", "runtime.platform.execution_ipc.bind_port"),
    }


def test_a_number_not_above_its_bound_says_so() -> None:
    config = platform(execution_ipc={"transport": "ipc_local", "poll_interval_ms": 0})

    with pytest.raises(ConfigError, match=r"SK-CFG-209 .*must be greater than 0, got 0"):
        validate_newgen_config(config, contract="v2")


# --- map keys ----------------------------------------------------------------------------


def test_a_group_name_that_is_no_string_is_reported_at_the_key() -> None:
    text = (
        "runtime:\n  platform:\n    execution_ipc:\n      transport: ipc_local\n"
        "      buffer:\n        per_group:\n          1:\n            enabled: false\n"
    )

    (found,) = check_text(text, contract="v2").errors

    assert (found.code, found.path) == (
        "SK-CFG-210",
        "runtime.platform.execution_ipc.buffer.per_group.1",
    )
    assert (found.line, found.column) == (7, 11)
    assert "expected a string, got 1" in found.message


# --- secrets -------------------------------------------------------------------------------


def test_the_secret_paths_are_read_from_the_schema() -> None:
    assert secret_paths(V2) == {(*IPC, "auth", "secret"), (*IPC, "control", "auth", "secret")}
    assert secret_paths(V1) == {(*IPC, "auth", "secret")}


def test_a_static_control_secret_without_a_secret_warns_like_the_parent() -> None:
    text = (
        "runtime:\n  platform:\n    execution_ipc:\n      transport: ipc_local\n"
        "      auth: {secret_mode: generated}\n      control:\n        transport: ipc_local\n"
    )

    (found,) = check_text(text, contract="v2").diagnostics

    assert (found.code, found.severity) == ("SK-CFG-401", "warning")
    assert found.path == "runtime.platform.execution_ipc.control.auth.secret_mode"
    assert "no auth.secret is set" in found.message


CANARY: Final = "hunter2-control-canary"


def test_the_control_secret_is_never_echoed() -> None:
    control = {"transport": "ipc_local", "auth": {"secret": CANARY, "kdf": CANARY}}
    config = platform(execution_ipc={"transport": "ipc_local", "control": control})

    with pytest.raises(ConfigError) as caught:
        validate_newgen_config(config, contract="v2")

    assert CANARY not in str(caught.value)
    assert caught.value.code == "BOOT-CFG-03"


def test_the_control_secret_is_never_echoed_from_a_file(tmp_path: Path) -> None:
    text = (
        "runtime:\n  platform:\n    execution_ipc:\n      transport: ipc_local\n"
        f"      control:\n        transport: ipc_local\n        auth: {{secret: &s {CANARY}}}\n"
        "        codec: *s\n"
    )
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")

    result = check_file(path, contract="v2")

    assert [d.code for d in result.errors] == ["SK-CFG-204"]
    assert CANARY not in json.dumps([d.message for d in result.diagnostics])


# --- the summary ------------------------------------------------------------------------


def test_the_v2_summary_has_the_v1_keys() -> None:
    config = platform(process_groups=[{"name": "w"}], execution_ipc={"transport": "ipc_local"})

    summary = runtime_contract_summary(config, contract="v2")

    assert summary == {
        "bootstrap_mode": "process_supervisor",
        "execution_transport_profile": "ipc_local",
        "execution_ipc": {
            "enabled": True,
            "transport": "ipc_local",
            "bind_host": None,
            "bind_port": None,
            "auth_mode": "hmac",
            "secret_mode": "static",
            "kdf": "none",
            "ttl_seconds": 30,
            "nonce_cache_size": 100000,
            "max_payload_bytes": 1048576,
        },
    }
    assert set(summary) == set(runtime_contract_summary({}))


def test_a_key_only_a_condition_reads_gets_no_yaml_1_1_hint() -> None:
    # process_groups belongs to another contract: v2 only reads it for a default.
    text = (
        "runtime:\n  platform:\n    process_groups: 010\n"
        "    execution_ipc: {transport: ipc_local, auth: {secret_mode: generated},"
        " buffer: {per_group: {a: {batch_max_items: 010}}}}\n"
    )

    found = check_text(text, contract="v2").diagnostics

    assert [(d.code, d.path) for d in found] == [
        ("SK-CFG-402", "runtime.platform.execution_ipc.buffer.per_group.a.batch_max_items")
    ]


def test_a_contract_made_of_a_schema_file_reads_that_file(tmp_path: Path) -> None:
    path = tmp_path / "runtime-config.v2.schema.json"
    path.write_text(V2.schema_text(), encoding="utf-8")
    (tmp_path / "list.json").write_text("[]", encoding="utf-8")

    contract = contract_from_file(path)

    assert contract.name == contract.schema_file == str(path)
    assert contract.schema() == V2.schema()
    assert contract != V2
    assert validate_newgen_config(
        platform(execution_ipc={"transport": "ipc_local"}), contract=contract
    )
    with pytest.raises(ValueError, match="a schema is a JSON object"):
        contract_from_file(tmp_path / "list.json")
