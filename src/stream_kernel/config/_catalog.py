"""The error catalog: every code the project defines, read from the schema, and the one
way to turn a code and a detail into a :class:`~stream_kernel.config.diagnostics.Diagnostic`."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Final

from ._schema import CATALOG_KEYWORD, contract_schema
from .diagnostics import Diagnostic

__all__ = ["HELP_URI", "catalog", "catalog_diagnostic", "explanation", "help_uri"]

#: Where each code's catalog entry is documented, by code.
HELP_URI: Final = "https://stream-kernel.dev/config/codes/{code}"


@cache
def catalog() -> Mapping[str, Mapping[str, str]]:
    """Every code the project defines, with its title, severity, explanation, example and fix."""
    entries: Mapping[str, Mapping[str, str]] = contract_schema()[CATALOG_KEYWORD]
    return entries


def catalog_diagnostic(
    code: str,
    detail: str,
    parts: tuple[object, ...] = (),
    *,
    line: int | None = None,
    column: int | None = None,
) -> Diagnostic:
    """A diagnostic whose message leads with the code's catalog title and whose severity
    is the catalog's."""
    entry = catalog()[code]
    return Diagnostic(
        code=code,
        path_parts=parts,
        message=f"{entry['title']}: {detail}",
        severity="warning" if entry["severity"] == "warning" else "error",
        line=line,
        column=column,
    )


def explanation(code: str) -> str:
    """What ``code`` means, why it matters, a failing example and the fix, as plain text
    (what ``stream-kernel-config explain`` prints; it reads as Markdown too)."""
    entry = catalog()[code]
    example = "".join(f"    {line}\n" for line in entry["example"].splitlines())
    return (
        f"{code}: {entry['title']} ({entry['severity']})\n\n"
        f"{entry['explanation']}\n\n"
        f"Fails:\n\n{example}\n"
        f"Fix: {entry['fix']}\n"
    )


def help_uri(code: str) -> str:
    """The address of ``code``'s documentation, for tools that link to it."""
    return HELP_URI.format(code=code)
