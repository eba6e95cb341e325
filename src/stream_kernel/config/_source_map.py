"""Where each part of a loaded document came from: a path to its node, and to (line, column).

The builder records each mapping's keys as it builds them, one for each of the
mapping's (key node, value node) entries once ``<<`` merges are copied in: a path is
followed through exactly the keys the document has, and no key is read a second time.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

__all__ = ["Positions", "SourceMap", "one_based"]


class Positions(Protocol):
    """What a loaded document needs from its source: positions, and YAML nodes if any.

    :class:`SourceMap` answers for YAML text; a JSON text has positions of its own and
    no nodes.
    """

    def node(self, path: Sequence[object]) -> Node | None:
        """The YAML node at ``path``, ``None`` if it is not there (always, for JSON)."""

    def position(self, path: Sequence[object], *, at_key: bool = False) -> tuple[int, int]:
        """1-based (line, column) for a diagnostic about ``path``."""

    def entries(self, path: Sequence[object]) -> list[tuple[Node, Node]]:
        """The (key node, value node) of each part of ``path``, as far as it is there."""


class SourceMap:
    """Paths (keys and list indexes) to nodes and positions, filled by the builder."""

    __slots__ = ("_alias_keys", "_index", "_keys", "_root")

    def __init__(self, root: Node | None) -> None:
        self._root = root
        # id(mapping node) -> its keys as built, one for each of its entries. The node
        # graph under the root keeps every mapping node alive, so its id stays its own.
        self._keys: dict[int, Sequence[object]] = {}
        # id(mapping node) -> {(type of key, key): (key node, value node)}, made from the
        # recorded keys when a path first goes through that mapping.
        self._index: dict[int, dict[object, tuple[Node, Node]]] = {}
        # (id(mapping node), id(key node)) -> where that key is written, for a key that is
        # an alias: its node is the anchor's, written elsewhere.
        self._alias_keys: dict[tuple[int, int], yaml.Mark] = {}

    def record(self, mapping: MappingNode, keys: Sequence[object]) -> None:
        """A built mapping's keys, one for each (key node, value node) of its entries, in order.

        Recorded once the ``<<`` merges are copied in, the last change to a mapping's
        entries. A key set twice is a duplicate the loader refuses; here the last one wins.
        """
        self._keys[id(mapping)] = keys

    def alias_key(self, mapping: MappingNode, key: Node, at: yaml.Mark) -> None:
        """``key`` is an alias in ``mapping``, written at ``at``."""
        self._alias_keys[(id(mapping), id(key))] = at

    def node(self, path: Sequence[object]) -> Node | None:
        """The YAML node at ``path``, ``None`` if it is not there."""
        node = self._root
        for part in path:
            found = self._entry(node, part)
            if found is None:
                return None
            node = found[1]
        return node

    def entries(self, path: Sequence[object]) -> list[tuple[Node, Node]]:
        """The (key node, value node) of each part of ``path``, as far as it is there (a
        list item is its own key), found in one walk."""
        found: list[tuple[Node, Node]] = []
        node = self._root
        for part in path:
            entry = self._entry(node, part)
            if entry is None:
                break
            found.append(entry)
            node = entry[1]
        return found

    def position(self, path: Sequence[object], *, at_key: bool = False) -> tuple[int, int]:
        """1-based (line, column) for ``path``: see ``LoadedDocument.position``."""
        node = self._root
        if node is None:
            return (1, 1)
        best = node.start_mark
        for depth, part in enumerate(path):
            found = self._entry(node, part)
            if found is None:
                break
            key, child = found
            written = self._alias_keys.get((id(node), id(key)))
            if written is None:
                if not _within(node, key):
                    break  # a merged entry, or an aliased list item: `best` is where it is used
                written = key.start_mark
            if child is not key and child.start_mark.index <= written.index:
                # An alias (an anchor is always written before its aliases): the key is
                # where it is used.
                best = written
                break
            last = depth == len(path) - 1
            empty = isinstance(child, ScalarNode) and child.value == "" and not child.style
            best = written if not last or at_key or empty else child.start_mark
            node = child
        return one_based(best)

    def _entry(self, node: Node | None, part: object) -> tuple[Node, Node] | None:
        """(the node naming ``part``, the node under it): a key and its value, or an item twice."""
        if isinstance(node, MappingNode):
            index = self._index.get(id(node))
            if index is None:
                index = self._indexed(node)
            try:
                return index.get(_lookup_key(part))
            except TypeError:  # an unhashable part names nothing here
                return None
        if isinstance(node, SequenceNode) and type(part) is int and 0 <= part < len(node.value):
            item: Node = node.value[part]
            return item, item
        return None

    def _indexed(self, node: MappingNode) -> dict[object, tuple[Node, Node]]:
        keys = self._keys.get(id(node))
        pairs: list[tuple[Node, Node]] = node.value
        # Every mapping in the document was built, so recorded; one that was not (there is
        # none) would name nothing rather than pair its entries with no keys.
        index = {} if keys is None else dict(zip(map(_lookup_key, keys), pairs, strict=True))
        self._index[id(node)] = index
        return index


def one_based(mark: yaml.Mark) -> tuple[int, int]:
    """A parser mark's 0-based line and column, as 1-based (line, column)."""
    return (mark.line + 1, mark.column + 1)


def _lookup_key(key: object) -> object:
    # 1, 1.0 and True are one dict key; a path part names exactly one of them.
    return (type(key), key)


def _within(parent: Node, node: Node) -> bool:
    return parent.start_mark.index <= node.start_mark.index <= parent.end_mark.index
