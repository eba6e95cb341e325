"""Generated artefacts are fresh: docs/contract.md is what the schema says now."""

from __future__ import annotations

from stream_kernel.config._docgen import render
from tests.support.corpus import ROOT


def test_contract_doc_is_generated_from_the_current_schema() -> None:
    committed = (ROOT / "docs" / "contract.md").read_text(encoding="utf-8")

    assert committed == render(), "docs/contract.md is stale: run `make docs` and commit it"


def test_contract_doc_lists_every_code_and_field() -> None:
    text = render()

    for needle in ("BOOT-CFG-01", "BOOT-CFG-05", "SK-CFG-206", "`execution_ipc.auth.kdf`"):
        assert needle in text
