"""The contract diff, one kind of change at a time: which finding, where, how severe, and
a witness that the oracle (both contracts' own verdicts) confirms."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from typing import Any

import pytest

from stream_kernel.config._catalog import catalog, evolution_catalog
from stream_kernel.config._diff import Finding, UnsupportedSchemaError, diff
from stream_kernel.config._witness import judge_under

from .helpers import AUTH, IPC, at, breaker, changed_values, shipped_v1

Schema = dict[str, Any]
PLATFORM = ("runtime", "platform")


def edited(change: Callable[[Schema], object]) -> Schema:
    schema = shipped_v1()
    change(schema)
    return schema


# (name, change to v1, the findings expected as (code, severity, path)).
CASES: list[tuple[str, Callable[[Schema], object], list[tuple[str, str, str]]]] = [
    (
        "enum value dropped",
        lambda s: at(s, *AUTH, "secret_mode").update(enum=["generated"]),
        [("SK-DIFF-101", "error", "runtime.platform.execution_ipc.auth.secret_mode")],
    ),
    (
        "null no longer an empty block",
        lambda s: at(s, *IPC).update(type="object"),
        [("SK-DIFF-102", "error", "runtime.platform.execution_ipc")],
    ),
    (
        "minimum raised",
        lambda s: at(s, *IPC, "bind_port").update(minimum=1024),
        [("SK-DIFF-103", "error", "runtime.platform.execution_ipc.bind_port")],
    ),
    (
        "minLength raised",
        lambda s: at(s, *AUTH, "secret").update(minLength=16),
        [("SK-DIFF-103", "error", "runtime.platform.execution_ipc.auth.secret")],
    ),
    (
        "field required",
        lambda s: at(s, *IPC).update(required=["bind_port"]),
        [("SK-DIFF-104", "error", "runtime.platform.execution_ipc.bind_port")],
    ),
    (
        "field removed from a closed block",
        lambda s: at(s, *AUTH)["properties"].pop("nonce_cache_size"),
        [
            ("SK-DIFF-105", "error", "runtime.platform.execution_ipc.auth.nonce_cache_size"),
            ("SK-DIFF-106", "error", "runtime.platform.execution_ipc.auth.nonce_cache_size"),
        ],
    ),
    (
        "open block closed",
        lambda s: at(s, *PLATFORM).update(additionalProperties=False),
        [("SK-DIFF-105", "error", "runtime.platform.*")],
    ),
    (
        "default changed",
        lambda s: at(s, *IPC, "max_payload_bytes").update(default=4096),
        [("SK-DIFF-106", "error", "runtime.platform.execution_ipc.max_payload_bytes")],
    ),
    (
        "conditional default changed",
        lambda s: at(s, *AUTH)["then"]["properties"]["kdf"].update(default="none"),
        [("SK-DIFF-106", "error", "runtime.platform.execution_ipc.auth.kdf")],
    ),
    (
        "integral floats no longer made integers",
        lambda s: at(s, *AUTH, "ttl_seconds").update(type="number"),
        [
            ("SK-DIFF-106", "error", "runtime.platform.execution_ipc.auth.ttl_seconds"),
            ("SK-DIFF-141", "note", "runtime.platform.execution_ipc.auth.ttl_seconds"),
        ],
    ),
    (
        "code changed",
        lambda s: at(s, *AUTH, "kdf")["x-error-code"].update(enum="SK-CFG-204"),
        [
            ("SK-DIFF-107", "error", "runtime.platform.execution_ipc.auth.kdf"),
            ("SK-DIFF-122", "warning", ""),
        ],
    ),
    (
        "code left the catalog",
        lambda s: s["x-error-catalog"].pop("SK-CFG-402"),
        [("SK-DIFF-107", "error", "")],
    ),
    (
        "new optional field with a default",
        lambda s: at(s, *IPC)["properties"].update(
            codec={"enum": ["bytes", "pickle"], "default": "pickle"}
        ),
        [
            ("SK-DIFF-121", "warning", "runtime.platform.execution_ipc.codec"),
            ("SK-DIFF-144", "note", "runtime.platform.execution_ipc.codec"),
        ],
    ),
    (
        "new optional field",
        lambda s: at(s, *IPC)["properties"].update(codec={"enum": ["bytes", "pickle"]}),
        [("SK-DIFF-144", "note", "runtime.platform.execution_ipc.codec")],
    ),
    (
        "new field in an open block refuses what passed through",
        lambda s: at(s, *PLATFORM)["properties"].update(process_groups={"type": "array"}),
        [("SK-DIFF-102", "error", "runtime.platform.process_groups")],
    ),
    (
        "enum value added",
        lambda s: at(s, *IPC, "transport")["enum"].append("ipc_local"),
        [("SK-DIFF-141", "note", "runtime.platform.execution_ipc.transport")],
    ),
    (
        "maximum raised",
        lambda s: at(s, *IPC, "bind_port").update(maximum=70000),
        [("SK-DIFF-142", "note", "runtime.platform.execution_ipc.bind_port")],
    ),
    (
        "closed block opened",
        lambda s: at(s, *PLATFORM, "bootstrap").pop("additionalProperties"),
        [("SK-DIFF-144", "note", "runtime.platform.bootstrap.*")],
    ),
    (
        "rule dropped",
        lambda s: at(s, *PLATFORM)["then"].pop("required"),
        [("SK-DIFF-143", "note", "runtime.platform.execution_ipc")],
    ),
    (
        "new code",
        lambda s: s["x-error-catalog"].update({"SK-CFG-299": {"title": "t", "severity": "error"}}),
        [("SK-DIFF-145", "note", "")],
    ),
]


def expected_of(
    case: tuple[str, Callable[[Schema], object], list[tuple[str, str, str]]],
) -> list[tuple[str, str, str]]:
    return case[2]


@pytest.mark.parametrize(("name", "change", "expected"), CASES, ids=[c[0] for c in CASES])
def test_each_kind_of_change_gets_its_finding(
    name: str, change: Callable[[Schema], object], expected: list[tuple[str, str, str]]
) -> None:
    old, new = shipped_v1(), edited(change)

    findings = diff(old, new)

    assert [(f.code, f.severity, f.path) for f in findings] == expected


@pytest.mark.parametrize(("name", "change", "expected"), CASES, ids=[c[0] for c in CASES])
def test_every_witness_holds_by_the_contracts_own_verdicts(
    name: str, change: Callable[[Schema], object], expected: list[tuple[str, str, str]]
) -> None:
    old, new = shipped_v1(), edited(change)
    breaks = breaker(old, new)

    for finding in diff(old, new):
        if finding.severity == "error" and finding.code != "SK-DIFF-107":
            assert finding.witness is not None, finding
            assert breaks(finding.witness), finding
        elif finding.severity == "warning" and finding.witness is not None:
            before = judge_under(old)(finding.witness).normalized
            after = judge_under(new)(finding.witness).normalized
            assert before is not None
            assert after is not None
            assert before != after
            assert changed_values(before, after) == []
        else:
            assert finding.witness is None, finding


def test_a_witness_is_minimal_and_complete() -> None:
    new = edited(lambda s: at(s, *PLATFORM, "bootstrap", "mode").update(enum=["inline"]))

    (finding,) = diff(shipped_v1(), new)

    # process_supervisor needs an execution_ipc block (BOOT-CFG-05) and nothing else.
    assert finding.witness == {
        "runtime": {"platform": {"bootstrap": {"mode": "process_supervisor"}, "execution_ipc": {}}}
    }


def test_a_changed_default_reaching_every_config_has_the_empty_config_as_witness() -> None:
    new = edited(
        lambda s: at(s, *PLATFORM, "bootstrap", "mode").update(default="process_supervisor")
    )

    (finding,) = diff(shipped_v1(), new)

    assert (finding.code, finding.witness) == ("SK-DIFF-106", {})


def test_the_message_names_what_changed() -> None:
    new = edited(lambda s: at(s, *IPC, "bind_port").update(minimum=1024))

    (finding,) = diff(shipped_v1(), new)

    assert finding.message == "range narrowed: minimum 0 -> 1024"


def test_a_narrowing_no_config_reaches_is_no_finding() -> None:
    # `tcp_local` is the only transport, and the supervisor rule already demands it: the
    # rule's own constant can lose every other value without any config noticing.
    new = edited(
        lambda s: at(s, *PLATFORM)["then"]["properties"]["execution_ipc"].update(
            required=["transport"]
        )
    )
    new_without = edited(
        lambda s: at(s, *PLATFORM)["then"].update(required=["execution_ipc", "bootstrap"])
    )

    assert diff(shipped_v1(), new_without) == ()
    assert [f.code for f in diff(shipped_v1(), new)] == ["SK-DIFF-104"]


def test_the_same_contract_gives_no_finding() -> None:
    assert diff(shipped_v1(), shipped_v1()) == ()


def test_a_block_moved_into_definitions_means_the_same() -> None:
    new = shipped_v1()
    platform = at(new, *PLATFORM)
    new["definitions"] = {"auth": platform["properties"]["execution_ipc"]["properties"].pop("auth")}
    platform["properties"]["execution_ipc"]["properties"]["auth"] = {"$ref": "#/definitions/auth"}

    assert diff(shipped_v1(), new) == ()


def test_a_change_behind_a_reference_is_found() -> None:
    new = shipped_v1()
    ipc = at(new, *IPC)
    new["definitions"] = {"auth": ipc["properties"].pop("auth")}
    new["definitions"]["auth"]["properties"]["ttl_seconds"]["default"] = 60
    ipc["properties"]["auth"] = {"$ref": "#/definitions/auth"}

    findings = diff(shipped_v1(), new)

    assert [(f.code, f.path) for f in findings] == [
        ("SK-DIFF-106", "runtime.platform.execution_ipc.auth.ttl_seconds")
    ]


def test_two_contracts_may_share_their_id() -> None:
    old, new = shipped_v1(), edited(lambda s: at(s, *IPC, "bind_port").update(maximum=1023))

    assert old["$id"] == new["$id"]
    assert [f.code for f in diff(old, new)] == ["SK-DIFF-103"]


def with_rate_block(burst: dict[str, Any]) -> Schema:
    schema = shipped_v1()
    at(schema, *IPC)["properties"]["rate"] = {
        "type": ["object", "null"],
        "default": {},
        "additionalProperties": False,
        "properties": {
            "per_sec": {"type": "number", "default": 100},
            "floor": {"type": "number", "default": 1},
            "burst": {"type": "number", **burst},
        },
    }
    return schema


def test_a_default_taken_from_another_sibling_is_a_changed_default() -> None:
    old = with_rate_block({"x-default-from": "per_sec"})
    new = with_rate_block({"x-default-from": "floor"})

    findings = diff(old, new)

    assert [(f.code, f.path) for f in findings] == [
        ("SK-DIFF-106", "runtime.platform.execution_ipc.rate.burst")
    ]
    assert findings[0].witness is not None
    assert breaker(old, new)(findings[0].witness)


def test_a_default_taken_from_the_same_sibling_is_no_finding() -> None:
    old = with_rate_block({"x-default-from": "per_sec"})

    assert diff(old, with_rate_block({"x-default-from": "per_sec", "description": "x"})) == ()


def test_the_inputs_are_not_changed() -> None:
    old, new = shipped_v1(), edited(lambda s: at(s, *AUTH, "kdf").update(enum=["none"]))
    before = json.dumps([old, new], sort_keys=True)

    diff(old, new)

    assert json.dumps([old, new], sort_keys=True) == before


def test_a_keyword_the_diff_cannot_compare_is_refused_not_skipped() -> None:
    new = edited(lambda s: at(s, *AUTH, "secret").update(pattern="^[a-z]+$"))

    with pytest.raises(UnsupportedSchemaError, match="pattern"):
        diff(shipped_v1(), new)


def test_a_reference_to_itself_is_refused() -> None:
    new = shipped_v1()
    new["definitions"] = {"loop": {"properties": {"again": {"$ref": "#/definitions/loop"}}}}
    at(new, *IPC)["properties"]["loop"] = {"$ref": "#/definitions/loop"}

    with pytest.raises(UnsupportedSchemaError, match="refers to itself"):
        diff(shipped_v1(), new)


def test_findings_are_frozen_values() -> None:
    finding = Finding("SK-DIFF-101", "error", "a", "m")

    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.code = "x"  # type: ignore[misc]


def test_every_code_of_the_evolution_catalog_is_documented_and_reached() -> None:
    entries = evolution_catalog()
    reached = {code for case in CASES for code, _, _ in expected_of(case)}

    assert set(entries) == reached
    for code, entry in entries.items():
        assert set(entry) == {"title", "severity", "explanation", "example", "fix"}, code
        assert entry["severity"] in {"error", "warning", "note"}
        assert code.startswith("SK-DIFF-1")


def test_the_severity_of_a_code_is_the_catalogs() -> None:
    entries = evolution_catalog()
    for case in CASES:
        for code, severity, _ in expected_of(case):
            assert entries[code]["severity"] == severity


def test_no_catalog_code_collides_with_a_config_code() -> None:
    assert not set(catalog()) & set(evolution_catalog())


def test_the_adapter_fills_a_default_from_a_sibling_after_the_others() -> None:
    schema = with_rate_block({"x-default-from": "per_sec"})
    judge = judge_under(schema)

    filled = judge({"runtime": {"platform": {"execution_ipc": {"rate": {"per_sec": 5}}}}})
    written = judge({"runtime": {"platform": {"execution_ipc": {"rate": {"burst": 2}}}}})

    assert filled.normalized is not None
    assert written.normalized is not None
    assert filled.normalized["runtime"]["platform"]["execution_ipc"]["rate"] == {
        "per_sec": 5,
        "floor": 1,
        "burst": 5,
    }
    assert written.normalized["runtime"]["platform"]["execution_ipc"]["rate"]["burst"] == 2
