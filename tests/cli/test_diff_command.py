"""`stream-kernel-config diff OLD NEW` and `explain` of its codes, run as processes."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Final

import pytest
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for
from referencing import Registry

from stream_kernel.config._catalog import evolution_catalog
from stream_kernel.config._migrate import bundled_schema
from tests.evolution.helpers import breaker

from .runner import Ran, run_cli
from .test_sarif_schema import SARIF_SCHEMA, problems

MODE: Final = "runtime.platform.bootstrap.mode"
BIND_HOST: Final = "runtime.platform.execution_ipc.bind_host"
V2_ID: Final = "https://stream-kernel.dev/schemas/runtime-config/v2.json"


@pytest.fixture(scope="module")
def as_text() -> Ran:
    return run_cli("diff", "v1", "v2")


@pytest.fixture(scope="module")
def as_json() -> Ran:
    return run_cli("diff", "v1", "v2", "--format", "json")


def edited_v1(folder: Path, change: str) -> Path:
    """A copy of v1 (same $id) with one change, as a schema file."""
    schema = json.loads(json.dumps(bundled_schema("v1")))
    ipc = schema["properties"]["runtime"]["properties"]["platform"]["properties"]["execution_ipc"]
    if change == "bind_port minimum":
        ipc["properties"]["bind_port"]["minimum"] = 1024
    elif change == "description":
        ipc["description"] = "Reworded."
    path = folder / "edited.schema.json"
    path.write_text(json.dumps(schema), encoding="utf-8")
    return path


def test_v1_to_v2_reports_the_two_breaks_and_exits_1(as_text: Ran) -> None:
    breaks = re.findall(r"^(\S+): (SK-DIFF-\d+) (?!\[)", as_text.stdout, re.MULTILINE)

    assert as_text.status == 1
    assert breaks == [(MODE, "SK-DIFF-106"), (BIND_HOST, "SK-DIFF-104")]
    assert as_text.stdout.splitlines()[-1] == (
        "Found 2 breaking changes, 3 warnings and 11 notes from v1 to v2"
    )


def test_the_text_shows_each_witness_as_yaml(as_text: Ran) -> None:
    assert f"{BIND_HOST}: SK-DIFF-104 field now required" in as_text.stdout
    assert "  witness:\n    runtime:\n      platform:\n        execution_ipc: {}\n" in (
        as_text.stdout
    )
    assert "[warning] new default filled: 'pickle'" in as_text.stdout
    assert "[note] value now allowed: 'ipc_local'" in as_text.stdout


def test_the_json_shape(as_json: Ran) -> None:
    report = as_json.json()

    assert as_json.status == 1
    assert set(report) == {"tool", "version", "old", "new", "findings", "totals"}
    assert report["version"] == 1
    assert report["new"] == {"name": "v2", "id": V2_ID}
    assert report["totals"] == {"error": 2, "warning": 3, "note": 11}
    for finding in report["findings"]:
        assert set(finding) == {"code", "severity", "path", "message", "witness", "consequences"}


def test_the_json_witnesses_hold_consequences_included(as_json: Ran) -> None:
    breaks = breaker(dict(bundled_schema("v1")), dict(bundled_schema("v2")))
    errors = [f for f in as_json.json()["findings"] if f["severity"] == "error"]
    consequences = [c for f in errors for c in f["consequences"]]

    assert [(c["code"], c["path"]) for c in consequences] == [
        ("SK-DIFF-102", "runtime.platform.execution_ipc"),
        ("SK-DIFF-104", "runtime.platform.execution_ipc"),
    ]
    for finding in errors + consequences:
        assert breaks(finding["witness"]), finding


def test_the_same_contract_twice_is_no_difference() -> None:
    ran = run_cli("diff", "v2", "v2")

    assert ran.status == 0
    assert ran.stdout == "No difference in meaning from v2 to v2\n"


def test_an_edited_copy_of_a_contract_is_compared(tmp_path: Path) -> None:
    narrower = run_cli("diff", "v1", edited_v1(tmp_path, "bind_port minimum"))
    reworded = run_cli("diff", "v1", edited_v1(tmp_path, "description"))

    assert narrower.status == 1
    assert "runtime.platform.execution_ipc.bind_port: SK-DIFF-103 range narrowed" in (
        narrower.stdout
    )
    assert reworded.status == 0
    assert reworded.stdout.startswith("No difference in meaning from v1 to ")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, r"cannot read .*missing\.json: No such file"),
        ("{not json", r"is not JSON: .* at line 1, column 2"),
        ("[1, 2]", r"is not a JSON Schema: its top level is not an object"),
        ('{"type": 5}', r"is not a draft-07 schema: at /type: 5 is not valid"),
        ('{"properties": {"a": {"pattern": "x"}}}', r"cannot compare .*'pattern'"),
        ('{"$ref": "other.json"}', r"cannot compare .*leaves the schema"),
    ],
    ids=["missing", "not json", "not an object", "not draft-07", "pattern", "outside ref"],
)
def test_unusable_input_exits_2_with_a_message(
    tmp_path: Path, content: str | None, message: str
) -> None:
    path = tmp_path / "missing.json"
    if content is not None:
        path = tmp_path / "schema.json"
        path.write_text(content, encoding="utf-8")

    ran = run_cli("diff", "v1", path)

    assert ran.status == 2
    assert ran.stdout == ""
    assert re.search(f"^stream-kernel-config: .*{message}", ran.stderr), ran.stderr


def test_github_annotations_name_the_new_schema_file(tmp_path: Path) -> None:
    named = run_cli("diff", "v1", "v2", "--format", "github")
    edited = edited_v1(tmp_path, "bind_port minimum")
    filed = run_cli("diff", "v1", edited, "--format", "github")

    assert f"::error title=SK-DIFF-104::SK-DIFF-104 {BIND_HOST}: field now required" in (
        named.stdout
    )
    assert "::notice title=SK-DIFF-145::" in named.stdout
    assert filed.stdout.startswith(f"::error file={edited},title=SK-DIFF-103::")


@pytest.fixture(scope="module")
def sarif_validator() -> Validator:
    cls = validator_for(SARIF_SCHEMA)
    return cls(SARIF_SCHEMA, registry=Registry())


def test_sarif_output_is_valid_sarif(sarif_validator: Validator, tmp_path: Path) -> None:
    for new in ("v2", str(edited_v1(tmp_path, "bind_port minimum"))):
        document: dict[str, Any] = run_cli("diff", "v1", new, "--format", "sarif").json()

        assert problems(sarif_validator, document) == []


def test_sarif_locates_a_finding_in_the_new_schema_and_the_config() -> None:
    run = run_cli("diff", "v1", "v2", "--format", "sarif").json()["runs"][0]
    rules = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    mode = next(r for r in run["results"] if r["ruleId"] == "SK-DIFF-106")

    assert rules == list(evolution_catalog())
    assert mode["level"] == "error"
    assert mode["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == V2_ID
    assert mode["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == MODE
    assert len(mode["properties"]["consequences"]) == 2
    assert mode["properties"]["witness"]["runtime"]["platform"]["process_groups"]


def test_explain_knows_the_diff_codes() -> None:
    ran = run_cli("explain", "SK-DIFF-104")
    every = run_cli("explain", "--all")
    near = run_cli("explain", "SK-DIFF-14")

    assert ran.status == 0
    assert ran.stdout.startswith("SK-DIFF-104: field now required (error)\n")
    assert "\nExample:\n\n    old: execution_ipc.bind_host" in ran.stdout
    assert all(f"\n{code}: " in f"\n{every.stdout}" for code in evolution_catalog())
    assert "\nBOOT-CFG-01: " in f"\n{every.stdout}"
    assert near.status == 2
    assert "did you mean SK-DIFF-1" in near.stderr
