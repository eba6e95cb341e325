"""Hover and completion on every key the contract owns, found by walking the schema."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Mapping
from typing import Any

import pytest
import pytest_asyncio
from lsprotocol import types

from stream_kernel.config._catalog import explanation
from stream_kernel.config._contracts import V1, V2
from stream_kernel.config._schema import CODE_KEYWORD, iter_subschemas
from stream_kernel.config.check import check_text

from .session import RecordingClient, apply_text_edits, open_document, session

pytestmark = pytest.mark.asyncio(loop_scope="module")


def _owned() -> dict[tuple[str, ...], list[Mapping[str, Any]]]:
    found: dict[tuple[str, ...], list[Mapping[str, Any]]] = {}
    for at, _, schema in iter_subschemas(V1.schema()):
        if at:
            found.setdefault(at, []).append(schema)
    return found


OWNED = _owned()
PATHS = [pytest.param(at, id=".".join(at)) for at in sorted(OWNED)]
ENUMS = [pytest.param(at, id=".".join(at)) for at in sorted(OWNED) if "enum" in OWNED[at][0]]


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def client() -> AsyncIterator[RecordingClient]:
    async with session() as started:
        yield started


_SERIAL = iter(range(1_000_000))


def _uri() -> str:
    return f"file:///lsp-tests/hover-{next(_SERIAL)}.yaml"


def _document(path: tuple[str, ...], last: str = "") -> str:
    """Blocks down to ``path``, each key on its own line; ``last`` after the last key."""
    lines = [f"{'  ' * depth}{key}:" for depth, key in enumerate(path)]
    lines[-1] += last
    return "\n".join(lines) + "\n"


def _example(schema: Mapping[str, Any]) -> str:
    examples = [e for e in schema.get("examples", ()) if not isinstance(e, dict | list)]
    return f" {examples[0]}" if examples else ""


async def _hover(client: RecordingClient, text: str, line: int, character: int) -> str:
    """The hover's Markdown; an empty string where there is no hover."""
    uri = _uri()
    await open_document(client, uri, text)
    found = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line, character),
        )
    )
    if found is None:
        return ""
    assert isinstance(found.contents, types.MarkupContent)
    assert found.contents.kind == types.MarkupKind.Markdown
    return found.contents.value


async def _complete(
    client: RecordingClient, text: str, line: int, character: int
) -> list[types.CompletionItem]:
    uri = _uri()
    await open_document(client, uri, text)
    found = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line, character),
        )
    )
    assert isinstance(found, types.CompletionList)
    return list(found.items)


@pytest.mark.parametrize("path", PATHS)
async def test_hover_on_an_owned_key_shows_its_documentation(
    client: RecordingClient, path: tuple[str, ...]
) -> None:
    schemas = OWNED[path]
    text = _document(path, _example(schemas[0]))
    shown = await _hover(client, text, len(path) - 1, 2 * (len(path) - 1) + 1)

    assert f"**{schemas[0]['title']}**" in shown
    assert f"`{'.'.join(path)}`" in shown
    assert (schemas[0].get("markdownDescription") or schemas[0]["description"]) in shown
    for code in {c for s in schemas for c in s.get(CODE_KEYWORD, {}).values()}:
        assert f"**{code}**" in shown
    for default in {str(s["default"]) for s in schemas if isinstance(s.get("default"), str)}:
        assert f"`{default}`" in shown


@pytest.mark.parametrize("path", PATHS)
async def test_completion_offers_every_owned_key_in_its_block(
    client: RecordingClient, path: tuple[str, ...]
) -> None:
    indent = "  " * (len(path) - 1)
    text = (_document(path[:-1]) if len(path) > 1 else "") + indent
    line = len(path) - 1
    items = await _complete(client, text, line, len(indent))
    item = next((i for i in items if i.label == path[-1]), None)

    assert item is not None, [i.label for i in items]
    assert item.kind == types.CompletionItemKind.Property
    assert isinstance(item.text_edit, types.TextEdit)
    completed = apply_text_edits(text, [item.text_edit])
    assert completed.split("\n")[line].startswith(f"{indent}{path[-1]}:")


@pytest.mark.parametrize("path", ENUMS)
async def test_completion_offers_the_allowed_values(
    client: RecordingClient, path: tuple[str, ...]
) -> None:
    text = _document(path, " ")
    line, character = len(path) - 1, len(text.split("\n")[len(path) - 1])
    items = await _complete(client, text, line, character)

    assert sorted(i.label.strip('"') for i in items) == sorted(OWNED[path][0]["enum"])
    for item in items:
        assert isinstance(item.text_edit, types.TextEdit)
        completed = apply_text_edits(text, [item.text_edit])
        # The value itself is accepted (another rule may still want more, as
        # process_supervisor wants execution_ipc).
        assert [d for d in check_text(completed).errors if d.path_parts == path] == [], completed


async def test_completion_leaves_out_keys_already_written(client: RecordingClient) -> None:
    text = (
        "runtime:\n  platform:\n    execution_ipc:\n      transport: tcp_local\n"
        "      \n      bind_port: 0\n"
    )
    items = await _complete(client, text, 4, 6)

    labels = {i.label for i in items}
    assert {"bind_host", "max_payload_bytes", "auth"} <= labels
    assert not labels & {"transport", "bind_port"}


_PLACEHOLDER = re.compile(r"\$\{\d+:([^}]*)\}")


@pytest.mark.parametrize(
    ("text", "line", "path"),
    [("", 0, ()), ("runtime:\n  platform:\n    ", 2, ("runtime", "platform"))],
    ids=["root", "platform"],
)
async def test_profile_snippets_write_valid_configs(
    client: RecordingClient, text: str, line: int, path: tuple[str, ...]
) -> None:
    snippets = list(OWNED.get(path, [V1.schema()])[0]["defaultSnippets"])
    items = await _complete(client, text, line, len(text.split("\n")[line]))
    by_label = {i.label: i for i in items if i.kind == types.CompletionItemKind.Snippet}

    assert sorted(by_label) == sorted(s["label"] for s in snippets)
    for item in by_label.values():
        assert item.insert_text_format == types.InsertTextFormat.Snippet
        assert isinstance(item.text_edit, types.TextEdit)
        written = _PLACEHOLDER.sub(r"\1", apply_text_edits(text, [item.text_edit]))
        assert check_text(written).errors == (), written


async def test_hover_on_a_finding_explains_its_code(client: RecordingClient) -> None:
    shown = await _hover(client, "runtime:\n  platform:\n    bootstrap:\n      mode: fork\n", 3, 13)

    assert "**Bootstrap mode**" in shown
    assert explanation("BOOT-CFG-01") in shown


async def test_hover_under_auth_never_shows_the_value(client: RecordingClient) -> None:
    secret = "canary-hover-Zq7"
    text = (
        "runtime:\n  platform:\n    execution_ipc:\n      auth:\n"
        f"        secret: {secret}\n        kdf: {secret}\n"
    )
    for line in (4, 5):
        for character in range(8, len(text.split("\n")[line]) + 1):
            shown = await _hover(client, text, line, character)
            assert secret not in shown
    assert "**Static secret**" in await _hover(client, text, 4, 20)


V2_MODELINE = "# yaml-language-server: $schema=runtime-config.v2.schema.json\n"


async def test_hover_in_a_v2_file_shows_the_v2_documentation(client: RecordingClient) -> None:
    codec = V2.schema()["definitions"]["codec"]
    text = V2_MODELINE + "runtime:\n  platform:\n    execution_ipc:\n      codec: bytes\n"

    shown = await _hover(client, text, 4, 8)
    unchecked = await _hover(client, text.removeprefix(V2_MODELINE), 3, 8)

    assert f"**{codec['title']}**" in shown
    assert (codec.get("markdownDescription") or codec["description"]) in shown
    # The same key in a file checked with v1 (which does not own it) has no documentation.
    assert f"**{codec['title']}**" not in unchecked


async def test_completion_in_a_v2_file_offers_the_v2_values(client: RecordingClient) -> None:
    text = V2_MODELINE + "runtime:\n  platform:\n    execution_ipc:\n      transport: "
    v1_text = text.removeprefix(V2_MODELINE)

    labels = {i.label for i in await _complete(client, text, 4, 17)}
    v1_labels = {i.label for i in await _complete(client, v1_text, 3, 17)}

    assert "ipc_local" in labels
    assert "ipc_local" not in v1_labels
    assert labels == set(V2.schema()["definitions"]["transport"]["then"]["enum"])
