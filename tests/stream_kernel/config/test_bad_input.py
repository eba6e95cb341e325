"""Bad input gets ConfigError with coded diagnostics: never another exception, a partial
result, a mutated input, or a secret in a message."""

from __future__ import annotations

import contextlib
import copy
import datetime
import subprocess
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from types import MappingProxyType
from typing import Any

import pytest
import yaml

from stream_kernel.config import _contracts as contracts_module
from stream_kernel.config import validator as validator_module
from stream_kernel.config.diagnostics import HiddenKey
from stream_kernel.config.validator import ConfigError, validate_newgen_config

from .configs import codes_at, platform, rejected

CANARY = "canary-5b1d0c77-do-not-print"


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
    err = rejected(platform(execution_ipc={"bind_host": "127.0.0.1", 1: "x", None: "y"}))

    assert {(d.code, d.path) for d in err.diagnostics} == {
        ("SK-CFG-201", "runtime.platform.execution_ipc.1"),
        ("SK-CFG-201", "runtime.platform.execution_ipc.None"),
    }
    assert {d.path_parts[-1] for d in err.diagnostics} == {1, None}


def test_a_non_string_key_under_auth_is_an_unknown_key_named_by_its_kind() -> None:
    err = rejected(platform(execution_ipc={"auth": {1: "x", None: "y"}}))

    assert {(d.code, d.path) for d in err.diagnostics} == {
        ("SK-CFG-201", "runtime.platform.execution_ipc.auth.<an integer>"),
        ("SK-CFG-201", "runtime.platform.execution_ipc.auth.<null>"),
    }
    assert {d.path_parts[-1] for d in err.diagnostics} == {
        HiddenKey("an integer", 0),
        HiddenKey("null", 1),
    }


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


# --- values built to break the validator: huge integers, shared and expanding references ---

HUGE = 10**5000  # beyond Python's 4300-digit str() limit
IPC = "runtime.platform.execution_ipc"


@pytest.mark.parametrize(
    ("raw", "code", "path"),
    [
        (HUGE, "SK-CFG-101", ""),
        (
            platform(execution_ipc={"bind_port": HUGE}),
            "SK-CFG-203",
            "runtime.platform.execution_ipc.bind_port",
        ),
        (platform(bootstrap={"mode": HUGE}), "BOOT-CFG-01", "runtime.platform.bootstrap.mode"),
        (platform(bootstrap={"mode": [HUGE]}), "BOOT-CFG-01", "runtime.platform.bootstrap.mode"),
        (
            platform(execution_ipc={"auth": {"secret": HUGE}}),
            "SK-CFG-202",
            "runtime.platform.execution_ipc.auth.secret",
        ),
        (
            platform(bootstrap={HUGE: 1}),
            "SK-CFG-201",
            "runtime.platform.bootstrap.<a very large integer>",
        ),
    ],
    ids=["root", "port", "mode", "mode-list", "secret", "key"],
)
def test_an_integer_too_large_to_print_gets_its_code(raw: object, code: str, path: str) -> None:
    err = rejected(raw)

    assert (err.code, err.path) == (code, path)


def test_a_huge_hex_port_from_yaml_is_out_of_range() -> None:
    raw = yaml.safe_load(
        "runtime:\n  platform:\n    execution_ipc:\n      bind_port: 0x" + "f" * 4000
    )

    err = rejected(raw)

    assert (err.code, err.path) == ("SK-CFG-203", "runtime.platform.execution_ipc.bind_port")


@pytest.mark.parametrize(
    "field", ["max_payload_bytes", "auth.ttl_seconds", "auth.nonce_cache_size"]
)
def test_sizes_and_counts_stop_at_the_largest_exact_json_integer(field: str) -> None:
    def config(value: int) -> dict[str, Any]:
        if field.startswith("auth."):
            return platform(execution_ipc={"auth": {field.removeprefix("auth."): value}})
        return platform(execution_ipc={field: value})

    validate_newgen_config(config(2**53 - 1))
    err = rejected(config(2**53))

    assert (err.code, err.path) == ("SK-CFG-203", f"runtime.platform.execution_ipc.{field}")


def test_shared_references_are_copied_once_and_stay_shared() -> None:
    leaf: dict[str, Any] = {"k": [1, 2]}
    raw = {"elsewhere": [leaf, leaf, {"again": leaf}]}

    result = validate_newgen_config(raw)["elsewhere"]

    assert result[0] is result[1] is result[2]["again"]
    assert result[0] is not leaf
    assert result == raw["elsewhere"]


def test_a_billion_laughs_document_is_validated_at_the_cost_of_its_size() -> None:
    # 64 levels of two aliases each: 2**64 nodes once expanded, a few KB as YAML. Run in a
    # child process so that a regression fails on the timeout instead of hanging the suite.
    lines = ["a0: &a0 [lol, lol]"] + [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}]" for i in range(1, 65)]
    probe = (
        "import sys, yaml; from stream_kernel.config import validate_newgen_config as v;"
        "d = v(yaml.safe_load(sys.stdin.read())); print(d['a64'][0] is d['a64'][1])"
    )

    done = subprocess.run(
        [sys.executable, "-c", probe],
        input="\n".join(lines), capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip

    assert (done.returncode, done.stdout.strip()) == (0, "True"), done.stderr


class _Hostile:
    """A caller's object whose every dunder fails: copyable, but nothing else works."""

    def __deepcopy__(self, memo: object) -> _Hostile:
        return self

    def __repr__(self) -> str:
        raise RuntimeError("no repr")

    def __str__(self) -> str:
        raise RuntimeError("no str")

    def __eq__(self, other: object) -> bool:
        raise RuntimeError("no eq")

    __hash__ = object.__hash__


@pytest.mark.parametrize(
    "raw",
    [
        _Hostile(),
        platform(bootstrap={"mode": _Hostile()}),
        platform(execution_ipc={"auth": {"secret": _Hostile(), "kdf": _Hostile()}}),
        platform(bootstrap={_Hostile(): "inline"}),
    ],
    ids=["root", "mode", "secret-and-kdf", "key"],
)
def test_objects_whose_dunders_raise_get_coded_errors(raw: object) -> None:
    err = rejected(raw)

    assert err.diagnostics
    assert all(d.code.startswith(("BOOT-CFG-", "SK-CFG-")) for d in err.diagnostics)


class _CollidingKey:
    """A caller's key that hashes like the contract key ``mode`` and cannot be compared."""

    def __hash__(self) -> int:
        return hash("mode")

    def __eq__(self, other: object) -> bool:
        raise RuntimeError("no eq")

    def __repr__(self) -> str:
        return "colliding"


def test_a_key_that_hashes_like_a_contract_key_and_cannot_be_compared_is_unknown() -> None:
    # Found by mutation testing: the unknown-key message compared it and the
    # RuntimeError escaped validate_newgen_config.
    err = rejected(platform(bootstrap={_CollidingKey(): "inline"}))

    assert [(d.code, d.path, d.message) for d in err.diagnostics] == [
        ("SK-CFG-104", "runtime.platform.bootstrap",
         "the document holds a value that is not plain data:"
         " a value could not be compared or shown"),
        ("SK-CFG-201", "runtime.platform.bootstrap.colliding",
         "unknown key: a value of type _CollidingKey; allowed keys: mode"),
    ]  # fmt: skip


def test_ordinary_input_never_needs_the_guarded_validator(monkeypatch: pytest.MonkeyPatch) -> None:
    # The guarded validator is the slow path, for values that break jsonschema's messages.
    def refuse() -> None:
        raise AssertionError("the guarded validator ran for ordinary input")

    monkeypatch.setattr(contracts_module, "_guarded", refuse)

    assert rejected(platform(bootstrap={"mode": "fork"})).code == "BOOT-CFG-01"
    assert validate_newgen_config(platform(bootstrap={"mode": "inline"}))


def test_an_integral_float_subclass_is_normalized_to_int() -> None:
    class Float(float):
        pass

    ipc = validate_newgen_config(platform(execution_ipc={"bind_port": Float(8080.0)}))

    assert type(ipc["runtime"]["platform"]["execution_ipc"]["bind_port"]) is int


def test_a_mapping_that_is_not_a_dict_gets_the_schemas_verdict() -> None:
    # jsonschema's "object" is a dict; the library's verdict is the schema's.
    assert rejected(MappingProxyType({"runtime": {}})).code == "SK-CFG-101"
    assert rejected({"runtime": MappingProxyType({})}).code == "SK-CFG-102"


def test_a_read_only_mapping_outside_the_owned_blocks_becomes_a_dict() -> None:
    result = validate_newgen_config({"elsewhere": MappingProxyType({"a": [1]})})

    assert result["elsewhere"] == {"a": [1]}
    assert type(result["elsewhere"]) is dict


def test_a_huge_unknown_key_is_shortened_in_the_message() -> None:
    key = "k" * 1_000_000

    (diagnostic,) = rejected(platform(bootstrap={key: 1})).diagnostics

    assert diagnostic.path == f"runtime.platform.bootstrap.{key}"
    assert len(diagnostic.message) < 300


def test_an_empty_block_keeps_its_place_in_the_document() -> None:
    raw = {"runtime": {"platform": {"bootstrap": None, "later": 1}}}

    assert list(validate_newgen_config(raw)["runtime"]["platform"]) == ["bootstrap", "later"]


def test_a_complex_number_is_only_the_wrong_type() -> None:
    # Not also "out of range": a complex number has no order, and JSON numbers are real.
    assert codes_at(platform(execution_ipc={"bind_port": 1j})) == {
        ("SK-CFG-202", "runtime.platform.execution_ipc.bind_port")
    }


def test_the_secret_copied_into_another_field_is_never_shown() -> None:
    canary = "CANARY-copied-5e1d"
    raw = platform(execution_ipc={"auth": {"secret": canary, "kdf": canary, "mode": canary}})

    error = rejected(raw)

    assert {d.code for d in error.diagnostics} == {"BOOT-CFG-03", "SK-CFG-204"}
    assert canary not in str(error)
    assert all(canary not in d.message for d in error.diagnostics)


class _Unreadable(dict[Any, Any]):
    """A caller's mapping that fails as soon as it is read."""

    def __iter__(self) -> Iterator[Any]:
        raise RuntimeError("no iter")

    def keys(self) -> Any:  # noqa: ANN401 - fails like __iter__
        raise RuntimeError("no keys")

    def __len__(self) -> int:
        raise RuntimeError("no len")


class _UnreadableList(list[Any]):
    def __iter__(self) -> Iterator[Any]:
        raise RuntimeError("no iter")

    def __len__(self) -> int:
        raise RuntimeError("no len")


@pytest.mark.parametrize(
    "raw",
    [
        _Unreadable({"runtime": {}}),
        platform(bootstrap=_Unreadable({"mode": "x"})),
        platform(execution_ipc=_Unreadable({"bind_host": "0.0.0.0"})),
        platform(execution_ipc={"auth": _Unreadable({"secret_mode": "x"})}),
        platform(execution_ipc={"auth": {"kdf": _Unreadable({})}}),
        {"elsewhere": _Unreadable({"a": 1})},
        {"elsewhere": [_UnreadableList([1])]},
        {"runtime": _Unreadable({"platform": {}}), "elsewhere": 1},
    ],
    ids=["root", "bootstrap", "execution-ipc", "auth", "kdf", "outside", "list", "runtime"],
)
def test_a_mapping_that_fails_as_it_is_read_gets_a_coded_error(raw: object) -> None:
    # Found by a tester: a dict subclass whose __iter__ raises, as execution_ipc, let a
    # RuntimeError out of the unknown-key check.
    err = rejected(raw)

    assert all(d.code.startswith(("BOOT-CFG-", "SK-CFG-")) for d in err.diagnostics)


class _Classless:
    """A caller's object whose ``__class__`` raises: even ``isinstance`` fails on it."""

    @property  # type: ignore[misc]
    def __class__(self) -> type:  # the attribute isinstance falls back on
        raise RuntimeError("no class")


# Built in the test: pytest itself cannot look at such an object while collecting.
_PLACES_OF_A_CLASSLESS_OBJECT: dict[str, Callable[[object], object]] = {
    "root": lambda value: value,
    "runtime": lambda value: {"runtime": value},
    "mode": lambda value: platform(bootstrap={"mode": value}),
    "execution-ipc": lambda value: platform(execution_ipc=value),
    "auth": lambda value: platform(execution_ipc={"auth": value}),
}


@pytest.mark.parametrize("contract", ["v1", "v2"])
@pytest.mark.parametrize("place", _PLACES_OF_A_CLASSLESS_OBJECT)
def test_an_object_that_fails_isinstance_is_not_plain_data(place: str, contract: str) -> None:
    # Describing the value asked isinstance, and its RuntimeError escaped.
    err = rejected(_PLACES_OF_A_CLASSLESS_OBJECT[place](_Classless()), contract=contract)

    assert [(d.code, d.path) for d in err.diagnostics] == [("SK-CFG-104", "")]


def test_an_aliased_branch_outside_the_contract_is_not_filled_with_defaults() -> None:
    # The copy keeps aliased branches shared; the defaults go into runtime's own blocks.
    raw = yaml.safe_load("r: &r {platform: {bootstrap: {}}}\nruntime: *r\n")

    config = validate_newgen_config(raw)

    assert config["r"] == {"platform": {"bootstrap": {}}}
    assert config["runtime"]["platform"]["bootstrap"] == {"mode": "inline"}


def test_a_failure_of_ours_on_plain_data_is_not_disguised(monkeypatch: pytest.MonkeyPatch) -> None:
    # Only a caller's object that is not plain data turns a failure into SK-CFG-104.
    def broken(*_: object) -> list[object]:
        raise LookupError("a bug in the messages")

    monkeypatch.setattr(validator_module, "diagnose", broken)

    with pytest.raises(LookupError, match="a bug in the messages"):
        validate_newgen_config(platform(bootstrap={"mode": "fork"}))


def test_an_object_that_fails_isinstance_says_it_is_not_plain_data() -> None:
    err = rejected({"runtime": _Classless()})

    assert err.diagnostics[0].message == (
        "the document holds a value that is not plain data:"
        " a value could not be read as plain data (reading it raised an error)"
    )


def test_a_document_too_deep_to_copy_beside_an_object_that_fails_isinstance_is_sk_cfg_103() -> None:
    # The copy that looks for the value that broke the messages meets the depth first.
    err = rejected({"elsewhere": nested(5_000), "runtime": _Classless()})

    assert [(d.code, d.path) for d in err.diagnostics] == [("SK-CFG-103", "")]
    assert err.diagnostics[0].message.endswith("more nesting than Python can follow")
