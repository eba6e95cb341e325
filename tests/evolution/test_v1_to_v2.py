"""The diff from contract v1 to contract v2: exactly the two known breaks, with witnesses
that hold, and the consequences of the process-groups default folded into it."""

from __future__ import annotations

import copy
from typing import Any, Final

import pytest

from stream_kernel.config._diff import Finding, diff
from stream_kernel.config._migrate import bundled_schema

from .helpers import breaker, shipped_v1, v1_to_v2

V1: Final = bundled_schema("v1")
V2: Final = bundled_schema("v2")
MODE: Final = "runtime.platform.bootstrap.mode"
BIND_HOST: Final = "runtime.platform.execution_ipc.bind_host"
IPC: Final = "runtime.platform.execution_ipc"


@pytest.fixture(scope="module")
def findings() -> tuple[Finding, ...]:
    return v1_to_v2().findings


def errors(findings: tuple[Finding, ...]) -> dict[tuple[str, str], Finding]:
    return {(f.code, f.path): f for f in findings if f.severity == "error"}


def test_exactly_the_two_known_breaks(findings: tuple[Finding, ...]) -> None:
    assert set(errors(findings)) == {("SK-DIFF-106", MODE), ("SK-DIFF-104", BIND_HOST)}


def test_each_break_has_a_witness_that_holds(findings: tuple[Finding, ...]) -> None:
    breaks = breaker(dict(V1), dict(V2))
    for finding in errors(findings).values():
        assert finding.witness is not None
        assert breaks(finding.witness), finding


def test_the_messages_say_what_the_old_contract_gave(findings: tuple[Finding, ...]) -> None:
    found = errors(findings)

    assert "'inline' becomes 'process_supervisor'" in found["SK-DIFF-106", MODE].message
    assert "the old contract filled in '127.0.0.1'" in found["SK-DIFF-104", BIND_HOST].message


def test_both_breaks_are_fixed_by_writing_the_old_value(findings: tuple[Finding, ...]) -> None:
    assert all(f.writes_old_value for f in errors(findings).values())


def test_warnings_and_notes_are_reported_too(findings: tuple[Finding, ...]) -> None:
    warned = {f.path for f in findings if f.severity == "warning"}
    noted = {(f.code, f.path) for f in findings if f.severity == "note"}

    assert f"{IPC}.codec" in warned
    assert ("SK-DIFF-141", f"{IPC}.transport") in noted
    assert ("SK-DIFF-144", f"{IPC}.flow_control") in noted


def test_the_supervisor_rule_reaching_more_configs_is_folded_into_the_default(
    findings: tuple[Finding, ...],
) -> None:
    mode = errors(findings)["SK-DIFF-106", MODE]

    assert {(c.code, c.path) for c in mode.consequences} == {
        ("SK-DIFF-102", IPC),
        ("SK-DIFF-104", IPC),
    }
    assert "SK-DIFF-102 at runtime.platform.execution_ipc" in mode.message
    assert not any(f.path == IPC for f in findings if f.severity == "error")


def test_a_consequence_breaks_and_stops_breaking_with_its_causes_fix(
    findings: tuple[Finding, ...],
) -> None:
    breaks = breaker(dict(V1), dict(V2))
    for consequence in errors(findings)["SK-DIFF-106", MODE].consequences:
        assert consequence.witness is not None
        fixed = copy.deepcopy(consequence.witness)
        platform: dict[str, Any] = fixed["runtime"]["platform"]
        platform["bootstrap"] = {"mode": "inline"}

        assert breaks(consequence.witness), consequence
        assert not breaks(fixed), consequence


def test_an_independent_break_is_not_folded() -> None:
    # Two unrelated changes: a new default for one field and a narrower range for another.
    # Writing the first field's old value fixes nothing about the second.
    new = shipped_v1()
    ipc = new["properties"]["runtime"]["properties"]["platform"]["properties"]["execution_ipc"]
    ipc["properties"]["max_payload_bytes"]["default"] = 4096
    ipc["properties"]["bind_port"]["minimum"] = 1024

    found = diff(shipped_v1(), new)

    assert {f.code for f in found if f.severity == "error"} == {"SK-DIFF-103", "SK-DIFF-106"}
    assert all(not f.consequences for f in found)
