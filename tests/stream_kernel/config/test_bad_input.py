"""Bad input gets ConfigError with coded diagnostics: never another exception, a partial
result, a mutated input, or a secret in a message."""

from __future__ import annotations

import contextlib
import copy
import datetime
import threading
from collections import OrderedDict
from typing import Any

import pytest

from stream_kernel.config.validator import ConfigError, validate_newgen_config

CANARY = "canary-5b1d0c77-do-not-print"


def platform(**blocks: Any) -> dict[str, Any]:  # noqa: ANN401 - YAML-shaped
    return {"runtime": {"platform": blocks}}


def rejected(raw: object) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        validate_newgen_config(raw)
    return caught.value


def nested(depth: int) -> dict[str, Any]:
    node: dict[str, Any] = {}
    root = node
    for _ in range(depth):
        node["n"] = {}
        node = node["n"]
    return root


@pytest.mark.parametrize(
    "root", [None, [], [{"runtime": {}}], "", "x", 0, 1.5, True, b"raw", {1, 2}]
)
def test_a_non_mapping_root_is_sk_cfg_101(root: object) -> None:
    err = rejected(root)

    assert (err.code, err.path) == ("SK-CFG-101", "")


def test_a_non_string_key_in_an_owned_block_is_an_unknown_key() -> None:
    err = rejected(platform(execution_ipc={"auth": {1: "x", None: "y"}}))

    assert {(d.code, d.path) for d in err.diagnostics} == {
        ("SK-CFG-201", "runtime.platform.execution_ipc.auth.1"),
        ("SK-CFG-201", "runtime.platform.execution_ipc.auth.None"),
    }
    assert {d.path_parts[-1] for d in err.diagnostics} == {1, None}


def test_deep_nesting_in_an_unowned_section_is_accepted_within_reason() -> None:
    raw = {"elsewhere": nested(100)}

    assert validate_newgen_config(raw)["elsewhere"] == raw["elsewhere"]


def test_absurd_nesting_is_sk_cfg_103_not_a_recursion_error() -> None:
    err = rejected({"elsewhere": nested(100_000)})

    assert (err.code, err.path) == ("SK-CFG-103", "")


def test_a_self_referencing_document_is_sk_cfg_103() -> None:
    loop: dict[str, Any] = {}
    loop["again"] = loop

    err = rejected({"elsewhere": loop})

    assert err.code == "SK-CFG-103"


def test_a_value_that_cannot_be_copied_is_sk_cfg_104() -> None:
    err = rejected({"elsewhere": threading.Lock()})

    assert (err.code, err.path) == ("SK-CFG-104", "")
    assert "lock" in str(err)


def test_yaml_values_that_are_not_json_pass_through_as_independent_copies() -> None:
    raw: dict[str, Any] = {
        "elsewhere": {"day": datetime.date(2026, 11, 26), "tags": {"a", "b"}, "pair": (1, [2])}
    }

    result = validate_newgen_config(raw)

    assert result["elsewhere"] == raw["elsewhere"]
    assert result["elsewhere"]["tags"] is not raw["elsewhere"]["tags"]
    assert result["elsewhere"]["pair"][1] is not raw["elsewhere"]["pair"][1]


def test_mapping_and_list_subclasses_become_plain_data() -> None:
    raw = OrderedDict(
        runtime=OrderedDict(platform=OrderedDict(bootstrap=OrderedDict(mode="inline")))
    )

    result = validate_newgen_config(raw)

    assert type(result) is dict
    assert type(result["runtime"]["platform"]["bootstrap"]) is dict
    assert result == {"runtime": {"platform": {"bootstrap": {"mode": "inline"}}}}


@pytest.mark.parametrize(
    "raw",
    [
        platform(bootstrap={"mode": "process_supervisor"}, execution_ipc=None),
        platform(execution_ipc={"auth": {"secret_mode": "x", "unknown": [1, 2]}, "bind_port": "1"}),
        {"runtime": None, "other": [{"a": 1}]},
    ],
)
def test_the_input_is_never_mutated_even_when_it_is_rejected_or_empty(raw: dict[str, Any]) -> None:
    before = copy.deepcopy(raw)

    with contextlib.suppress(ConfigError):
        validate_newgen_config(raw)

    assert raw == before


@pytest.mark.parametrize(
    "secret",
    [CANARY, [CANARY], {"value": CANARY}, {CANARY: 1}, 12345678],
    ids=["valid", "in-a-list", "in-a-mapping", "as-a-key", "an-integer"],
)
def test_the_secret_value_never_appears_in_a_message(secret: object) -> None:
    raw = platform(
        bootstrap={"mode": "fork"},
        execution_ipc={"bind_host": "0.0.0.0", "auth": {"secret": secret, "kdf": "md5"}},
    )

    err = rejected(raw)

    text = str(err) + "".join(d.message + d.path for d in err.diagnostics) + repr(err.diagnostics)
    assert "canary" not in text
    assert "12345678" not in text


def test_a_huge_value_is_shortened_in_the_message() -> None:
    err = rejected(platform(bootstrap={"mode": "x" * 1_000_000}))

    assert err.code == "BOOT-CFG-01"
    assert len(str(err)) < 300


@pytest.mark.parametrize("port", [2**64, -(2**64), 10**400])
def test_huge_integers_are_out_of_range(port: int) -> None:
    err = rejected(platform(execution_ipc={"bind_port": port}))

    assert (err.code, err.path) == ("SK-CFG-203", "runtime.platform.execution_ipc.bind_port")


def test_no_other_exception_type_escapes_for_odd_values_in_owned_fields() -> None:
    odd: list[object] = [
        object(),
        b"bytes",
        1j,
        datetime.date.today(),
        frozenset(),
        (1,),
        nested(50),
    ]
    for value in odd:
        for raw in (
            platform(bootstrap={"mode": value}),
            platform(execution_ipc={"bind_port": value, "auth": {"kdf": value, "secret": value}}),
            platform(execution_ipc={"auth": value}),
        ):
            with pytest.raises(ConfigError):
                validate_newgen_config(raw)
