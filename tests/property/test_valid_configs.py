"""Properties of every valid config, for each contract: accepted, normalized idempotently,
never mutated, and summarized totally."""

from __future__ import annotations

import json
from typing import Any, Final

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft7Validator

from stream_kernel.app.runtime import runtime_contract_summary
from stream_kernel.config._contracts import V1, V2, Contract
from stream_kernel.config._document import paths_matching, value_at
from stream_kernel.config._schema import BRANCHES, DEFAULT_FROM_KEYWORD, iter_subschemas
from stream_kernel.config.strategies import Profile, profiles, valid_configs
from stream_kernel.config.validator import validate_newgen_config

from .budget import budget, counted

CONTRACTS: Final = {"v1": V1, "v2": V2}
SUMMARY_IPC_KEYS = {
    "enabled", "transport", "bind_host", "bind_port", "auth_mode", "secret_mode", "kdf",
    "ttl_seconds", "nonce_cache_size", "max_payload_bytes",
}  # fmt: skip


class Fields:
    """What the schema of one contract declares, by instance path (ANY_KEY: a map entry)."""

    def __init__(self, contract: Contract) -> None:
        # A bare validator, independent of ours (no compiled check, no number type of ours).
        self.schema = Draft7Validator(contract.schema())
        walked = list(iter_subschemas(contract.schema()))
        self.integers = {at for at, _, s in walked if s.get("type") == "integer"}
        self.numbers = {at for at, _, s in walked if s.get("type") == "number"}
        # Fields whose default always applies once their block is there: a plain default,
        # one in both branches of a condition, or one taken from a sibling that has one.
        plain = {at for at, where, s in walked if "default" in s and not set(where) & {*BRANCHES}}
        branches: dict[tuple[str, ...], set[str]] = {}
        for at, where, s in walked:
            if "default" in s:
                branches.setdefault(at, set()).update(set(where) & {"then", "else"})
        both = {at for at, found in branches.items() if found == {"then", "else"}}
        derived = {
            at
            for at, _, s in walked
            if s.get(DEFAULT_FROM_KEYWORD) and (*at[:-1], s[DEFAULT_FROM_KEYWORD]) in plain
        }
        self.always_defaulted = plain | both | derived


FIELDS: Final = {name: Fields(c) for name, c in CONTRACTS.items()}


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


def profile_of(raw: dict[str, Any], normalized: dict[str, Any]) -> Profile:
    platform = normalized["runtime"]["platform"]
    if "execution_ipc" not in platform:
        return "memory"
    if platform["bootstrap"]["mode"] == "process_supervisor":
        written = value_at(raw, ("runtime", "platform", "bootstrap", "mode")) is not None
        return "process_supervisor" if written else "process_groups"
    transport: Profile = platform["execution_ipc"]["transport"]
    return transport


@pytest.mark.parametrize("contract", CONTRACTS)
@budget(ci=25, fuzz=15_000)
@given(data=st.data())
@counted
def test_every_valid_config_is_accepted_and_the_bare_schema_agrees(
    contract: str, data: st.DataObject
) -> None:
    raw = data.draw(valid_configs(contract=contract))
    assert FIELDS[contract].schema.is_valid(raw)

    normalized = validate_newgen_config(raw, contract=contract)

    assert isinstance(normalized, dict)
    assert normalized is not raw


@pytest.mark.parametrize("contract", CONTRACTS)
@budget(ci=15, fuzz=8_000)
@given(data=st.data())
@counted
def test_the_normalized_config_validates_again_unchanged(
    contract: str, data: st.DataObject
) -> None:
    raw = data.draw(valid_configs(contract=contract))
    normalized = validate_newgen_config(raw, contract=contract)

    again = validate_newgen_config(normalized, contract=contract)

    # repr compares types too: an int that came back a float would be a change.
    assert repr(again) == repr(normalized)
    assert again is not normalized


@pytest.mark.parametrize("contract", CONTRACTS)
@budget(ci=15, fuzz=8_000)
@given(data=st.data())
@counted
def test_the_input_is_never_mutated(contract: str, data: st.DataObject) -> None:
    raw = data.draw(valid_configs(contract=contract))
    before = repr(raw)

    normalized = validate_newgen_config(raw, contract=contract)

    assert repr(raw) == before
    # Nothing of the result is shared with the input but immutable scalars: emptying
    # every mapping and list of the result leaves the input as it was.
    for container in containers(normalized):
        container.clear()
    assert repr(raw) == before


@pytest.mark.parametrize("contract", CONTRACTS)
@budget(ci=15, fuzz=8_000)
@given(data=st.data())
@counted
def test_the_normalized_config_has_every_default_and_only_int_integers(
    contract: str, data: st.DataObject
) -> None:
    raw = data.draw(valid_configs(contract=contract))
    fields = FIELDS[contract]
    normalized = validate_newgen_config(raw, contract=contract)

    for pattern in fields.always_defaulted:
        for path in paths_matching(normalized, pattern):
            if isinstance(value_at(normalized, path[:-1]), dict):
                assert value_at(normalized, path) is not None, path
    for pattern in fields.integers:
        for path in paths_matching(normalized, pattern):
            value = value_at(normalized, path)
            assert value is None or type(value) is int, (path, value)
    for pattern in fields.numbers:
        # A number keeps the value and the type it is written with.
        for path in paths_matching(raw, pattern):
            written = value_at(raw, path)
            if written is not None:
                assert repr(value_at(normalized, path)) == repr(written), path


@pytest.mark.parametrize("contract", CONTRACTS)
@budget(ci=15, fuzz=8_000)
@given(data=st.data())
@counted
def test_the_summary_is_total_and_json_serializable(contract: str, data: st.DataObject) -> None:
    raw = data.draw(valid_configs(contract=contract))
    summary = runtime_contract_summary(raw, contract=contract)

    assert set(summary) == {"bootstrap_mode", "execution_transport_profile", "execution_ipc"}
    assert set(summary["execution_ipc"]) == SUMMARY_IPC_KEYS
    assert json.loads(json.dumps(summary, allow_nan=False)) == summary
    normalized = validate_newgen_config(raw, contract=contract)
    assert runtime_contract_summary(normalized, contract=contract) == summary
    if not summary["execution_ipc"]["enabled"]:
        assert summary["execution_transport_profile"] == "memory"
        assert {v for k, v in summary["execution_ipc"].items() if k != "enabled"} == {None}


@pytest.mark.parametrize(("contract", "profile"), [(c, p) for c in CONTRACTS for p in profiles(c)])
@budget(ci=10, fuzz=1_000)
@given(data=st.data())
@counted
def test_each_profile_draws_configs_of_that_profile(
    contract: str, profile: Profile, data: st.DataObject
) -> None:
    raw = data.draw(valid_configs(profile, contract=contract))

    assert profile_of(raw, validate_newgen_config(raw, contract=contract)) == profile
