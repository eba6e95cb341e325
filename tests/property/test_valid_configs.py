"""Properties of every valid config: accepted, normalized idempotently, never mutated,
and summarized totally."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft7Validator

from stream_kernel.app.runtime import runtime_contract_summary
from stream_kernel.config._contracts import V1
from stream_kernel.config._schema import iter_subschemas
from stream_kernel.config.strategies import PROFILES, Profile, valid_configs
from stream_kernel.config.validator import validate_newgen_config

from .budget import budget, counted

SCHEMA = Draft7Validator(V1.schema())
SUMMARY_IPC_KEYS = {
    "enabled", "transport", "bind_host", "bind_port", "auth_mode", "secret_mode", "kdf",
    "ttl_seconds", "nonce_cache_size", "max_payload_bytes",
}  # fmt: skip
# Instance paths of every field the schema declares an integer, and of every default.
SUBSCHEMAS = list(iter_subschemas(V1.schema()))
INTEGER_FIELDS = [at for at, _, schema in SUBSCHEMAS if schema.get("type") == "integer"]
DEFAULTED = [at for at, _, schema in SUBSCHEMAS if "default" in schema]


def at_path(document: Any, path: tuple[str, ...]) -> Any:  # noqa: ANN401 - YAML data
    for name in path:
        if not isinstance(document, dict) or name not in document:
            return None
        document = document[name]
    return document


def containers(value: object) -> list[dict[Any, Any] | list[Any]]:
    found: list[dict[Any, Any] | list[Any]] = []
    if isinstance(value, dict):
        found.append(value)
        for item in value.values():
            found.extend(containers(item))
    elif isinstance(value, list):
        found.append(value)
        for item in value:
            found.extend(containers(item))
    return found


def profile_of(normalized: dict[str, Any]) -> Profile:
    platform = normalized["runtime"]["platform"]
    if "execution_ipc" not in platform:
        return "memory"
    supervised = platform["bootstrap"]["mode"] == "process_supervisor"
    return "process_supervisor" if supervised else "tcp_local"


@budget(ci=25, fuzz=15_000)
@given(raw=valid_configs())
@counted
def test_every_valid_config_is_accepted_and_the_bare_schema_agrees(raw: dict[str, Any]) -> None:
    assert SCHEMA.is_valid(raw)

    normalized = validate_newgen_config(raw)

    assert isinstance(normalized, dict)
    assert normalized is not raw


@budget(ci=15, fuzz=8_000)
@given(raw=valid_configs())
@counted
def test_the_normalized_config_validates_again_unchanged(raw: dict[str, Any]) -> None:
    normalized = validate_newgen_config(raw)

    again = validate_newgen_config(normalized)

    # repr compares types too: an int that came back a float would be a change.
    assert repr(again) == repr(normalized)
    assert again is not normalized


@budget(ci=15, fuzz=8_000)
@given(raw=valid_configs())
@counted
def test_the_input_is_never_mutated(raw: dict[str, Any]) -> None:
    before = repr(raw)

    normalized = validate_newgen_config(raw)

    assert repr(raw) == before
    # Nothing of the result is shared with the input but immutable scalars: emptying
    # every mapping and list of the result leaves the input as it was.
    for container in containers(normalized):
        container.clear()
    assert repr(raw) == before


@budget(ci=15, fuzz=8_000)
@given(raw=valid_configs())
@counted
def test_the_normalized_config_has_every_default_and_only_int_integers(
    raw: dict[str, Any],
) -> None:
    normalized = validate_newgen_config(raw)

    ipc_present = "execution_ipc" in normalized["runtime"]["platform"]
    for path in DEFAULTED:
        if ipc_present or "execution_ipc" not in path:
            assert at_path(normalized, path) is not None, path
    for path in INTEGER_FIELDS:
        value = at_path(normalized, path)
        assert value is None or type(value) is int, (path, value)


@budget(ci=15, fuzz=8_000)
@given(raw=valid_configs())
@counted
def test_the_summary_is_total_and_json_serializable(raw: dict[str, Any]) -> None:
    summary = runtime_contract_summary(raw)

    assert set(summary) == {"bootstrap_mode", "execution_transport_profile", "execution_ipc"}
    assert set(summary["execution_ipc"]) == SUMMARY_IPC_KEYS
    assert json.loads(json.dumps(summary, allow_nan=False)) == summary
    assert runtime_contract_summary(validate_newgen_config(raw)) == summary
    if not summary["execution_ipc"]["enabled"]:
        assert summary["execution_transport_profile"] == "memory"
        assert {v for k, v in summary["execution_ipc"].items() if k != "enabled"} == {None}


@pytest.mark.parametrize("profile", PROFILES)
@budget(ci=10, fuzz=1_000)
@given(data=st.data())
@counted
def test_each_profile_draws_configs_of_that_profile(profile: Profile, data: st.DataObject) -> None:
    raw = data.draw(valid_configs(profile))

    assert profile_of(validate_newgen_config(raw)) == profile
