"""The ``errorMessage`` each coded subschema must carry, derived from its codes and the catalog.

yaml-language-server (1.25) shows a subschema's ``errorMessage`` string instead of its own
text for five keywords only: ``type``, ``enum``, ``const``, ``required`` and
``additionalProperties`` (``minimum``, ``maximum`` and ``minLength`` keep the server's
text). So the editor message of a subschema names the codes of exactly those keywords,
each led by the catalog title the CLI prints. The schema holds the strings (editors read
nothing else); this module is the one place that says what they must be, and a test
holds the schema to it, so the codes and titles cannot drift from the catalog.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from stream_kernel.config._schema import CATALOG_KEYWORD, CODE_KEYWORD

__all__ = ["EDITOR_KEYWORDS", "editor_codes", "editor_message"]

#: Validation keywords whose failure yaml-language-server reports with ``errorMessage``.
EDITOR_KEYWORDS: Final = ("type", "enum", "const", "required", "additionalProperties")

_TYPE_WORDS: Final = {
    "integer": "an integer",
    "number": "a number",
    "boolean": "a boolean",
    "string": "a string",
}


def editor_codes(schema: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(keyword, code) for each keyword of ``schema`` whose error the editor labels."""
    codes: Mapping[str, str] = schema.get(CODE_KEYWORD, {})
    return [(k, codes[k]) for k in EDITOR_KEYWORDS if k in codes]


def _detail(keyword: str, schema: Mapping[str, Any]) -> str:
    if keyword == "enum":
        return "; allowed: " + ", ".join(map(str, schema["enum"]))
    if keyword == "const":
        return f"; allowed: {schema['const']}"
    if keyword == "additionalProperties":
        return "; allowed keys: " + ", ".join(schema.get("properties", {}))
    if keyword == "type":
        declared: Sequence[str] = (
            [schema["type"]] if isinstance(schema["type"], str) else schema["type"]
        )
        # A section's title already says "mapping"; scalars say what they expect.
        words = [_TYPE_WORDS[t] for t in declared if t in _TYPE_WORDS]
        return f"; expected {' or '.join(words)}" if words else ""
    return ""


def editor_message(schema: Mapping[str, Any], root: Mapping[str, Any]) -> str | None:
    """The ``errorMessage`` ``schema`` must carry (``None``: it must carry none).

    A subschema with two labelled keywords (a section: not a mapping, or an unknown key
    inside it) gets one string naming both codes: the server has one string per
    subschema, and a message that named only one code would mislabel the other error.
    """
    parts = [
        f"{code}: {root[CATALOG_KEYWORD][code]['title']}{_detail(keyword, schema)}"
        for keyword, code in editor_codes(schema)
    ]
    return " | ".join(parts) if parts else None
