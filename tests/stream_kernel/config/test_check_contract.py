"""The check functions choose the contract: asked for, else the file's modeline, else v1;
and a modeline that contradicts the contract asked for is SK-CFG-501."""

from __future__ import annotations

from pathlib import Path
from typing import Final

import pytest

from stream_kernel.config import check_file, check_text
from stream_kernel.config._catalog import catalog, tool_catalog
from stream_kernel.config._contracts import V1, V2
from stream_kernel.config.check import contract_of, unreadable
from stream_kernel.config.loader import Limits

V2_LINE: Final = "# yaml-language-server: $schema=../schemas/runtime-config.v2.schema.json\n"
V1_LINE: Final = "# $schema: https://stream-kernel.dev/schemas/runtime-config/v1.json\n"
IPC_LOCAL: Final = "runtime:\n  platform:\n    execution_ipc:\n      transport: ipc_local\n"


def errors(text: str, contract: str) -> list[str]:
    return [d.code for d in check_text(text, contract=contract).errors]


def test_contract_of_names_the_bundled_contract_or_none() -> None:
    assert contract_of(V2_LINE) == V2
    assert contract_of(V1_LINE) == V1
    assert contract_of(V2_LINE.encode()) == V2
    assert contract_of(IPC_LOCAL) is None
    assert contract_of("# yaml-language-server: $schema=none\n") is None


def test_the_modeline_chooses_when_no_contract_is_asked_for() -> None:
    result = check_text(V2_LINE + IPC_LOCAL)

    assert result.contract == "v2"
    assert result.ok
    assert result.config is not None
    assert result.config["runtime"]["platform"]["execution_ipc"]["transport"] == "ipc_local"


def test_without_a_modeline_the_contract_is_v1() -> None:
    result = check_text(IPC_LOCAL)

    assert result.contract == "v1"
    assert [d.code for d in result.errors] == ["SK-CFG-204"]


def test_an_asked_contract_wins_and_a_contradicting_modeline_is_an_error_at_its_reference() -> None:
    result = check_text(V2_LINE + IPC_LOCAL, contract="v1", source="x.yaml")

    assert result.contract == "v1"
    first = result.diagnostics[0]
    assert (first.code, first.severity, first.path, first.line, first.column) == (
        "SK-CFG-501",
        "error",
        "",
        1,
        V2_LINE.index("../") + 1,
    )
    assert first.message.startswith(tool_catalog()["SK-CFG-501"]["title"] + ": ")
    assert "names contract v2" in first.message
    assert "SK-CFG-204" in {d.code for d in result.errors}


def test_a_contradiction_alone_makes_the_result_not_ok_and_without_config() -> None:
    valid_in_both = V1_LINE + "runtime:\n  platform:\n    bootstrap:\n      mode: inline\n"

    result = check_text(valid_in_both, contract="v2")

    assert [d.code for d in result.diagnostics] == ["SK-CFG-501"]
    assert not result.ok
    assert result.config is None
    assert check_text(valid_in_both, contract="v1").ok


def test_an_agreeing_modeline_or_another_schema_is_no_finding() -> None:
    assert errors(V2_LINE + IPC_LOCAL, "v2") == []
    other = "# yaml-language-server: $schema=https://json.schemastore.org/x.json\n"
    assert errors(other + IPC_LOCAL, "v2") == []


def test_a_modeline_below_the_content_binds_nothing() -> None:
    result = check_text(IPC_LOCAL + V2_LINE, contract="v1")

    assert result.contract == "v1"
    assert "SK-CFG-501" not in {d.code for d in result.diagnostics}


def test_a_file_the_loader_refuses_still_reports_its_contract_and_the_conflict() -> None:
    result = check_text(V2_LINE + "runtime: [\n", contract="v1")

    assert result.contract == "v1"
    assert [d.code for d in result.diagnostics] == ["SK-CFG-501", "SK-CFG-301"]
    assert check_text(V2_LINE + "runtime: [\n").contract == "v2"


def test_text_never_decoded_has_only_the_asked_contract() -> None:
    not_utf8 = V2_LINE.encode() + b"runtime: \xff\n"
    too_large = (V2_LINE + IPC_LOCAL).encode()

    assert check_text(not_utf8).contract is None
    assert check_text(not_utf8, contract="v2").contract == "v2"
    refused = check_text(too_large, limits=Limits(max_bytes=16))
    assert [d.code for d in refused.diagnostics] == ["SK-CFG-307"]
    assert refused.contract is None


def test_check_file_reads_the_modeline_and_reports_an_unreadable_file(tmp_path: Path) -> None:
    config = tmp_path / "service.yaml"
    config.write_text(V2_LINE + IPC_LOCAL, encoding="utf-8")

    assert check_file(config).contract == "v2"
    assert check_file(config, contract="v1").errors[0].code == "SK-CFG-501"
    missing = check_file(tmp_path / "missing.yaml", contract="v2")
    assert [d.code for d in missing.diagnostics] == ["SK-CFG-309"]
    assert missing.contract == "v2"
    assert check_file(tmp_path / "missing.yaml").contract is None


def test_unreadable_names_the_asked_contract() -> None:
    assert unreadable("-", OSError(9, "Bad file descriptor"), contract="v2").contract == "v2"
    assert unreadable("-", OSError(9, "Bad file descriptor")).contract is None


def test_an_unknown_contract_is_refused_before_reading() -> None:
    with pytest.raises(ValueError, match="unknown contract 'v3'"):
        check_text(IPC_LOCAL, contract="v3")


def test_the_tool_code_is_in_every_contract_catalog() -> None:
    for contract in (V1, V2):
        assert catalog(contract)["SK-CFG-501"] == tool_catalog()["SK-CFG-501"]
