"""The tool catalogs beside the schemas: codes of no contract, merged into every catalog."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stream_kernel.config._catalog import catalog, merged_catalogs, tool_catalog
from stream_kernel.config._contracts import CONTRACTS
from stream_kernel.config._schema import CATALOG_KEYWORD
from stream_kernel.config.check import check_text
from tests.support.corpus import ROOT


def write_catalog(folder: Path, name: str, *codes: str) -> None:
    entries = {code: {"title": f"title of {code}"} for code in codes}
    (folder / name).write_text(json.dumps({CATALOG_KEYWORD: entries}), encoding="utf-8")


def test_every_file_named_like_a_tool_catalog_is_merged_and_no_other(tmp_path: Path) -> None:
    write_catalog(tmp_path, "tool-catalog.json", "SK-X-1")
    write_catalog(tmp_path, "tool-catalog-lsp.json", "SK-X-2")
    # The contract diff's codes are about schemas, not configs: a catalog of their own.
    write_catalog(tmp_path, "evolution-catalog.json", "SK-DIFF-1", "SK-DIFF-2")
    write_catalog(tmp_path, "catalog.json", "NOT-MERGED")  # the SchemaStore entry's name
    write_catalog(tmp_path, "tool-catalog.json.bak", "NOT-MERGED-EITHER")

    merged = merged_catalogs(tmp_path)

    # File-name order: "tool-catalog-lsp" before "tool-catalog.".
    assert list(merged) == ["SK-X-2", "SK-X-1"]


def test_a_code_in_two_tool_catalogs_is_refused(tmp_path: Path) -> None:
    write_catalog(tmp_path, "tool-catalog-a.json", "SK-X-1")
    write_catalog(tmp_path, "tool-catalog-b.json", "SK-X-1")

    with pytest.raises(
        ValueError, match=r"^tool-catalog-b\.json defines codes defined before it: SK-X-1$"
    ):
        merged_catalogs(tmp_path)


def test_the_shipped_tool_catalog_is_in_the_package_folder_beside_the_schemas() -> None:
    shipped = json.loads((ROOT / "schemas" / "tool-catalog.json").read_text(encoding="utf-8"))

    assert shipped[CATALOG_KEYWORD] == dict(tool_catalog())
    assert "SK-CFG-501" in tool_catalog()


def test_every_contract_catalog_ends_with_the_tool_codes() -> None:
    for contract in CONTRACTS.values():
        merged = list(catalog(contract))
        assert merged == [*contract.catalog(), *tool_catalog()], contract.name


def test_the_modeline_code_s_example_gets_its_code_when_checked_as_it_says() -> None:
    example = tool_catalog()["SK-CFG-501"]["example"]

    asked_v1 = check_text(example, contract="v1")
    unasked = check_text(example)

    assert [d.code for d in asked_v1.diagnostics] == ["SK-CFG-501"]
    assert unasked.diagnostics == ()
    assert unasked.contract == "v2"
