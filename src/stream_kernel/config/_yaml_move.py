"""A key moved, with everything under it, to the block where it belongs: a text edit,
never a re-dump.

The lines of the key (the comment lines right above it at its indentation, the key, and
every line of its value, trailing comments included) are cut from their block and
written after the last line of the target block, re-indented by the difference of the two
blocks' indentation. Relative indentation inside the value is kept, so nested blocks and
block scalars read back the same; a key moved under another name is renamed in the text
that moves.

Only block mappings the file writes take part. A key inside a flow mapping (``{...}``),
a key that shares its line with other text, a block reached through an anchor or a merge
(moving it would change every place that uses it), a target block the file does not
write, and a target that already holds the key raise :class:`EditError`.
"""

from __future__ import annotations

import re
from typing import Final

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ._yaml_edit import EditError, TextLines, line_ending, paths_count
from .loader import LoadedDocument

__all__ = ["move_key"]

Path = tuple[str, ...]

_LINES: Final = re.compile(r".*?(?:\r\n|[\r\n\x85\u2028\u2029]|$)", re.DOTALL)
# A name written as is: what a schema property name looks like.
_NAME: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _last(node: Node) -> int:
    """Where the last character written for ``node`` ends.

    A block collection's own end mark is where the next token starts (past comments and
    blank lines), so the end of its last written descendant is used instead.
    """
    if isinstance(node, MappingNode) and not node.flow_style:
        return max(_last(n) for pair in node.value for n in pair)
    if isinstance(node, SequenceNode) and not node.flow_style and node.value:
        return max(_last(n) for n in node.value)
    end: int = node.end_mark.index
    return end


def _line_end(lines: TextLines, node: Node) -> int:
    """Where the line after ``node``'s last written character starts."""
    last = _last(node)
    # A block scalar ends at the start of the line after it: its last character is before.
    after = lines.next_line(max(last - 1, node.start_mark.index))
    return len(lines.text) if after is None else after


def _block(loaded: LoadedDocument, path: Path, shared: dict[int, int]) -> MappingNode:
    """The block mapping the file writes at ``path``, reached through no alias or merge."""
    for depth in range(len(path) + 1):
        node = loaded.node(path[:depth])
        if node is None:
            raise EditError(f"{'.'.join(path) or 'the document'} is not written in the file")
        if shared.get(id(node), 0) > 1:
            raise EditError(f"{'.'.join(path[: depth + 1])} is shared through an anchor or merge")
    if not isinstance(node, MappingNode) or node.flow_style or not node.value:
        raise EditError(f"{'.'.join(path) or 'the document'} is not a block mapping")
    return node


def _key_of(block: MappingNode, name: str) -> tuple[ScalarNode, Node]:
    for key, value in block.value:
        if isinstance(key, ScalarNode) and key.value == name:
            if not block.start_mark.index <= key.start_mark.index <= block.end_mark.index:
                raise EditError(f"{name} comes from a merge")
            return key, value
    raise EditError(f"{name} is not written in its block")


def _first_on_its_line(text: str, lines: TextLines, node: Node) -> int:
    """The column of ``node``, which must be the first thing written on its line."""
    start = lines.line_start(node.start_mark.index)
    if text[start : node.start_mark.index].strip(" "):
        raise EditError("a key that shares its line with other text")
    return node.start_mark.index - start


def _comments_above(text: str, lines: TextLines, key_line_start: int, column: int) -> int:
    """Where the comment lines right above a key, at its indentation, start."""
    start = key_line_start
    while start > 0:
        above = lines.line_start(start - 1)
        line = text[above:start].rstrip("\r\n\x85\u2028\u2029")
        if not (line[:column].strip() == "" and line[column:].startswith("#")):
            break
        start = above
    return start


def _ends_a_line(text: str) -> bool:
    return text[-1:] in ("\r", "\n", "\x85", "\u2028", "\u2029")


def _reindent(block: str, shift: int) -> str:
    moved = []
    for line in _LINES.findall(block):
        if not line.strip():
            moved.append(line)
        elif shift >= 0:
            moved.append(" " * shift + line)
        else:
            spaces = len(line) - len(line.lstrip(" "))
            moved.append(line[min(spaces, -shift) :])
    return "".join(moved)


def move_key(text: str, loaded: LoadedDocument, source: Path, target: Path) -> str:
    """``text`` with the key at ``source`` (and its value) moved to ``target``.

    ``loaded`` is ``text`` as the loader read it; the block that holds ``target`` is
    written in the file and does not yet hold its key.

    :raises EditError: the key cannot be moved as text (see the module's docstring).
    """
    if not source or not target or not _NAME.fullmatch(target[-1]):
        raise EditError("nothing to move")
    shared = paths_count(loaded.node(()))
    lines = TextLines(text)
    here = _block(loaded, source[:-1], shared)
    there = _block(loaded, target[:-1], shared)
    if loaded.node(target) is not None:
        raise EditError(f"{'.'.join(target)} is already written")
    key, value = _key_of(here, source[-1])
    if shared.get(id(value), 0) > 1:
        raise EditError(f"{'.'.join(source)} is shared through an anchor or merge")
    column = _first_on_its_line(text, lines, key)
    into = _first_on_its_line(text, lines, there.value[0][0])

    start = _comments_above(text, lines, lines.line_start(key.start_mark.index), column)
    end = _line_end(lines, value if value.start_mark.index >= key.end_mark.index else key)
    at = _line_end(lines, there)
    if start < at < end:
        raise EditError("the target block is inside the key's own value")

    eol = line_ending(text)
    moved = text[start:end]
    if target[-1] != source[-1]:
        offset = key.start_mark.index - start
        moved = moved[:offset] + target[-1] + moved[key.end_mark.index - start :]
    if not _ends_a_line(moved):
        moved += eol
    moved = _reindent(moved, into - column)
    if at == len(text) and not _ends_a_line(text):
        moved = eol + moved.removesuffix(eol)
    if at <= start:
        return text[:at] + moved + text[at:start] + text[end:]
    return text[:start] + text[end:at] + moved + text[at:]
