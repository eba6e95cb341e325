"""`--contract` and the modeline on the command line: which contract judges each file,
what every command does with it, and the finding when the two disagree."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Final

import pytest
import yaml

from stream_kernel.app.runtime import runtime_contract_summary
from stream_kernel.config._catalog import combined_catalog, tool_catalog
from stream_kernel.config._contracts import V1, V2
from tests.support.corpus import EXAMPLES, Example, examples

from .runner import run_cli

V2_VALID: Final = examples("v2/valid")
V2_INVALID: Final = examples("v2/invalid")
ZMQ: Final = EXAMPLES / "v2" / "invalid" / "transport-reserved-zmq.yaml"
SUPERVISED: Final = EXAMPLES / "v2" / "valid" / "process-groups-default-supervisor.yaml"
IPC_LOCAL: Final = EXAMPLES / "v2" / "valid" / "ipc-local-minimal.yaml"
V1_GOOD: Final = EXAMPLES / "valid" / "typical-service.yaml"
MODELINE: Final = "# yaml-language-server: $schema="


@pytest.fixture(scope="module")
def v2_corpus_report() -> dict[str, Any]:
    """The whole v2 corpus in one run, with no flag: each file's modeline chooses."""
    ran = run_cli("check", "--format", "json", *(e.path for e in (*V2_VALID, *V2_INVALID)))
    assert ran.status == 1
    report: dict[str, Any] = ran.json()
    return report


def test_the_modeline_alone_makes_every_v2_corpus_file_checked_against_v2(
    v2_corpus_report: dict[str, Any],
) -> None:
    assert {f["contract"] for f in v2_corpus_report["files"]} == {"v2"}
    assert v2_corpus_report["version"] == 1


@pytest.mark.parametrize("example", [*V2_VALID, *V2_INVALID], ids=lambda e: e.id)
def test_each_v2_corpus_file_gets_exactly_its_expected_findings(
    v2_corpus_report: dict[str, Any], example: Example
) -> None:
    (found,) = [f for f in v2_corpus_report["files"] if Path(f["file"]) == example.path]

    got = {(d["code"], d["path"]) for d in found["diagnostics"]}
    assert got == set(example.checked), found["diagnostics"]
    assert all(d["line"] and d["column"] for d in found["diagnostics"])


def test_a_file_without_modeline_is_checked_against_v1() -> None:
    ran = run_cli("check", "--format", "json", V1_GOOD)

    assert ran.status == 0
    assert ran.json()["files"][0]["contract"] == "v1"


def test_contract_v2_checks_a_file_without_modeline_against_v2(tmp_path: Path) -> None:
    config = tmp_path / "service.yaml"
    config.write_text("runtime:\n  platform:\n    execution_ipc:\n      transport: ipc_local\n")

    as_v1 = run_cli("check", config)
    as_v2 = run_cli("check", "--contract", "v2", "--format", "json", config)

    assert as_v1.status == 1
    assert ": SK-CFG-204 " in as_v1.stdout
    assert as_v2.status == 0, as_v2.stdout
    assert as_v2.json()["files"][0]["contract"] == "v2"


def test_a_modeline_that_contradicts_contract_is_sk_cfg_501_at_the_reference() -> None:
    ran = run_cli("check", "--contract", "v1", "--format", "json", IPC_LOCAL)

    assert ran.status == 1
    (found,) = ran.json()["files"]
    assert found["contract"] == "v1"
    first = found["diagnostics"][0]
    assert (first["code"], first["severity"], first["path"]) == ("SK-CFG-501", "error", "")
    reference_column = IPC_LOCAL.read_text().index("../") + 1
    assert (first["line"], first["column"]) == (1, reference_column)
    # Still checked against v1: ipc_local is no v1 transport.
    assert "SK-CFG-204" in {d["code"] for d in found["diagnostics"]}


def test_a_modeline_that_agrees_with_contract_is_no_finding() -> None:
    ran = run_cli("check", "--contract", "v2", IPC_LOCAL)

    assert ran.status == 0, ran.stdout


def test_the_text_format_shows_the_conflict_with_its_position(tmp_path: Path) -> None:
    config = tmp_path / "worker.yaml"
    config.write_text(f"{MODELINE}runtime-config.v1.schema.json\nruntime: {{}}\n")

    ran = run_cli("check", "--contract", "v2", config)

    assert ran.status == 1
    assert f"{config}:1:33: SK-CFG-501 " in ran.stdout
    assert "names contract v1" in ran.stdout


def test_a_modeline_naming_another_schema_leaves_the_default(tmp_path: Path) -> None:
    config = tmp_path / "other.yaml"
    config.write_text(f"{MODELINE}https://json.schemastore.org/other.json\nruntime: {{}}\n")

    default = run_cli("check", "--format", "json", config)
    asked = run_cli("check", "--contract", "v2", "--format", "json", config)

    assert default.json()["files"][0]["contract"] == "v1"
    assert asked.status == 0
    assert asked.json()["files"][0]["diagnostics"] == []


def test_stdin_is_chosen_by_its_modeline_too() -> None:
    ran = run_cli("check", "--format", "json", "-", stdin=ZMQ.read_bytes())

    (found,) = ran.json()["files"]
    assert found["contract"] == "v2"
    assert [d["code"] for d in found["diagnostics"]] == ["SK-CFG-207"]


def test_an_unreadable_file_has_the_asked_contract_or_none(tmp_path: Path) -> None:
    missing = tmp_path / "missing.yaml"

    plain = run_cli("check", "--format", "json", missing)
    asked = run_cli("check", "--contract", "v2", "--format", "json", missing)

    assert plain.status == asked.status == 2
    assert plain.json()["files"][0]["contract"] is None
    assert asked.json()["files"][0]["contract"] == "v2"


def test_an_unknown_contract_is_a_usage_error() -> None:
    ran = run_cli("check", "--contract", "v3", V1_GOOD)

    assert ran.status == 2
    assert "invalid choice: 'v3'" in ran.stderr


def test_sarif_results_carry_their_contract_and_the_rules_have_v2_codes() -> None:
    ran = run_cli("check", "--format", "sarif", ZMQ, V1_GOOD)

    (run,) = ran.json()["runs"]
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    (result,) = run["results"]
    assert result["properties"] == {"contract": "v2"}
    assert rules[result["ruleIndex"]] == "SK-CFG-207"
    assert {"SK-CFG-207", "SK-CFG-501"} <= set(rules)
    assert run["properties"]["schemas"] == {"v1": V1.schema()["$id"], "v2": V2.schema()["$id"]}


# -- summary ------------------------------------------------------------------------------


def test_summary_follows_the_modeline() -> None:
    ran = run_cli("summary", SUPERVISED)

    assert ran.status == 0, ran.stderr
    summary = json.loads(ran.stdout)
    expected = runtime_contract_summary(yaml.safe_load(SUPERVISED.read_text()), contract="v2")
    assert summary == expected
    assert summary["bootstrap_mode"] == "process_supervisor"


def test_summary_with_contract_v2_projects_ipc_local() -> None:
    ran = run_cli("summary", "--contract", "v2", IPC_LOCAL)

    summary = json.loads(ran.stdout)
    assert summary["execution_transport_profile"] == "ipc_local"
    assert summary["execution_ipc"]["bind_host"] is None


def test_summary_with_a_contradicting_contract_reports_501_and_exits_1() -> None:
    ran = run_cli("summary", "--contract", "v1", IPC_LOCAL)

    assert ran.status == 1
    assert ran.stdout == ""
    assert ": SK-CFG-501 " in ran.stderr


# -- schema -------------------------------------------------------------------------------


def test_schema_contract_v2_prints_the_v2_schema_and_its_path() -> None:
    text = run_cli("schema", "--contract", "v2")
    path = run_cli("schema", "--contract", "v2", "--path")

    assert text.stdout == V2.schema_text()
    assert Path(path.stdout.strip()).name == "runtime-config.v2.schema.json"
    assert Path(path.stdout.strip()).read_text(encoding="utf-8") == V2.schema_text()


def test_schema_defaults_to_v1() -> None:
    assert run_cli("schema").stdout == V1.schema_text()


# -- explain ------------------------------------------------------------------------------


def test_explain_knows_a_v2_code_with_or_without_contract() -> None:
    plain = run_cli("explain", "SK-CFG-208")
    asked = run_cli("explain", "--contract", "v2", "SK-CFG-208")

    title = V2.catalog()["SK-CFG-208"]["title"]
    assert plain.status == asked.status == 0
    assert plain.stdout == asked.stdout
    assert plain.stdout.startswith(f"SK-CFG-208: {title} (error)\n")
    assert plain.stdout.endswith("In contracts: v2.\n")


def test_explain_shows_the_wording_of_the_contract_asked_for() -> None:
    v1 = run_cli("explain", "BOOT-CFG-05")
    v2 = run_cli("explain", "--contract", "v2", "BOOT-CFG-05")

    assert v1.stdout.startswith(f"BOOT-CFG-05: {V1.catalog()['BOOT-CFG-05']['title']} ")
    assert v2.stdout.startswith(f"BOOT-CFG-05: {V2.catalog()['BOOT-CFG-05']['title']} ")
    assert v1.stdout != v2.stdout
    assert v1.stdout.endswith("In contracts: v1, v2.\n")


def test_explain_a_v2_code_in_contract_v1_says_where_it_is() -> None:
    ran = run_cli("explain", "--contract", "v1", "SK-CFG-207")

    assert ran.status == 2
    assert "unknown code 'SK-CFG-207' in contract v1 (it is a code of v2)" in ran.stderr


@pytest.mark.parametrize("contract", [[], ["--contract", "v1"], ["--contract", "v2"]])
def test_explain_knows_the_tool_codes_in_every_contract(contract: list[str]) -> None:
    ran = run_cli("explain", *contract, "SK-CFG-501")

    assert ran.status == 0
    assert ran.stdout.startswith(f"SK-CFG-501: {tool_catalog()['SK-CFG-501']['title']} (error)")
    assert ran.stdout.endswith("A code of the checking tool, whatever the contract.\n")


def test_explain_all_lists_every_code_of_every_contract_once() -> None:
    ran = run_cli("explain", "--all")

    heads = [line.split(":")[0] for line in ran.stdout.splitlines() if ": " in line]
    shown = [h for h in heads if h in combined_catalog()]
    assert shown == list(combined_catalog())


def test_explain_all_of_v2_lists_its_catalog_and_the_tool_codes() -> None:
    ran = run_cli("explain", "--all", "--contract", "v2")

    heads = [line.split(":")[0] for line in ran.stdout.splitlines() if ": " in line]
    shown = [h for h in heads if h in combined_catalog()]
    assert shown == [*V2.catalog(), *tool_catalog()]
