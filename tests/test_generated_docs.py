"""Generated artefacts are fresh: each contract's page is what its schema says now."""

from __future__ import annotations

import pytest

from stream_kernel.config._contracts import CONTRACTS
from stream_kernel.config._docgen import PAGES, render
from tests.support.corpus import ROOT


def test_every_bundled_contract_has_a_page() -> None:
    assert set(PAGES) == set(CONTRACTS)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_each_contract_page_is_generated_from_its_current_schema(name: str) -> None:
    committed = (ROOT / PAGES[name]).read_text(encoding="utf-8")

    assert committed == render(CONTRACTS[name]), f"{PAGES[name]} is stale: run `make docs`"


def test_contract_doc_lists_every_code_and_field() -> None:
    text = render()

    for needle in ("BOOT-CFG-01", "BOOT-CFG-05", "SK-CFG-206", "`execution_ipc.auth.kdf`"):
        assert needle in text


def test_the_v2_page_lists_its_new_codes_fields_and_defaults() -> None:
    text = render(CONTRACTS["v2"])

    for needle in (
        "# Runtime config contract v2",
        "SK-CFG-207",
        "SK-CFG-210",
        "| `execution_ipc.control.flow_control.per_group.*.token_bucket.burst` |",
        "the same block's `rate_per_sec`",
        "`process_supervisor` when `process_groups` is a non-empty list; `inline` otherwise",
        "`0` when `execution_ipc.transport` is `tcp_local`",
        "`zmq`, `redis` refused (SK-CFG-207)",
    ):
        assert needle in text, needle


def test_every_page_explains_the_tool_codes() -> None:
    for contract in CONTRACTS.values():
        assert "### SK-CFG-501: " in render(contract)
