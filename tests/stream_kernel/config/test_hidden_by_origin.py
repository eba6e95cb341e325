"""A value is hidden for where it came from, not only for where it stands: a mapping, key
or number that is the object written under the secret's block is never shown elsewhere,
and the slow path for odd values keeps the contract's own rules."""

from __future__ import annotations

from typing import Any

import pytest

from stream_kernel.config import _contracts as contracts_module
from stream_kernel.config._contracts import V1, V2
from stream_kernel.config._messages import hide_written_keys
from stream_kernel.config._secrets import Exposure, exposure_of
from stream_kernel.config.diagnostics import Diagnostic, HiddenKey
from stream_kernel.config.validator import ConfigError, validate_exposed, validate_newgen_config

from .configs import platform


def refused(raw: object, contract: str = "v1") -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        validate_newgen_config(raw, contract=contract)
    return caught.value


def v2_platform(**blocks: Any) -> dict[str, Any]:  # noqa: ANN401 - YAML-shaped
    """A v2 config that is valid but for ``blocks``' own content."""
    ipc = {"transport": "ipc_local", **blocks.pop("execution_ipc", {})}
    return platform(process_groups=[{"name": "w"}], execution_ipc=ipc, **blocks)


def test_the_keys_of_the_secrets_block_stay_hidden_where_that_block_is_reused() -> None:
    # One mapping written as auth and, through an alias, as bootstrap: bootstrap does not
    # take auth's keys, and naming them would say what auth holds.
    auth = {"secret_mode": "static", "secret": "s3cr3t-value"}
    err = refused(platform(bootstrap=auth, execution_ipc={"auth": auth}))

    unknown = [d for d in err.diagnostics if d.code == "SK-CFG-201"]
    assert len(unknown) == len(auth)
    for d in unknown:
        assert isinstance(d.path_parts[-1], HiddenKey)
        assert "(key hidden)" in d.message
        assert not any(f"'{key}'" in d.message for key in auth)


def test_a_map_key_that_is_the_secret_object_is_not_shown_in_its_message() -> None:
    # The secret (of the wrong type) is also a group name: the group-name rule's message
    # names it by its kind only.
    secret = int("123456789")
    raw = v2_platform(
        execution_ipc={
            "auth": {"secret_mode": "static", "secret": secret},
            "buffer": {"per_group": {secret: {}}},
        }
    )

    names = [d for d in refused(raw, "v2").diagnostics if d.code == "SK-CFG-210"]

    assert len(names) == 1
    assert names[0].message.endswith("got an integer (value hidden)")
    assert str(secret) not in names[0].message


def test_a_range_error_on_the_secret_object_does_not_show_it() -> None:
    # The secret (of the wrong type) is also the poll interval, and out of its range.
    secret = float("-2.5")
    raw = v2_platform(
        execution_ipc={
            "poll_interval_ms": secret,
            "auth": {"secret_mode": "static", "secret": secret},
        }
    )

    ranges = [d for d in refused(raw, "v2").diagnostics if d.code == "SK-CFG-209"]

    assert [d.path for d in ranges] == ["runtime.platform.execution_ipc.poll_interval_ms"]
    assert ranges[0].message.endswith("got a number (value hidden)")
    assert repr(secret) not in ranges[0].message


class _Uncomparable:
    def __eq__(self, other: object) -> bool:
        raise RuntimeError("no eq")

    __hash__ = object.__hash__

    def __repr__(self) -> str:
        return "uncomparable"


def test_the_slow_path_for_odd_values_keeps_v2s_finite_numbers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A value that cannot be compared sends the document through the guarded validator;
    # there, as everywhere in v2, an infinite poll interval is not a number.
    ran: list[str] = []
    guarded = contracts_module._guarded

    def recording(contract: contracts_module.Contract) -> object:
        ran.append(contract.name)
        return guarded(contract)

    monkeypatch.setattr(contracts_module, "_guarded", recording)
    raw = v2_platform(
        bootstrap={"mode": _Uncomparable()}, execution_ipc={"poll_interval_ms": float("inf")}
    )

    found = {(d.code, d.path) for d in refused(raw, "v2").diagnostics}

    assert ran == ["v2"]
    assert ("SK-CFG-202", "runtime.platform.execution_ipc.poll_interval_ms") in found


def test_where_values_came_from_is_asked_only_of_an_invalid_document() -> None:
    asked: list[object] = []

    def exposed(raw: object, contract: contracts_module.Contract) -> Exposure:
        asked.append(raw)
        return exposure_of(raw, contract)

    valid = platform(bootstrap={"mode": "inline"})
    invalid = platform(bootstrap={"mode": "forked"})

    assert validate_exposed(valid, V1, exposed)
    assert asked == []
    with pytest.raises(ConfigError):
        validate_exposed(invalid, V1, exposed)
    assert asked == [invalid]


def _per_group_with_the_secret_as_a_name(secret: str) -> dict[str, Any]:
    return v2_platform(
        execution_ipc={
            "auth": {"secret_mode": "static", "secret": secret},
            "buffer": {"per_group": {"first": {}, secret: {"capacity": "eight"}}},
        }
    )


@pytest.mark.parametrize("same_object", [True, False], ids=["the-key", "an-equal-copy"])
def test_a_written_key_on_a_path_is_hidden_at_its_own_place_among_its_keys(
    same_object: bool,
) -> None:
    # The path may be about a copy of the document whose key is equal, not the same.
    secret = "anchor-secret-value-1"
    written = _per_group_with_the_secret_as_a_name(secret)
    copy = "".join(list(secret))
    about = written if same_object else _per_group_with_the_secret_as_a_name(copy)
    assert (copy is secret, copy == secret) == (False, True)
    path = ("runtime", "platform", "execution_ipc", "buffer", "per_group", secret, "capacity")

    hidden = hide_written_keys(
        Diagnostic("SK-CFG-202", path, "wrong type"), about, exposure_of(written, V2)
    )

    assert hidden.path_parts == (*path[:5], HiddenKey("a 21-character string", 1), "capacity")


def test_a_written_key_below_a_list_item_is_hidden_too() -> None:
    # The walk along a path goes through list items (a process group) as through maps.
    secret = "anchor-secret-value-2"
    document = v2_platform(execution_ipc={"auth": {"secret_mode": "static", "secret": secret}})
    document["runtime"]["platform"]["process_groups"] = [{secret: {"x": 1}}, {"name": "w"}]
    path = ("runtime", "platform", "process_groups", 0, secret, "x")

    hidden = hide_written_keys(
        Diagnostic("SK-CFG-201", path, "unknown key"), document, exposure_of(document, V2)
    )

    assert hidden.path_parts == (*path[:4], HiddenKey("a 21-character string", 0), "x")
