"""Where the cursor is in the config: the key path of the key or value under it.

Hover reads the parsed document's nodes (exact, flow style included). Completion has to
work while a line is half typed and the document may not parse, so it reads block-style
indentation instead: the keys of the lines above that open the blocks the cursor is in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..loader import LoadedDocument
from .positions import SourceText

__all__ = ["At", "LineContext", "block_path", "line_context", "node_at"]

_STR: Final = "tag:yaml.org,2002:str"


@dataclass(frozen=True, slots=True)
class At:
    """The key path under the cursor, whether the cursor is on the key, and that node."""

    path: tuple[object, ...]
    on_key: bool
    node: Node


def _contains(node: Node, offset: int) -> bool:
    return node.start_mark.index <= offset <= node.end_mark.index


def node_at(loaded: LoadedDocument, offset: int) -> At | None:
    """The key or scalar value at character ``offset``; ``None`` elsewhere."""
    node = loaded.node(())
    path: tuple[object, ...] = ()
    seen: set[int] = set()
    while node is not None and id(node) not in seen:
        seen.add(id(node))
        child: Node | None = None
        if isinstance(node, MappingNode):
            for key, value in node.value:
                # Only entries written inside this mapping (not merged in from elsewhere).
                if not (isinstance(key, ScalarNode) and _contains(node, key.start_mark.index)):
                    continue
                name: object = key.value if key.tag == _STR else None
                if name is None:
                    continue
                if _contains(key, offset):
                    return At((*path, name), True, key)
                if _contains(value, offset) and value.start_mark.index > key.start_mark.index:
                    path, child = (*path, name), value
                    break
        elif isinstance(node, SequenceNode):
            for index, item in enumerate(node.value):
                if _contains(item, offset) and _contains(node, item.start_mark.index):
                    path, child = (*path, index), item
                    break
        elif isinstance(node, ScalarNode) and path:
            return At(path, False, node)
        node = child
    return None


# ---------------------------------------------------------------------------------------
# Block-style context, for completion

_KEY_LINE: Final = re.compile(
    r"(?P<indent> *)(?P<key>[^\s#:'\"\-?][^#:]*?|'[^']*'|\"[^\"]*\") *:(?: +#.*)? *$"
)
_ANY_KEY: Final = re.compile(r"(?P<indent> *)(?P<key>[^\s#:'\"\-?][^#:]*?) *:(?:\s|$)")
_KEY_PREFIX: Final = re.compile(r"(?P<indent> *)(?P<prefix>[A-Za-z0-9_]*)")
_VALUE_PREFIX: Final = re.compile(
    r"(?P<indent> *)(?P<key>[A-Za-z0-9_]+) *: +(?P<prefix>[^\s#'\"]*)"
)


@dataclass(frozen=True, slots=True)
class LineContext:
    """What is being typed: a key (``key is None``) or the value of ``key``, and its prefix."""

    indent: int
    key: str | None
    prefix: str


def line_context(before_cursor: str) -> LineContext | None:
    """The completion context of the text between the line's start and the cursor."""
    if m := _KEY_PREFIX.fullmatch(before_cursor):
        return LineContext(len(m["indent"]), None, m["prefix"])
    if m := _VALUE_PREFIX.fullmatch(before_cursor):
        return LineContext(len(m["indent"]), m["key"], m["prefix"])
    return None


def _unquote(key: str) -> str:
    return key[1:-1] if key[:1] in "'\"" and key[-1:] == key[:1] and len(key) > 1 else key


def _blank(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def _width(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def block_path(
    source: SourceText, line: int, indent: int
) -> tuple[tuple[str, ...], frozenset[str]] | None:
    """The keys of the blocks a line at ``indent`` on ``line`` sits in, and the keys already
    written beside it.

    ``None`` when a line above is not a ``key:`` that opens a block (a list item, a flow
    mapping): the contract never owns such a place.
    """
    lines = [source.line_text(row) for row in range(source.line_count)]
    path: list[str] = []
    want, first = indent, 0
    for row in range(min(line, len(lines)) - 1, -1, -1):
        text = lines[row]
        if want == 0:
            break
        if _blank(text) or _width(text) >= want:
            continue
        m = _KEY_LINE.fullmatch(text)
        if m is None:
            return None
        if not path:
            first = row + 1
        path.insert(0, _unquote(m["key"]))
        want = _width(text)
    if want > 0:
        return None
    siblings: set[str] = set()
    for row in range(first, len(lines)):
        text = lines[row]
        if row == line or _blank(text):
            continue
        if row > line and _width(text) < indent:
            break
        if _width(text) == indent and (m := _ANY_KEY.match(text)):
            siblings.add(_unquote(m["key"]))
    return tuple(path), frozenset(siblings)
