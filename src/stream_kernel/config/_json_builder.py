"""From JSON text to the document, with JSON's semantics and a position for every part.

A config file named ``*.json`` is JSON, and JSON reads differently from YAML: ``1e3`` is
the number 1000 (PyYAML reads it as a string), ``"\\ud83d\\ude00"`` is one emoji, and
there are no comments, anchors or tags. So JSON text never goes through the YAML
parser. The values are the ones :func:`json.loads` gives, and what a config must not
have is refused with the loader's codes and a line and column: a syntax error, NaN or
Infinity, a number too large for a double, an escape that is half of a surrogate pair
(SK-CFG-301); a duplicate key, with both positions (SK-CFG-302); nesting beyond the
depth limit (SK-CFG-306). Size and encoding are checked before (``_reading``).

>>> document, where = build_json('{"runtime": {"platform": {"bootstrap": {"mode": 1e3}}}}')
>>> document["runtime"]["platform"]["bootstrap"]["mode"]
1000.0
>>> where.position(("runtime", "platform", "bootstrap", "mode"))
(1, 49)
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Sequence
from typing import Any, Final, NoReturn

from yaml.nodes import Node

from ._catalog import catalog_diagnostic
from ._messages import describe
from ._reading import DEFAULT_LIMITS, Limits
from .diagnostics import ConfigError, Diagnostic

__all__ = ["JsonPositions", "build_json"]

# JSON's whitespace (RFC 8259): nothing else separates tokens.
_SPACE: Final = re.compile(r"[ \t\n\r]*")
# JSON's number grammar, ASCII digits only.
_NUMBER: Final = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
# A run of string characters that need no decoding.
_PLAIN: Final = re.compile(r'[^"\\\x00-\x1f]*')
_HEX4: Final = re.compile(r"[0-9a-fA-F]{4}")
_ESCAPES: Final = {
    '"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"
}  # fmt: skip
_WORDS: Final = (("true", True), ("false", False), ("null", None))
_NOT_NUMBERS: Final = ("NaN", "Infinity", "-Infinity")
# Line breaks outside strings (inside one, a raw break is refused): \r\n, \r or \n.
_BREAK: Final = re.compile(r"\r\n|\r|\n")
_HIGH: Final = range(0xD800, 0xDC00)
_LOW: Final = range(0xDC00, 0xE000)


class JsonPositions:
    """Where each part of a JSON document is written: the same answers as the YAML
    source map, from character offsets recorded while parsing."""

    __slots__ = ("_entries", "_lines", "_root")

    def __init__(self, text: str) -> None:
        self._lines = [0] + [m.end() for m in _BREAK.finditer(text)]
        self._root = _skip_space(text, 1 if text.startswith("\ufeff") else 0)
        # path -> (offset of its key, offset of its value); a list item is both.
        self._entries: dict[tuple[object, ...], tuple[int, int]] = {}

    def record(self, path: tuple[object, ...], key_at: int, value_at: int) -> None:
        self._entries[path] = (key_at, value_at)

    def entries(self, _: Sequence[object]) -> list[tuple[Node, Node]]:
        """None: JSON has no YAML nodes."""
        return []

    def node(self, path: Sequence[object]) -> Node | None:
        """JSON has no YAML nodes (and none of YAML 1.1's conversions to look for)."""
        return None

    def position(self, path: Sequence[object], *, at_key: bool = False) -> tuple[int, int]:
        """1-based (line, column) for ``path``: the value's, or its key's with ``at_key``;
        for a path not in the text, the key of its nearest present ancestor."""
        best = self._root
        for depth in range(len(path)):
            part = path[depth]
            # A bool equals 1 or 0 in a dict lookup, but names no key or index of JSON's.
            if type(part) not in (str, int):
                break
            entry = self._entries.get(tuple(path[: depth + 1]))
            if entry is None:
                break
            key_at, value_at = entry
            best = key_at if at_key or depth < len(path) - 1 else value_at
        return self.line_column(best)

    def line_column(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._lines, offset)
        return line, offset - self._lines[line - 1] + 1


def _skip_space(text: str, at: int) -> int:
    found = _SPACE.match(text, at)
    return found.end() if found is not None else at  # it matches "" at worst


def build_json(text: str, limits: Limits = DEFAULT_LIMITS) -> tuple[Any, JsonPositions]:
    """The document in ``text`` and where its parts are; :class:`ConfigError` if refused."""
    return _Parser(text, limits).parse()


class _Stop(Exception):  # noqa: N818 - not an error of the program: the parse's way out
    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.code)
        self.diagnostic = diagnostic


class _Parser:
    """A recursive descent over JSON's grammar; its depth is bounded by the depth limit."""

    def __init__(self, text: str, limits: Limits) -> None:
        self.text = text
        self.limits = limits
        self.where = JsonPositions(text)
        self.duplicates: list[Diagnostic] = []

    def parse(self) -> tuple[Any, JsonPositions]:
        start = self._skip(1 if self.text.startswith("\ufeff") else 0)
        try:
            if start == len(self.text):
                raise self._stop("SK-CFG-301", "the file holds no JSON value", start)
            document, end = self._value(start, (), 1)
            end = self._skip(end)
            if end < len(self.text):
                detail = "more text after the JSON value; a file holds one"
                raise self._stop("SK-CFG-301", detail, end)
        except _Stop as stop:
            raise ConfigError([stop.diagnostic]) from None
        if self.duplicates:
            raise ConfigError(self.duplicates)
        return document, self.where

    # -- refusals -------------------------------------------------------------------------

    def _diagnostic(self, code: str, detail: str, at: int) -> Diagnostic:
        line, column = self.where.line_column(at)
        return catalog_diagnostic(code, detail, line=line, column=column)

    def _stop(self, code: str, detail: str, at: int) -> _Stop:
        return _Stop(self._diagnostic(code, detail, at))

    def _unclosed(self, what: str, opened: int) -> NoReturn:
        # Reported where it opens: the end of the file is not what needs fixing.
        line, column = self.where.line_column(len(self.text))
        detail = f"{what} opened here is not closed; the file ends at line {line}, column {column}"
        raise self._stop("SK-CFG-301", detail, opened)

    def _expected(self, wanted: str, at: int, what: str, opened: int) -> NoReturn:
        if at >= len(self.text):
            self._unclosed(what, opened)
        raise self._stop("SK-CFG-301", f"expected {wanted}", at)

    # -- the grammar ----------------------------------------------------------------------

    def _skip(self, at: int) -> int:
        return _skip_space(self.text, at)

    def _value(self, at: int, path: tuple[object, ...], depth: int) -> tuple[Any, int]:
        if depth > self.limits.max_depth:
            detail = f"more than {self.limits.max_depth} levels of nesting (--max-depth)"
            raise self._stop("SK-CFG-306", detail, at)
        text = self.text
        first = text[at : at + 1]
        if first == "{":
            return self._object(at, path, depth)
        if first == "[":
            return self._array(at, path, depth)
        if first == '"':
            return self._string(at)
        for word, value in _WORDS:
            if text.startswith(word, at):
                return value, at + len(word)
        if text.startswith(_NOT_NUMBERS, at):
            raise self._stop("SK-CFG-301", "NaN and Infinity are not JSON numbers", at)
        if first == "-" or (first.isascii() and first.isdigit()):
            return self._number(at)
        if not first:
            raise self._stop("SK-CFG-301", "expected a value; the file ends here", at)
        detail = "expected a value: an object, a list, a string, a number, true, false or null"
        raise self._stop("SK-CFG-301", detail, at)

    def _object(self, opened: int, path: tuple[object, ...], depth: int) -> tuple[Any, int]:
        text = self.text
        found: dict[str, Any] = {}
        first: dict[str, int] = {}
        at = self._skip(opened + 1)
        if text.startswith("}", at):
            return found, at + 1
        while True:
            if not text.startswith('"', at):
                self._expected("a key in double quotes", at, "the object ('{')", opened)
            key_at = at
            key, at = self._string(at)
            at = self._skip(at)
            if not text.startswith(":", at):
                self._expected("':' after the key", at, "the object ('{')", opened)
            value_at = self._skip(at + 1)
            value, at = self._value(value_at, (*path, key), depth + 1)
            if key in first:
                line, column = self.where.line_column(first[key])
                detail = (
                    f"{describe(key)} is also set at line {line}, column {column};"
                    " JSON readers keep only the last one, or refuse the file"
                )
                self.duplicates.append(self._diagnostic("SK-CFG-302", detail, key_at))
            else:
                first[key] = key_at
            found[key] = value
            self.where.record((*path, key), key_at, value_at)
            at = self._skip(at)
            if text.startswith(",", at):
                at = self._skip(at + 1)
                continue
            if text.startswith("}", at):
                return found, at + 1
            self._expected("',' or '}'", at, "the object ('{')", opened)

    def _array(self, opened: int, path: tuple[object, ...], depth: int) -> tuple[Any, int]:
        text = self.text
        items: list[Any] = []
        at = self._skip(opened + 1)
        if text.startswith("]", at):
            return items, at + 1
        while True:
            if at >= len(text):
                self._unclosed("the list ('[')", opened)
            value, end = self._value(at, (*path, len(items)), depth + 1)
            self.where.record((*path, len(items)), at, at)
            items.append(value)
            at = self._skip(end)
            if text.startswith(",", at):
                at = self._skip(at + 1)
                continue
            if text.startswith("]", at):
                return items, at + 1
            self._expected("',' or ']'", at, "the list ('[')", opened)

    def _number(self, at: int) -> tuple[Any, int]:
        match = _NUMBER.match(self.text, at)
        if match is None:
            raise self._stop("SK-CFG-301", "expected a digit after '-'", at + 1)
        written = match[0]
        if match[1] is None and match[2] is None:
            try:
                return int(written), match.end()
            except ValueError:  # beyond Python's limit on digits converted to an int
                raise self._stop("SK-CFG-301", "this integer is too long to read", at) from None
        number = float(written)
        if math.isinf(number):
            raise self._stop("SK-CFG-301", "this number is too large for a double", at)
        return number, match.end()

    def _string(self, opened: int) -> tuple[str, int]:
        # Never quotes the string: it may be the secret.
        text = self.text
        parts: list[str] = []
        at = opened + 1
        while True:
            plain = _PLAIN.match(text, at)
            assert plain is not None  # it matches the empty string
            parts.append(plain[0])
            at = plain.end()
            if at >= len(text):
                self._unclosed("the string ('\"')", opened)
            char = text[at]
            if char == '"':
                return "".join(parts), at + 1
            if char in "\r\n":
                # A line break in a string: the closing quote was forgotten, at the opening.
                line, column = self.where.line_column(at)
                detail = (
                    "the string ('\"') opened here is not closed on its line"
                    f" (a line break at line {line}, column {column}; write \\n for one)"
                )
                raise self._stop("SK-CFG-301", detail, opened)
            if char != "\\":
                detail = f"character #x{ord(char):04x} must be escaped in a JSON string"
                raise self._stop("SK-CFG-301", detail, at)
            escape = text[at + 1 : at + 2]
            if escape in _ESCAPES:
                parts.append(_ESCAPES[escape])
                at += 2
            elif escape == "u":
                code, at = self._code_point(at)
                parts.append(chr(code))
            else:
                detail = 'a backslash in a JSON string is followed by one of " \\ / b f n r t u'
                raise self._stop("SK-CFG-301", detail, at)

    def _code_point(self, at: int) -> tuple[int, int]:
        """The character of the ``\\uXXXX`` escape at ``at`` (a surrogate pair is two)."""
        code = self._hex4(at)
        if code in _LOW:
            raise self._stop(
                "SK-CFG-301", "\\u escape of a lone low surrogate: not a character", at
            )
        if code not in _HIGH:
            return code, at + 6
        if self.text.startswith("\\u", at + 6):
            low = self._hex4(at + 6)
            if low in _LOW:
                return 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00), at + 12
        raise self._stop("SK-CFG-301", "\\u escape of a lone high surrogate: not a character", at)

    def _hex4(self, at: int) -> int:
        digits = _HEX4.fullmatch(self.text, at + 2, at + 6)
        if digits is None:
            raise self._stop(
                "SK-CFG-301", "\\u in a JSON string is followed by four hex digits", at
            )
        return int(digits[0], 16)
