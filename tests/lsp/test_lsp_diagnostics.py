"""The server publishes exactly the findings of ``stream-kernel-config check``.

Every file of every corpus is opened in one server session and its diagnostics are
compared with the CLI's JSON report of the same file: code, line, column (in UTF-16
units, converted here from the CLI's characters), message and severity. Then: ranges,
re-publishing on change and save, the debounce, and positions past non-BMP characters.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from lsprotocol import types

from .session import (
    CORPORA,
    Corpus,
    RecordingClient,
    change,
    cli_findings,
    open_document,
    published_after,
    send_change,
    session,
    utf16_position,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

CASES = [
    pytest.param(c, f, id=f"{c.name}/{f.parent.name}/{f.stem}") for c in CORPORA for f in c.files()
]


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def client() -> AsyncIterator[RecordingClient]:
    async with session() as started:
        yield started


@pytest.fixture(scope="module")
def reports() -> dict[str, dict[Path, list[dict[str, Any]]]]:
    """The CLI's findings, one process per corpus."""
    return {corpus.name: cli_findings(corpus) for corpus in CORPORA}


def _expected_position(text: str, line: int, column: int) -> types.Position:
    # The CLI counts characters from 1; LSP counts UTF-16 units from 0. The corpus uses
    # `\n` line breaks only, so the CLI's line is the LSP line.
    offset = sum(len(row) + 1 for row in text.split("\n")[: line - 1]) + column - 1
    return utf16_position(text, offset)


@pytest.mark.parametrize(("corpus", "path"), CASES)
async def test_diagnostics_equal_the_cli_report(
    client: RecordingClient,
    reports: dict[str, dict[Path, list[dict[str, Any]]]],
    corpus: Corpus,
    path: Path,
) -> None:
    text = path.read_text(encoding="utf-8")
    published = await open_document(client, path.as_uri(), text)
    expected = reports[corpus.name][path]

    assert [(d.code, d.range.start, d.message, d.severity) for d in published] == [
        (
            e["code"],
            _expected_position(text, e["line"], e["column"]),
            e["message"],
            types.DiagnosticSeverity.Error
            if e["severity"] == "error"
            else types.DiagnosticSeverity.Warning,
        )
        for e in expected
    ]
    for d in published:
        assert d.source == "stream-kernel-config"
        assert d.code_description is not None
        assert d.code_description.href.endswith(f"/{d.code}")
        # A range covers text: it ends after it starts (an empty file has nothing to cover).
        if text.strip("\n").strip():
            assert (d.range.end.line, d.range.end.character) > (
                d.range.start.line,
                d.range.start.character,
            ), d


def _covered(text: str, diagnostic: types.Diagnostic) -> str:
    lines = text.split("\n")
    start, end = diagnostic.range.start, diagnostic.range.end
    assert start.line == end.line, "this document's findings are on one line"
    return lines[start.line][start.character : end.character]


async def test_a_range_covers_the_offending_value_or_key(client: RecordingClient) -> None:
    text = (
        "runtime:\n"
        "  platform:\n"
        "    execution_ipc:\n"
        "      bind_port: 70000\n"
        "      auth:\n"
        "        kdf: hkdf-sha256\n"
        "        secert_mode: generated\n"
    )
    published = await open_document(client, "file:///lsp-tests/ranges.yaml", text)

    assert {d.code: _covered(text, d) for d in published} == {
        "SK-CFG-203": "70000",
        "BOOT-CFG-03": "hkdf-sha256",
        "SK-CFG-201": "secert_mode",
    }


async def test_columns_count_utf16_units_past_characters_outside_the_bmp(
    client: RecordingClient,
) -> None:
    text = 'runtime: {platform: {bootstrap: {"\U0001f600\U0001f680": 1, mode: b\u00e9d}}}\n'
    published = await open_document(client, "file:///lsp-tests/emoji.yaml", text)
    by_code = {d.code: d.range for d in published}

    # Each emoji is two UTF-16 units: the value starts two units later than its index.
    value = text.index("b\u00e9d")
    assert by_code["BOOT-CFG-01"].start == types.Position(0, value + 2)
    assert by_code["BOOT-CFG-01"].end == types.Position(0, value + 2 + 3)
    key = text.index('"\U0001f600')
    assert by_code["SK-CFG-201"].start == types.Position(0, key)
    assert by_code["SK-CFG-201"].end == types.Position(0, key + 2 + 4)


async def test_columns_count_code_points_for_a_client_that_asks_for_utf32() -> None:
    text = 'runtime: {platform: {bootstrap: {"\U0001f600": 1, mode: bad}}}\n'
    async with session(encodings=["utf-32"]) as utf32:
        published = await open_document(utf32, "file:///lsp-tests/utf32.yaml", text)

    by_code = {d.code: d.range for d in published}
    assert by_code["BOOT-CFG-01"].start == types.Position(0, text.index("bad"))
    assert by_code["BOOT-CFG-01"].end == types.Position(0, text.index("bad") + 3)


async def test_a_change_republishes(client: RecordingClient) -> None:
    uri = "file:///lsp-tests/change.yaml"
    valid = "runtime:\n  platform:\n    bootstrap:\n      mode: inline\n"

    assert await open_document(client, uri, valid) == []
    broken = await change(client, uri, valid.replace("inline", "inlin"), 2)
    assert [d.code for d in broken] == ["BOOT-CFG-01"]
    assert await change(client, uri, valid, 3) == []
    # The same text again under a new version (an undo) is published for that version.
    assert await change(client, uri, valid, 4) == []


async def _settings(client: RecordingClient, debounce_ms: int) -> None:
    # The server pulls its section through workspace/configuration when told it changed.
    client.set_configuration({"debounceMs": debounce_ms}, section="streamKernelConfig")
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    # Time for the server's pull to come back, generous for a loaded machine.
    await asyncio.sleep(1.0)


async def test_changes_within_the_debounce_interval_publish_once(
    client: RecordingClient,
) -> None:
    uri = "file:///lsp-tests/debounce.yaml"
    await open_document(client, uri, "runtime: {}\n")
    await _settings(client, 1_500)
    seen = len(client.published)
    try:
        for version, mode in enumerate(["a", "ab", "abc", "abcd"], start=2):
            send_change(
                client, uri, f"runtime: {{platform: {{bootstrap: {{mode: {mode}}}}}}}\n", version
            )
        last = await published_after(client, seen, uri, 5)
        await asyncio.sleep(1.0)  # time enough for any other publish to arrive
        versions = [p.version for p in client.published[seen:] if p.uri == uri]
    finally:
        await _settings(client, 0)

    assert versions == [5]
    assert [d.code for d in last.diagnostics] == ["BOOT-CFG-01"]


async def test_a_save_publishes_at_once(client: RecordingClient) -> None:
    uri = "file:///lsp-tests/save.yaml"
    await open_document(client, uri, "runtime: {}\n")
    await _settings(client, 60_000)
    try:
        seen = len(client.published)
        send_change(client, uri, "runtime: {platform: {bootstrap: {mode: x}}}\n", 2)
        client.text_document_did_save(
            types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )
        params = await published_after(client, seen, uri, 2)
    finally:
        await _settings(client, 0)

    assert [d.code for d in params.diagnostics] == ["BOOT-CFG-01"]


async def test_closing_a_document_clears_its_diagnostics(client: RecordingClient) -> None:
    uri = "file:///lsp-tests/close.yaml"
    assert await open_document(client, uri, "runtime: 1\n")
    seen = len(client.published)
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    params = await published_after(client, seen, uri, None)

    assert list(params.diagnostics) == []
