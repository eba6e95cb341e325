"""Positions: our 1-based line:column (characters, YAML's line breaks) and LSP's positions.

Our diagnostics count lines the way YAML does (``\\n``, ``\\r\\n``, a lone ``\\r``, and
YAML 1.1's NEL and Unicode line and paragraph separators) and columns in characters.
The Language Server Protocol counts lines at ``\\n``, ``\\r\\n`` and ``\\r`` only, and
columns in the code units the client and server agreed on: UTF-16 unless the client
offers another, so a character outside the Basic Multilingual Plane is two columns.
Everything in between is a character offset into the text, which YAML's marks give too.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Final, Literal

__all__ = ["Encoding", "SourceText"]

#: The position encodings of LSP 3.17 (``PositionEncodingKind``).
Encoding = Literal["utf-8", "utf-16", "utf-32"]

_YAML_BREAKS: Final = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_LSP_BREAKS: Final = re.compile("\r\n|[\r\n]")
_OTHER_BREAKS: Final = re.compile("[\r\x85\u2028\u2029]")
_UNIT_BYTES: Final = {"utf-8": 1, "utf-16": 2, "utf-32": 4}


def _line_starts(text: str, breaks: re.Pattern[str]) -> tuple[int, ...]:
    return (0, *(m.end() for m in breaks.finditer(text)))


def _newline_starts(text: str) -> tuple[int, ...]:
    # The common case, a text whose only line break is `\n`: splitting it and adding up
    # the lines' lengths, both in C, beats a regex and a loop of str.find.
    lines = text.split("\n")
    lines.pop()
    return tuple(itertools.accumulate((len(line) + 1 for line in lines), initial=0))


def _units(text: str, encoding: Encoding) -> int:
    if encoding == "utf-32" or text.isascii():
        return len(text)
    codec = "utf-16-le" if encoding == "utf-16" else "utf-8"
    return len(text.encode(codec, "surrogatepass")) // _UNIT_BYTES[encoding]


@dataclass(frozen=True)
class SourceText:
    """One document's text, with both ways of counting lines (each counted when first needed:
    a document without findings never needs them)."""

    text: str
    encoding: Encoding = "utf-16"

    @cached_property
    def _yaml_starts(self) -> tuple[int, ...]:
        # An ASCII text (known without reading it) can only hold `\r` of the other breaks.
        only_newlines = (
            "\r" not in self.text if self.text.isascii() else not _OTHER_BREAKS.search(self.text)
        )
        if only_newlines:
            return self._lsp_starts  # only `\n`: both count alike
        return _line_starts(self.text, _YAML_BREAKS)

    @cached_property
    def _lsp_starts(self) -> tuple[int, ...]:
        if "\r" not in self.text:
            return _newline_starts(self.text)
        return _line_starts(self.text, _LSP_BREAKS)

    def offset_of(self, line: int | None, column: int | None) -> int:
        """The character offset of a diagnostic's 1-based ``line``:``column``."""
        if line is None or column is None:
            return 0
        index = min(max(line, 1), len(self._yaml_starts)) - 1
        return min(self._yaml_starts[index] + max(column, 1) - 1, len(self.text))

    def position(self, offset: int) -> tuple[int, int]:
        """The 0-based LSP (line, character) of a character offset."""
        offset = min(max(offset, 0), len(self.text))
        line = bisect.bisect_right(self._lsp_starts, offset) - 1
        start = self._lsp_starts[line]
        return line, _units(self.text[start:offset], self.encoding)

    def offset_at(self, line: int, character: int) -> int:
        """The character offset of a 0-based LSP position (clamped to its line)."""
        if line >= len(self._lsp_starts):
            return len(self.text)
        start = self._lsp_starts[max(line, 0)]
        end = self._lsp_starts[line + 1] if line + 1 < len(self._lsp_starts) else len(self.text)
        text = self.text[start:end].rstrip("\r\n")
        if self.encoding == "utf-32" or text.isascii():
            return start + min(max(character, 0), len(text))
        units = 0
        for index, char in enumerate(text):
            if units >= character:
                return start + index
            units += _units(char, self.encoding)
        return start + len(text)

    @property
    def line_count(self) -> int:
        """How many lines LSP counts (an empty last line included)."""
        return len(self._lsp_starts)

    def line_text(self, line: int) -> str:
        """The text of 0-based LSP ``line``, without its line break."""
        if not 0 <= line < len(self._lsp_starts):
            return ""
        start = self._lsp_starts[line]
        end = self._lsp_starts[line + 1] if line + 1 < len(self._lsp_starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")
