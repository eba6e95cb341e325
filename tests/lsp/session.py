"""Helpers for the Language Server tests: how the server is started, a session's setup,
the corpora whose findings it must match, and an edit applier of the tests' own.

The server runs as editors run it, ``stream-kernel-config lsp`` over stdio, driven by
pytest-lsp's client. Positions in and out are LSP positions (UTF-16 code units); the
applier below converts them independently of the server's own code.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import subprocess
import sys
from collections.abc import AsyncIterator, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from tests.support.corpus import ROOT

__all__ = [
    "CORPORA",
    "SERVER",
    "Corpus",
    "RecordingClient",
    "apply_text_edits",
    "change",
    "cli_findings",
    "edits_of",
    "initialize",
    "open_document",
    "published_after",
    "send_change",
    "session",
    "utf16_position",
]


class RecordingClient(LanguageClient):
    """pytest-lsp's client, keeping every publishDiagnostics in the order it came."""

    def __init__(self) -> None:
        super().__init__(converter_factory=default_converter)
        self.published: list[types.PublishDiagnosticsParams] = []


def _publish(client: RecordingClient, params: types.PublishDiagnosticsParams) -> None:
    client.diagnostics[params.uri] = params.diagnostics
    client.published.append(params)


def _recording_client() -> RecordingClient:
    client = RecordingClient()
    features = {**DEFAULT_CLIENT_FEATURES, types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: _publish}
    register_lsp_features(client, features)
    return client


#: The server, started the way an editor starts it.
SERVER: Final = ClientServerConfig(
    server_command=[sys.executable, "-m", "stream_kernel.config", "lsp", "--stdio"],
    client_factory=_recording_client,
)

#: Seconds any wait for the server may take before a test fails instead of hanging.
TIMEOUT: Final = 20.0


@dataclass(frozen=True)
class Corpus:
    """Files whose findings the server must report exactly as ``check`` does."""

    name: str
    contract: str
    folders: tuple[str, ...]

    def files(self) -> list[Path]:
        return [p for folder in self.folders for p in sorted((ROOT / folder).glob("*.yaml"))]


#: Every corpus, with the contract it is checked against. The v2 files name their schema
#: in a modeline, which both the CLI and the server follow without being told.
CORPORA: Final = (
    Corpus("v1", "v1", ("examples/valid", "examples/invalid")),
    Corpus("v2", "v2", ("examples/v2/valid", "examples/v2/invalid")),
)


def cli_findings(corpus: Corpus) -> dict[Path, list[dict[str, Any]]]:
    """``stream-kernel-config check --format json`` over the whole corpus, in one process."""
    files = corpus.files()
    contract = ["--contract", corpus.contract]
    run = subprocess.run(
        [sys.executable, "-m", "stream_kernel.config", "check", "--format", "json", *contract]
        + [str(f) for f in files],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert run.returncode in (0, 1), run.stderr
    report = json.loads(run.stdout)
    return {Path(entry["file"]): entry["diagnostics"] for entry in report["files"]}


async def initialize(
    client: RecordingClient,
    *,
    debounce_ms: int = 0,
    snippets: bool = True,
    encodings: Sequence[str] | None = None,
) -> types.InitializeResult:
    """The session's handshake; the debounce is part of the initialization options.

    ``encodings``: the position encodings the client offers (UTF-16 only when ``None``).
    """
    general = (
        None
        if encodings is None
        else types.GeneralClientCapabilities(
            position_encodings=[types.PositionEncodingKind(e) for e in encodings]
        )
    )
    return await client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(
                general=general,
                workspace=types.WorkspaceClientCapabilities(configuration=True),
                text_document=types.TextDocumentClientCapabilities(
                    hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown]),
                    completion=types.CompletionClientCapabilities(
                        completion_item=types.ClientCompletionItemOptions(
                            snippet_support=snippets,
                            documentation_format=[types.MarkupKind.Markdown],
                        )
                    ),
                    code_action=types.CodeActionClientCapabilities(
                        code_action_literal_support=types.ClientCodeActionLiteralOptions(
                            code_action_kind=types.ClientCodeActionKindOptions(
                                value_set=[types.CodeActionKind.QuickFix]
                            )
                        )
                    ),
                    publish_diagnostics=types.PublishDiagnosticsClientCapabilities(),
                ),
            ),
            root_uri=ROOT.as_uri(),
            initialization_options={"streamKernelConfig": {"debounceMs": debounce_ms}},
        )
    )


async def published_after(
    client: RecordingClient, seen: int, uri: str, version: int | None
) -> types.PublishDiagnosticsParams:
    """The first publish for ``uri`` (and ``version``) among those after the first ``seen``."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + TIMEOUT
    while loop.time() < deadline:
        for params in client.published[seen:]:
            if params.uri == uri and (version is None or params.version == version):
                return params
        await asyncio.sleep(0.002)
    raise AssertionError(f"no diagnostics for {uri} version {version} within {TIMEOUT} s")


async def open_document(
    client: RecordingClient, uri: str, text: str, version: int = 1
) -> list[types.Diagnostic]:
    """Open a document and return the diagnostics the server publishes for it."""
    seen = len(client.published)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri=uri, language_id="yaml", version=version, text=text)
        )
    )
    return list((await published_after(client, seen, uri, version)).diagnostics)


def send_change(client: LanguageClient, uri: str, text: str, version: int) -> None:
    """Replace a document's whole text (the server asks for full-text sync)."""
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


async def change(
    client: RecordingClient, uri: str, text: str, version: int
) -> list[types.Diagnostic]:
    """Replace a document's text and return the diagnostics published for that version."""
    seen = len(client.published)
    send_change(client, uri, text, version)
    return list((await published_after(client, seen, uri, version)).diagnostics)


@contextlib.asynccontextmanager
async def session(encodings: Sequence[str] | None = None) -> AsyncIterator[RecordingClient]:
    """A server process with an initialized session (debounce 0), shut down afterwards."""
    client = await SERVER.start()
    assert isinstance(client, RecordingClient)
    try:
        await initialize(client, encodings=encodings)
        yield client
    finally:
        await client.shutdown_session()
        await client.stop()  # type: ignore[no-untyped-call]  # pytest-lsp leaves it unannotated


# ---------------------------------------------------------------------------------------
# Positions and edits, computed here independently of the server


def _lines(text: str) -> list[str]:
    """Lines as LSP counts them (\\n, \\r\\n, \\r), each with its line break."""
    lines: list[str] = []
    start = 0
    index = 0
    while index < len(text):
        char = text[index]
        if char in "\r\n":
            end = index + 2 if text.startswith("\r\n", index) else index + 1
            lines.append(text[start:end])
            start = index = end
            continue
        index += 1
    lines.append(text[start:])
    return lines


def _offset(text: str, position: types.Position) -> int:
    lines = _lines(text)
    before = sum(len(line) for line in lines[: position.line])
    units = 0
    for index, char in enumerate(lines[position.line]):
        if units >= position.character:
            return before + index
        units += 2 if ord(char) > 0xFFFF else 1
    return before + len(lines[position.line])


def utf16_position(text: str, offset: int) -> types.Position:
    """The LSP position of a character offset, in UTF-16 code units."""
    lines = _lines(text)
    for number, line in enumerate(lines):
        if offset <= len(line) and (offset < len(line) or number == len(lines) - 1):
            units = sum(2 if ord(c) > 0xFFFF else 1 for c in line[:offset])
            return types.Position(number, units)
        offset -= len(line)
    raise AssertionError("offset beyond the text")


def apply_text_edits(text: str, edits: Iterable[types.TextEdit]) -> str:
    """``text`` with LSP text edits applied, as an editor applies them."""
    spans = sorted(
        ((_offset(text, e.range.start), _offset(text, e.range.end), e.new_text) for e in edits),
        reverse=True,
    )
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


def edits_of(action: types.CodeAction, uri: str) -> Sequence[types.TextEdit]:
    """The text edits a code action makes to ``uri``."""
    assert action.edit is not None
    assert action.edit.changes is not None
    return action.edit.changes[uri]
