"""Contract v1 is frozen: from the released schema to the shipped one, the contract diff
finds nothing that breaks a config, changes its normalized form, or changes a code.
Editor annotations may change freely."""

from __future__ import annotations

import hashlib
from typing import Any, Final

from stream_kernel.config._diff import Finding, diff

from .helpers import RELEASED_V1, at, released_v1, shipped_v1

#: SHA-256 of the released v1 schema (a byte copy of the shipped file on release).
RELEASED_SHA256: Final = "04a10ff0baddef2fa5b86aaae86cae19be0447579234960c50278242d1877694"


def freeze_violations(released: dict[str, Any], shipped: dict[str, Any]) -> list[Finding]:
    """Findings a frozen contract may not have: breaks and changed codes (errors) and
    changed normalized output (warnings). Notes (pure widenings) are allowed."""
    return [f for f in diff(released, shipped) if f.severity != "note"]


def test_the_shipped_v1_schema_keeps_every_promise_of_the_released_one() -> None:
    assert freeze_violations(released_v1(), shipped_v1()) == []


def test_the_snapshot_is_contract_v1() -> None:
    released = released_v1()

    assert released["$id"] == shipped_v1()["$id"]
    assert released["$id"].endswith("/v1.json")


def test_the_snapshot_itself_is_never_edited() -> None:
    # A freeze that fails is mended in the shipped schema, never by editing the release.
    digest = hashlib.sha256(RELEASED_V1.read_bytes()).hexdigest()

    assert digest == RELEASED_SHA256


def test_a_reworded_description_is_no_finding_at_all() -> None:
    shipped = shipped_v1()
    mode = at(shipped, "runtime", "platform", "bootstrap", "mode")
    mode["description"] = "Reworded for the editor."
    mode["markdownDescription"] = "**Reworded** for the editor."
    mode["enumDescriptions"] = ["one", "two"]
    shipped["x-error-catalog"]["BOOT-CFG-01"]["explanation"] = "Explained again."

    # Against the shipped file itself: the rewording is the only change (the shipped
    # catalog may have gained codes since the release, which are notes).
    assert diff(shipped_v1(), shipped) == ()


def test_the_freeze_fails_on_a_dropped_value() -> None:
    shipped = shipped_v1()
    at(shipped, "runtime", "platform", "bootstrap", "mode")["enum"] = ["inline"]

    codes = [f.code for f in freeze_violations(released_v1(), shipped)]

    assert codes == ["SK-DIFF-101"]


def test_the_freeze_fails_on_a_changed_code() -> None:
    shipped = shipped_v1()
    at(shipped, "runtime", "platform", "bootstrap", "mode")["x-error-code"]["enum"] = "SK-CFG-204"

    codes = {f.code for f in freeze_violations(released_v1(), shipped)}

    assert "SK-DIFF-107" in codes


def test_the_freeze_fails_on_a_new_default() -> None:
    shipped = shipped_v1()
    at(shipped, "runtime", "platform", "execution_ipc", "auth", "kdf")["default"] = "none"

    violations = freeze_violations(released_v1(), shipped)

    assert [(f.code, f.path) for f in violations] == [
        ("SK-DIFF-106", "runtime.platform.execution_ipc.auth.kdf")
    ]


def test_the_freeze_allows_a_new_enum_value() -> None:
    shipped = shipped_v1()
    at(shipped, "runtime", "platform", "bootstrap", "mode")["enum"].append("forked")

    # Against the shipped file itself, so that the new value is the only change.
    findings = diff(shipped_v1(), shipped)

    assert freeze_violations(released_v1(), shipped) == []
    assert [(f.code, f.severity) for f in findings] == [("SK-DIFF-141", "note")]
