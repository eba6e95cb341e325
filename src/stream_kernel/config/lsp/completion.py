"""Completion: the keys the contract owns at the cursor's block, the allowed values of the
key being written, and the schema's profile snippets (``defaultSnippets``)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

from lsprotocol import types

from .analysis import Analysis
from .cursor import block_path, line_context
from .fields import Field, field_at
from .fixes import yaml_scalar
from .hover import field_markdown

__all__ = ["completions", "snippet_text"]

_PLACEHOLDER: Final = re.compile(r"\$\{\d+:([^}]*)\}")
_SNIPPET_SPECIAL: Final = re.compile(r"([\\$}])")
_INDENT: Final = "  "


def _docs(text: str, markdown: bool) -> types.MarkupContent:
    kind = types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText
    return types.MarkupContent(kind=kind, value=text)


def _literal(text: str, snippets: bool) -> str:
    # Text outside a placeholder must not read as snippet syntax.
    return _SNIPPET_SPECIAL.sub(r"\\\1", text) if snippets else text


def _scalar(value: object, snippets: bool) -> str:
    if isinstance(value, str):
        if _PLACEHOLDER.search(value):
            # The schema's own snippet placeholder: kept, or its default text without snippets.
            return value if snippets else _PLACEHOLDER.sub(r"\1", value)
        return _literal(yaml_scalar(value), snippets)
    if isinstance(value, bool):
        return "true" if value else "false"
    return _literal(str(value), snippets)


def _lines(body: Mapping[str, Any], depth: int, snippets: bool) -> list[str]:
    lines: list[str] = []
    for key, value in body.items():
        head = _INDENT * depth + _literal(yaml_scalar(key), snippets) + ":"
        if isinstance(value, Mapping):
            lines.append(head)
            lines += _lines(value, depth + 1, snippets)
        else:
            lines.append(f"{head} {_scalar(value, snippets)}")
    return lines


def snippet_text(body: Mapping[str, Any], indent: str, *, snippets: bool) -> str:
    """A ``defaultSnippets`` body as block YAML, its first line at the cursor."""
    lines = _lines(body, 0, snippets)
    return "\n".join(lines[:1] + [indent + line for line in lines[1:]])


def _key_item(
    name: str,
    field: Field,
    edit_range: types.Range,
    indent: str,
    docs: types.MarkupContent,
) -> types.CompletionItem:
    text = f"{name}:\n{indent}{_INDENT}" if field.is_block else f"{name}: "
    return types.CompletionItem(
        label=name,
        kind=types.CompletionItemKind.Property,
        detail=field.title,
        documentation=docs,
        text_edit=types.TextEdit(range=edit_range, new_text=text),
        filter_text=name,
    )


def _value_items(
    field: Field, edit_range: types.Range, markdown: bool
) -> list[types.CompletionItem]:
    items = []
    for index, value in enumerate(field.allowed):
        text = yaml_scalar(value) if isinstance(value, str) else _scalar(value, False)
        about = (
            field.allowed_descriptions[index] if index < len(field.allowed_descriptions) else None
        )
        items.append(
            types.CompletionItem(
                label=text,
                kind=types.CompletionItemKind.EnumMember,
                detail=field.title,
                documentation=_docs(about, markdown) if about else None,
                text_edit=types.TextEdit(range=edit_range, new_text=text),
                filter_text=text,
            )
        )
    return items


def _snippet_items(
    field: Field, edit_range: types.Range, indent: str, siblings: frozenset[str], snippets: bool
) -> list[types.CompletionItem]:
    items = []
    for snippet in field.snippets:
        body = snippet.get("body")
        # A profile whose keys are already written would duplicate them.
        if not isinstance(body, Mapping) or siblings.intersection(body):
            continue
        items.append(
            types.CompletionItem(
                label=str(snippet.get("label", "")),
                kind=types.CompletionItemKind.Snippet,
                detail=str(snippet.get("description", "")) or None,
                text_edit=types.TextEdit(
                    range=edit_range, new_text=snippet_text(body, indent, snippets=snippets)
                ),
                insert_text_format=types.InsertTextFormat.Snippet
                if snippets
                else types.InsertTextFormat.PlainText,
            )
        )
    return items


def completions(
    analysis: Analysis, line: int, character: int, *, snippets: bool, markdown: bool
) -> list[types.CompletionItem]:
    """What may be written at the 0-based LSP ``line``:``character``.

    ``snippets`` and ``markdown``: what the client said it can show.
    """
    source = analysis.source
    start_of_line = source.offset_at(line, 0)
    cursor = source.offset_at(line, character)
    context = line_context(source.text[start_of_line:cursor])
    if context is None:
        return []
    place = block_path(source, line, context.indent)
    if place is None:
        return []
    parents, siblings = place
    start = source.position(cursor - len(context.prefix))
    edit_range = types.Range(types.Position(*start), types.Position(*source.position(cursor)))
    indent = " " * context.indent
    if context.key is not None:
        field = field_at((*parents, context.key), analysis.contract)
        return _value_items(field, edit_range, markdown) if field is not None else []
    block = field_at(parents, analysis.contract)
    if block is None:
        return []
    items = []
    for name in block.children:
        child = field_at((*parents, name), analysis.contract)
        if child is not None and name not in siblings:
            docs = _docs(field_markdown(child, analysis.contract), markdown)
            items.append(_key_item(name, child, edit_range, indent, docs))
    return items + _snippet_items(block, edit_range, indent, siblings, snippets)
