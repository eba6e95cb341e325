"""Which name a message suggests: meaning (shared words) first, then spelling, then the
alphabet; and a read-only mapping told what to pass instead."""

from __future__ import annotations

from collections import UserDict
from types import MappingProxyType

import pytest

from stream_kernel.config._suggest import closest, near_miss
from stream_kernel.config.check import check_text
from stream_kernel.config.validator import ConfigError, validate_newgen_config

IPC_KEYS = ["transport", "bind_host", "bind_port", "max_payload_bytes", "auth"]


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("port", "bind_port"),
        ("host", "bind_host"),
        ("payload", "max_payload_bytes"),
        ("Transport", "transport"),
        ("bind-port", "bind_port"),
        ("trasnport", "transport"),
    ],
)
def test_a_shared_word_beats_a_similar_spelling(written: str, meant: str) -> None:
    assert closest(written, IPC_KEYS) == meant


def test_nothing_close_suggests_nothing() -> None:
    assert closest("zzz", IPC_KEYS) is None


def test_a_tie_is_broken_by_the_alphabet_whatever_the_order() -> None:
    assert closest("bind", ["bind_port", "bind_host"]) == "bind_host"
    assert closest("bind", ["bind_host", "bind_port"]) == "bind_host"


def test_an_unknown_port_key_suggests_bind_port() -> None:
    (found,) = check_text("runtime:\n  platform:\n    execution_ipc:\n      port: 8080\n").errors

    assert found.code == "SK-CFG-201"
    assert "(did you mean 'bind_port'?)" in found.message


@pytest.mark.parametrize(
    ("written", "name", "near"),
    [
        ("platfrom", "platform", True),
        ("bootstrp", "bootstrap", True),
        ("EXECUTION-IPC", "execution_ipc", True),
        ("runtme", "runtime", True),
        ("kv", "kdf", False),
        ("web", "mode", False),
        ("mod", "mode", False),
        ("readiness", "bootstrap", False),
        ("lifecycle", "execution_ipc", False),
    ],
)
def test_near_misses(written: str, name: str, near: bool) -> None:
    assert near_miss(written, name) is near


@pytest.mark.parametrize("mapping", [MappingProxyType({"runtime": {}}), UserDict({"runtime": {}})])
def test_a_mapping_that_is_not_a_dict_is_told_what_to_pass(mapping: object) -> None:
    with pytest.raises(ConfigError) as caught:
        validate_newgen_config(mapping)

    assert caught.value.code == "SK-CFG-101"
    assert "pass a dict, as a YAML or JSON load returns" in str(caught.value)
    assert f"dict(...) copies a {type(mapping).__name__}" in str(caught.value)


def test_a_block_that_is_not_a_dict_is_told_the_same() -> None:
    with pytest.raises(ConfigError) as caught:
        validate_newgen_config({"runtime": MappingProxyType({})})

    assert caught.value.code == "SK-CFG-102"
    assert "pass a dict" in str(caught.value)


def test_a_plain_wrong_type_gets_no_such_advice() -> None:
    with pytest.raises(ConfigError) as caught:
        validate_newgen_config(["runtime"])

    assert "dict" not in str(caught.value)
