"""The schema a YAML file names for itself: the ``yaml-language-server`` modeline.

An editor binds a file to a schema through a comment such as::

    # yaml-language-server: $schema=../schemas/runtime-config.v2.schema.json

The command line reads the same comment, so that the editor and CI judge a file by the
same contract. It reads it exactly as yaml-language-server 1.25 does:

- only the comment lines before the document's content count (blank lines, ``%``
  directives and a ``---`` line may sit among them, and a comment after ``---`` on its
  line); a modeline further down binds nothing, in the editor or here;
- the first of those comments that is a modeline decides: ``#``, whitespace, then
  ``yaml-language-server`` and ``:``, or JetBrains' ``$schema:``;
- in it, the reference follows ``$schema=`` or ``$schema:`` (spaces allowed after the
  colon) and runs to the next whitespace.

>>> found = read_modeline("# yaml-language-server: $schema=v2.json\\nruntime: {}\\n")
>>> found.reference, found.line, found.column
('v2.json', 1, 33)
>>> read_modeline("runtime: {}\\n# yaml-language-server: $schema=v2.json\\n") is None
True
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final
from urllib.parse import unquote

__all__ = ["Modeline", "names_schema", "read_modeline"]

# yaml-language-server's own tests of a comment and of the reference in it
# (languageservice/services/modelineUtil.js).
_IS_MODELINE: Final = re.compile(r"#\s+(?:yaml-language-server\s*:|\$schema:)")
_REFERENCE: Final = re.compile(r"\$schema(?:=|:[^\S\r\n]*)(\S+)")
# Line breaks as the loader counts them (YAML 1.1), so positions agree with every other
# diagnostic of the file.
_LINES: Final = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
_DOCUMENT_START: Final = re.compile(r"---(?=\s|$)")
_DOCUMENT_END: Final = re.compile(r"\.\.\.(?=\s|$)")
_BOM: Final = "\ufeff"


@dataclass(frozen=True, slots=True)
class Modeline:
    """The schema reference of a file's modeline, and where it is written.

    ``line`` and ``column`` (1-based) are the reference's own: the text to change.
    """

    reference: str
    line: int
    column: int


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text``, one at a time: the reading stops at the first content line."""
    start = 0
    for brk in _LINES.finditer(text):
        yield text[start : brk.start()]
        start = brk.end()
    yield text[start:]


def _leading_comments(text: str) -> list[tuple[int, int, str]]:
    """(line, column, comment) for each comment before the document's content."""
    found: list[tuple[int, int, str]] = []
    for number, line in enumerate(_lines(text.removeprefix(_BOM)), start=1):
        body = line.lstrip(" \t")
        column = len(line) - len(body) + 1
        if start := _DOCUMENT_START.match(body):
            # `--- # comment` is a comment of the document's start; `--- value` is content.
            rest = body[start.end() :]
            body = rest.lstrip(" \t")
            column += len(rest) - len(body) + start.end()
            if body and not body.startswith("#"):
                break
        if _DOCUMENT_END.match(body):
            found = []  # an explicit end: what came before belonged to no document
            continue
        if not body or body.startswith("%"):
            continue  # a blank line or a directive
        if not body.startswith("#"):
            break
        found.append((number, column, body))
    return found


def read_modeline(text: str) -> Modeline | None:
    """The modeline's schema reference, or ``None`` when the file names no schema.

    ``None`` too when the first modeline has no ``$schema`` in it: the editor stops there.
    """
    for line, column, comment in _leading_comments(text):
        if _IS_MODELINE.match(comment):
            reference = _REFERENCE.search(comment)
            if reference is None:
                return None
            return Modeline(reference[1], line, column + reference.start(1))
    return None


def names_schema(reference: str, *, file_name: str, schema_id: str) -> bool:
    """Whether ``reference`` names the schema with this file name or ``$id``.

    A reference names it by its ``$id`` (a fragment after ``#`` is ignored), or by a
    path or URL whose last segment is the file name (a query after ``?`` is ignored;
    ``/`` and ``\\`` both separate segments).

    >>> names_schema("../schemas/runtime-config.v2.schema.json",
    ...              file_name="runtime-config.v2.schema.json", schema_id="https://x/v2.json")
    True
    >>> names_schema("https://x/v2.json#", file_name="s.json", schema_id="https://x/v2.json")
    True
    >>> names_schema("other.schema.json", file_name="s.json", schema_id="https://x/v2.json")
    False
    """
    target = reference.partition("#")[0]
    if target == schema_id.partition("#")[0]:
        return True
    last = re.split(r"[/\\]", target.partition("?")[0])[-1]
    return unquote(last) == file_name
