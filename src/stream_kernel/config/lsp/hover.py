"""Hover: the schema's documentation of the key or value under the cursor, and the
explanation of each finding there (what ``stream-kernel-config explain`` prints).

Everything shown comes from the schema and the catalog; nothing quotes the file, so a
value under ``auth`` (the secret above all) never appears in a hover.
"""

from __future__ import annotations

import json

from lsprotocol import types

from .._catalog import catalog, explanation
from .._contracts import V1, Contract
from .analysis import Analysis
from .cursor import node_at
from .diagnostics import lsp_range
from .fields import Field, field_at

__all__ = ["field_markdown", "hover"]


def _shown(value: object) -> str:
    return f"`{value if isinstance(value, str) else json.dumps(value)}`"


def field_markdown(field: Field, contract: Contract = V1) -> str:
    """A field's documentation: title, description, default, allowed values, codes (in the
    wording of ``contract``, the one the field was read from)."""
    dotted = ".".join(field.path)
    parts = [f"**{field.title}** (`{dotted}`)", field.description]
    if len(field.defaults) == 1:
        parts.append(f"Default: {_shown(field.defaults[0])}")
    elif field.defaults:
        shown = " or ".join(_shown(d) for d in field.defaults)
        parts.append(f"Default: {shown}, depending on the other settings")
    if field.allowed:
        lines = ["Allowed values:"]
        for index, value in enumerate(field.allowed):
            about = (
                field.allowed_descriptions[index] if index < len(field.allowed_descriptions) else ""
            )
            lines.append(f"- {_shown(value)}" + (f": {about}" if about else ""))
        parts.append("\n".join(lines))
    if field.codes:
        lines = ["Codes:"]
        lines += [f"- **{code}** {catalog(contract)[code]['title']}" for code in field.codes]
        parts.append("\n".join(lines))
    return "\n\n".join(p for p in parts if p)


def hover(analysis: Analysis, offset: int, *, markdown: bool = True) -> types.Hover | None:
    """The hover at character ``offset``: field docs, then the explanation of each finding.

    The text is Markdown; a client that cannot show it gets it as plain text.
    """
    sections: list[str] = []
    span: tuple[int, int] | None = None
    loaded = analysis.loaded
    at = node_at(loaded, offset) if loaded is not None else None
    if at is not None and (field := field_at(at.path, analysis.contract)) is not None:
        sections.append(field_markdown(field, analysis.contract))
        span = (at.node.start_mark.index, at.node.end_mark.index)
    codes: list[str] = []
    for finding in analysis.findings:
        if finding.start <= offset <= finding.end and finding.diagnostic.code not in codes:
            codes.append(finding.diagnostic.code)
            span = span or (finding.start, finding.end)
    entries = catalog(analysis.contract)
    sections += [explanation(code, entries.get(code)) for code in codes]
    if not sections or span is None:
        return None
    kind = types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText
    return types.Hover(
        contents=types.MarkupContent(kind=kind, value="\n\n---\n\n".join(sections)),
        range=lsp_range(analysis, *span),
    )
