"""Fields added to YAML text in the file's own style: text edits, never a re-dump.

A person's config file carries more than its data: comments, key order, quoting,
anchors, flow or block style, line endings, indentation. Re-dumping the parsed data would
lose all of it. Here each new field is inserted as text, at a place found from the
loader's node positions, in the style of the block it goes into:

- into a block mapping: new lines at the block's own indentation, right after the line
  that opens the block (so a comment above the first key stays with that key);
- into a flow mapping (``{a: 1}``): ``key: value,`` right after the brace;
- where a block is missing: the block itself, holding the field, in the style of the
  mapping it goes into (its nested indentation detected from the file, else 2);
- where a block is empty (``bootstrap:`` alone, or ``null``): the field under it, or
  ``{key: value}`` in place of the written ``null``;
- where a block is an alias of an anchor (``execution_ipc: *ipc``): the alias becomes
  ``{<<: *ipc, key: value}``, so the anchor and its other uses stay as they are.

A block the file shares between several places (an anchor also used elsewhere, a
mapping merged into another) is not edited: every place would change. That, and any
layout not listed, raises :class:`EditError` naming the field.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .loader import LoadedDocument

__all__ = ["EditError", "TextLines", "insert_fields", "line_ending", "paths_count"]

Path = tuple[str, ...]

# Line breaks as YAML 1.1 counts them (the loader's lines and columns).
_BREAK: Final = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
# Node properties that may sit before a block's first key: an anchor, a tag.
_PROPERTY: Final = re.compile(r"[&!][^\s]*")
_NULL_TAG: Final = "tag:yaml.org,2002:null"
# A string written without quotes when it reads back as itself and holds nothing that a
# flow mapping or a comment would take for syntax.
_PLAIN: Final = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_./-]*")
_DEFAULT_STEP: Final = 2


class EditError(ValueError):
    """The field cannot be inserted without changing something else; the message says why."""


def line_ending(text: str) -> str:
    """The file's line ending: the first one it uses, ``\\n`` when it has none."""
    found = _BREAK.search(text)
    return found.group() if found else "\n"


@dataclass(frozen=True, slots=True)
class _Edit:
    start: int
    end: int
    text: str


class TextLines:
    """Offsets of a text from the loader's (0-based) lines and columns."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in _BREAK.finditer(text)]

    def offset(self, mark: yaml.Mark) -> int:
        return self.starts[mark.line] + mark.column

    def line_start(self, offset: int) -> int:
        return self.starts[self._line_of(offset)]

    def next_line(self, offset: int) -> int | None:
        """Where the line after the one holding ``offset`` starts; None on the last line."""
        line = self._line_of(offset) + 1
        return self.starts[line] if line < len(self.starts) else None

    def _line_of(self, offset: int) -> int:
        low, high = 0, len(self.starts) - 1
        while low < high:
            middle = (low + high + 1) // 2
            if self.starts[middle] <= offset:
                low = middle
            else:
                high = middle - 1
        return low


def _scalar(value: object) -> str:
    if isinstance(value, str):
        if _PLAIN.fullmatch(value) and yaml.safe_load(value) == value:
            return value
        return json.dumps(value)  # a double-quoted YAML scalar
    if value is None or isinstance(value, (bool, int, float)):
        return json.dumps(value)
    raise EditError(f"cannot write {type(value).__name__} values")


def _flow(content: Mapping[str, Any]) -> str:
    parts = []
    for key, value in content.items():
        shown = f"{{{_flow(value)}}}" if isinstance(value, Mapping) else _scalar(value)
        parts.append(f"{_scalar(key)}: {shown}")
    return ", ".join(parts)


def _block(content: Mapping[str, Any], column: int, step: int, eol: str) -> str:
    lines = []
    for key, value in content.items():
        if isinstance(value, Mapping):
            lines.append(f"{' ' * column}{_scalar(key)}:{eol}")
            lines.append(_block(value, column + step, step, eol))
        else:
            lines.append(f"{' ' * column}{_scalar(key)}: {_scalar(value)}{eol}")
    return "".join(lines)


def _nest(path: Path, value: object) -> dict[str, Any]:
    content: Any = value
    for name in reversed(path):
        content = {name: content}
    result: dict[str, Any] = content
    return result


def _merge(into: dict[str, Any], part: Mapping[str, Any]) -> None:
    for key, value in part.items():
        if isinstance(value, Mapping) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


class _Editor:
    def __init__(self, text: str, loaded: LoadedDocument) -> None:
        self.text = TextLines(text)
        self.loaded = loaded
        self.root = loaded.node(())
        self.eol = line_ending(text)
        self.paths = paths_count(self.root)
        self.step = _step(self.root) or _DEFAULT_STEP

    def shared(self, node: Node) -> bool:
        return self.paths.get(id(node), 0) > 1

    # --- where a field goes -------------------------------------------------------------

    def site(self, path: Path) -> tuple[Path, Path]:
        """(the deepest block on ``path`` the file writes, the rest of ``path`` under it)."""
        for depth in range(len(path) - 1, -1, -1):
            node = self.loaded.node(path[:depth])
            if isinstance(node, MappingNode) or (depth and _is_null(node)):
                return path[:depth], path[depth:]
            if node is not None:
                raise EditError(f"{_dotted(path[:depth])} is not a block")
        raise EditError("the document is not a mapping")

    def edits(self, writes: Sequence[tuple[Path, object]]) -> list[_Edit]:
        grouped: dict[Path, dict[str, Any]] = {}
        for path, value in writes:
            block, rest = self.site(path)
            _merge(grouped.setdefault(block, {}), _nest(rest, value))
        return [self.edit(block, content) for block, content in grouped.items()]

    def edit(self, block: Path, content: dict[str, Any]) -> _Edit:
        node = self.loaded.node(block)
        assert node is not None, "site() returns a present block"
        entry = self.entry(block)
        if any(self.shared(n) for n in self.on_path(block)[:-1]):
            raise EditError(
                f"{_dotted(block)} is reached through an alias or merge shared with other"
                f" places; write {_flow(content)} there by hand"
            )
        if self.shared(node):
            if entry is not None and self.alias_at(entry[0]) is not None:
                return self.override_alias(entry[0], content)
            raise EditError(
                f"{_dotted(block)} is shared with other places through an anchor or merge;"
                f" write {_flow(content)} there by hand"
            )
        if isinstance(node, ScalarNode):
            assert entry is not None, "a null block is a value under a key"
            return self.fill_null(block, entry[0], node, content)
        assert isinstance(node, MappingNode)
        if node.flow_style:
            return self.into_flow(node, content)
        return self.into_block(node, entry[0] if entry else None, content)

    def on_path(self, block: Path) -> list[Node]:
        return [n for depth in range(len(block) + 1) if (n := self.loaded.node(block[:depth]))]

    def entry(self, block: Path) -> tuple[Node, Node] | None:
        """The (key node, value node) that holds ``block`` in its parent, None at the root."""
        if not block:
            return None
        parent = self.loaded.node(block[:-1])
        node = self.loaded.node(block)
        assert isinstance(parent, MappingNode)
        for key, value in parent.value:
            if value is node and isinstance(key, ScalarNode) and key.value == block[-1]:
                return key, node
        raise EditError(f"{_dotted(block)}: its key is not written in the file")

    # --- the edits ---------------------------------------------------------------------

    def into_block(self, node: MappingNode, key: Node | None, content: dict[str, Any]) -> _Edit:
        first = self.first_key(node)
        before = self.text.text[self.text.line_start(first) : first]
        if before.strip():
            raise EditError("a block whose first key shares its line with other text")
        column = len(before)
        # Right after the line that opens the block: a comment above its first key stays
        # with that key.
        where = self.text.line_start(first)
        if key is not None:
            opened = self.text.next_line(self.text.offset(key.end_mark))
            if opened is not None and opened <= where:
                where = opened
        return _Edit(where, where, _block(content, column, self.step, self.eol))

    def into_flow(self, node: MappingNode, content: dict[str, Any]) -> _Edit:
        brace = self.skip_properties(self.text.offset(node.start_mark))
        if self.text.text[brace : brace + 1] != "{":
            raise EditError("a flow mapping without its brace")
        after = brace + 1
        spaces = len(self.text.text[after:]) - len(self.text.text[after:].lstrip(" \t"))
        rest = self.text.text[after + spaces :]
        if not node.value:
            if rest.startswith("}"):
                gap = " " if spaces else ""
                return _Edit(after + spaces, after + spaces, _flow(content) + gap)
            raise EditError("an empty flow mapping spread over lines")
        if rest[:1] in ("\r", "\n", "#", "\x85", "\u2028", "\u2029"):
            first = self.skip_blanks(after)
            column = first - self.text.line_start(first)
            line = self.text.line_start(first)
            return _Edit(line, line, f"{' ' * column}{_flow(content)},{self.eol}")
        return _Edit(after + spaces, after + spaces, _flow(content) + ", ")

    def fill_null(self, block: Path, key: Node, node: ScalarNode, content: dict[str, Any]) -> _Edit:
        start, end = self.text.offset(node.start_mark), self.text.offset(node.end_mark)
        parent = self.loaded.node(block[:-1])
        if end > start or (isinstance(parent, MappingNode) and parent.flow_style):
            # A written null (`null`, `~`), or an empty value inside braces: the block
            # takes its place, in flow style.
            gap = "" if end > start or self.text.text[start - 1 : start].isspace() else " "
            return _Edit(start, end, f"{gap}{{{_flow(content)}}}")
        block_text = _block(content, key.start_mark.column + self.step, self.step, self.eol)
        line_end = self.text.next_line(self.text.offset(key.end_mark))
        if line_end is None:  # the last line, without a line break
            size = len(self.text.text)
            return _Edit(size, size, self.eol + block_text.removesuffix(self.eol))
        return _Edit(line_end, line_end, block_text)

    def override_alias(self, key: Node, content: dict[str, Any]) -> _Edit:
        alias = self.alias_at(key)
        assert alias is not None
        start, name = alias
        return _Edit(start, start + len(name), f"{{<<: {name}, {_flow(content)}}}")

    # --- reading the text around nodes ------------------------------------------------

    def alias_at(self, key: Node) -> tuple[int, str] | None:
        """Where the alias used as ``key``'s value starts, and its text (``*name``)."""
        text = self.text.text
        colon = re.compile(r"[ \t]*:").match(text, self.text.offset(key.end_mark))
        if colon is None:
            return None
        start = self.skip_blanks(colon.end())
        found = re.compile(r"\*[^\s,\]}]+").match(text, start)
        return (start, found.group()) if found else None

    def skip_blanks(self, offset: int) -> int:
        """The offset of the first thing after blanks, line breaks and comments."""
        text = self.text.text
        while offset < len(text):
            if text[offset] in " \t\r\n\x85\u2028\u2029":
                offset += 1
            elif text[offset] == "#":
                found = _BREAK.search(text, offset)
                offset = found.start() if found else len(text)
            else:
                break
        return offset

    def skip_properties(self, offset: int) -> int:
        """The offset of the first thing after anchors, tags, blanks and comments."""
        while True:
            offset = self.skip_blanks(offset)
            prop = _PROPERTY.match(self.text.text, offset)
            if prop is None:
                return offset
            offset = prop.end()

    def first_key(self, node: MappingNode) -> int:
        """The offset of the first key written in ``node`` (a merge key ``<<`` counts)."""
        return self.skip_properties(self.text.offset(node.start_mark))


def _is_null(node: Node | None) -> bool:
    return isinstance(node, ScalarNode) and node.tag == _NULL_TAG


def _dotted(path: Path) -> str:
    return ".".join(path) or "the document"


def _children(node: Node) -> list[Node]:
    if isinstance(node, MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, SequenceNode):
        return list(node.value)
    return []


def paths_count(root: Node | None) -> dict[int, int]:
    """How many parent slots hold each node (an alias or a merge makes it more than one)."""
    count: dict[int, int] = {}
    if root is None:
        return count
    count[id(root)] = 1
    stack, seen = [root], {id(root)}
    while stack:
        node = stack.pop()
        for child in _children(node):
            count[id(child)] = count.get(id(child), 0) + 1
            if id(child) not in seen:
                seen.add(id(child))
                stack.append(child)
    return count


def _step(root: Node | None) -> int | None:
    """The file's nesting indentation: how far a block mapping's keys sit right of its key."""
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, MappingNode) and not node.flow_style:
            for key, value in node.value:
                if isinstance(value, MappingNode) and not value.flow_style:
                    for inner, _ in value.value:
                        # A key written in the block (a merged one sits at its anchor).
                        mark = inner.start_mark
                        inside = value.start_mark.line <= mark.line <= value.end_mark.line
                        if inside and mark.line > key.start_mark.line:
                            step: int = mark.column - key.start_mark.column
                            return max(step, 1)
                stack.append(value)
    return None


def insert_fields(text: str, loaded: LoadedDocument, writes: Sequence[tuple[Path, object]]) -> str:
    """``text`` with each ``(path, value)`` of ``writes`` inserted; nothing else changes.

    ``loaded`` is ``text`` as the loader read it. Every path is absent from the document
    (or under an empty block); values are scalars.

    :raises EditError: a field cannot be inserted where it goes (see the module's
        docstring); the message names it.
    """
    editor = _Editor(text, loaded)
    edits = sorted(editor.edits(writes), key=lambda e: (e.start, e.end))
    for before, after in itertools.pairwise(edits):
        if after.start < before.end:
            raise EditError("two fields would be written at the same place")
    result = text
    for edit in reversed(edits):
        result = result[: edit.start] + edit.text + result[edit.end :]
    return result
