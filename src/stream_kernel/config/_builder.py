"""From text to the document: compose YAML to nodes, build values as safe loading does, check.

:func:`compose` parses one YAML document to PyYAML's node graph, refusing syntax errors
(SK-CFG-301) and a second document (SK-CFG-303). :func:`build` turns the graph into the
Python data ``yaml.safe_load`` would give, with every check safe loading lacks: tags
outside the JSON-compatible core schema (SK-CFG-304), aliases beyond the alias budget or
containing themselves (SK-CFG-305), nesting beyond the depth limit (SK-CFG-306),
duplicate keys and merge clashes (SK-CFG-302), too many keys that are not text. It
records each mapping's entries in a :class:`~._source_map.SourceMap` as it goes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, Final, NoReturn

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ._catalog import catalog_diagnostic
from ._reading import Limits, forbidden_character, lone_surrogate
from ._source_map import SourceMap, one_based
from .diagnostics import ConfigError, Diagnostic

__all__ = ["MAX_NON_TEXT_KEYS", "TAG", "build", "compose"]

#: The prefix of YAML's own tags (``!!str`` is ``TAG + "str"``).
TAG: Final = "tag:yaml.org,2002:"
_MAP: Final = TAG + "map"
_SEQ: Final = TAG + "seq"
_MERGE: Final = TAG + "merge"
_VALUE: Final = TAG + "value"
# The JSON-compatible core schema, plus timestamps: YAML 1.1 resolves an unquoted date to
# one without any tag, so a date in someone else's section is ordinary data. `!!binary`,
# `!!set`, `!!omap` and `!!pairs` are safe in PyYAML but no JSON tool can represent them.
_STR: Final = TAG + "str"
_DATE: Final = TAG + "timestamp"
_SCALAR_CONSTRUCTORS: Final[Mapping[str, Callable[[SafeConstructor, ScalarNode], Any]]] = {
    tag: SafeConstructor.yaml_constructors[tag]
    for tag in (*(TAG + t for t in ("null", "bool", "int", "float")), _DATE)
}
# What PyYAML's own constructor could not build (an impossible date, a 5000-digit or
# malformed integer, `!!bool maybe`). The value itself is never quoted: it may be the secret.
_UNREADABLE_SCALARS: Final = {
    _DATE: "this value looks like a date but is not one; quote it",
    TAG + "int": "this value cannot be read as an integer (too long or malformed); quote it",
    TAG + "float": "this value cannot be read as a number; quote it",
    TAG + "bool": "this value cannot be read as a boolean; quote it",
}
# Tags named in messages; any other tag is described, never quoted (it is file text, and
# could be anything: an escape sequence, or the secret written after a `!`).
_NAMED_TAGS: Final = {TAG + t: "!!" + t for t in ("binary", "set", "omap", "pairs")}
_PYTHON_TAG: Final = TAG + "python/"
# Keys that are not text hash to predictable values (an int's hash is itself): many of
# them in one file can make every dict insert collide. Config keys are names.
MAX_NON_TEXT_KEYS: Final = 1000
# Quoted names in a parser's message: file text, blanked out of every message.
_QUOTED: Final = re.compile(r"'[^']*'|\"[^\"]*\"")


# ---------------------------------------------------------------------------------------
# Composing


def compose(text: str, parser: type[yaml.SafeLoader]) -> Node | None:
    """The node graph of the one document in ``text`` (``None`` if it has none)."""
    loader: yaml.SafeLoader | None = None
    try:
        # The pure-Python reader checks the characters as it is made.
        loader = parser(text)
        node: Node | None = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        code, detail = _syntax_refusal(exc)
        mark = exc.problem_mark or exc.context_mark
        opened = _unclosed(exc)
        if opened is not None and mark is not None:
            # Where the quote or bracket opens is what to fix; where the parser gave up
            # (the end of the file, or a line further down) is said in the message.
            line, column = one_based(mark)
            detail += (
                f" (opened here and not closed; the parser stopped at line {line}, column {column})"
            )
            mark = opened
        raise ConfigError([_diagnostic(code, detail, mark)]) from None
    except yaml.reader.ReaderError as exc:
        in_bytes = parser is not yaml.SafeLoader
        raise forbidden_character(text, exc.position, exc.character, in_bytes=in_bytes) from None
    except UnicodeEncodeError as exc:
        # A str holding a lone surrogate: libyaml reads UTF-8, which cannot encode it.
        raise lone_surrogate(text, exc.start) from None
    except RecursionError:
        # The pure-Python composer recurses once per level; libyaml stops at 1000 levels
        # by itself and reports it as a syntax error.
        detail = "nesting deeper than the YAML parser can follow"
        raise ConfigError([_diagnostic("SK-CFG-306", detail, None)]) from None
    finally:
        if loader is not None:
            loader.dispose()
    return node


def _syntax_refusal(exc: yaml.MarkedYAMLError) -> tuple[str, str]:
    if exc.context == "expected a single document in the stream":
        return "SK-CFG-303", "a config file holds one document; found a second one here"
    if exc.problem == "exceeded maximum nesting depth":
        # libyaml's own limit (1000 levels), far above --max-depth.
        return "SK-CFG-306", "more levels of nesting than the YAML parser accepts"
    return "SK-CFG-301", _yaml_problem(exc)


# What the parser opens and must close: a quoted scalar, a flow mapping or list.
_OPENERS: Final = (
    "while scanning a quoted scalar",
    "while parsing a flow mapping",
    "while parsing a flow sequence",
)


def _unclosed(exc: yaml.MarkedYAMLError) -> yaml.Mark | None:
    """Where a quote or bracket that is never closed opens, when that is the problem.

    Both parsers report such a construct at the end of the file, or at the first line
    that cannot continue it, with where it opened as the error's context. A problem on
    the line where it opened is a mistake inside it (a missing comma), and stays there.
    """
    opened, stopped = exc.context_mark, exc.problem_mark
    if exc.context not in _OPENERS or opened is None or stopped is None:
        return None
    return opened if stopped.line > opened.line else None


def _yaml_problem(exc: yaml.MarkedYAMLError) -> str:
    # Only the parser's own words: `str(exc)` would quote a snippet of the source, and the
    # snippet could hold the secret. What the parser quotes is kept when it is YAML's own
    # punctuation or token names (`',' or '}'`, `'<stream end>'`), which no file can put
    # there; anything else it quotes (an alias, an anchor, a character) is file text,
    # blanked out for the same reason.
    problem = exc.problem or "invalid YAML"
    text = f"{exc.context}: {problem}" if exc.context else problem
    return _QUOTED.sub(_quoted_words, text)


# Quoted text a parser message keeps: one or two of YAML's indicator characters, a
# token's name in angle brackets, or the escape of one control character (`'\t'`).
_PARSER_WORDS: Final = re.compile(
    r"""[-?:,\[\]{}#&*!|>'"%@`]{1,2}|<[a-z ]+>|\\(?:[0abtnvfre]|x[0-9a-f]{2})"""
)


def _quoted_words(match: re.Match[str]) -> str:
    quoted = match[0]
    return quoted if _PARSER_WORDS.fullmatch(quoted[1:-1]) else "'…'"


def _diagnostic(code: str, detail: str, mark: yaml.Mark | None) -> Diagnostic:
    line, column = one_based(mark) if mark is not None else (1, 1)
    return catalog_diagnostic(code, detail, line=line, column=column)


# ---------------------------------------------------------------------------------------
# Building


def build(
    root: Node | None,
    limits: Limits,
    alias_keys: Mapping[tuple[int, int], yaml.Mark] | None = None,
) -> tuple[Any, SourceMap]:
    """The document under ``root`` and where its parts are; :class:`ConfigError` if refused.

    ``alias_keys`` is where each alias used as a key is written
    (:func:`~._alias_keys.alias_keys`):
    the composed graph holds only the anchor's node, which is written elsewhere.
    """
    source_map = SourceMap(root)
    builder = _Builder(limits, source_map, alias_keys or {})
    document = builder.build(root) if root is not None else None
    return document, source_map


class _Stop(Exception):  # noqa: N818 - not an error of the program: the walk's way out
    """A refusal the walk cannot continue past."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.code)
        self.diagnostic = diagnostic


class _Builder:
    """Turns the composed node graph into Python data, as SafeConstructor does, with checks.

    Like PyYAML, a node reached twice (an alias) gives the same object twice. What an
    alias brings in is checked where it is used: its size against the alias budget, its
    height against the depth limit.

    Refusals: one the walk can continue past (a duplicate key) is collected with
    :meth:`_collect`; one it cannot is raised with :meth:`_refuse`. Only :meth:`build`
    turns them into a :class:`ConfigError`.
    """

    def __init__(
        self,
        limits: Limits,
        source_map: SourceMap,
        alias_keys: Mapping[tuple[int, int], yaml.Mark],
    ) -> None:
        self.limits = limits
        self.source_map = source_map
        self.alias_keys = alias_keys
        self.scalars = SafeConstructor()
        self.built: dict[int, Any] = {}
        # id(node) -> (nodes it expands to, levels it spans), for containers built once.
        self.shapes: dict[int, tuple[int, int]] = {}
        self.open: set[int] = set()
        self.alias_nodes = 0
        self.non_text_keys = 0
        self.refusals: list[Diagnostic] = []

    def build(self, root: Node) -> Any:  # noqa: ANN401 - YAML data
        try:
            document = self._build(root, 1, None)[0]
        except _Stop as stop:
            # Reported alone: the walk ended there, so what it collected is only part of it.
            raise ConfigError([stop.diagnostic]) from None
        except ConstructorError as exc:
            # PyYAML's merge handling refuses a `<<` of something that is not a mapping.
            problem = _diagnostic("SK-CFG-301", _yaml_problem(exc), exc.problem_mark)
            raise ConfigError([problem]) from None
        if self.refusals:
            raise ConfigError(self.refusals)
        return document

    def _refuse(self, code: str, detail: str, mark: yaml.Mark) -> NoReturn:
        raise _Stop(_diagnostic(code, detail, mark))

    def _collect(self, code: str, detail: str, mark: yaml.Mark) -> None:
        self.refusals.append(_diagnostic(code, detail, mark))

    def _build(self, node: Node, depth: int, used_at: yaml.Mark | None) -> tuple[Any, int, int]:
        """The value of ``node``, how many nodes it expands to, and how many levels it spans."""
        if depth > self.limits.max_depth:
            self._refuse("SK-CFG-306", self._depth_detail(), node.start_mark)
        if isinstance(node, ScalarNode):
            # Not remembered: an aliased scalar adds one node a use, like writing it out.
            return self._scalar(node), 1, 1
        key = id(node)
        if key in self.built:
            size, height = self.shapes[key]
            if depth + height - 1 > self.limits.max_depth:
                self._refuse("SK-CFG-306", self._depth_detail(), used_at or node.start_mark)
            self.alias_nodes += size
            if self.alias_nodes > self.limits.max_alias_nodes:
                self._refuse("SK-CFG-305", self._budget_detail(), used_at or node.start_mark)
            return self.built[key], size, height
        if key in self.open:
            detail = "an alias refers to a node that contains it"
            self._refuse("SK-CFG-305", detail, used_at or node.start_mark)
        self.open.add(key)
        value: dict[Any, Any] | list[Any]
        if isinstance(node, MappingNode):
            value, size, height = self._mapping(node, depth)
        elif isinstance(node, SequenceNode):
            value, size, height = self._sequence(node, depth)
        else:  # pragma: no cover - the composer makes only the three node kinds
            raise TypeError(type(node).__name__)
        self.open.discard(key)
        self.built[key] = value
        self.shapes[key] = (size, height)
        return value, size, height

    def _scalar(self, node: ScalarNode) -> Any:  # noqa: ANN401
        tag = node.tag
        if tag == _STR:
            return node.value  # what PyYAML's str constructor returns, without the detour
        construct = _SCALAR_CONSTRUCTORS.get(tag)
        if construct is None:
            if tag == _VALUE:
                # YAML 1.1 resolves a plain `=` to the "value" type, which safe loading refuses.
                self._refuse(
                    "SK-CFG-301", "a plain `=` cannot be loaded; quote it", node.start_mark
                )
            self._refuse("SK-CFG-304", _tag_detail(node, "a scalar"), node.start_mark)
        try:
            return construct(self.scalars, node)
        except Exception:  # noqa: BLE001 - PyYAML's scalar parsers raise whatever they hit
            detail = _UNREADABLE_SCALARS.get(tag, "this value cannot be read; quote it")
            self._refuse("SK-CFG-301", detail, node.start_mark)

    def _sequence(self, node: SequenceNode, depth: int) -> tuple[list[Any], int, int]:
        if node.tag != _SEQ:
            self._refuse("SK-CFG-304", _tag_detail(node, "a list"), node.start_mark)
        items: list[Any] = []
        size = height = 1
        for item in node.value:
            value, item_size, item_height = self._build(item, depth + 1, node.start_mark)
            items.append(value)
            size += item_size
            height = max(height, item_height + 1)
        return items, size, height

    def _mapping(self, node: MappingNode, depth: int) -> tuple[dict[Any, Any], int, int]:
        if node.tag != _MAP:
            self._refuse("SK-CFG-304", _tag_detail(node, "a mapping"), node.start_mark)
        explicit = self._explicit_keys(node)
        self._merge_sources(node, depth, explicit)
        # PyYAML's own merge-key (`<<`) handling: it moves the merged entries in front of
        # the explicit ones, which therefore win. No two sources share a key by now.
        self.scalars.flatten_mapping(node)
        mapping: dict[Any, Any] = {}
        keys: list[object] = []
        size = height = 1
        for key_node, value_node in node.value:
            value, value_size, value_height = self._build(
                value_node, depth + 1, key_node.start_mark
            )
            key = self._key(key_node)
            mapping[key] = value
            keys.append(key)
            size += value_size + 1
            height = max(height, value_height + 1)
        self.source_map.record(node, keys)
        return mapping, size, height

    def _merge_sources(self, node: MappingNode, depth: int, explicit: set[Any]) -> None:
        """Check what `<<` merges before PyYAML copies it in.

        Each source is built first, under every check, and its entries count against the
        alias budget. A key two sources both bring (and no explicit key overrides) is a
        duplicate: which one wins differs between YAML libraries, and between PyYAML
        versions. A second `<<` key is a duplicate key like any other.
        """
        merges = [(k, v) for k, v in node.value if k.tag == _MERGE]
        for key_node, _ in merges[1:]:
            line, column = one_based(merges[0][0].start_mark)
            detail = f"a second '<<' merge key; the first is at line {line}, column {column}"
            self._collect("SK-CFG-302", detail, key_node.start_mark)
        merged_from: dict[Any, tuple[Node, yaml.Mark]] = {}
        for key_node, value_node in merges:
            sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
            for source in sources:
                if not isinstance(source, MappingNode):
                    continue  # flatten_mapping refuses it, with its position
                # The source's entries land beside this mapping's own, one level down.
                self._build(source, depth, key_node.start_mark)
                self.alias_nodes += len(source.value)
                if self.alias_nodes > self.limits.max_alias_nodes:
                    self._refuse("SK-CFG-305", self._budget_detail(), key_node.start_mark)
                self._merged_keys(source, key_node.start_mark, explicit, merged_from)

    def _merged_keys(
        self,
        source: MappingNode,
        used_at: yaml.Mark,
        explicit: set[Any],
        merged_from: dict[Any, tuple[Node, yaml.Mark]],
    ) -> None:
        """Note the keys ``source`` brings; a key another source brought is a clash,
        unless both bring the very same node (one mapping merged twice, or merged again
        through another that merges it): then there is nothing for a library to choose."""
        for key_node, value_node in source.value:
            key = self._key(key_node)
            if key in explicit:
                continue
            if key in merged_from and merged_from[key][0] is not value_node:
                # Keys are named by position, never by text: the builder cannot tell a key
                # under `auth` (which may be the secret) from any other.
                first, second = one_based(merged_from[key][1]), one_based(key_node.start_mark)
                detail = (
                    f"two merged mappings bring the same key (line {first[0]}, column"
                    f" {first[1]} and line {second[0]}, column {second[1]}); which one wins"
                    " depends on the YAML library: set it explicitly here"
                )
                self._collect("SK-CFG-302", detail, used_at)
                continue
            merged_from[key] = (value_node, key_node.start_mark)

    def _depth_detail(self) -> str:
        return f"more than {self.limits.max_depth} levels of nesting (--max-depth)"

    def _budget_detail(self) -> str:
        return (
            f"aliases expand to more than {self.limits.max_alias_nodes:,} nodes (--max-alias-nodes)"
        )

    def _key(self, node: Node, at: yaml.Mark | None = None) -> Any:  # noqa: ANN401
        if not isinstance(node, ScalarNode):
            self._refuse("SK-CFG-301", "a mapping key must be a plain value", at or node.start_mark)
        if node.tag in {_STR, _VALUE}:
            return node.value  # PyYAML reads a plain `=` key as the string "=" too
        self.non_text_keys += 1
        if self.non_text_keys > MAX_NON_TEXT_KEYS:
            detail = f"more than {MAX_NON_TEXT_KEYS:,} keys that are not text; keys are names"
            self._refuse("SK-CFG-301", detail, node.start_mark)
        return self._scalar(node)

    def _explicit_keys(self, node: MappingNode) -> set[Any]:
        """The keys written in this mapping; every key written twice is a duplicate.

        A key written as an alias is placed where the alias is, not at its anchor.
        """
        first: dict[Any, yaml.Mark] = {}
        for entry, (key_node, _) in enumerate(node.value):
            at = self.alias_keys.get((node.start_mark.index, entry))
            if at is not None:
                self.source_map.alias_key(node, key_node, at)
            else:
                at = key_node.start_mark
            if key_node.tag == _MERGE:
                continue
            key = self._key(key_node, at)
            if key in first:
                line, column = one_based(first[key])
                detail = (
                    # the key by its position only: see _merged_keys
                    f"this key is also set at line {line}, column {column};"
                    " YAML would silently keep only the last one"
                )
                self._collect("SK-CFG-302", detail, at)
            else:
                first[key] = at
        return set(first)


def _tag_detail(node: Node, kind: str) -> str:
    tag: str = node.tag
    if tag in _NAMED_TAGS:
        named = _NAMED_TAGS[tag]
    elif tag.startswith(_PYTHON_TAG):
        named = "a !!python/ tag"
    elif tag.startswith(TAG):
        named = "a !! tag of an unknown type"
    else:
        named = "a custom tag"
    return f"{named} on {kind} is outside the JSON-compatible core schema; remove the tag"
