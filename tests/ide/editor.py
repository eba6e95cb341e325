"""What the yaml-language-server tests of each contract share: documents that set one
field, where the editor may mark a problem, and requests made for many documents at once.

The server waits about 0.2 s after a change before it validates a document; opening
documents together and then asking each one is what keeps these tests fast.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import yaml

from tests.support.corpus import names_key

from .interop import DOCUMENTS, fresh_uri
from .lsp import LspClient

__all__ = [
    "complete",
    "complete_many",
    "expected_lines",
    "hover_many",
    "key_position",
    "lines",
    "nested",
    "publish_all",
    "snippet_text",
]


def publish_all(client: LspClient, documents: Mapping[str, tuple[str, str]]) -> dict[str, Any]:
    """The first diagnostics for each document, all opened together.

    ``documents`` maps a name to (uri, text). The server publishes once per validation,
    with the schema already resolved: the first list for a URI is the verdict.
    """
    for uri, text in documents.values():
        client.open(uri, text)
    found = {name: client.diagnostics(uri) for name, (uri, _) in documents.items()}
    for uri, _ in documents.values():
        client.close(uri)
    return found


def expected_lines(text: str, dotted: str) -> set[int]:
    """0-based lines where the editor may mark a problem at ``dotted``.

    The key of the deepest node of the path that exists (a missing key is reported on
    its parent's key), or where that node's value starts (a block value begins on the
    next line); the document's first node for the root.
    """
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    assert node is not None
    found = {node.start_mark.line}
    for part in dotted.split(".") if dotted else []:
        if not isinstance(node, yaml.MappingNode):
            break
        match = [(k, v) for k, v in node.value if names_key(part, k.value)]
        if not match:
            break
        key, node = match[0]
        found = {key.start_mark.line, node.start_mark.line}
    return found


def lines(diagnostics: list[dict[str, Any]]) -> set[int]:
    return {d["range"]["start"]["line"] for d in diagnostics}


def nested(at: Sequence[str], value: object) -> str:
    """A YAML document that sets the field at ``at`` to ``value``."""
    document: object = value
    for part in reversed(at):
        document = {part: document}
    return yaml.safe_dump(document, default_flow_style=False, sort_keys=False)


def key_position(text: str, at: Sequence[str]) -> tuple[int, int]:
    """0-based (line, character) of the last key of ``at`` in ``text``."""
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    mark = None
    for part in at:
        assert isinstance(node, yaml.MappingNode), (at, part)
        key, node = next((k, v) for k, v in node.value if k.value == part)
        mark = key.start_mark
    assert mark is not None
    return mark.line, mark.column


def _items(result: Any) -> list[dict[str, Any]]:  # noqa: ANN401 - a CompletionList or a list
    items: list[dict[str, Any]] = result["items"] if isinstance(result, dict) else result
    return items


def complete_many(
    client: LspClient, requests: Sequence[tuple[str, int, int]], *, under: str = DOCUMENTS
) -> list[list[dict[str, Any]]]:
    """The completion items at each (text, line, character), the documents opened together
    under the made-up folder ``under`` (which chooses the schema)."""
    uris = [fresh_uri("completion.yaml", under=under) for _ in requests]
    for uri, (text, _, _) in zip(uris, requests, strict=True):
        client.open(uri, text)
    found = []
    for uri, (_, line, character) in zip(uris, requests, strict=True):
        client.diagnostics(uri)  # the document is parsed and its schema resolved
        result = client.request(
            "textDocument/completion",
            {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}},
        )
        found.append(_items(result))
        client.close(uri)
    return found


def complete(
    client: LspClient, text: str, line: int, character: int, *, under: str = DOCUMENTS
) -> list[dict[str, Any]]:
    (items,) = complete_many(client, [(text, line, character)], under=under)
    return items


def hover_many(
    client: LspClient, requests: Sequence[tuple[str, int, int]], *, under: str = DOCUMENTS
) -> list[tuple[list[dict[str, Any]], Any]]:
    """(diagnostics, hover) at each (text, line, character), the documents opened together
    under the made-up folder ``under`` (which chooses the schema)."""
    uris = [fresh_uri("hover.yaml", under=under) for _ in requests]
    for uri, (text, _, _) in zip(uris, requests, strict=True):
        client.open(uri, text)
    found = []
    for uri, (_, line, character) in zip(uris, requests, strict=True):
        diagnostics = client.diagnostics(uri)
        hover = client.request(
            "textDocument/hover",
            {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}},
        )
        found.append((diagnostics, hover))
        client.close(uri)
    return found


def snippet_text(insert_text: str) -> str:
    """The text a snippet leaves once every ``${n:placeholder}`` keeps its placeholder."""
    return re.sub(r"\$\{\d+:([^}]*)\}", r"\1", insert_text)
